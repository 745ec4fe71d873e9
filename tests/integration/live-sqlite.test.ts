// The live-data API against a real SQLite file (the default store).
import { describe } from 'vitest';
import { sqliteState } from '../helpers/live.ts';
import { liveApiSuite } from '../helpers/live-suite.ts';

describe('live data, SQLite store', () => {
  liveApiSuite(async () => sqliteState());
});
