// Uniqueness tracking in bounded memory: a set of 53-bit hashes in one Float64Array (open
// addressing), 16 bytes per value at most, instead of a Set of strings (50+ bytes per value,
// plus the strings kept alive). Two different values share a hash with a probability of about
// n²/2^54 (5·10⁻⁵ for a million rows); a collision can only make a unique column look
// non-unique, never the reverse, and the inferred primary key is checked by validation anyway.

/** FNV-1a over UTF-16 code units, two seeds, combined into a positive safe integer (never 0). */
export function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 11) & 0x1fffff) + 1;
}

export class HashSet53 {
  private table = new Float64Array(1024);
  size = 0;

  /** Adds the hash; false when it was already there. */
  add(h: number): boolean {
    if ((this.size + 1) * 2 > this.table.length) this.grow();
    const t = this.table;
    const mask = t.length - 1;
    let i = (h ^ (h / 0x100000000)) & mask;
    for (;;) {
      const v = t[i]!;
      if (v === 0) {
        t[i] = h;
        this.size++;
        return true;
      }
      if (v === h) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.size = 0;
    for (const v of old) if (v !== 0) this.add(v);
  }
}
