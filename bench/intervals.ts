/** Time spans in µs of CLOCK_MONOTONIC, as [from, to]. */
export type Interval = readonly [number, number];

/** The spans sorted and merged where they overlap. */
function union(spans: readonly Interval[]): Interval[] {
  const sorted = spans.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function overlap(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

/** How long, within `window`, at least one of `spans` runs while none of `excluded` does (µs). */
export function lengthOutside(spans: readonly Interval[], excluded: readonly Interval[], window: Interval): number {
  const inside = union(spans.map(([from, to]): Interval => [Math.max(from, window[0]), Math.min(to, window[1])]));
  const out = union(excluded);
  return inside.reduce((sum, span) => sum + (span[1] - span[0]) - out.reduce((covered, e) => covered + overlap(span, e), 0), 0);
}
