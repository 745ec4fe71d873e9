// Inference of one column in bounded state, value by value: the candidate types still standing
// (src/infer/candidates.ts), the distinct values up to a small cap (booleans, enums), the "no
// value" tokens seen, and a hash set of values while the column may still be a key. Whatever
// the number of rows, a column holds at most a few dozen strings and one hash table.

import type { Field } from '../tableschema/index.ts';
import { guessBoolean } from './booleans.ts';
import { allCandidates, isTextOnly, PLAIN_INTEGER, type Candidate } from './candidates.ts';
import { HashSet53, hash53 } from './hash-set.ts';
import { isMissingToken } from './missing.ts';

const ACCEPT = 1;
const REJECT = 2;
/** Distinct values whose verdicts are remembered per column (a few hundred kB at most). */
const MEMO_CAP = 4096;

/**
 * Names that say "identifier": postal and INSEE codes, SIREN/SIRET/FINESS/UAI numbers. Digits
 * in such a column are text: "01001" and "1001" are different communes, and arithmetic on a
 * code means nothing.
 */
const CODE_NAME = /(^|[_\-\s])(code|codes|cp|insee|siren|siret|finess|epci|postal|zip|uai|rna|nic)([_\-\s]|$)/i;
/** Digits all of one length, this long or longer, are a code too (a count has varying widths). */
const CODE_MIN_WIDTH = 5;

/** Distinct values kept per column; past this a column is neither a boolean nor an enum. */
const DISTINCT_CAP = 50;
/** An enum has at most this many values… */
export const ENUM_MAX_VALUES = 10;
/** …and is proposed only with at least this many values written, each value twice on average. */
export const ENUM_MIN_ROWS = 20;
/** Values longer than this are prose, not categories. */
const ENUM_MAX_LENGTH = 60;
/** Distinct values tracked for uniqueness (16 bytes each at most); past it no key is proposed. */
export const UNIQUE_CAP = 2_000_000;

export interface ColumnResult {
  field: Field;
  /** Tokens of MISSING_TOKENS met in this column. */
  missing: Set<string>;
  /** Values written (not missing). */
  count: number;
  /** Every value is written and no two are equal. */
  unique: boolean;
  /** 0-based row where the first repeated value was met (later = more distinct values); Infinity when unique. */
  firstRepeat: number;
  /** Sentences for the publisher: why a column is text, what could not be decided. */
  notes: string[];
}

/**
 * The candidate ruled out last (the one that had read the most values), still tried on every
 * later value, so that the note of a column typed as text can say how many of its values that
 * type reads: "29 of 30 values read as an integer, but line 16 holds "n.c."" whether the odd
 * value comes early or late in the file.
 */
interface Death {
  candidate: Candidate;
  label: string;
  line: number;
  value: unknown;
  /** Written values this candidate accepts, before and after it was ruled out. */
  accepted: number;
  /** Written values it refuses (the first one is `value`). */
  refused: number;
  memo: Map<string, boolean>;
  /** Refused by most values so far: no longer tried (a column of text such as comments costs no more than before). */
  abandoned?: boolean;
  /** Some refused values are digits with a leading zero: a column of codes ("01", "2A"), text on purpose, not a near miss. */
  codes: boolean;
}

const LEADING_ZERO = /^0\d+$/;

/** Values a ruled-out type must refuse, more than it reads, before it is no longer tried. */
const ABANDON_AFTER = 64;

const show = (v: unknown): string => JSON.stringify(typeof v === 'string' && v.length > 40 ? `${v.slice(0, 39)}…` : v);

export class ColumnInferrer {
  private alive: Candidate[];
  private death: Death | undefined;
  private distinct: Map<string, number> | null = new Map();
  private readonly missing = new Set<string>();
  private seen: HashSet53 | null = new HashSet53();
  private firstRepeat = Infinity;
  private uniqueOverflow = false;
  private count = 0;
  private rows = 0;
  private readonly memo = new Map<string, Uint8Array>();
  /** Length of every written value when all are digits of one length; -1 once they differ. */
  private width = 0;
  private readonly total: number;

  /**
   * `typed`: values come typed from JSON (numbers, booleans) rather than as text.
   * `unit`: what a position is called in messages ("line" in a CSV file, "item" in JSON).
   */
  constructor(
    readonly name: string,
    private readonly typed = false,
    private readonly unit = 'line',
  ) {
    this.alive = allCandidates();
    this.total = this.alive.length;
  }

