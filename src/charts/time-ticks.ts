// Date ticks that never repeat a label ("avr. 20 avr. 20"): one per month (or per week, or per
// day on short spans), labelled in the page's language, with the year on the first tick and
// whenever it changes.
import { dayNumber, isoOfDay } from '../dashboards/dates.ts';

export interface DateTick {
  /** ISO day of the tick. */
  date: string;
  label: string;
}

// Every chart of an indicator spans the same days (hundreds of territory pages, two languages):
// the ticks are computed once per span and language, and the formatters once per language.
const memo = new Map<string, DateTick[]>();
const formats = new Map<string, Intl.DateTimeFormat>();
function format(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}\u0000${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(lang, options)));
  return f;
}

export function dateTicks(first: string, last: string, lang: string, max = 8): DateTick[] {
  const key = `${first}|${last}|${lang}|${max}`;
  let ticks = memo.get(key);
  if (!ticks) {
    if (memo.size > 1000) memo.clear();
    memo.set(key, (ticks = computeTicks(first, last, lang, max)));
  }
  return ticks;
}

function computeTicks(first: string, last: string, lang: string, max: number): DateTick[] {
  const d0 = dayNumber(first);
  const d1 = dayNumber(last);
  const span = d1 - d0;
  const candidates: string[] = [];
  if (span > 75) {
    // First days of months, every k months so that at most `max` remain.
    const start = new Date(`${first}T00:00:00Z`);
    let y = start.getUTCFullYear();
    let m = start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
    const months: string[] = [];
    for (;;) {
      y += Math.floor(m / 12);
      m %= 12;
      const iso = `${y}-${String(m + 1).padStart(2, '0')}-01`;
      if (iso > last) break;
      months.push(iso);
      m++;
    }
    const every = Math.max(1, Math.ceil(months.length / max));
    candidates.push(...months.filter((_, i) => i % every === 0));
  } else {
    const every = Math.max(1, [1, 2, 7, 14].find((s) => span / s <= max) ?? Math.ceil(span / max));
    for (let d = d0; d <= d1; d += every) candidates.push(isoOfDay(d));
  }
  const monthly = span > 75;
  const fmt = format(lang, monthly ? { month: 'short', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const withYear = format(lang, monthly ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  let year = '';
  return candidates.map((date) => {
    const d = new Date(`${date}T00:00:00Z`);
    const y = date.slice(0, 4);
    const label = y !== year ? withYear.format(d) : fmt.format(d);
    year = y;
    return { date, label };
  });
}
