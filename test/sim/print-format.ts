import type { Domain } from './domains.js';
import { describeExitCode, listStatus, waitStatus } from './exit-status.js';
import type { Job } from './job.js';
import { describeSignal } from './signals.js';
import { jobEnvironment } from './spawner.js';

function exitLine(job: Job): string {
  const exit = job.lastExit;
  switch (exit.kind) {
    case 'never':
      return 'last exit code = (never exited)';
    case 'code':
      return `last exit code = ${describeExitCode(exit.code)}`;
    case 'signal':
      return `last terminating signal = ${describeSignal(exit.signal)}`;
  }
}

function block(name: string, lines: string[], depth: number): string[] {
  const indent = '\t'.repeat(depth);
  return [`${indent}${name} = {`, ...lines.map((line) => `${indent}\t${line}`), `${indent}}`];
}

/**
 * `launchctl print gui/U/label`. Nested blocks repeat top-level keys (`state`, `pid`) on purpose:
 * a reader must take only the lines indented by exactly one tab.
 */
export function formatJobPrint(job: Job, home: string): string {
  const spec = job.spec;
  const env = jobEnvironment(spec, home);
  const lines: string[] = [
    `active count = ${job.pid === null ? 0 : 1}`,
    `path = ${job.path}`,
    'type = LaunchAgent',
    `state = ${job.state}`,
    '',
    `program = ${spec.program}`,
    ...block('arguments', spec.programArguments, 0),
    '',
    ...(spec.workingDirectory === null ? [] : [`working directory = ${spec.workingDirectory}`]),
    ...(spec.stdoutPath === null ? [] : [`stdout path = ${spec.stdoutPath}`]),
    ...(spec.stderrPath === null ? [] : [`stderr path = ${spec.stderrPath}`]),
    ...block('default environment', ['PATH => /usr/bin:/bin:/usr/sbin:/sbin'], 0),
    '',
    ...block(
      'environment',
      Object.entries(env).map(([key, value]) => `${key} => ${value}`),
      0,
    ),
    '',
    `domain = ${job.domain}`,
    `minimum runtime = ${spec.throttleInterval}`,
    `exit timeout = ${spec.exitTimeOut}`,
    `runs = ${job.runs}`,
    ...(job.pid === null ? [] : [`pid = ${job.pid}`]),
    exitLine(job),
    'spawn type = interactive (4)',
    '',
    ...block(
      'event triggers',
      [
        'state = 0',
        ...block(`${job.label}.keepalive`, ['stream = com.apple.launchd.keepalive', 'state = 0', 'pid = 0'], 0),
      ],
      0,
    ),
    '',
    `properties = ${properties(job).join(' | ')}`,
  ];
  const body = lines.map((line) => (line === '' ? '' : `\t${line}`));
  return [`${job.domain}/${job.label} = {`, ...body, '}', ''].join('\n');
}

function properties(job: Job): string[] {
  const out = ['inferred program'];
  if (job.spec.runAtLoad) out.push('runatload');
  if (job.spec.keepAlive.kind !== 'never') out.push('keepalive');
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
    ...block('services', services, 0),
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
