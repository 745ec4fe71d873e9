// Patterns are matched by RE2 in linear time; published patterns keep working.
import { describe, expect, it } from 'vitest';
import { checkTableSchema, compileTableSchema, makeCaster, readTable, UnrepresentableNumber } from '../../../src/tableschema/index.js';
import { compileLinear } from '../../../src/tableschema/pattern.js';
import { fixture, run } from './helpers.js';

const schema = (pattern: string) => {
  const r = checkTableSchema({ fields: [{ name: 'v', type: 'string', constraints: { pattern } }] });
  return { ...r, compiled: r.schema && compileTableSchema(r.schema) };
};

describe('constraints.pattern', () => {
  it('compiles each pattern once; the shared object answers every value on its own, and a refused pattern is refused every time', () => {
    const a = compileLinear('^(?:[0-9]{2}[0-9AB][0-9]{6})$');
    expect(compileLinear('^(?:[0-9]{2}[0-9AB][0-9]{6})$')).toBe(a);
    expect([a.test('750712184'), a.test('x'), a.test('2A0712184'), a.test('750712184')]).toEqual([true, false, false, true]);
    for (let i = 0; i < 2; i++) expect(() => compileLinear('(a)\\1')).toThrow(/backreferences are not part of Table Schema patterns/);
    // Two schemas with the same pattern check their values independently.
    const one = schema('[A-Z]{3}').compiled!;
    const two = schema('[A-Z]{3}').compiled!;
    expect(one.validateObject({ v: 'ABC' }).errors).toEqual([]);
    expect(two.validateObject({ v: 'abc' }).errors).toHaveLength(1);
    expect(one.validateObject({ v: 'XYZ' }).errors).toEqual([]);
  });

  it('real published patterns, implicitly anchored', () => {
    const finess = schema('^[0-9]{2}[0-9AB][0-9]{6}$').compiled!;
    expect(finess.validateObject({ v: '750712184' }).errors).toEqual([]);
    expect(finess.validateObject({ v: '2A0712184' }).errors).toHaveLength(1);
    const postcode = schema('^\\d{5}$').compiled!;
    expect(postcode.validateObject({ v: '75001' }).errors).toEqual([]);
    const unanchored = schema('H[0-9]{2}').compiled!;
    expect(unanchored.validateObject({ v: 'H01' }).errors).toEqual([]);
    expect(unanchored.validateObject({ v: 'xH01' }).errors).toEqual([{ field: 'v', code: 'pattern-constraint', message: '"xH01" does not match the pattern H[0-9]{2}' }]);
    expect(schema('a|b').compiled!.validateObject({ v: 'ab' }).errors).toHaveLength(1);
  });

  it('nested quantifiers are matched in linear time, in the build and in pushes', async () => {
    const t0 = performance.now();
    const { compiled } = schema('(a+)+$');
    expect(compiled!.validateObject({ v: `${'a'.repeat(32)}!` }).errors).toHaveLength(1);
    expect(compiled!.validateObject({ v: 'a'.repeat(200_000) }).errors).toEqual([]);
    const path = fixture(`v\n${Array.from({ length: 50 }, (_, i) => `${'a'.repeat(30 + i)}!`).join('\n')}\n`);
    const { summary } = await run({ path, schema: { fields: [{ name: 'v', type: 'string', constraints: { pattern: '(a+)+$' } }] } });
    expect(summary.errorsByCode['pattern-constraint']).toBe(50);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('lookarounds and backreferences (not XML Schema) are refused with a reason', () => {
    expect(schema('(?=a)a').errors[0]!.message).toMatch(/lookahead and lookbehind are not part of Table Schema patterns/);
    expect(schema('(a)\\1').errors[0]!.message).toMatch(/backreferences are not part of Table Schema patterns/);
  });
});

describe('linear-time casting', () => {
  it('email checks take linear time on a long run of dots', () => {
    const cast = makeCaster({ name: 'e', type: 'string', format: 'email' });
    expect(cast('a@b.fr').ok).toBe(true);
    expect(cast('a@.fr').ok).toBe(false);
    expect(cast('a@b.').ok).toBe(false);
    expect(cast('a b@c.fr').ok).toBe(false);
    const t0 = performance.now();
    expect(cast(`a@${'.'.repeat(500_000)}@`).ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
  it('bareNumber=false trims units in linear time', () => {
    const cast = makeCaster({ name: 'n', type: 'number', bareNumber: false });
    expect(cast('€ 12.5 EUR')).toEqual({ ok: true, value: 12.5 });
    const t0 = performance.now();
    expect(cast(`1${'x'.repeat(200_000)}1`).ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
  it('an overlong value is not handed to strptime patterns', () => {
    const cast = makeCaster({ name: 'd', type: 'date', format: '%A%B%A%B%d' });
    const t0 = performance.now();
    expect(cast(`${'a'.repeat(1_000_000)}!`).ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
  it('a number beyond a double is out of range, quoted as written', () => {
    expect(makeCaster({ name: 'n', type: 'integer' })(new UnrepresentableNumber('1e400'))).toEqual({ ok: false, message: '"1e400" is out of range (not a finite number)' });
    expect(makeCaster({ name: 'n', type: 'number' })('-1e400')).toEqual({ ok: false, message: '"-1e400" is out of range (not a finite number)' });
    expect(makeCaster({ name: 'n', type: 'integer' })('1e400')).toEqual({ ok: false, message: '"1e400" is out of range (not a finite number)' });
    expect(makeCaster({ name: 'n', type: 'number' })('INF')).toEqual({ ok: true, value: Infinity });
  });
});

describe('UTF-16 files', () => {
  it('are detected by their byte order mark, little- and big-endian', async () => {
    const le = Buffer.from('\uFEFFcommune;population\nSaint-Étienne;172565\n', 'utf16le');
    for (const [name, bytes] of [
      ['le', le],
      ['be', Buffer.from(le).swap16()],
    ] as const) {
      const r = await readTable(fixture(bytes));
      expect(r.dialect.encoding, name).toBe(`utf-16${name}`);
      expect(r.sniffed).toMatchObject({ encoding: true, bom: true, delimiter: true });
      expect(r.header).toEqual(['commune', 'population']);
      const cells = [];
      for await (const rec of r) cells.push(rec.cells);
      expect(cells).toEqual([['Saint-Étienne', '172565']]);
    }
  });
});
