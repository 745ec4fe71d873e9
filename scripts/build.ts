// npm run build: validate the content folder, then build the site into dist/.
// Invalid content stops the build with the same list `npm run validate` prints.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runValidation } from './cli.ts';

const { ok } = await runValidation();
if (!ok) {
  console.error('Build stopped: fix the errors above, then run "npm run build" again.');
  process.exit(1);
}
// Run Astro's own binary (not npx) so the child is the real build process.
const astro = resolve('node_modules', '.bin', process.platform === 'win32' ? 'astro.cmd' : 'astro');
const result = spawnSync(astro, ['build', ...process.argv.slice(2)], { stdio: 'inherit'});
process.exit(result.status ?? 1);
