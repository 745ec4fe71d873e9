/**
 * Update frequencies, named after the EU Publications Office frequency
 * vocabulary used by DCAT-AP (http://publications.europa.eu/resource/authority/frequency).
 */
export const FREQUENCIES = {
  continuous: 'CONT',
  hourly: 'HOURLY',
  daily: 'DAILY',
  weekly: 'WEEKLY',
  biweekly: 'BIWEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
  semiannual: 'ANNUAL_2',
  annual: 'ANNUAL',
  irregular: 'IRREG',
  never: 'NEVER',
  unknown: 'UNKNOWN',
} as const;

export type Frequency = keyof typeof FREQUENCIES;
export const FREQUENCY_IDS = Object.keys(FREQUENCIES) as [Frequency, ...Frequency[]];

/** How long after the last update a dataset of this frequency counts as late, in days. */
export const FREQUENCY_DAYS: Partial<Record<Frequency, number>> = {
  hourly: 1 / 24,
  daily: 1,
  weekly: 7,
  biweekly: 14,
  monthly: 31,
  quarterly: 92,
  semiannual: 183,
  annual: 366,
};
