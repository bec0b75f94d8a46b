#!/usr/bin/env node
// Renders the vector sources in assets/src/*.svg into the images the app and the packages use,
// with no dependencies (a small renderer for the SVG subset the sources use, 4×4 to 8×8 samples
// per pixel for anti-aliasing, PNG and ICNS written by hand with node:zlib):
//   assets/tray/<state>Template.png, @2x   16 and 32 px, black + alpha: macOS tints them for light/dark menu bars
//   assets/tray/<state>-color.png, @2x     16 and 32 px, in the source's `color`: Linux and Windows trays
//   assets/icon.png                        512 px app icon (Linux packages, the window)
//   assets/icon.icns                       the macOS app icon, 16 to 1024 px (PNG entries)
// States match electron/main/tray-state.ts: running (the Hermes mark alone, the quietest), stopped
// (the mark dimmed), transition (a small progress badge), attention (an exclamation badge, the loudest).
// The outputs are committed, so a build needs nothing but this repository; run it after editing a source.
//   node scripts/make-icons.mjs [outdir]     default: the repository root (writes assets/…)
// The SVG subset: <svg viewBox color>, <circle cx cy r>, <rect x y width height rx>, <path d> with
// absolute M L H V A Z, fill/stroke/stroke-width of none, currentColor, #rrggbb or url(#gradient),
// opacity, <linearGradient gradientUnits="userSpaceOnUse"> with <stop offset stop-color>, and
// mask="url(#id)" with a <mask> of shapes filled #ffffff (shown) or #000000 (cut out, e.g. the gap
// around a badge). Anything else is refused, so the picture a browser shows of a source is the one
// this draws.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? repo);
const sources = path.join(repo, 'assets', 'src');

// --- PNG and ICNS --------------------------------------------------------------------------------

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

/** rgba: Uint8Array of size*size*4, straight (not premultiplied) alpha; rows unfiltered. */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Apple's icon types that hold a PNG, and the pixel size each holds. */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

