import { describe, expect, it } from 'vitest';
import { ProblemList } from '../../../src/live/problems.ts';

const limits = { perRow: 2, total: 5, messageLength: 20 };

describe('ProblemList', () => {
  it('lists at most perRow problems per row and sums up the rest of that row', () => {
    const p = new ProblemList(limits);
    for (let i = 0; i < 4; i++) p.add({ row: 1, field: 'a', message: `m${i}` });
    p.add({ row: 2, field: 'b', message: 'x' });
    expect(p.count).toBe(5);
    expect(p.details()).toEqual([
      { row: 1, field: 'a', message: 'm0' },
      { row: 1, field: 'a', message: 'm1' },
      { row: 1, field: null, message: '… and 2 more problems in this row' },
      { row: 2, field: 'b', message: 'x' },
    ]);
  });

  it('lists at most total problems, then counts every other one exactly once', () => {
    const p = new ProblemList(limits);
    for (let row = 1; row <= 10; row++) for (let i = 0; i < 3; i++) p.add({ row, field: null, message: 'bad' });
    const details = p.details();
    expect(p.count).toBe(30);
    expect(details.filter((d) => d.message === 'bad')).toHaveLength(5);
    // rows 1 and 2 got a "more in this row" line (2 problems); the last line counts the other 23
    const inRows = details.filter((d) => d.message.endsWith('in this row')).length;
    expect(inRows).toBe(2);
    expect(details.at(-1)).toEqual({ row: null, field: null, message: expect.stringMatching(/^… and 23 more problems/) });
  });

  it('cuts messages and field names', () => {
    const p = new ProblemList(limits);
    p.add({ row: 1, field: 'f'.repeat(100), message: 'm'.repeat(100) });
    const [d] = p.details();
    expect(d!.field).toHaveLength(20);
    expect(d!.message).toBe(`${'m'.repeat(19)}…`);
  });
});
