// A child of the prepare step's pool (scripts/prepare-pool.ts): table checks and preview passes.
import { serveTasks } from '../src/lib/pool.ts';
import { prepareHandlers } from './prepare-pool.ts';

serveTasks(prepareHandlers);
