import { z } from 'zod';
import { FREQUENCY_IDS } from './frequencies.ts';
import { httpUrl, isoDate, linkUrl, localizedText, relativePath } from './localized.ts';
import { RULE_SYNTAX } from './rules.ts';
import { livePolicy } from './live-policy.ts';

const fieldName = z.string().min(1);

/** Frictionless CSV Dialect (https://specs.frictionlessdata.io/csv-dialect/); anything left out is sniffed. */
export const dialectSchema = z.strictObject({
  delimiter: z.string().length(1, { error: 'must be one character, such as ";" or ","' }).optional().describe('Cell separator. Sniffed among , ; tab | when absent.'),
  quoteChar: z.string().length(1).optional().describe('Quote character, default ".'),
  doubleQuote: z.boolean().optional().describe('Whether "" inside a quoted cell means one ". Default true.'),
  escapeChar: z.string().length(1).optional().describe('Escape character inside quoted cells, when the file uses one instead of doubled quotes.'),
  lineTerminator: z.string().optional().describe('Line ending; CRLF and LF are both read whatever this says.'),
  header: z.boolean().optional().describe('Whether the first line holds column names. Default true.'),
  skipInitialSpace: z.boolean().optional().describe('Ignore spaces after a delimiter. Default false.'),
  commentChar: z.string().length(1).optional().describe('Lines starting with this character are skipped.'),
  encoding: z
    .string()
    .regex(/^(utf-?8|utf-8-sig|latin-?1|iso-?8859-1|iso-?8859-15|windows-1252|cp1252|utf-?16|utf-16le|utf-16be)$/i, {
      error: 'must be utf-8, latin-1 (iso-8859-1), windows-1252 or utf-16',
    })
    .optional()
    .describe(
      'Character encoding. Sniffed when absent (a UTF-8 or UTF-16 byte order mark, otherwise UTF-8, falling back to Windows-1252). The file is published unchanged and served naming this charset.',
    ),
  headerRows: z
    .array(z.int().min(1))
    .length(1, { error: 'must list one line number, such as [4]' })
    .optional()
    .describe('Line of the header row, as a one-item list such as [4], when notes (title, source, date) come before it. Default [1].'),
});

/**
 * How a field's values read on the portal, for Table Schemas one cannot (or should not) edit,
 * such as a schema republished unmodified: a title in each language, labels of coded values, a
 * unit, identifiers.
 */
export const fieldDisplaySchema = z.strictObject({
  title: localizedText
    .optional()
    .describe(
      'Title of the field in each language, e.g. {fr: Jour, en: Day}: used for column headings, chart axes and legends, statistics and the data dictionary. Takes precedence over the Table Schema `title`, which has one language.',
    ),
  labels: z
    .record(z.string(), localizedText)
    .optional()
    .describe(
      'Labels of coded values, keyed by the value as written in the file, e.g. {"0": {fr: Ensemble, en: Everyone}, "1": {fr: Hommes, en: Men}}. They take precedence over the labels of the Table Schema `categories`.',
    ),
  description: localizedText
    .optional()
    .describe(
      'What the field holds, in each language: shown in the data dictionary instead of the Table Schema `description`, which has one language (the schema and the published file stay unchanged).',
    ),
  unit: localizedText.optional().describe('Unit shown next to the numbers of the field, e.g. {fr: lits, en: beds} or "%".'),
  identifier: z
    .boolean()
    .optional()
    .describe(
      'The numbers of this field are identifiers or codes: shown as written, never with digit grouping. Fields in the primaryKey or a foreignKey, unique fields, and fields with categories or an enum already are.',
    ),
});

