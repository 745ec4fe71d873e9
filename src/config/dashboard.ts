import { z } from 'zod';
import { localizedText } from './localized.ts';
import { livePolicy, type LivePolicy } from './live-policy.ts';

const fieldName = z.string().min(1);
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and "-", such as "icu-patients"' });
const days = z.int().min(1, { error: 'must be a whole number of days, at least 1' }).max(366, { error: 'must be at most 366 days' });

/**
 * One step of an indicator's transform, applied in order to its daily series.
 * Written as a word (`daily-difference`, `per-100k`) or a one-key map (`{rolling-mean: 7}`).
 */
export const transformStep = z.union(
  [
    z.literal('daily-difference').describe('Day-to-day difference: turns a cumulative series (deaths since the start) into daily new values.'),
    z.literal('per-100k').describe('Rate per 100,000 inhabitants, using the population table of the dashboard.'),
    z.strictObject({ 'rolling-mean': days.describe('Mean over the last N days (all N days must have a value).') }),
    z.strictObject({ change: days.describe('Difference with the value N days earlier.') }),
    z.strictObject({
      scale: z
        .number()
        .refine((n) => Number.isFinite(n) && n !== 0, { error: 'must be a number other than 0, such as 100' })
        .describe('Multiply every value by this number, e.g. {scale: 100} to show a 0–1 ratio as a percentage (with unit: "%").'),
    }),
  ],
  { error: 'expected daily-difference, per-100k, {rolling-mean: N}, {change: N} or {scale: N}' },
);

/** How codes of the data become codes of the map layer: `DEP-75` → `75`, `7` → `07`. */
const territoryCodes = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .optional()
    .describe('Regular expression applied to the code in the data; its first group (or the whole match) is the layer code, e.g. "^DEP-(.+)$" or "^(97\\d|\\d[0-9AB])" for a commune code.'),
  pad: z
    .int()
    .min(1)
    .max(10)
    .optional()
    .describe('Left-pad numeric codes with zeros to this length, e.g. 2 so that "7" becomes "07". Codes are never read as numbers, so leading zeros in the data are kept.'),
});

export const indicatorSchema = z.strictObject({
  id: id.describe('Identifier of the indicator, unique in the dashboard; used in addresses (/embed/…, API).'),
  title: localizedText.describe('Name shown on the card, e.g. {fr: Patients en réanimation, en: Patients in intensive care}.'),
  description: localizedText.optional().describe('One sentence on what the figure means and its caveats.'),
  dataset: z.string().min(1).describe('Slug of the dataset the figure is computed from (its folder name in datasets/).'),
  resource: z.string().min(1).optional().describe('Name of the resource (data file); the first one with a Table Schema when absent.'),
  value: fieldName.optional().describe('Numeric column holding the value. Leave out with `aggregate: count` to count rows.'),
  date: fieldName.optional().describe('Date column (type date). Without it the indicator has one value, not a series.'),
  territory: fieldName.optional().describe("Column holding the territory's code, for the map and the territory pages."),
  codes: territoryCodes.optional().describe('How codes in the territory column become codes of the map layer.'),
  filter: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe('Only rows where these columns have these values, e.g. {sexe: 0}.'),
  aggregate: z.enum(['sum', 'mean', 'min', 'max', 'count']).default('sum').describe('How the rows of one day (and territory) are combined.'),
  share: fieldName.optional().describe('Share of a total: the value is sum(value) / sum(this column) × 100, in percent.'),
  transform: z.array(transformStep).default([]).describe('Steps applied in order to the daily series, e.g. [daily-difference, {rolling-mean: 7}, per-100k].'),
  change: days.default(7).describe('The card shows the change over this many days.'),
  unit: localizedText.optional().describe('Unit shown after the value, e.g. {fr: patients, en: patients}.'),
  decimals: z.int().min(0).max(6).optional().describe('Decimals shown; by default values are rounded to 3 significant digits.'),
  higherIs: z.enum(['worse', 'better', 'neutral']).default('neutral').describe('Whether a rise is bad news (worse), good news (better) or neither: sets the colour and words of the change.'),
  policy: livePolicy
    .optional()
    .describe('For a live dataset whose reporters send rows one by one: how a day with missing reports is added up. Required when the dataset is live and declares a reporter.'),
});

const populationSchema = z.strictObject({
  dataset: z.string().min(1).describe('Slug of the dataset holding the population table.'),
  resource: z.string().min(1).optional().describe('Its resource; the first one with a Table Schema when absent.'),
  territory: fieldName.describe('Column with the territory code (same codes as the map layer, after `codes`).'),
  value: fieldName.describe('Column with the number of inhabitants.'),
  codes: territoryCodes.optional().describe('How codes in the territory column become codes of the map layer.'),
});

export const dashboardSchema = z
  .strictObject({
    title: localizedText.describe('Title of the dashboard, e.g. {fr: "COVID-19 : la situation", en: "COVID-19: the situation"}.'),
    description: localizedText.optional().describe('What the dashboard shows, for whom, and its caveats (Markdown).'),
    layer: z.string().min(1).optional().describe('Id of a map layer of portal.yaml `maps:`: the dashboard gets a map and one page per territory of the layer.'),
    population: populationSchema.optional().describe('Population table used by `per-100k` transforms.'),
    sections: z
      .array(
        z.strictObject({
          title: localizedText.describe('Heading of the section, e.g. {fr: Hôpital, en: Hospital}.'),
          indicators: z.array(indicatorSchema).min(1, { error: 'must list at least one indicator' }).describe('Key figures of the section.'),
        }),
      )
      .min(1, { error: 'must list at least one section' })
      .describe('Groups of indicators, shown in order.'),
  })
  .describe('dashboards/<id>.yaml: a dashboard. The file name is its id and address (/dashboards/<id>/).');

export type DashboardInput = z.input<typeof dashboardSchema>;
export type DashboardConfig = z.output<typeof dashboardSchema>;
export type IndicatorConfig = z.output<typeof indicatorSchema>;
export type TransformStep = z.output<typeof transformStep>;
export type { LivePolicy };
export type TerritoryCodes = z.output<typeof territoryCodes>;
export type PopulationConfig = z.output<typeof populationSchema>;
