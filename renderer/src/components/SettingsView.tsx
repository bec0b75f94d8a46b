import { loginItemNote } from '../format.js';
import type { UpdateControls } from '../hooks/useUpdate.js';
import type { PreferenceKey, Preferences } from '../types.js';
import { NavBar } from './NavBar.js';
import { Switch } from './Switch.js';
import { UpdateItem } from './UpdateItem.js';

export interface SettingsViewProps {
  preferences: Preferences | null;
  onChange(key: PreferenceKey, value: boolean): void;
  update: UpdateControls;
  onBack(): void;
}

/**
 * Hermes Bar's settings, one switch each. "Open at login" shows macOS's real login-item status,
 * which may differ from what was asked (waiting for approval is also said on the main view). Below
 * them, Hermes Bar's own update.
 */
export function SettingsView({ preferences, onChange, update, onBack }: SettingsViewProps) {
  const login = preferences?.openAtLogin ?? 'unsupported';
  return (
    <div className="view">
      <NavBar title="Settings" onBack={onBack} />
      {preferences === null ? (
        <p className="secondary">Reading the settings…</p>
      ) : (
        <ul className="card rows" aria-label="Settings">
          <Switch
            label="Open at login"
            // Registered but waiting for approval is still "on" as far as the user's choice goes.
            checked={login === 'enabled' || login === 'requires-approval'}
            disabled={login === 'unsupported'}
            description={loginItemNote(login)}
            onChange={(value) => onChange('openAtLogin', value)}
          />
          <Switch
            label="Keep the gateway running"
            checked={preferences.keepRunning}
            description="When Hermes Bar starts, it starts the gateway if it is stopped."
            onChange={(value) => onChange('keepRunning', value)}
          />
        </ul>
      )}
      <UpdateItem {...update} />
    </div>
  );
}