export const resourceSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'must be lower-case letters, digits, ".", "_" or "-", such as "hospitalisations"' })
      .describe('Identifier of the resource, unique in the dataset.'),
    path: relativePath.optional().describe('Data file, relative to the dataset folder. Served byte for byte at /datasets/<slug>/files/<path>. Each resource has a `path` or a `url`.'),
    url: linkUrl
      .optional()
      .describe(
        'Address of a file hosted elsewhere (https:// or http://), instead of `path`: listed on the page and in the exports as an external download, never fetched nor checked by the build (no preview, no Table Schema).',
      ),
    title: localizedText.optional().describe('Display name of the file.'),
    description: localizedText.optional().describe('What the file holds (Markdown).'),
    format: z.string().optional().describe('File format (csv, json, geojson, xlsx, …). Taken from the file extension when absent.'),
    schema: relativePath.optional().describe('Frictionless Table Schema (JSON) of a tabular file, relative to the dataset folder. Every row is checked against it.'),
    dialect: dialectSchema.optional().describe('How a CSV file is written; sniffed when absent.'),
    fields: z
      .record(fieldName, fieldDisplaySchema)
      .optional()
      .describe('How some fields read on the portal (titles and descriptions in each language, labels of codes, units, identifiers), by field name; completes the Table Schema without editing it.'),
    versions: z
      .array(
        z.strictObject({
          path: relativePath.describe('The earlier file, relative to the dataset folder (versions/<date>/<file> when written by the publishing API).'),
          replaced: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, { error: 'must be a UTC date and time such as 2026-11-30T02:30:00Z' })
            .describe('When it stopped being the current file.'),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lower-case hexadecimal digits' })
            .optional()
            .describe('SHA-256 of the earlier file.'),
        }),
      )
      .optional()
      .describe(
        'Earlier versions of the file, newest first: each stays downloadable at /datasets/<slug>/files/<path> and is listed on the dataset page and in DCAT. Written by the publishing API (docs/publishing.md).',
      ),
  })
  .meta({
    // For editors: a file of the dataset folder or a link, one of the two (loading says the same with the line).
    oneOf: [{ required: ['path'] }, { required: ['url'] }],
  });

const chartSchema = z.strictObject({
  type: z.enum(['line', 'bar', 'area', 'map', 'table']).describe('Kind of chart.'),
  resource: z.string().optional().describe('Resource the chart draws from; the first tabular resource when absent.'),
  title: localizedText.optional().describe('Title shown above the chart.'),
  x: fieldName.optional().describe('Field on the horizontal axis (a date for time series, a category for bars).'),
  y: z.array(fieldName).min(1).optional().describe('Numeric fields drawn as values.'),
  series: fieldName.optional().describe('Field whose values split the data into series (e.g. the département).'),
  aggregate: z.enum(['sum', 'mean', 'min', 'max', 'last']).optional().describe('How rows that share an x (and series) are combined. Default sum.'),
  filter: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe('Fixed filter applied before drawing, e.g. {sexe: 0}.'),
  layer: z.string().optional().describe('For type map: the id of a map layer declared in portal.yaml `maps:`.'),
  key: fieldName.optional().describe('For type map: the field joined on the layer key (e.g. dep).'),
});

