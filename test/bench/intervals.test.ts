import { describe, expect, it } from 'vitest';
import { lengthOutside } from '../../bench/intervals.js';
import { summarize } from '../../bench/stats.js';

describe('the bench’s arithmetic', () => {
  it('counts time covered by some span, inside the window and outside the excluded spans, once', () => {
    // Two overlapping calls (10–40), one inside the gateway's own span (60–70), one past the window.
    const calls = [[10, 30], [20, 40], [60, 70], [95, 120]] as const;
    expect(lengthOutside(calls, [[25, 35], [50, 80]], [0, 100])).toBe(30 - 10 + 5);
    expect(lengthOutside([], [[0, 10]], [0, 100])).toBe(0);
  });

  it('summarizes samples with the median and the middle half', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ median: 3, p25: 2, p75: 4, min: 1, max: 5, n: 5 });
    expect(summarize([1, 2]).median).toBe(1.5);
  });
});