  observe(value: unknown, line: number): void {
    const row = this.rows++;
    if (value === undefined || value === null || (typeof value === 'string' && isMissingToken(value))) {
      this.missing.add(typeof value === 'string' ? value : '');
      this.seen = null; // a key column has a value on every row
      return;
    }
    const n = this.count++;
    if (this.width >= 0) {
      const w = typeof value === 'string' && /^\d+$/.test(value) ? value.length : -1;
      this.width = n === 0 || w === this.width ? w : -1;
    }
    const text = typeof value === 'string' ? value : typeof value === 'object' ? undefined : String(value);
    if (this.distinct) {
      if (text === undefined || text.length > ENUM_MAX_LENGTH) this.distinct = null;
      else {
        this.distinct.set(text, (this.distinct.get(text) ?? 0) + 1);
        if (this.distinct.size > DISTINCT_CAP) this.distinct = null;
      }
    }
    const alive = this.alive;
    const before = this.death;
    if (before && !before.abandoned) {
      const key = typeof value === 'string' ? value : undefined;
      let ok = key === undefined ? undefined : before.memo.get(key);
      if (ok === undefined) {
        ok = this.accepts(before.candidate, value);
        if (key !== undefined && before.memo.size < MEMO_CAP) before.memo.set(key, ok);
      }
      if (ok) before.accepted++;
      else {
        if (++before.refused > before.accepted && before.refused >= ABANDON_AFTER) before.abandoned = true;
        if (LEADING_ZERO.test(text ?? '')) before.codes = true;
      }
    }
    if (alive.length > 0) {
      const verdict = this.verdicts(value, text);
      let k = 0;
      for (let i = 0; i < alive.length; i++) {
        const c = alive[i]!;
        if (verdict[c.id] === ACCEPT) alive[k++] = c;
        else if (!this.death || n > this.death.accepted) this.death = { candidate: c, label: c.label, line, value, accepted: n, refused: 1, memo: new Map(), codes: LEADING_ZERO.test(text ?? '') };
      }
      alive.length = k;
    }
    if (this.seen) {
      if (!this.seen.add(hash53(text ?? JSON.stringify(value)))) {
        this.firstRepeat = row;
        this.seen = null;
      } else if (this.seen.size > UNIQUE_CAP) {
        this.uniqueOverflow = true;
        this.seen = null;
      }
    }
  }

  /**
   * Which live candidates accept the value. Categories, dates and counts repeat: verdicts are
   * memoised per distinct value (up to MEMO_CAP values), so a repeated value costs one lookup.
   * A memo stays right as candidates die: acceptance depends on the value only.
   */
  private verdicts(value: unknown, text: string | undefined): Uint8Array {
    const key = typeof value === 'string' ? value : undefined;
    const hit = key === undefined ? undefined : this.memo.get(key);
    if (hit) return hit;
    const v = new Uint8Array(this.total);
    for (const c of this.alive) v[c.id] = this.accepts(c, value) ? ACCEPT : REJECT;
    if (key !== undefined && text !== undefined && this.memo.size < MEMO_CAP) this.memo.set(key, v);
    return v;
  }

  /** Whether a candidate reads a value: plain digits are read by the numeric candidates only; JSON text by the text-only ones. */
  private accepts(c: Candidate, value: unknown): boolean {
    if (typeof value === 'string' && !this.typed && PLAIN_INTEGER.test(value)) return c.numeric;
    return (!(this.typed && typeof value === 'string') || isTextOnly(c)) && c.accept(value);
  }

  finish(): ColumnResult {
    const notes: string[] = [];
    const field: Field = { name: this.name, type: 'string' };
    const unique = this.seen !== null && this.count > 0;
    if (this.uniqueOverflow) notes.push(`column "${this.name}": more than ${UNIQUE_CAP.toLocaleString('en-US')} distinct values, not checked as a key`);
    const result = (): ColumnResult => ({ field, missing: this.missing, count: this.count, unique, firstRepeat: unique ? Infinity : this.firstRepeat, notes });
    if (this.count === 0) {
      notes.push(
        `column "${this.name}": no value in any of the ${this.rows.toLocaleString('en-US')} rows, so its type cannot be inferred: typed as text (string); set its type in the schema once it has data`,
      );
      return result();
    }
    const bool = this.distinct ? guessBoolean(this.distinct.keys(), this.count) : undefined;
    if (bool) {
      Object.assign(field, { type: 'boolean' }, bool);
      return result();
    }
    const best = this.alive[0];
    if (best?.field.type === 'integer' && !this.typed && (CODE_NAME.test(this.name) || this.width >= CODE_MIN_WIDTH)) {
      const why = CODE_NAME.test(this.name) ? 'its name says it is a code' : `every value is ${this.width} digits long`;
      notes.push(`column "${this.name}": digits read as an identifier (text), not a number, because ${why}; change its type to integer in the schema if it is a quantity`);
      return result();
    }
    if (best) {
      Object.assign(field, best.field);
      return result();
    }
    const d = this.death;
    if (d && !d.abandoned && !d.codes && d.accepted * 2 >= this.count && d.accepted > 0) {
      notes.push(
        `column "${this.name}": ${d.accepted.toLocaleString('en-US')} of ${this.count.toLocaleString('en-US')} values read as ${d.label}, but ${this.unit} ${d.line} holds ${show(d.value)}` +
          `${d.refused > 1 ? ` (and ${(d.refused - 1).toLocaleString('en-US')} more ${d.refused === 2 ? 'value' : 'values'} cannot be read so)` : ''}: typed as text (string). ` +
          'If that value means "no value" or is a mistake, correct the file or the schema',
      );
    }
    const values = this.distinct ? [...this.distinct.keys()].sort() : [];
    if (this.distinct && values.length >= 2 && values.length <= ENUM_MAX_VALUES && this.count >= ENUM_MIN_ROWS && this.count >= 2 * values.length) {
      field.constraints = { enum: values };
    }
    return result();
  }
}
