/** The app's facts the main process gives the page in its URL query (AppInfo): read once, before the first paint. */
import type { AppInfo } from './types.js';

export function appInfoFrom(search: string): AppInfo {
  const query = new URLSearchParams(search);
  return {
    version: query.get('version') ?? '',
    userHome: query.get('userHome') ?? '',
    os: query.get('os') ?? 'darwin',
    ...(query.get('material') === 'vibrancy' ? { material: 'vibrancy' as const } : {}),
  };
}
