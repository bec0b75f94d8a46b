import type { Domain } from './domains.js';
import { describeExitCode, listStatus, waitStatus } from './exit-status.js';
import type { Job } from './job.js';
import { describeSignal } from './signals.js';
import { jobEnvironment } from './spawner.js';

/** The last exit in its three forms (LAUNCHD.md): an exit code, a terminating signal, or the system's reason. */
function exitLine(job: Job): string {
  const exit = job.lastExit;
  switch (exit.kind) {
    case 'never':
      return 'last exit code = (never exited)';
    case 'code':
      return `last exit code = ${describeExitCode(exit.code)}`;
    case 'signal':
      return `last terminating signal = ${describeSignal(exit.signal)}`;
    case 'reason':
      return `last exit reason = ${exit.reason}`;
  }
}

function block(name: string, lines: string[]): string[] {
  return [`${name} = {`, ...lines.map((line) => `\t${line}`), '}'];
}

/** The audit session of the login (gui) or background (user) session, as launchd numbers them. */
function asid(domain: string): number {
  return domain.startsWith('gui/') ? 100005 : 100008;
}

/** Coalitions launchd puts the job in; they print nested `state` and `pid` of their own. */
function coalitions(job: Job): string[] {
  const id = 1000 + 2 * (job.runs % 5000);
  return [
    ...block('resource coalition', [`ID = ${id}`]),
    '',
    ...block('jetsam coalition', [`ID = ${id + 1}`, 'type = jetsam', 'state = active', 'pid = 1']),
  ];
}

/**
 * `launchctl print gui/U/label`, in the layout real Macs print (../shared/real-output/): one-tab
 * keys, nested blocks that repeat `state`, `pid` and `last exit code`; `pid` only while a process runs; the last
 * exit in one of its three forms; `job state` once the job has been spawned; `state` xpcproxy
 * between a spawn and the exec, SIGTERMed while stopping.
 */
export function formatJobPrint(job: Job, home: string): string {
  const spec = job.spec;
  const env = jobEnvironment(spec, home);
  const active = job.pid !== null || job.state === 'xpcproxy';
  const domain = job.domain.startsWith('gui/') ? `${job.domain} [${asid(job.domain)}]` : job.domain;
  const lines: string[] = [
    `active count = ${active ? 1 : 0}`,
    `path = ${job.path}`,
    'type = LaunchAgent',
    `state = ${job.state}`,
    '',
    `program = ${spec.program}`,
    ...block('arguments', spec.programArguments),
    '',
    ...(spec.workingDirectory === null ? [] : [`working directory = ${spec.workingDirectory}`, '']),
    ...(spec.stdoutPath === null ? [] : [`stdout path = ${spec.stdoutPath}`]),
    ...(spec.stderrPath === null ? [] : [`stderr path = ${spec.stderrPath}`]),
    ...block('default environment', ['PATH => /usr/bin:/bin:/usr/sbin:/sbin']),
    '',
    ...block(
      'environment',
      Object.entries(env).map(([key, value]) => `${key} => ${value}`),
    ),
    '',
    `domain = ${domain}`,
    `asid = ${asid(job.domain)}`,
    `minimum runtime = ${spec.throttleInterval}`,
    `exit timeout = ${spec.exitTimeOut}`,
    `runs = ${job.runs}`,
    ...(job.pid === null ? [] : [`pid = ${job.pid}`, 'immediate reason = speculative']),
    `successive crashes = ${job.successiveCrashes}`,
    exitLine(job),
    ...(job.outcome === null ? [] : [`job state = ${job.outcome}`]),
    ...endpoints(job),
    '',
    ...coalitions(job),
    '',
    'spawn type = daemon (3)',
    'jetsam priority = 40',
    'jetsam memory limit (active) = (unlimited)',
    'jetsam memory limit (inactive) = (unlimited)',
    'jetsamproperties category = daemon',
    'jetsam thread limit = 32',
    'cpumon = default',
    '',
    `properties = ${properties(job).join(' | ')}`,
  ];
  const body = lines.map((line) => (line === '' ? '' : `\t${line}`));
  return [`${job.domain}/${job.label} = {`, ...body, '}', ''].join('\n');
}

/**
 * A job with MachServices lists its endpoints, a nested block that repeats `last exit code` (as
 * real-output/print-09 prints it, 0 whatever the job's own last exit): a reader that takes any
 * `last exit code` line as the job's meets it here.
 */
function endpoints(job: Job): string[] {
  return job.spec.machServices.length === 0 ? [] : block('endpoints', ['last exit code = 0']);
}

function properties(job: Job): string[] {
  const out: string[] = [];
  if (job.spec.keepAlive.kind !== 'never') out.push('keepalive');
  if (job.spec.runAtLoad) out.push('runatload');
  out.push('inferred program');
  return out;
}

/** `launchctl print gui/U`: a short domain block listing its services. */
export function formatDomainPrint(domain: Domain): string {
  const services = [...domain.jobs.values()].map(
    (job) => `${job.pid ?? 0}\t${listStatus(job.lastExit)}\t${job.label}`,
  );
  const lines = [
    `type = ${domain.name.startsWith('gui/') ? 'login' : 'background'}`,
    `active count = ${[...domain.jobs.values()].filter((job) => job.pid !== null).length}`,
    '',
    ...block('services', services),
  ];
  return [`${domain.name} = {`, ...lines.map((line) => (line === '' ? '' : `\t${line}`)), '}', ''].join('\n');
}

function quote(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** `launchctl list label`: the old-style dictionary; LastExitStatus is the raw wait status. */
export function formatListEntry(job: Job): string {
  const lines = [
    '{',
    `\t"LimitLoadToSessionType" = ${quote(job.domain.startsWith('gui/') ? 'Aqua' : 'Background')};`,
    `\t"Label" = ${quote(job.label)};`,
    `\t"OnDemand" = ${job.spec.keepAlive.kind === 'always' ? 'false' : 'true'};`,
    `\t"LastExitStatus" = ${waitStatus(job.lastExit)};`,
    ...(job.pid === null ? [] : [`\t"PID" = ${job.pid};`]),
    `\t"Program" = ${quote(job.spec.program)};`,
    '\t"ProgramArguments" = (',
    ...job.spec.programArguments.map((arg) => `\t\t${quote(arg)};`),
    '\t);',
    '};',
    '',
  ];
  return lines.join('\n');
}

/** `launchctl list`: `PID\tStatus\tLabel`. */
export function formatListTable(jobs: Job[]): string {
  const rows = jobs.map((job) => `${job.pid ?? '-'}\t${listStatus(job.lastExit)}\t${job.label}`);
  return ['PID\tStatus\tLabel', ...rows, ''].join('\n');
}
