/**
 * Hostile and malformed inputs for fuzzing the IPC channels and the CLI: a seeded generator (so a
 * failure can be replayed) and a fixed list of the values attackers and accidents produce.
 */

/** Values shaped right (short strings) but meant to escape: traversal, shells, XML, odd bytes. */
export const HOSTILE_STRINGS: readonly string[] = [
  '../../etc',
  '..',
  '.',
  '/etc/passwd',
  'work/../../x',
  'a\\b',
  '$(touch /tmp/hermes-bar-pwned)',
  '`id`',
  'a;rm -rf ~',
  'a|b',
  'a&&b',
  "a'b",
  'a"b',
  '<plist>',
  '&amp;',
  ']]><!--',
  'a\nb',
  'a\u0000b',
  '\u202egnp',
  '\ud800',
  '\uFFFD\uFFFE',
  'ＷＯＲＫ',
  'Work',
  '-rf',
  '--profile',
  ' work',
  'x'.repeat(64) + 'y',
];

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same inputs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['profile', 'operation', 'stream', 'lines', 'key', 'value', 'text', '__proto__', 'constructor', 'toString', ''];

/** Any JSON-ish value: wrong types, deep nesting, huge strings, prototype keys. */
export function arbitraryValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * 12);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return next() < 0.5;
    case 3:
      return [0, -1, 1.5, 1e308, Number.NaN, 501, 2 ** 53][Math.floor(next() * 7)];
    case 4:
      return HOSTILE_STRINGS[Math.floor(next() * HOSTILE_STRINGS.length)];
    case 5:
      return 'z'.repeat(Math.floor(next() * 200_000));
    case 6:
      return ['start', 'stop', 'restart', 'repair', 'reboot', 'stdout', 'stderr', 'openAtLogin', 'keepRunning'][Math.floor(next() * 9)];
    case 7:
    case 8:
      if (depth > 4) return {};
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 4) }, () => [KEYS[Math.floor(next() * KEYS.length)] ?? '', arbitraryValue(next, depth + 1)]),
      );
    case 9:
      return depth > 4 ? [] : Array.from({ length: Math.floor(next() * 3) }, () => arbitraryValue(next, depth + 1));
    case 10:
      return JSON.parse('{"__proto__": {"polluted": true}, "profile": null}') as unknown;
    default:
      return { profile: arbitraryValue(next, depth + 1) };
  }
}
