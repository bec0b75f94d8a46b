/** The CLI's --json answers with the exit status each must have, as the integration fixtures use them. */
import { expect } from 'vitest';
import type { ErrorInfo } from '../../electron/service/errors.js';
import type { DoctorReport, GatewayStatus, OperationResult } from '../../electron/service/types.js';
import type { CliRun } from './cli.js';

export interface CliChecks {
  status(): Promise<GatewayStatus>;
  doctor(): Promise<DoctorReport>;
  /** Runs an operation with --json and expects it to succeed. */
  ok(operation: string): Promise<OperationResult>;
  /** Runs an operation with --json and expects it to fail with exit 1. */
  fails(operation: string): Promise<ErrorInfo>;
}

export function cliChecks(run: (args: string[]) => Promise<CliRun>): CliChecks {
  const answer = async (args: string[]): Promise<unknown> => {
    const result = await run(args);
    expect(result.exitCode, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
    return result.json;
  };
  return {
    status: async () => (await answer(['status', '--json'])) as GatewayStatus,
    doctor: async () => (await answer(['doctor', '--json'])) as DoctorReport,
    ok: async (operation) => (await answer([operation, '--json'])) as OperationResult,
    async fails(operation) {
      const result = await run([operation, '--json']);
      expect(result.exitCode, `${operation}: ${result.stdout}${result.stderr}`).toBe(1);
      const body = result.json as { ok: boolean; error: ErrorInfo };
      expect(body.ok).toBe(false);
      return body.error;
    },
  };
}
