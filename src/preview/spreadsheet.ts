// A CSV that spreadsheets open as the reader expects: UTF-8 with a byte order mark (so Excel
// does not guess Windows-1252), the locale's list separator and decimal mark, and text cells
// that a spreadsheet would run as a formula neutralised with a leading apostrophe.

export interface SpreadsheetFormat {
  delimiter: ',' | ';';
  decimal: '.' | ',';
}

export const BOM = '\uFEFF';

const formats = new Map<string, SpreadsheetFormat>();

/**
 * The locale's decimal mark, and `;` as the separator where the decimal mark is a comma (Excel's
 * convention). Kept per locale: a number formatter costs more than a small file's preview pass.
 */
export function spreadsheetFormat(locale: string): SpreadsheetFormat {
  let format = formats.get(locale);
  if (!format) {
    let decimal: '.' | ',' = '.';
    try {
      const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
      if (part?.value === ',') decimal = ',';
    } catch {
      // unknown locale: keep the dot
    }
    format = Object.freeze({ delimiter: decimal === ',' ? ';' : ',', decimal }) as SpreadsheetFormat;
    formats.set(locale, format);
  }
  return format;
}

const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell starting with = + - @ tab or carriage return is prefixed with an apostrophe, so
 * that a spreadsheet shows it as text instead of evaluating it (CSV injection, OWASP). A text
 * cell that is just a number ("-5") is left alone: it is a number, not a formula.
 */
export function neutraliseFormula(text: string): string {
  if (text === '') return text;
  const c = text.charCodeAt(0);
  // = + - @ \t \r
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) {
    if ((c === 43 || c === 45) && PLAIN_NUMBER.test(text)) return text;
    return `'${text}`;
  }
  return text;
}

function quote(text: string, delimiter: string): string {
  if (text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r')) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** One cell of a typed value: numbers with the locale's decimal mark, text neutralised and quoted when needed. */
export function spreadsheetCell(value: unknown, fmt: SpreadsheetFormat): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    const s = String(value);
    return fmt.decimal === ',' ? s.replace('.', ',') : s;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return quote(neutraliseFormula(text), fmt.delimiter);
}

/** One line (without line ending) of the spreadsheet CSV. */
export function spreadsheetLine(values: readonly unknown[], fmt: SpreadsheetFormat): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += fmt.delimiter;
    out += spreadsheetCell(values[i], fmt);
  }
  return out;
}

/** A header line: column names are text too, and neutralised like any text. */
export function spreadsheetHeader(names: readonly string[], fmt: SpreadsheetFormat): string {
  return names.map((n) => quote(neutraliseFormula(n), fmt.delimiter)).join(fmt.delimiter);
}
