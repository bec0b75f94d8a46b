import { loginItemWords } from '../format.js';
import type { PreferenceKey, Preferences } from '../types.js';
import { Switch } from './Switch.js';

export interface SettingsProps {
  preferences: Preferences | null;
  onChange(key: PreferenceKey, value: boolean): void;
}

/**
 * "Open at login" shows macOS's real login-item status, which may differ from what was asked
 * (waiting for approval is explained at the top of the popover, LoginApproval).
 */
export function Settings({ preferences, onChange }: SettingsProps) {
  if (preferences === null) return null;
  const login = preferences.openAtLogin;
  return (
    <section className="section settings" aria-labelledby="settings-title">
      <h2 id="settings-title" className="section-title">
        Settings
      </h2>
      <Switch
        label="Open at login"
        // Registered but waiting for approval is still "on" as far as the user's choice goes.
        checked={login === 'enabled' || login === 'requires-approval'}
        disabled={login === 'unsupported'}
        description={loginItemWords(login)}
        onChange={(value) => onChange('openAtLogin', value)}
      />
      {login === 'not-found' && (
        <p className="setting-description">Move Hermes Bar to the Applications folder, open it from there and try again.</p>
      )}
      <Switch
        label="Keep the gateway running"
        checked={preferences.keepRunning}
        description="When Hermes Bar starts, it loads the gateway if it is not loaded."
        onChange={(value) => onChange('keepRunning', value)}
      />
    </section>
  );
}
