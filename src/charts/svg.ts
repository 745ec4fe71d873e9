// Markup helpers for charts written as strings: the build renders hundreds of charts, and one
// string per chart costs far less than thousands of template nodes. Pure, so the browser's
// group picker draws with the same code.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value, escaped for HTML and SVG. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A coordinate with one decimal: enough on a 640-unit canvas, and short markup. */
export function fx(v: number): string {
  return v.toFixed(1);
}
