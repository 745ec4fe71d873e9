import { z } from 'zod';

/** How a day is added up when only some reporters of a live dataset have sent their rows. */
export const livePolicy = z.union(
  [
    z.literal('complete-periods-only').describe('Show the latest day for which every reporter has reported.'),
    z.strictObject({
      'carry-forward': z
        .int()
        .min(1, { error: 'must be a whole number of days, at least 1' })
        .max(366, { error: 'must be at most 366 days' })
        .describe("Carry each reporter's last value forward for at most N days."),
    }),
  ],
  { error: 'expected complete-periods-only or {carry-forward: N}' },
);

export type LivePolicy = z.output<typeof livePolicy>;
