/** Timestamps as every parser normalizes them (isoTime). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isoTime } from '../../../src/core/formats/util';

/** What isoTime promises for a string, the slow way: Date's own reading, written back as ISO. */
function viaDate(v: string): string | undefined {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));

describe('isoTime', () => {
  it('reads epoch seconds, epoch milliseconds and ISO strings with a zone', () => {
    assert.equal(isoTime(1_767_225_600), '2026-01-01T00:00:00.000Z');
    assert.equal(isoTime(1_767_225_600_000), '2026-01-01T00:00:00.000Z');
    assert.equal(isoTime('2026-01-01T02:00:00+02:00'), '2026-01-01T00:00:00.000Z');
    assert.equal(isoTime('2026-02-30T00:00:00.000Z'), '2026-03-02T00:00:00.000Z');
    assert.equal(isoTime('not a time'), undefined);
  });

  it('gives for every timestamp shaped like toISOString() what a round trip through Date gives', () => {
    // Any digits in the shape: real dates, days past a month's end, hour 24, second 60, month 13.
    const shaped = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    const plausible = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
    fc.assert(
      fc.property(fc.oneof(shaped, plausible), (v) => assert.equal(isoTime(v), viaDate(v), v)),
      { numRuns: 5000 },
    );
  });
});
