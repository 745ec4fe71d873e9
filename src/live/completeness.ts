// Completeness (docs/live-data.md, "Completeness"): which declared reporters sent figures for a
// period, and who is missing. Lateness is judged by the periods reported (a row dated in the
// period), not by when rows arrived: a hospital that sent nothing for 15 and 16 November is late
// even if it sent 14 November's figures yesterday evening.
import type { Reporter } from './types.ts';

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

/** One period: its id as written in ?period= (2020-11-15, 2020-W46, 2020-11) and its first and last days. */
export interface Period {
  id: string;
  kind: PeriodKind;
  from: string;
  to: string;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** Monday of ISO week `week` of ISO year `year` (UTC ms). */
function isoWeekStart(year: number, week: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - dow * DAY + (week - 1) * 7 * DAY;
}

/** The period of `kind` that contains the date `iso` (YYYY-MM-DD). */
export function periodOf(kind: PeriodKind, iso: string): Period {
  const t = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (kind === 'daily') return { id: day(t), kind, from: day(t), to: day(t) };
  if (kind === 'monthly') {
    const d = new Date(t);
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY;
    return { id: day(from).slice(0, 7), kind, from: day(from), to: day(to) };
  }
  const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
  // The ISO year is the year of the week's Thursday.
  const year = new Date(monday + 3 * DAY).getUTCFullYear();
  const week = Math.round((monday - isoWeekStart(year, 1)) / (7 * DAY)) + 1;
  return { id: `${year}-W${String(week).padStart(2, '0')}`, kind, from: day(monday), to: day(monday + 6 * DAY) };
}

/** ?period=: a day (2020-11-15), an ISO week (2020-W46) or a month (2020-11); undefined when none of these. */
export function parsePeriod(text: string): Period | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const p = periodOf('daily', text);
    return p.id === text ? p : undefined;
  }
  m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (m) {
    const p = periodOf('weekly', day(isoWeekStart(Number(m[1]), Number(m[2]))));
    return p.id === text ? p : undefined;
  }
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return periodOf('monthly', `${text}-01`);
  return undefined;
}

/** The period just before `p`. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, day(Date.parse(`${p.from}T00:00:00Z`) - DAY));
}

/** How often a reporter must report: its own periods, else the dataset's frequency when it is one of them. */
export function reportingKind(r: Pick<Reporter, 'periods'>, frequency: string): PeriodKind | undefined {
  if (r.periods) return r.periods;
  return frequency === 'daily' || frequency === 'weekly' || frequency === 'monthly' ? frequency : undefined;
}

export interface Completeness {
  period: string;
  expected: number;
  reported: number;
  missing: { id: string; name: string; territory?: string }[];
}

/** Who was expected for `period` (reporters of its kind), who reported (a row dated in it), who is missing. */
export function completeness(reporters: Reporter[], frequency: string, period: Period, reportedIds: Set<string>): Completeness {
  const expected = reporters.filter((r) => reportingKind(r, frequency) === period.kind);
  const missing = expected.filter((r) => !reportedIds.has(r.id)).map((r) => ({ id: r.id, name: r.name, ...(r.territory ? { territory: r.territory } : {}) }));
  return { period: period.id, expected: expected.length, reported: expected.length - missing.length, missing };
}

/** The last period of `kind` that has ended at `now`: the one a reporter is late for when it is missing. */
export function duePeriod(kind: PeriodKind, now: Date): Period {
  return previousPeriod(periodOf(kind, now.toISOString().slice(0, 10)));
}
