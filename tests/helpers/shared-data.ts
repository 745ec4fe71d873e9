// The real public data the tests read (France, Estonia, DCAT-AP examples, published schemas): the
// machine's shared folder, wherever the repository itself was cloned; SHARED_DATA points elsewhere.
import { resolve } from 'node:path';

export const SHARED_DATA = resolve(process.env.SHARED_DATA ?? '/work/shared/data');
