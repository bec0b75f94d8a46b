import { profileName } from '../format.js';
import type { GatewaySummary } from '../types.js';

// Profile names match Hermes's pattern (at least one character), so '' can stand for the default home.
const DEFAULT_VALUE = '';

export interface ProfileSwitcherProps {
  gateways: GatewaySummary[];
  /** The profile of the gateway on screen. */
  profile: string | null;
  onSelect(profile: string | null): void;
}

/** A pop-up button (a native menu on macOS), shown only when there is more than one gateway. */
export function ProfileSwitcher({ gateways, profile, onSelect }: ProfileSwitcherProps) {
  if (gateways.length < 2) return null;
  return (
    <select
      className="popup"
      aria-label="Gateway profile"
      title="Gateway profile"
      value={profile ?? DEFAULT_VALUE}
      onChange={(event) => onSelect(event.target.value === DEFAULT_VALUE ? null : event.target.value)}
    >
      {gateways.map((gateway) => (
        <option key={gateway.profile ?? DEFAULT_VALUE} value={gateway.profile ?? DEFAULT_VALUE}>
          {profileName(gateway.profile)}
        </option>
      ))}
    </select>
  );
}
