import { FREQUENCY_DAYS, type Frequency } from '../config/frequencies.ts';

export type Freshness = 'on-time' | 'late' | 'never' | 'no-schedule';

/** Whether data that last arrived at `lastArrival` is late for `frequency` at `now`. */
export function freshness(lastArrival: string | null, frequency: string, now = new Date()): Freshness {
  const days = FREQUENCY_DAYS[frequency as Frequency];
  if (days === undefined) return 'no-schedule';
  if (!lastArrival) return 'never';
  return now.getTime() - new Date(lastArrival).getTime() > days * 86_400_000 ? 'late' : 'on-time';
}

export const isLate = (f: Freshness) => f === 'late' || f === 'never';
