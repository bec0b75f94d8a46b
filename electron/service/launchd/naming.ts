/** How launchd names a gateway's job and file: a label, and `<label>.plist` in LaunchAgents. */
import path from 'node:path';
import { isValidLabel, launchdLabelFor } from '../hermes/homes.js';
import type { ServiceNaming } from '../service-naming.js';
import { parsePlist, plistFacts } from './plist-file.js';

export const LAUNCHD_NAMING: ServiceNaming = {
  named(settings, suffix) {
    const label = launchdLabelFor(suffix);
    return { label, file: path.join(settings.agentsDir, `${label}.plist`) };
  },
  factsOf(_settings, text) {
    const plist = parsePlist(text);
    return plist.ok ? plistFacts(plist.dict) : null;
  },
  isValid: isValidLabel,
  pattern: 'ai.hermes.gateway or ai.hermes.gateway-<profile or hash>',
};
