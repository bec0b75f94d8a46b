#!/usr/bin/env node
// Draws the tray images and the app icon into assets/ with no dependencies: shapes are sampled
// 8×8 times per pixel for anti-aliasing, and PNGs are written by hand (node:zlib for the deflate).
//   assets/tray/<state>Template.png, @2x   black + alpha, macOS tints them for light/dark menu bars
//   assets/tray/<state>-color.png, @2x     colour, for Linux and Windows trays
//   assets/icon.png                        512 px app icon
// States match electron/main/tray-state.ts: running, transition, stopped, attention.
//   node scripts/make-icons.mjs [outdir]     default: the repository root (writes assets/…)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));

// --- PNG ------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** rgba: Uint8Array of width*height*4, straight (not premultiplied) alpha. */
function png(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- shapes on a 16-unit canvas -----------------------------------------------------------------

const C = 8; // centre
const R = 6.5; // outer radius of the ring
const STROKE = 1.6;

const dist = (x, y) => Math.hypot(x - C, y - C);
const disc = (r) => (x, y) => dist(x, y) <= r;
const ring = (x, y) => dist(x, y) <= R && dist(x, y) >= R - STROKE;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));

const GLYPHS = {
  running: disc(R), // filled circle
  transition: union(ring, (x, y) => x <= C && dist(x, y) <= R), // ring, left half filled
  stopped: ring, // hollow ring
  attention: union(ring, rect(7.1, 3.9, 8.9, 9.0), (x, y) => Math.hypot(x - C, y - 11.3) <= 1.05), // ring with "!"
};

const COLOURS = {
  running: [0x2e, 0xb8, 0x4b],
  transition: [0xf0, 0xa0, 0x20],
  stopped: [0x8e, 0x8e, 0x93],
  attention: [0xe5, 0x48, 0x4d],
};

/** Coverage (0..1) of `inside` over each pixel of a size×size image of a `units`-wide canvas. */
function raster(size, units, inside) {
  const samples = 8;
  const scale = units / size;
  const out = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (inside((px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale)) hits++;
        }
      }
      out[py * size + px] = hits / (samples * samples);
    }
  }
  return out;
}

function paint(size, coverage, colourAt) {
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const [r, g, b] = colourAt(i);
    rgba.set([r, g, b, Math.round(coverage[i] * 255)], i * 4);
  }
  return rgba;
}

function write(relative, bytes) {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  console.log(`make-icons: ${file}`);
}

for (const [state, glyph] of Object.entries(GLYPHS)) {
  for (const [size, suffix] of [
    [16, ''],
    [32, '@2x'],
  ]) {
    const coverage = raster(size, 16, glyph);
    write(`assets/tray/${state}Template${suffix}.png`, png(size, size, paint(size, coverage, () => [0, 0, 0])));
    write(`assets/tray/${state}-color${suffix}.png`, png(size, size, paint(size, coverage, () => COLOURS[state])));
  }
}

// --- app icon: a rounded square, blue gradient, the "running" glyph in white ---------------------

const ICON = 512;
const corner = 0.225 * 16;
const roundedSquare = (x, y) => {
  const m = 0.6; // margin
  const cx = Math.min(Math.max(x, m + corner), 16 - m - corner);
  const cy = Math.min(Math.max(y, m + corner), 16 - m - corner);
  return x >= m && x <= 16 - m && y >= m && y <= 16 - m && Math.hypot(x - cx, y - cy) <= corner;
};
const iconGlyph = union((x, y) => dist(x, y) <= 4.6 && dist(x, y) >= 3.6, disc(2.4));
const square = raster(ICON, 16, roundedSquare);
const mark = raster(ICON, 16, iconGlyph);
const icon = new Uint8Array(ICON * ICON * 4);
for (let i = 0; i < ICON * ICON; i++) {
  const t = Math.floor(i / ICON) / ICON; // top → bottom
  const bg = [0x4c + (0x1e - 0x4c) * t, 0x6e + (0x2a - 0x6e) * t, 0xf5 + (0x78 - 0xf5) * t];
  const w = mark[i];
  icon.set([...bg.map((c) => Math.round(c * (1 - w) + 255 * w)), Math.round(square[i] * 255)], i * 4);
}
write('assets/icon.png', png(ICON, ICON, icon));
