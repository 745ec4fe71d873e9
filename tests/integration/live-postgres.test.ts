// The same live-data suite against a real PostgreSQL server; .ci/run starts one and sets DATABASE_URL.
import { describe } from 'vitest';
import { postgresState } from '../helpers/live.ts';
import { liveApiSuite } from '../helpers/live-suite.ts';
import { reportingSuite } from '../helpers/reporting-suite.ts';

const url = process.env.DATABASE_URL;
if (!url) console.log('live-postgres: skipped: DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it)');

describe.skipIf(!url)('live data, PostgreSQL store', () => {
  liveApiSuite(() => postgresState(url!));
});

describe.skipIf(!url)('live reporting, PostgreSQL store', () => {
  reportingSuite(() => postgresState(url!));
});
