import { readFile } from 'node:fs/promises';

/** Parses JSON Lines, skipping blank lines and a trailing line still being written. */
export function parseJsonLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // a partial last line
    }
  }
  return out;
}

/** Reads a JSON Lines file; a missing file has no lines. */
export async function readJsonLines<T>(path: string): Promise<T[]> {
  try {
    return parseJsonLines<T>(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
