/**
 * An append-only log file rotated by size: when the next line would take `file` past `maxBytes`,
 * it becomes `file.1` (`file.1` becomes `file.2`, …) and the oldest beyond `keep` is dropped.
 * Synchronous, so lines keep their order and survive a crash; a log line is small and rare.
 * Writing never throws: a log that cannot be written must not break what it records.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RotationOptions {
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  keep: number;
}

export const DEFAULT_ROTATION: RotationOptions = { maxBytes: 1024 * 1024, keep: 3 };

export class RotatingLog {
  private size: number | null = null;
  private failed = false;

  constructor(
    readonly file: string,
    private readonly options: RotationOptions = DEFAULT_ROTATION,
  ) {}

  /** Appends one line (a newline is added). */
  write(line: string): void {
    const text = `${line.replace(/\n/g, ' ')}\n`;
    const bytes = Buffer.byteLength(text);
    try {
      this.size ??= this.currentSize();
      if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
      appendFileSync(this.file, text, { mode: 0o600 });
      this.size += bytes;
    } catch (error) {
      this.size = null;
      if (!this.failed) console.error(`hermes-bar: cannot write ${this.file}:`, error);
      this.failed = true;
    }
  }

  /** The current file and the rotated ones, newest first. */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.options.keep }, (_, i) => `${this.file}.${i + 1}`)];
  }

  private currentSize(): number {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  private rotate(): void {
    const [current, ...rotated] = this.files();
    const oldest = rotated.at(-1);
    if (oldest) rmSync(oldest, { force: true });
    for (let i = rotated.length - 1; i > 0; i -= 1) renameIfExists(rotated[i - 1] as string, rotated[i] as string);
    if (rotated[0]) renameIfExists(current as string, rotated[0]);
    else rmSync(current as string, { force: true });
    this.size = 0;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
