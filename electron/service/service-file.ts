/**
 * A service definition on disk (a launchd plist, a systemd unit): read without following a
 * symlink, judged for permissions, and written atomically after keeping a backup (DESIGN.md
 * rules 5 and 7). What the file says is left to the caller's parser.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export type ServiceFile<Parsed> =
  | { exists: false }
  | {
      exists: true;
      parsed: Parsed;
      mode: number;
      uid: number;
      isSymlink: boolean;
    };

/**
 * Reads `file` and hands its text to `parse`. A symlink, a file over `maxBytes` or an unreadable
 * one is never parsed: `refuse` says why, so hostile files stay cheap and nothing is followed.
 */
export async function readServiceFile<Parsed>(
  file: string,
  maxBytes: number,
  parse: (text: string) => Parsed,
  refuse: (reason: string) => Parsed,
): Promise<ServiceFile<Parsed>> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw error;
  }
  const base = { exists: true as const, mode: info.mode & 0o7777, uid: info.uid, isSymlink: info.isSymbolicLink() };
  if (base.isSymlink) return { ...base, parsed: refuse('the file is a symbolic link') };
  if (info.size > maxBytes) return { ...base, parsed: refuse(`the file is too large (${info.size} bytes)`) };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ...base, parsed: refuse(`unreadable: ${(error as Error).message}`) };
  }
  return { ...base, parsed: parse(text) };
}

/** launchd refuses, and systemd warns about, service files others can write or the user does not own. */
export function hasSafePermissions(file: { mode: number; uid: number }, uid: number): boolean {
  return (file.mode & 0o022) === 0 && file.uid === uid;
}

export function backupPath(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `${file}.${stamp}.bak`;
}

/**
 * Moves `file` aside to a backup (never deletes it) and returns the backup's path, or null when
 * there was no file.
 */
export async function moveToBackup(file: string): Promise<string | null> {
  const existing = await lstat(file).catch(() => null);
  if (!existing) return null;
  const backup = existing.isSymbolicLink() ? `${backupPath(file)}.link` : backupPath(file);
  await rename(file, backup);
  if (!existing.isSymbolicLink()) await chmod(backup, existing.mode & 0o644);
  return backup;
}

/**
 * Writes `content` to `file` atomically: a temporary file in the same folder, flushed, mode
 * 0644, renamed into place. An existing file is first copied to a backup, whose path is returned.
 * A symlink at `file` is replaced by the rename, never written through into another folder.
 */
export async function writeFileAtomically(file: string, content: string): Promise<{ backup: string | null }> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  let backup: string | null = null;
  const existing = await lstat(file).catch(() => null);
  if (existing?.isSymbolicLink()) {
    backup = await moveToBackup(file);
  } else if (existing) {
    backup = backupPath(file);
    await copyFile(file, backup, constants.COPYFILE_EXCL);
    // copyFile keeps the old mode: a backup of a group/world-writable file must not stay so.
    await chmod(backup, existing.mode & 0o644);
  }
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, 0o644);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { backup };
}
