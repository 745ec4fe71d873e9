import { z } from 'zod';

// Who must report to a live dataset: `live.reporters` in dataset.yaml names a CSV or YAML file
// in the dataset folder. The CSV is checked with the Table Schema below, like any data file
// (errors with file, line and column); the YAML with the zod schema (errors with field and line).

/** How often a reporter must send figures; each period is one day, one ISO week or one month. */
export const REPORTING_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type ReportingPeriod = (typeof REPORTING_PERIODS)[number];

/** The Table Schema of a reporters CSV: one row per reporter, ids unique. */
export const REPORTERS_TABLE_SCHEMA = {
  fields: [
    {
      name: 'id',
      type: 'string',
      title: 'Identifier',
      description: 'The value of the reporter field in pushed rows (e.g. the FINESS number).',
      constraints: { required: true, unique: true, maxLength: 200 },
    },
    { name: 'name', type: 'string', title: 'Name', constraints: { required: true, maxLength: 300 } },
    { name: 'territory', type: 'string', title: 'Territory', constraints: { maxLength: 300 } },
    { name: 'contact', type: 'string', title: 'Contact', description: 'Who to call when reports are missing; never published.', constraints: { maxLength: 300 } },
    {
      name: 'periods',
      type: 'string',
      title: 'Periods',
      description: 'How often this reporter must report: daily, weekly or monthly. The dataset frequency when empty.',
      constraints: { enum: [...REPORTING_PERIODS] },
    },
  ],
  primaryKey: ['id'],
  missingValues: [''],
};

export const reporterSchema = z.strictObject({
  id: z.union([z.string().min(1).max(200), z.number()]).describe('The value of the reporter field in pushed rows (e.g. the FINESS number).'),
  name: z.string().min(1).max(300).describe('Name shown on the form and the reporting status.'),
  territory: z.string().max(300).optional().describe('Where the reporter is (region, département…).'),
  contact: z.string().max(300).optional().describe('Who to call when reports are missing; never published.'),
  periods: z.enum(REPORTING_PERIODS).optional().describe("How often this reporter must report. The dataset's frequency when absent."),
});

export const reportersFileSchema = z.strictObject({
  reporters: z.array(reporterSchema).min(1, { error: 'must list at least one reporter' }).describe('One entry per reporter.'),
});

export type ReporterConfig = z.output<typeof reporterSchema>;
