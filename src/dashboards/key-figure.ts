// What a key-figure card says: the latest value, its day, and how it moved over N days, with
// whether that is good or bad news according to the indicator's `higherIs`.
import type { Series } from './transforms.ts';

export type Direction = 'up' | 'down' | 'flat';
export type Meaning = 'worse' | 'better' | 'neutral';

export interface KeyFigure {
  value: number;
  /** Day of the value (ISO), or '' for an indicator without dates. */
  date: string;
  /** Value `days` days before, when there is one. */
  previous?: number;
  change?: number;
  /** Relative change in percent, when the previous value is not 0. */
  changePercent?: number;
  direction?: Direction;
  meaning?: Meaning;
}

/** The latest non-null value of a series and its change over `days` days; undefined when the series is empty. */
export function keyFigure(dates: readonly string[], values: Series, days: number, higherIs: 'worse' | 'better' | 'neutral' = 'neutral'): KeyFigure | undefined {
  let i = values.length - 1;
  while (i >= 0 && (values[i] === null || values[i] === undefined)) i--;
  if (i < 0) return undefined;
  const value = values[i]!;
  const out: KeyFigure = { value, date: dates[i] ?? '' };
  const previous = i >= days ? values[i - days] : null;
  if (previous === null || previous === undefined) return out;
  const change = value - previous;
  const direction: Direction = Math.abs(change) < 1e-9 ? 'flat' : change > 0 ? 'up' : 'down';
  const meaning: Meaning = direction === 'flat' || higherIs === 'neutral' ? 'neutral' : (direction === 'up') === (higherIs === 'worse') ? 'worse' : 'better';
  return { ...out, previous, change, changePercent: previous !== 0 ? (change / Math.abs(previous)) * 100 : undefined, direction, meaning };
}