function icns(pngOfSize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const data = pngOfSize(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + entries.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

// --- the SVG subset -------------------------------------------------------------------------------

function attributes(text) {
  return Object.fromEntries([...text.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

function number(attrs, name, file) {
  const value = Number(attrs[name] ?? 0);
  if (!Number.isFinite(value)) throw new Error(`${file}: ${name}="${attrs[name]}" is not a number`);
  return value;
}

function hex(text) {
  const m = /^#([0-9a-f]{6})$/i.exec(text.trim());
  if (!m) return null;
  const v = Number.parseInt(m[1], 16);
  return [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}

/** SVG 1.1 F.6.5: an arc from (x1,y1) to (x2,y2) as points along it. */
function arcPoints(x1, y1, rx, ry, rotation, large, sweep, x2, y2) {
  if (rx === 0 || ry === 0) return [[x2, y2]];
  const phi = (rotation * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const dx = (x1 - x2) / 2;
  const dy = (y1 - y2) / 2;
  const xp = cos * dx + sin * dy;
  const yp = -sin * dx + cos * dy;
  let rxs = Math.abs(rx);
  let rys = Math.abs(ry);
  const lambda = (xp * xp) / (rxs * rxs) + (yp * yp) / (rys * rys);
  if (lambda > 1) {
    rxs *= Math.sqrt(lambda);
    rys *= Math.sqrt(lambda);
  }
  const num = rxs * rxs * rys * rys - rxs * rxs * yp * yp - rys * rys * xp * xp;
  const den = rxs * rxs * yp * yp + rys * rys * xp * xp;
  const k = (large === sweep ? -1 : 1) * Math.sqrt(Math.max(0, num / den));
  const cxp = (k * rxs * yp) / rys;
  const cyp = (-k * rys * xp) / rxs;
  const cx = cos * cxp - sin * cyp + (x1 + x2) / 2;
  const cy = sin * cxp + cos * cyp + (y1 + y2) / 2;
  const angle = (ux, uy, vx, vy) => Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  const start = angle(1, 0, (xp - cxp) / rxs, (yp - cyp) / rys);
  let delta = angle((xp - cxp) / rxs, (yp - cyp) / rys, (-xp - cxp) / rxs, (-yp - cyp) / rys);
  if (!sweep && delta > 0) delta -= 2 * Math.PI;
  if (sweep && delta < 0) delta += 2 * Math.PI;
  const steps = 64;
  return Array.from({ length: steps }, (_, i) => {
    const t = start + (delta * (i + 1)) / steps;
    return [cx + rxs * Math.cos(t) * cos - rys * Math.sin(t) * sin, cy + rxs * Math.cos(t) * sin + rys * Math.sin(t) * cos];
  });
}

/** A path's outline as one polygon (absolute M L H V A Z only). */
function pathPolygon(d, file) {
  const tokens = d.match(/[MLHVAZ]|-?\d*\.?\d+(?:e-?\d+)?/gi) ?? [];
  const points = [];
  let i = 0;
  let command = '';
  const next = () => Number(tokens[i++]);
  let x = 0;
  let y = 0;
  while (i < tokens.length) {
    if (/^[A-Za-z]$/.test(tokens[i])) command = tokens[i++];
    if (command !== command.toUpperCase()) throw new Error(`${file}: relative path commands (${command}) are not supported`);
    switch (command) {
      case 'M':
      case 'L':
        x = next();
        y = next();
        points.push([x, y]);
        break;
      case 'H':
        x = next();
        points.push([x, y]);
        break;
      case 'V':
        y = next();
        points.push([x, y]);
        break;
      case 'A': {
        const [rx, ry, rot, large, sweep, x2, y2] = [next(), next(), next(), next(), next(), next(), next()];
        points.push(...arcPoints(x, y, rx, ry, rot, large !== 0, sweep !== 0, x2, y2));
        x = x2;
        y = y2;
        break;
      }
      case 'Z':
        break;
      default:
        throw new Error(`${file}: path command ${command} is not supported`);
    }
  }
  return points;
}

/**
 * An even-odd inside-test for a polygon. The crossings of a horizontal line are worked out once
 * per sample row (a path of arcs has hundreds of edges, and the 1024 px icon has thousands of samples a row).
 */
function polygonTest(points) {
  const rows = new Map();
  const crossings = (py) => {
    const xs = [];
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i];
      const [xj, yj] = points[j];
      if (yi > py !== yj > py) xs.push(((xj - xi) * (py - yi)) / (yj - yi) + xi);
    }
    return xs;
  };
  return (px, py) => {
    let xs = rows.get(py);
    if (xs === undefined) rows.set(py, (xs = crossings(py)));
    let inside = false;
    for (const x of xs) if (px < x) inside = !inside;
    return inside;
  };
}

/** The shapes of an element as inside-tests: its fill and its stroke, each with a paint, its opacity and its mask. */
function layers(name, attrs, file, masks = new Map()) {
  const out = [];
  const opacity = attrs.opacity === undefined ? 1 : number(attrs, 'opacity', file);
  let shown = () => true;
  if (attrs.mask !== undefined) {
    const id = /^url\(#([\w-]+)\)$/.exec(attrs.mask)?.[1];
    const mask = id === undefined ? undefined : masks.get(id);
    if (mask === undefined) throw new Error(`${file}: mask ${attrs.mask} is not defined`);
    shown = mask;
  }
  const add = (paint, inside) => {
    if (paint && paint !== 'none') out.push({ paint, opacity, inside: (x, y) => inside(x, y) && shown(x, y) });
  };
  const fill = attrs.fill ?? '#000000';
  const stroke = attrs.stroke;
  const half = number(attrs, 'stroke-width', file) / 2 || 0.5;
  if (name === 'circle') {
    const [cx, cy, r] = ['cx', 'cy', 'r'].map((a) => number(attrs, a, file));
    const dist = (x, y) => Math.hypot(x - cx, y - cy);
    add(fill, (x, y) => dist(x, y) <= r);
    add(stroke, (x, y) => Math.abs(dist(x, y) - r) <= half);
  } else if (name === 'rect') {
    const [x0, y0, w, h] = ['x', 'y', 'width', 'height'].map((a) => number(attrs, a, file));
    const r = Math.min(number(attrs, 'rx', file), w / 2, h / 2);
    add(fill, (x, y) => {
      if (x < x0 || x > x0 + w || y < y0 || y > y0 + h) return false;
      const cx = Math.min(Math.max(x, x0 + r), x0 + w - r);
      const cy = Math.min(Math.max(y, y0 + r), y0 + h - r);
      return Math.hypot(x - cx, y - cy) <= r;
    });
    if (stroke && stroke !== 'none') throw new Error(`${file}: stroked rects are not supported`);
  } else if (name === 'path') {
    add(fill, polygonTest(pathPolygon(attrs.d ?? '', file)));
    if (stroke && stroke !== 'none') throw new Error(`${file}: stroked paths are not supported`);
  }
  return out;
}

function parseSvg(file) {
  const text = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const svg = attributes(/<svg\b([^>]*)>/.exec(text)?.[1] ?? '');
  const viewBox = (svg.viewBox ?? '').split(/[\s,]+/).map(Number);
  if (viewBox.length !== 4 || viewBox[0] !== 0 || viewBox[1] !== 0 || viewBox[2] !== viewBox[3]) throw new Error(`${file}: needs a square viewBox at 0 0`);
  const gradients = new Map();
  for (const m of text.matchAll(/<linearGradient\b([^>]*)>([\s\S]*?)<\/linearGradient>/g)) {
    const attrs = attributes(m[1]);
    if (attrs.gradientUnits !== 'userSpaceOnUse') throw new Error(`${file}: gradients must use gradientUnits="userSpaceOnUse"`);
    const stops = [...m[2].matchAll(/<stop\b([^>]*)\/?>/g)].map((s) => attributes(s[1])).map((s) => ({ offset: Number(s.offset), colour: hex(s['stop-color'] ?? '') }));
    gradients.set(attrs.id, { x1: number(attrs, 'x1', file), y1: number(attrs, 'y1', file), x2: number(attrs, 'x2', file), y2: number(attrs, 'y2', file), stops });
  }
  // A mask shows a point where the last of its shapes that covers it is white (a luminance mask of white and black only).
  const masks = new Map();
  for (const m of text.matchAll(/<mask\b([^>]*)>([\s\S]*?)<\/mask>/g)) {
    const shapes = [...m[2].matchAll(/<(\w+)\b([^>]*?)\/?>/g)].flatMap((s) => {
      if (!['circle', 'rect', 'path'].includes(s[1])) throw new Error(`${file}: <${s[1]}> is not supported in a mask`);
      return layers(s[1], attributes(s[2]), file);
    });
    for (const shape of shapes) if (!['#ffffff', '#000000'].includes(shape.paint)) throw new Error(`${file}: a mask's shapes must be #ffffff or #000000`);
    masks.set(attributes(m[1]).id, (x, y) => shapes.reduce((shown, shape) => (shape.inside(x, y) ? shape.paint === '#ffffff' : shown), false));
  }
  const body = text.replace(/<defs>[\s\S]*?<\/defs>/g, '');
  const shapes = [];
  for (const m of body.matchAll(/<(\w+)\b([^>]*?)\/?>/g)) {
    if (m[1] === 'svg') continue;
    if (!['circle', 'rect', 'path'].includes(m[1])) throw new Error(`${file}: <${m[1]}> is not supported`);
    shapes.push(...layers(m[1], attributes(m[2]), file, masks));
  }
  return { units: viewBox[2], colour: hex(svg.color ?? '') ?? [0, 0, 0], shapes, gradients };
}

/** A paint's colour at a point, given what currentColor is. */
function colourAt(svg, paint, current, x, y) {
  if (paint === 'currentColor') return current;
  const url = /^url\(#([\w-]+)\)$/.exec(paint);
  if (!url) return hex(paint) ?? (() => { throw new Error(`unsupported paint ${paint}`); })();
  const g = svg.gradients.get(url[1]);
  const [dx, dy] = [g.x2 - g.x1, g.y2 - g.y1];
  const t = Math.min(1, Math.max(0, ((x - g.x1) * dx + (y - g.y1) * dy) / (dx * dx + dy * dy)));
  const after = g.stops.findIndex((s) => s.offset >= t);
  if (after <= 0) return g.stops[after === 0 ? 0 : g.stops.length - 1].colour;
  const [a, b] = [g.stops[after - 1], g.stops[after]];
  const f = (t - a.offset) / (b.offset - a.offset);
  return a.colour.map((c, i) => c + (b.colour[i] - c) * f);
}

/** Renders at size×size; `template` paints everything black (macOS template images). */
function render(svg, size, template) {
  const samples = size <= 64 ? 8 : 4;
  const scale = svg.units / size;
  const current = template ? [0, 0, 0] : svg.colour;
  const rgb = new Float64Array(size * size * 3);
  const alpha = new Float64Array(size * size);
  for (const { paint, opacity, inside } of svg.shapes) {
    for (let py = 0; py < size; py++) {
      for (let px = 0; px < size; px++) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (inside((px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale)) hits++;
          }
        }
        if (hits === 0) continue;
        const a = (hits / (samples * samples)) * opacity;
        const colour = template ? current : colourAt(svg, paint, current, (px + 0.5) * scale, (py + 0.5) * scale);
        // Straight-alpha "over": this shape on top of what is there.
        const i = py * size + px;
        const under = alpha[i] * (1 - a);
        const out = a + under;
        for (let c = 0; c < 3; c++) rgb[i * 3 + c] = (colour[c] * a + rgb[i * 3 + c] * under) / out;
        alpha[i] = out;
      }
    }
  }
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    rgba.set([Math.round(rgb[i * 3]), Math.round(rgb[i * 3 + 1]), Math.round(rgb[i * 3 + 2]), Math.round(alpha[i] * 255)], i * 4);
  }
  return png(size, rgba);
}

function write(relative, bytes) {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  console.log(`make-icons: ${file}`);
}

for (const state of ['running', 'transition', 'stopped', 'attention']) {
  const svg = parseSvg(path.join(sources, `tray-${state}.svg`));
  for (const [size, suffix] of [
    [16, ''],
    [32, '@2x'],
  ]) {
    write(`assets/tray/${state}Template${suffix}.png`, render(svg, size, true));
    write(`assets/tray/${state}-color${suffix}.png`, render(svg, size, false));
  }
}

const icon = parseSvg(path.join(sources, 'icon.svg'));
const rendered = new Map();
const iconPng = (size) => {
  if (!rendered.has(size)) rendered.set(size, render(icon, size, false));
  return rendered.get(size);
};
write('assets/icon.png', iconPng(512));
write('assets/icon.icns', icns(iconPng));
