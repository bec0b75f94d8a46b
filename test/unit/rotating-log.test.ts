import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchctlLine } from '../../electron/main/app-log.js';
import { RotatingLog } from '../../electron/main/rotating-log.js';

function dir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'hb-rotating-log-'));
}

const read = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('RotatingLog', () => {
  it('rotates by size: file → file.1 → file.2, keeps `keep` old files, drops the oldest, loses no recent line', () => {
    const folder = path.join(dir(), 'nested', 'logs');
    const log = new RotatingLog(path.join(folder, 'app.log'), { maxBytes: 100, keep: 2 });
    const lines = Array.from({ length: 40 }, (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(10)}`); // 20 bytes each
    for (const line of lines) log.write(line);

    expect(readdirSync(folder).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    for (const file of log.files()) expect(statSync(file).size).toBeLessThanOrEqual(100);
    // Oldest first across the files, newest last, in order and without gaps.
    const kept = [...read(`${log.file}.2`), ...read(`${log.file}.1`), ...read(log.file)];
    expect(kept).toEqual(lines.slice(lines.length - kept.length));
    expect(kept.length).toBe(15);
    expect(read(log.file).at(-1)).toBe(lines.at(-1));
  });

  it('continues an existing file and rotates it when it is full', () => {
    const folder = dir();
    const file = path.join(folder, 'app.log');
    writeFileSync(file, `${'old'.repeat(30)}\n`); // 91 bytes
    const log = new RotatingLog(file, { maxBytes: 100, keep: 1 });
    log.write('short');
    expect(read(file)).toEqual(['old'.repeat(30), 'short']);
    log.write('this one does not fit');
    expect(read(`${file}.1`)).toEqual(['old'.repeat(30), 'short']);
    expect(read(file)).toEqual(['this one does not fit']);
  });

  it('writes a line longer than the limit whole, into a file of its own; one line per write', () => {
    const log = new RotatingLog(path.join(dir(), 'app.log'), { maxBytes: 10, keep: 1 });
    log.write('first');
    log.write('a line that is longer than ten bytes\nwith a newline inside');
    expect(read(log.file)).toEqual(['a line that is longer than ten bytes with a newline inside']);
    expect(read(`${log.file}.1`)).toEqual(['first']);
  });

  it('creates the file readable by the user only, and never throws when it cannot write', () => {
    const log = new RotatingLog(path.join(dir(), 'app.log'));
    log.write('hello');
    expect(statSync(log.file).mode & 0o077).toBe(0);
    const blocked = path.join(dir(), 'a-file');
    writeFileSync(blocked, '');
    const broken = new RotatingLog(path.join(blocked, 'app.log'));
    const error = console.error;
    console.error = () => undefined;
    try {
      expect(() => broken.write('nowhere to go')).not.toThrow();
    } finally {
      console.error = error;
    }
  });
});

describe('the app log', () => {
  it('writes a launchctl call with its exit status, duration and, on failure, what launchctl said', () => {
    expect(launchctlLine({ args: ['print', 'gui/501/ai.hermes.gateway'], exitCode: 0, stdout: 'x', stderr: '', durationMs: 12.4 })).toBe(
      'launchctl print gui/501/ai.hermes.gateway → exit 0 in 12 ms',
    );
    expect(launchctlLine({ args: ['bootstrap', 'gui/501', '/p.plist'], exitCode: 5, stdout: '', stderr: 'Bootstrap failed: 5: Input/output error\nmore', durationMs: 30 })).toBe(
      'launchctl bootstrap gui/501 /p.plist → exit 5 in 30 ms: Bootstrap failed: 5: Input/output error',
    );
  });
});
