/** The last lines of a gateway log, read from the end so a huge log costs no more than a small one. */
import { open } from 'node:fs/promises';

/** Enough for a few hundred lines of a chatty log. */
const TAIL_BYTES = 64 * 1024;

export async function tailFile(file: string, lines: number): Promise<{ lines: string[]; exists: boolean }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return { lines: [], exists: false };
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    const all = text.split('\n');
    // A read that starts mid-file starts mid-line: drop the partial first line.
    if (length < size) all.shift();
    if (all.at(-1) === '') all.pop();
    return { lines: all.slice(-lines), exists: true };
  } finally {
    await handle.close();
  }
}
