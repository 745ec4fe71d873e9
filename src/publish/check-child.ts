// The child process a server reads a large upload in (src/publish/checks.ts).
import { serveTasks } from '../lib/pool.ts';
import { checkHandlers } from './checks.ts';

serveTasks(checkHandlers);
