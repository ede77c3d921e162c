import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cronMatches, parseCron } from './cron.ts';

const at = (iso: string) => new Date(iso);

describe('cron', () => {
  const cases: Array<[string, string, boolean]> = [
    ['* * * * *', '2025-05-05T10:07:00Z', true],
    ['*/15 * * * *', '2025-05-05T10:30:00Z', true],
    ['*/15 * * * *', '2025-05-05T10:31:00Z', false],
    ['0 3 * * *', '2025-05-05T03:00:59Z', true],
    ['0 3 * * *', '2025-05-05T04:00:00Z', false],
    ['30 2 * * mon-fri', '2025-05-05T02:30:00Z', true], // a Monday
    ['30 2 * * mon-fri', '2025-05-04T02:30:00Z', false], // a Sunday
    ['0 0 * * 7', '2025-05-04T00:00:00Z', true], // 7 is Sunday too
    ['0 0 1 jan *', '2025-01-01T00:00:00Z', true],
    ['0 0 1 jan *', '2025-02-01T00:00:00Z', false],
    // Both day fields restricted: either matches.
    ['0 0 13 * fri', '2025-06-13T00:00:00Z', true],
    ['0 0 13 * fri', '2025-06-06T00:00:00Z', true],
    ['0 0 13 * fri', '2025-06-07T00:00:00Z', false],
    ['5,10-12 * * * *', '2025-06-07T08:11:00Z', true],
    ['0-30/10 * * * *', '2025-06-07T08:20:00Z', true],
    ['0-30/10 * * * *', '2025-06-07T08:40:00Z', false],
  ];
  for (const [expression, time, expected] of cases) {
    it(`${expression} at ${time} → ${expected}`, () => {
      assert.equal(cronMatches(parseCron(expression), at(time)), expected);
    });
  }

  it('refuses what is not a five-field expression', () => {
    for (const bad of [
      '',
      '* * * *',
      '60 * * * *',
      '* 24 * * *',
      '*/0 * * * *',
      'x * * * *',
      '5-1 * * * *',
      '* * * * * *',
    ]) {
      assert.throws(
        () => parseCron(bad),
        (e: { code?: string }) => e.code === 'invalid_cron',
        bad,
      );
    }
  });
});
