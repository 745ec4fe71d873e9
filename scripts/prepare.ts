// The first step of `npm run build`, in one process: validate the content folder, then derive the
// previews from the catalog validation loaded (content is read and parsed once). Exit 1 with
// every error listed when the content is invalid, 2 when previews could not be computed.
import { runDerive, runValidation } from './cli.ts';

const { ok, report } = await runValidation();
if (!ok || !report.catalog) process.exit(1);
try {
  await runDerive(report.catalog);
} catch (e) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(2);
}
