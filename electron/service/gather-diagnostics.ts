/** Gathers the diagnostics report's facts from a backend's sources. Only reads. */
import type { DiagnosticFacts, ServiceFileFacts } from './diagnostics.js';
import { ERROR_LOG_LINES } from './diagnostics.js';
import { toErrorInfo } from './errors.js';
import { findInstall, hermesVersion } from './hermes/install.js';
import { logPaths } from './hermes/gateway-files.js';
import { tailFile } from './log-tail.js';
import type { Settings } from './settings.js';
import { osDescription, runtimeDescription } from './system-info.js';
import type { GatewayTarget } from './target.js';
import type { GatewayStatus } from './types.js';

/** What a backend contributes: its status, its service file, and its manager's record of the job. */
export interface DiagnosticSources {
  status(target: GatewayTarget): Promise<GatewayStatus>;
  serviceFile(target: GatewayTarget): Promise<ServiceFileFacts>;
  record(status: GatewayStatus): Promise<NonNullable<DiagnosticFacts['job']>>;
}

/** Everything the report shows; a gateway that cannot be looked at still yields the versions and why. */
export async function gatherDiagnostics(
  settings: Settings,
  sources: DiagnosticSources,
  resolve: () => GatewayTarget,
  appVersion: string,
): Promise<DiagnosticFacts> {
  const install = findInstall(settings.env, settings.userHome);
  const [hermes, os] = await Promise.all([install ? hermesVersion(install, settings.env) : null, osDescription()]);
  const facts: DiagnosticFacts = {
    generatedAt: new Date(),
    versions: { app: appVersion, hermes: hermes && install ? `${hermes} (${install.hermes})` : null, os, runtime: runtimeDescription() },
    error: null,
    status: null,
    serviceFile: null,
    job: null,
    errorLog: null,
  };
  let target: GatewayTarget;
  try {
    target = resolve();
    facts.status = await sources.status(target);
  } catch (error) {
    return { ...facts, error: toErrorInfo(error) };
  }
  const errorLog = logPaths(target.home).stderr;
  const [serviceFile, job, tail] = await Promise.all([sources.serviceFile(target), sources.record(facts.status), tailFile(errorLog, ERROR_LOG_LINES)]);
  return { ...facts, serviceFile, job, errorLog: { path: errorLog, ...tail } };
}
