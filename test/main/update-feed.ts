/**
 * A local update feed for the updater tests: an HTTP server on 127.0.0.1 serving the files
 * electron-builder publishes (latest-mac.yml / latest-linux.yml and the artefacts they name), and
 * recording every request it gets. Plus the app-update.yml electron-builder writes into the app.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface Feed {
  /** The feed's base URL, as app-update.yml names it. */
  url: string;
  /** Every request the server got: method and path. */
  requests: string[];
  files: Map<string, Buffer>;
  close(): Promise<void>;
}

export async function startFeed(): Promise<Feed> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://feed').pathname.replace(/^\/feed\//, ''));
    const body = files.get(name);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/feed`,
    requests,
    files,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function sha512(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('base64');
}

export interface Release {
  version: string;
  /** The artefact's file name and the bytes the feed serves for it. */
  files: Array<{ name: string; bytes: Buffer; /** What the yml claims, when it should lie. */ claimedSha512?: string }>;
}

/** latest-*.yml as electron-builder writes it (updateInfoBuilder: version, files, path, sha512, releaseDate). */
export function updateInfoYaml({ version, files }: Release): string {
  const lines = [`version: ${version}`, 'files:'];
  for (const file of files) {
    lines.push(`  - url: ${file.name}`, `    sha512: ${file.claimedSha512 ?? sha512(file.bytes)}`, `    size: ${file.bytes.length}`);
  }
  const first = files[0];
  if (first) lines.push(`path: ${first.name}`, `sha512: ${first.claimedSha512 ?? sha512(first.bytes)}`);
  lines.push(`releaseDate: '2026-01-15T10:00:00.000Z'`);
  return `${lines.join('\n')}\n`;
}

/** Serves a release: its artefacts, then the channel file that names them. */
export function publish(feed: Feed, channelFile: 'latest-mac.yml' | 'latest-linux.yml', release: Release): void {
  for (const file of release.files) feed.files.set(file.name, file.bytes);
  feed.files.set(channelFile, Buffer.from(updateInfoYaml(release)));
}

/** The app-update.yml electron-builder writes into the app's resources from `publish` (generic provider). */
export function writeAppUpdateYml(resourcesDir: string, feedUrl: string): string {
  const file = path.join(resourcesDir, 'app-update.yml');
  writeFileSync(file, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: hermes-bar-updater\n`);
  return file;
}
