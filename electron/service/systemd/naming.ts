/** How systemd names a gateway's unit and file: a unit name, and that file in the user's units folder. */
import path from 'node:path';
import { isValidUnitName, systemdUnitFor } from '../hermes/homes.js';
import type { ServiceNaming } from '../service-naming.js';
import { specifiers } from './specifiers.js';
import { parseUnit, unitFacts } from './unit-file.js';

export const SYSTEMD_NAMING: ServiceNaming = {
  named(settings, suffix) {
    const unit = systemdUnitFor(suffix);
    return { label: unit, file: path.join(settings.unitsDir, unit) };
  },
  factsOf(settings, text) {
    const unit = parseUnit(text, specifiers(settings));
    return unit.ok ? unitFacts(unit.unit) : null;
  },
  isValid: isValidUnitName,
  pattern: 'hermes-gateway.service or hermes-gateway-<profile or hash>.service',
};
