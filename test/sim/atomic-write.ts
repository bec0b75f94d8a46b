import { renameSync, unlinkSync, writeFileSync } from 'node:fs';

let counter = 0;

/** Writes a file by writing a temporary sibling and renaming it over the target. */
export function writeFileAtomic(path: string, data: string): void {
  counter += 1;
  const tmp = `${path}.${process.pid}.${counter}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created
    }
    throw error;
  }
}

/** Writes JSON atomically (pretty-printed, trailing newline). */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
