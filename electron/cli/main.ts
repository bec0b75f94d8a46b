/** The hermes-bar command line: a thin shell over the engine. Exit 0 done, 1 failed, 2 bad usage. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../service/engine.js';
import type { ErrorCode, ErrorInfo } from '../service/errors.js';
import { toErrorInfo } from '../service/errors.js';
import type { Invocation } from './args.js';
import { USAGE, UsageError, parseArgs } from './args.js';
import { formatDoctor, formatError, formatList, formatResult, formatStatus } from './format.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Errors in what the user typed, rather than in what the operation met. */
const BAD_USAGE: ReadonlySet<ErrorCode> = new Set(['usage', 'invalid-profile']);

const stdio: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** The nearest package.json above this module: the repository's, the app archive's or the npm package's. */
function packageFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'package.json');
}

function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(packageFile(), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
}

async function execute(invocation: Invocation, io: Output): Promise<number> {
  const { command, profile, json } = invocation;
  const print = (value: unknown, text: () => string): void => io.out(json ? JSON.stringify(value, null, 2) : text());
  if (command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === 'version') {
    io.out(version());
    return 0;
  }
  const engine = createEngine();
  switch (command) {
    case 'status': {
      const status = await engine.status(profile);
      print(status, () => formatStatus(status));
      return 0;
    }
    case 'doctor': {
      if (invocation.report) {
        io.out(await engine.diagnostics(profile, version()));
        return 0;
      }
      const report = await engine.doctor(profile);
      print(report, () => formatDoctor(report));
      return 0;
    }
    case 'list': {
      const statuses = await engine.list();
      print(statuses, () => formatList(statuses));
      return 0;
    }
    default: {
      const result = await engine.run(command, profile);
      print(result, () => formatResult(result));
      return 0;
    }
  }
}

/** Bad usage: what was wrong, the likely meant word, and the usage, each said once. */
function usageFailure(io: Output, json: boolean, error: UsageError): void {
  const meant = error.suggestion === null ? null : `Did you mean \`${error.suggestion}\`?`;
  if (json) {
    const info: ErrorInfo = { code: 'usage', message: error.message, explanation: USAGE, nextStep: meant ?? 'Run `hermes-bar --help`.' };
    fail(io, true, 'usage', info);
    return;
  }
  io.err([`hermes-bar: ${error.message}.${meant ? ` ${meant}` : ''}`, '', USAGE].join('\n'));
}

function fail(io: Output, json: boolean, command: string, error: ErrorInfo): void {
  if (json) io.out(JSON.stringify({ ok: false, operation: command, error }, null, 2));
  else io.err(formatError(command, error));
}

export async function main(argv: readonly string[], io: Output = stdio): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    usageFailure(io, argv.includes('--json'), error);
    return 2;
  }
  try {
    return await execute(invocation, io);
  } catch (error) {
    const info = toErrorInfo(error);
    fail(io, invocation.json, invocation.command, info);
    return BAD_USAGE.has(info.code) ? 2 : 1;
  }
}
