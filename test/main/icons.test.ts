import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_STATES, trayIconFile } from '../../electron/main/tray-state.js';
import { tempDir } from './fake-engine.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const assets = path.join(repo, 'assets');

/** Width, height and RGBA pixels of an 8-bit RGBA PNG with unfiltered rows (what make-icons writes). */
function decode(file: string): { width: number; height: number; pixels: Buffer } {
  return decodePng(readFileSync(file));
}

/** The entries of an .icns file: type and PNG. */
function icnsEntries(file: string): Array<{ type: string; png: Buffer }> {
  const bytes = readFileSync(file);
  expect(bytes.toString('ascii', 0, 4)).toBe('icns');
  expect(bytes.readUInt32BE(4)).toBe(bytes.length);
  const entries = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset + 4);
    entries.push({ type: bytes.toString('ascii', offset, offset + 4), png: bytes.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return entries;
}

function decodePng(bytes: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, pixels };
}

const withSuffix = (file: string, suffix: string): string => file.replace(/\.png$/, `${suffix}.png`);

describe('icons', () => {
  it.each(TRAY_STATES)('%s has 16 and 32 px template (black + alpha) and colour images', (state) => {
    for (const platform of ['darwin', 'linux'] as const) {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        const { width, height, pixels } = decode(withSuffix(trayIconFile(assets, state, platform), suffix));
        expect([width, height]).toEqual([size, size]);
        const opaque = [...Array(size * size).keys()].filter((i) => (pixels[i * 4 + 3] ?? 0) > 0);
        expect(opaque.length).toBeGreaterThan(size); // something is drawn
        const black = opaque.every((i) => pixels[i * 4] === 0 && pixels[i * 4 + 1] === 0 && pixels[i * 4 + 2] === 0);
        expect(black).toBe(platform === 'darwin');
      }
    }
  });

  it('is the Hermes mark in every state: plain when running (the quietest), dimmed when stopped, badged in a corner otherwise', () => {
    const alpha = (state: (typeof TRAY_STATES)[number]) => {
      const { pixels } = decode(withSuffix(trayIconFile(assets, state, 'darwin'), '@2x'));
      return [...Array(32 * 32).keys()].map((i) => pixels[i * 4 + 3] ?? 0);
    };
    const running = alpha('running');
    // Dimmed: the same shape at under half its ink.
    const stopped = alpha('stopped');
    running.forEach((a, i) => expect(Math.abs((stopped[i] ?? 0) - a * 0.4)).toBeLessThanOrEqual(2));
    // A badge lives in the bottom-right corner; the rest of the mark stays as it is.
    const corner = (i: number) => i % 32 >= 14 && Math.floor(i / 32) >= 14;
    const ink = (pixels: number[], where: (i: number) => boolean) => pixels.reduce((sum, a, i) => (where(i) ? sum + a : sum), 0);
    for (const state of ['transition', 'attention'] as const) {
      const badged = alpha(state);
      badged.forEach((a, i) => {
        if (!corner(i)) expect(a, `${state} pixel ${i}`).toBe(running[i]);
      });
      expect(badged.filter((a, i) => corner(i) && a !== running[i]).length, state).toBeGreaterThan(20);
    }
    // Attention is the loudest: its badge is a solid disc, the transition's three small dots.
    const badgeInk = (state: 'transition' | 'attention') => ink(alpha(state), (i) => corner(i) && i % 32 >= 20 && Math.floor(i / 32) >= 20);
    expect(badgeInk('attention')).toBeGreaterThan(badgeInk('transition'));
  });

  it('draws a different glyph for each state', () => {
    const alphas = TRAY_STATES.map((state) => {
      const { pixels } = decode(withSuffix(trayIconFile(assets, state, 'darwin'), '@2x'));
      return Buffer.from(pixels.filter((_, i) => i % 4 === 3)).toString('hex');
    });
    expect(new Set(alphas).size).toBe(TRAY_STATES.length);
  });

  it('has a 512 px app icon', () => {
    const { width, height } = decode(path.join(assets, 'icon.png'));
    expect([width, height]).toEqual([512, 512]);
  });

  it('has a macOS .icns app icon from 16 to 1024 px, each entry a PNG of its size', () => {
    const sizes: Record<string, number> = { icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 };
    const entries = icnsEntries(path.join(assets, 'icon.icns'));
    expect(entries.map((e) => e.type).sort()).toEqual(Object.keys(sizes).sort());
    for (const { type, png } of entries) {
      const { width, height } = decodePng(png);
      expect([width, height], type).toEqual([sizes[type], sizes[type]]);
    }
  });

  it('every image has a vector source in assets/src', () => {
    for (const name of ['icon', ...TRAY_STATES.map((s) => `tray-${s}`)]) expect(readFileSync(path.join(assets, 'src', `${name}.svg`), 'utf8')).toMatch(/^<svg /);
  });

  it('the committed images are what scripts/make-icons.mjs draws', () => {
    const out = tempDir('hb-main-icons-');
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'make-icons.mjs'), out], { stdio: 'pipe' });
    const files = ['icon.png', ...TRAY_STATES.flatMap((s) => ['', '@2x'].flatMap((x) => [`tray/${s}Template${x}.png`, `tray/${s}-color${x}.png`]))];
    // Pixels, not bytes: another zlib may compress the same image differently.
    // Pixels compared with Buffer.equals: a deep equality over megabytes would take minutes.
    const same = (a: ReturnType<typeof decodePng>, b: ReturnType<typeof decodePng>): boolean => a.width === b.width && a.height === b.height && a.pixels.equals(b.pixels);
    for (const file of files) expect(same(decode(path.join(out, 'assets', file)), decode(path.join(assets, file))), file).toBe(true);
    const drawn = icnsEntries(path.join(out, 'assets', 'icon.icns'));
    const committed = icnsEntries(path.join(assets, 'icon.icns'));
    expect(drawn.map((e) => e.type)).toEqual(committed.map((e) => e.type));
    drawn.forEach((entry, i) => expect(same(decodePng(entry.png), decodePng(committed[i]?.png ?? Buffer.alloc(0))), entry.type).toBe(true));
  });
});
