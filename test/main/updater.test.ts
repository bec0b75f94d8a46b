/**
 * The self-update against a local feed (an HTTP server on 127.0.0.1 with stand-in artefacts),
 * through electron-updater's real code: its generic provider reads the feed named in
 * app-update.yml, its download verifies the sha512 the feed gives, and AppImageUpdater replaces the
 * AppImage; MacUpdater hands the verified zip to Squirrel.Mac through its loopback proxy (Squirrel
 * itself is the fake's: see fake-electron.ts). Electron is replaced at its boundary, for the app's
 * ESM imports (vi.mock) and for electron-updater's own require('electron').
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import electronUpdater from 'electron-updater';
import type { AppUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { SettingsStore } from '../../electron/main/app-settings.js';
import { UpdateController } from '../../electron/main/updater.js';
import type { UpdaterChoice } from '../../electron/main/updater.js';
import type { OperationEvent } from '../../electron/service/monitor.js';
import * as electron from './fake-electron.js';
import { app, fake, fakeElectronForCommonJs, resetFake } from './fake-electron.js';
import { tempDir } from './fake-engine.js';
import { until } from './harness.js';
import { publish, sha512, startFeed, writeAppUpdateYml } from './update-feed.js';
import type { Feed } from './update-feed.js';

fakeElectronForCommonJs(electron);

const CURRENT = '0.1.0';
const NEXT = '0.2.0';

/** The gateway operations as the status monitor announces them. */
class Operations {
  private readonly listeners = new Set<(event: OperationEvent) => void>();
  onOperation(listener: (event: OperationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(operation: OperationEvent['operation'], phase: OperationEvent['phase']): void {
    for (const listener of this.listeners) listener({ profile: null, operation, phase });
  }
}

interface World {
  feed: Feed;
  cache: string;
  settingsFile: string;
  log: string[];
  operations: Operations;
}

let world: World;

/** Where electron-updater reads app-update.yml (Electron sets it; read-only in its types). */
function setResourcesPath(dir: string): void {
  Object.defineProperty(process, 'resourcesPath', { value: dir, configurable: true, writable: true });
}
const saved = { resourcesPath: process.resourcesPath, cache: process.env.XDG_CACHE_HOME, appImage: process.env.APPIMAGE };

beforeEach(async () => {
  resetFake();
  fake.version = CURRENT;
  fake.isPackaged = true;
  fake.userData = tempDir('hb-upd-userdata-');
  const resources = tempDir('hb-upd-resources-');
  const feed = await startFeed();
  writeAppUpdateYml(resources, feed.url);
  setResourcesPath(resources);
  const cache = tempDir('hb-upd-cache-');
  process.env.XDG_CACHE_HOME = cache;
  world = { feed, cache, settingsFile: path.join(fake.userData, 'settings.json'), log: [], operations: new Operations() };
});

afterEach(async () => {
  await world.feed.close();
  setResourcesPath(saved.resourcesPath);
  for (const [key, value] of [['XDG_CACHE_HOME', saved.cache], ['APPIMAGE', saved.appImage]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

function controller(updater: AppUpdater, options: { intervalMs?: number } = {}): UpdateController {
  const choice: UpdaterChoice = { updater };
  return new UpdateController({
    choice,
    currentVersion: CURRENT,
    settings: new SettingsStore(world.settingsFile),
    operations: world.operations,
    log: (line) => world.log.push(line),
    ...options,
  });
}

/** A Linux AppImage install: the running AppImage is a stand-in file; the new one a script that leaves a mark. */
function appImageUpdater(): { updater: AppUpdater; appImage: string; marker: string } {
  const dir = tempDir('hb-upd-appimage-');
  const appImage = path.join(dir, 'Hermes-Bar.AppImage');
  writeFileSync(appImage, 'the running AppImage (stand-in)\n', { mode: 0o755 });
  process.env.APPIMAGE = appImage;
  return { updater: new electronUpdater.AppImageUpdater(), appImage, marker: path.join(dir, 'started') };
}

function newAppImage(marker: string): Buffer {
  return Buffer.from(`#!/bin/sh\n# Hermes Bar ${NEXT} (stand-in AppImage)\necho "$@" > '${marker}'\n`);
}

/** MacUpdater on this Linux machine: its provider asked for the macOS channel file, as on a Mac. */
function macUpdater(): AppUpdater {
  const updater = new electronUpdater.MacUpdater();
  (updater as unknown as { _testOnlyOptions: { platform: NodeJS.Platform } })._testOnlyOptions = { platform: 'darwin' };
  return updater;
}

/** Everything the updater fetched went to the configured feed, and the feed saw each request. */
function expectOnlyTheFeed(): void {
  expect(fake.netRequests.length).toBeGreaterThan(0);
  for (const request of fake.netRequests) {
    expect(request.url.startsWith(`${world.feed.url}/`), request.url).toBe(true);
    expect(request.session).toEqual({ partition: 'electron-updater' });
  }
  expect(world.feed.requests).toHaveLength(fake.netRequests.length);
}

function pendingFiles(): string[] {
  const pending = path.join(world.cache, 'hermes-bar-updater', 'pending');
  return existsSync(pending) ? readdirSync(pending).filter((f) => f !== 'update-info.json') : [];
}

describe('the updater against a local feed (Linux, AppImage)', () => {
  it('no update: the feed offers the running version; the app says it is up to date', async () => {
    const { updater } = appImageUpdater();
    publish(world.feed, 'latest-linux.yml', { version: CURRENT, files: [{ name: `hermes-bar-${CURRENT}-x86_64.AppImage`, bytes: Buffer.from('same') }] });
    const updates = controller(updater);
    const state = await updates.check();
    expect(state).toMatchObject({ phase: 'up-to-date', version: CURRENT, currentVersion: CURRENT, canRestart: false, error: null });
    expect(world.feed.requests.map((r) => r.replace(/\?.*$/, ''))).toEqual(['GET /feed/latest-linux.yml']);
    expectOnlyTheFeed();
  });

  it('an update is found, downloaded in the background, verified, and offered; restarting installs it', async () => {
    const { updater, appImage, marker } = appImageUpdater();
    const bytes = newAppImage(marker);
    publish(world.feed, 'latest-linux.yml', { version: NEXT, files: [{ name: `hermes-bar-${NEXT}-x86_64.AppImage`, bytes }] });
    const updates = controller(updater);
    const pushed: string[] = [];
    updates.onChange((state) => pushed.push(state.phase));

    const found = await updates.check();
    expect(found).toMatchObject({ phase: 'downloading', version: NEXT, canRestart: false });
    await until(() => updates.state.phase !== 'downloading', 10_000);
    expect(updates.state).toMatchObject({ phase: 'ready', version: NEXT, canRestart: true, error: null });
    expect(pushed.filter((phase, i) => phase !== pushed[i - 1])).toEqual(['checking', 'downloading', 'ready']);
    expect(pendingFiles()).toEqual([`hermes-bar-${NEXT}-x86_64.AppImage`]);
    expect(world.feed.requests.map((r) => r.replace(/\?.*$/, ''))).toEqual(['GET /feed/latest-linux.yml', `GET /feed/hermes-bar-${NEXT}-x86_64.AppImage`]);
    expectOnlyTheFeed();

    updates.restart();
    // electron-updater's AppImage install: the new file replaces the running one and is started.
    await until(() => app.quits === 1 && existsSync(marker), 10_000);
    expect(readFileSync(appImage)).toEqual(bytes);
  });

  it('a download whose sha512 does not match the feed is refused, deleted, reported clearly, and never offered', async () => {
    const { updater, appImage } = appImageUpdater();
    const tampered = Buffer.from('#!/bin/sh\necho tampered\n');
    publish(world.feed, 'latest-linux.yml', {
      version: NEXT,
      files: [{ name: `hermes-bar-${NEXT}-x86_64.AppImage`, bytes: tampered, claimedSha512: sha512(Buffer.from('what was released')) }],
    });
    const updates = controller(updater);
    await updates.check();
    await until(() => updates.state.phase !== 'downloading', 10_000);
    expect(updates.state.phase).toBe('error');
    expect(updates.state.canRestart).toBe(false);
    expect(updates.state.error).toMatchObject({ code: 'update-checksum-mismatch', message: `The download of Hermes Bar ${NEXT} was refused: its sha512 checksum does not match the update feed's` });
    expect(updates.state.error?.explanation).toContain('nothing was installed');
    expect(updates.state.error?.explanation).toContain(`expected ${sha512(Buffer.from('what was released'))}`);
    expect(pendingFiles()).toEqual([]);
    expect(world.log.some((line) => line.startsWith('update: update-checksum-mismatch'))).toBe(true);

    updates.restart();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.quits).toBe(0);
    expect(readFileSync(appImage, 'utf8')).toBe('the running AppImage (stand-in)\n');
    expectOnlyTheFeed();
  });

  it('no restart is offered while a gateway operation runs, and a click then does nothing', async () => {
    const { updater, appImage, marker } = appImageUpdater();
    publish(world.feed, 'latest-linux.yml', { version: NEXT, files: [{ name: `hermes-bar-${NEXT}-x86_64.AppImage`, bytes: newAppImage(marker) }] });
    const updates = controller(updater);
    world.operations.emit('restart', 'started');
    await updates.check();
    await until(() => updates.state.phase === 'ready', 10_000);
    expect(updates.state.canRestart).toBe(false);
    updates.restart();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.quits).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(appImage, 'utf8')).toBe('the running AppImage (stand-in)\n');

    world.operations.emit('restart', 'finished');
    expect(updates.state.canRestart).toBe(true);
    world.operations.emit('stop', 'started');
    expect(updates.state.canRestart).toBe(false);
    world.operations.emit('stop', 'finished');
    expect(updates.state.canRestart).toBe(true);
  });

  it('a feed that does not answer is reported as such', async () => {
    const { updater } = appImageUpdater();
    await world.feed.close();
    const updates = controller(updater);
    const state = await updates.check();
    expect(state.phase).toBe('error');
    expect(state.error).toMatchObject({ code: 'update-feed-unreachable', message: 'Could not check for updates: the update feed did not answer' });
    expect(state.error?.explanation).toMatch(/ECONNREFUSED/);
    for (const request of fake.netRequests) expect(request.url.startsWith(`${world.feed.url}/`)).toBe(true);
    world.feed = await startFeed(); // for afterEach
  });

  it('a feed address with nothing there (404 for latest-linux.yml) is reported as "no update feed found at <url>", not as a feed that did not answer', async () => {
    const { updater } = appImageUpdater();
    const updates = controller(updater);
    const state = await updates.check();
    expect(state.phase).toBe('error');
    expect(state.error).toMatchObject({
      code: 'update-feed-missing',
      message: `Could not check for updates: no update feed found at ${world.feed.url}/latest-linux.yml`,
      explanation: 'The update server answered 404 Not Found: no release was published at this address, or the feed moved.',
    });
    expect(state.error?.nextStep).toContain('releases page');
    expect(world.log.some((line) => line.startsWith('update: update-feed-missing: Could not check for updates: no update feed found at'))).toBe(true);
  });

  it('checks at launch and again after the interval when automatic checks are on; not at all when off (persisted)', async () => {
    const { updater } = appImageUpdater();
    publish(world.feed, 'latest-linux.yml', { version: CURRENT, files: [{ name: `hermes-bar-${CURRENT}-x86_64.AppImage`, bytes: Buffer.from('same') }] });
    const updates = controller(updater, { intervalMs: 40 });
    updates.start();
    await until(() => world.feed.requests.length >= 2, 5000);
    updates.setAutoCheck(false);
    expect(JSON.parse(readFileSync(world.settingsFile, 'utf8'))).toMatchObject({ autoCheckUpdates: false });
    const seen = world.feed.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(world.feed.requests.length).toBeLessThanOrEqual(seen + 1); // at most the check already in flight

    const next = controller(appImageUpdater().updater, { intervalMs: 40 });
    expect(next.state.autoCheck).toBe(false);
    const before = world.feed.requests.length;
    next.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(world.feed.requests.length).toBe(before);
    updates.stop();
    next.stop();
  });
});

describe('the updater against a local feed (macOS zip, Squirrel.Mac played by the fake)', () => {
  const zip = (arch: string) => `hermes-bar-${NEXT}-${arch}-mac.zip`;

  it("finds the update in latest-mac.yml, downloads this Mac's zip, verifies it and hands it to Squirrel; restarting installs it", async () => {
    const arm = Buffer.from('PK stand-in arm64 zip');
    const intel = Buffer.from('PK stand-in x64 zip');
    publish(world.feed, 'latest-mac.yml', { version: NEXT, files: [{ name: zip('arm64'), bytes: arm }, { name: zip('x64'), bytes: intel }] });
    const updates = controller(macUpdater());
    expect(await updates.check()).toMatchObject({ phase: 'downloading', version: NEXT });
    await until(() => updates.state.phase !== 'downloading', 10_000);
    expect(updates.state).toMatchObject({ phase: 'ready', canRestart: true });
    // This machine is x64: the x64 zip, handed over by MacUpdater's proxy on the loopback.
    expect(world.feed.requests.map((r) => r.replace(/\?.*$/, ''))).toEqual(['GET /feed/latest-mac.yml', `GET /feed/${zip('x64')}`]);
    expect(fake.squirrel.feeds).toHaveLength(1);
    expect(fake.squirrel.feeds[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await until(() => fake.squirrel.downloaded.length === 1);
    expect(fake.squirrel.downloaded[0]).toEqual(intel);
    expectOnlyTheFeed();

    updates.restart();
    await until(() => fake.squirrel.installs === 1);
    expect(app.quits).toBe(1);
  });

  it('a zip whose sha512 does not match is refused before Squirrel ever sees it', async () => {
    publish(world.feed, 'latest-mac.yml', { version: NEXT, files: [{ name: zip('x64'), bytes: Buffer.from('altered'), claimedSha512: sha512(Buffer.from('released')) }] });
    const updates = controller(macUpdater());
    await updates.check();
    await until(() => updates.state.phase !== 'downloading', 10_000);
    expect(updates.state.error?.code).toBe('update-checksum-mismatch');
    expect(fake.squirrel.feeds).toEqual([]);
    expect(fake.squirrel.downloaded).toEqual([]);
    expectOnlyTheFeed();
  });

  it("Squirrel's refusal after the download (its code-signature check) is reported, and no restart is offered", async () => {
    fake.squirrel.signatureError = 'Code signature at URL file:///…/Hermes Bar.app/ did not pass validation';
    publish(world.feed, 'latest-mac.yml', { version: NEXT, files: [{ name: zip('x64'), bytes: Buffer.from('PK unsigned') }] });
    const updates = controller(macUpdater());
    await updates.check();
    await until(() => updates.state.phase === 'error', 10_000);
    expect(updates.state.error?.code).toMatch(/^update-(install|download)-failed$/); // as Squirrel's answer races the hand-over's end
    expect(updates.state.error?.explanation).toContain('did not pass validation');
    expect(updates.state.canRestart).toBe(false);
  });
});