export const datasetSchema = z
  .strictObject({
    title: localizedText.describe('Title of the dataset.'),
    description: localizedText.describe('What the data is, how it is collected, its caveats (Markdown).'),
    sector: z.string().min(1).describe("One of the portal's sector ids, e.g. health."),
    publisher: z.string().min(1).describe('Id of the publishing organisation: the name of a file in publishers/ without .yaml.'),
    license: z.string().min(1).optional().describe("Licence id (SPDX or a known open licence such as etalab-2.0). The portal's default licence when absent."),
    tags: z.array(z.string().min(1)).default([]).describe('Keywords, e.g. [covid-19, hôpital].'),
    frequency: z.enum(FREQUENCY_IDS).describe('How often the data changes (DCAT frequency).'),
    updated: isoDate.describe('Date the data last changed, YYYY-MM-DD.'),
    created: isoDate.optional().describe('Date the dataset was first published, YYYY-MM-DD.'),
    temporal: z
      .strictObject({ start: isoDate.optional().describe('First day covered, YYYY-MM-DD.'), end: isoDate.optional().describe('Last day covered, YYYY-MM-DD.') })
      .optional()
      .describe('Period the data covers, e.g. {start: 2020-03-18, end: 2020-11-15}.'),
    spatial: localizedText.optional().describe('Area the data covers, e.g. {fr: "France entière", en: "All of France"}.'),
    source: z
      .strictObject({
        title: localizedText.describe('Name of the original publication.'),
        url: httpUrl('the address of the original publication').optional().describe('Address of the original publication (http or https).'),
      })
      .optional()
      .describe('Where the data comes from, when this portal republishes it.'),
    attribution: localizedText.optional().describe('How re-users must credit the data, e.g. "Santé publique France".'),
    contact: z.email().optional().describe('Address for questions about this dataset.'),
    resources: z.array(resourceSchema).min(1, { error: 'must list at least one data file' }).describe('The data files.'),
    charts: z.array(chartSchema).optional().describe('Charts on the dataset page. When absent, a default chart is chosen from the Table Schema.'),
    live: z
      .strictObject({
        resource: z.string().min(1).describe('Name of the resource that accepts pushed rows.'),
        key: z.array(fieldName).min(1).optional().describe("Fields identifying a row; a push with an existing key updates it. The Table Schema's primaryKey when absent."),
        reporter: fieldName.optional().describe('Field naming who reports a row (e.g. the establishment), used to show late reporters.'),
        reporters: relativePath
          .optional()
          .describe(
            'CSV or YAML file in the dataset folder listing who must report: columns id, name, territory, contact, periods (e.g. daily). Tokens can then be limited to some reporters, and the reporting status names who is missing. Needs `reporter`.',
          ),
        policy: livePolicy
          .optional()
          .describe(
            "How the dataset page's charts add up a day on which only some reporters have reported (needs `reporter`): complete-periods-only (the default: a day is shown once every reporter has reported it) or {carry-forward: N} (each reporter's last value counts for at most N more days, marked as carried forward). Never a partial sum.",
          ),
        futureDays: z
          .number()
          .int()
          .min(0)
          .max(366)
          .optional()
          .describe("How many days after today a pushed row's date may be (0 by default: figures of a day that has not come are refused). Rows before temporal.start are refused too."),
        rules: z
          .array(z.string().regex(RULE_SYNTAX, { error: 'must read "field <= other_field" or "field >= 0" (operators <= < >= > = !=)' }))
          .optional()
          .describe('Checks between fields of a pushed row, e.g. ["lits_occupes <= lits_total"]: a row that breaks one is refused with a 422 naming the rule.'),
        jump: z
          .strictObject({
            factor: z
              .number()
              .gt(1, { error: 'must be more than 1 (e.g. 10: a value more than ten times the previous one, or less than a tenth of it)' })
              .describe('How many times larger or smaller than the previous value a value may be without confirmation.'),
            fields: z.array(fieldName).min(1).optional().describe('Number fields checked; every integer or number field outside the key when absent.'),
          })
          .optional()
          .describe(
            "Sudden jumps against the reporter's previous value (its row of the latest earlier date): a value more than `factor` times larger or smaller (values under 1 count as 1) is refused until the reporter confirms it (?confirm=jumps, or the form's checkbox); confirmed rows are marked. Needs `reporter` and a date field.",
          ),
      })
      .optional()
      .describe('Makes a resource accept rows pushed through the API.'),
  })
  .describe('datasets/<slug>/dataset.yaml: one dataset. The folder name is its slug.');

export type DatasetInput = z.input<typeof datasetSchema>;
export type DatasetConfig = z.output<typeof datasetSchema>;
export type ResourceConfig = z.output<typeof resourceSchema>;
export type DialectConfig = z.output<typeof dialectSchema>;
export type ChartConfig = z.output<typeof chartSchema>;
export type FieldDisplayConfig = z.output<typeof fieldDisplaySchema>;
