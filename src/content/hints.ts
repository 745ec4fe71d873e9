// Content messages suggest names with the portal's one rule (src/lib/did-you-mean.ts).
export { closest, didYouMean, editDistance } from '../lib/did-you-mean.ts';
