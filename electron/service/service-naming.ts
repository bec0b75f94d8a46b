/**
 * How a backend names a gateway's service and reads its file, for finding which one a home has
 * (target.ts). Each backend writes its own (launchd/naming.ts, systemd/naming.ts); the settings'
 * backend picks one.
 */
import type { DefinitionFacts } from './hermes/definitions.js';
import { LAUNCHD_NAMING } from './launchd/naming.js';
import type { Settings } from './settings.js';
import { SYSTEMD_NAMING } from './systemd/naming.js';

export interface ServiceNaming {
  /** The service name (launchd label, systemd unit) for a label suffix, and the file that defines it. */
  named(settings: Settings, suffix: string | null): { label: string; file: string };
  /** What a service file's text means, or null when it cannot be parsed. */
  factsOf(settings: Settings, text: string): DefinitionFacts | null;
  isValid(name: string): boolean;
  /** The names Hermes gives, for an error about one that is not. */
  pattern: string;
}

export function namingOf(settings: Settings): ServiceNaming {
  return settings.backend === 'systemd' ? SYSTEMD_NAMING : LAUNCHD_NAMING;
}
