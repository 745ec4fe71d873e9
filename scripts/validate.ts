// npm run validate: check the content folder (PORTAL_CONTENT, default ./content).
// Exit 0 when valid, 1 with every error listed. Never writes to the content folder.
import { runValidation } from './cli.ts';

const { ok } = await runValidation();
process.exit(ok ? 0 : 1);
