// The live-data API against a real SQLite file (the default store).
import { describe } from 'vitest';
import { sqliteState } from '../helpers/live.ts';
import { liveApiSuite } from '../helpers/live-suite.ts';
import { reportingSuite } from '../helpers/reporting-suite.ts';

describe('live data, SQLite store', () => {
  liveApiSuite(async () => sqliteState());
});

describe('live reporting, SQLite store', () => {
  reportingSuite(async () => sqliteState());
});
