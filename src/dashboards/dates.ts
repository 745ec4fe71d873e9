// Calendar days as ISO strings (YYYY-MM-DD), in UTC so that no time zone shifts a day.
const DAY = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY);
}

export function isoOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Every day from the first to the last (inclusive): series have no gaps, so "N days earlier" is index − N. */
export function dayRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = dayNumber(first), end = dayNumber(last); d <= end; d++) out.push(isoOfDay(d));
  return out;
}
