/**
 * Looks at one gateway under systemd without changing anything: the unit file on disk, systemd's
 * record of the unit, a legacy unit serving the same home, lingering, the gateway processes of
 * the home and the gateway's own files.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ServiceError } from '../errors.js';
import { commandOfDefinition, homeOfCommand } from '../hermes/definitions.js';
import { LEGACY_SYSTEMD_UNIT } from '../hermes/homes.js';
import type { HermesInstall } from '../hermes/install.js';
import { findInstall } from '../hermes/install.js';
import type { HomeState } from '../home-state.js';
import { observeHome, otherGateways, supervisedGateway } from '../home-state.js';
import type { Settings } from '../settings.js';
import type { Systemctl } from './systemctl.js';
import type { GatewayTarget } from '../target.js';
import { specifiers } from './specifiers.js';
import type { UnitFile } from './unit-file.js';
import { readUnitFile } from './unit-file.js';
import type { UnitRecord } from './unit-record.js';
import type { UserBus } from './user-bus.js';
import { userBus } from './user-bus.js';

/** A unit of an older Hermes (hermes.service) that runs a gateway for the same home. */
export interface LegacyUnit {
  name: string;
  path: string;
  /** systemd's record of it; null without a user bus. */
  record: UnitRecord | null;
}

export interface UnitObservation extends HomeState {
  target: GatewayTarget;
  uid: number;
  user: string;
  /** The user's home: whose ~/.hermes a gateway without HERMES_HOME serves. */
  userHome: string;
  bus: UserBus;
  unit: UnitFile;
  /** The Hermes install (HERMES.md's search, the unit's own first), null when none was found. */
  install: HermesInstall | null;
  /** systemd's record of the unit; null without a user bus. */
  record: UnitRecord | null;
  legacy: LegacyUnit | null;
  /** Whether the user manager outlives the user's logins (loginctl enable-linger). */
  lingering: boolean;
  checkedAt: number;
}

/**
 * systemd's record, or null without a bus. A bus that looked present but does not answer (a
 * socket left by a manager that exited) counts as no bus.
 */
async function recordOf(systemctl: Systemctl, unit: string, bus: UserBus): Promise<{ bus: UserBus; record: UnitRecord | null }> {
  if (!bus.ok) return { bus, record: null };
  try {
    return { bus, record: await systemctl.show(unit) };
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'no-user-bus') {
      return { bus: { ok: false, reason: error.info.stderr || error.message, nextStep: error.info.nextStep }, record: null };
    }
    throw error;
  }
}

async function legacyOf(settings: Settings, systemctl: Systemctl, target: GatewayTarget, bus: UserBus): Promise<LegacyUnit | null> {
  const file = path.join(settings.unitsDir, LEGACY_SYSTEMD_UNIT);
  if (file === target.plistPath) return null;
  const unit = await readUnitFile(file, specifiers(settings));
  if (!unit.exists || !unit.parsed.ok) return null;
  const { execStart, environment } = unit.parsed.unit;
  const command = commandOfDefinition(execStart);
  if (!command || homeOfCommand(command.gateway, environment, settings.userHome) !== path.resolve(target.home)) return null;
  return { name: LEGACY_SYSTEMD_UNIT, path: file, record: bus.ok ? await systemctl.show(LEGACY_SYSTEMD_UNIT) : null };
}

export async function observe(settings: Settings, systemctl: Systemctl, target: GatewayTarget): Promise<UnitObservation> {
  const bus = userBus(settings.env, settings.uid, settings.user);
  const [unit, first, home] = await Promise.all([
    readUnitFile(target.plistPath, specifiers(settings)),
    recordOf(systemctl, target.label, bus),
    observeHome(target.home, settings.userHome),
  ]);
  // systemd may have started a gateway after its record was read and before the process table
  // was: a gateway it seems not to own is judged by systemd's word taken after the table.
  const seemsUnowned = otherGateways(home, supervisedGateway(home, first.record?.mainPid ?? null)).length > 0;
  const found = seemsUnowned ? await recordOf(systemctl, target.label, bus) : first;
  const gateway = unit.exists && unit.parsed.ok ? (commandOfDefinition(unit.parsed.unit.execStart)?.gateway ?? null) : null;
  return {
    ...home,
    target,
    uid: settings.uid,
    user: settings.user,
    userHome: settings.userHome,
    bus: found.bus,
    unit,
    install: findInstall(settings.env, settings.userHome, gateway),
    record: found.record,
    legacy: await legacyOf(settings, systemctl, target, found.bus),
    lingering: existsSync(path.join(settings.lingerDir, settings.user)),
    checkedAt: Date.now(),
  };
}
