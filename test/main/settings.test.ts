import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, SettingsStore } from '../../electron/main/app-settings.js';
import { tempDir } from './fake-engine.js';

describe('the settings file', () => {
  it('starts from defaults and is written atomically, mode 0600', () => {
    const dir = path.join(tempDir('hb-main-settings-'), 'userData');
    const file = path.join(dir, 'settings.json');
    const store = new SettingsStore(file);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    store.update({ keepRunning: true, lastVersion: '1.2.3' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']); // no temporary file left behind
    expect(new SettingsStore(file).get()).toEqual({ ...DEFAULT_SETTINGS, keepRunning: true, lastVersion: '1.2.3' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ keepRunning: true });
  });

  it('tightens a file that was readable by others when it rewrites it', () => {
    const file = path.join(tempDir('hb-main-settings-'), 'settings.json');
    writeFileSync(file, '{"keepRunning": true}', { mode: 0o644 });
    new SettingsStore(file).update({ lastVersion: '1.0.0' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('ignores what it cannot use', () => {
    expect(parseSettings('not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('[1,2]')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{"keepRunning":"yes","lastVersion":7,"launcherTarget":"/x","other":1}')).toEqual({ ...DEFAULT_SETTINGS, launcherTarget: '/x' });
  });
});
