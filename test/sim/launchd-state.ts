import type { ResolvedConfig } from './config.js';
import type { Domains } from './domains.js';
import type { EventLog } from './event-log.js';
import type { Overrides } from './overrides.js';
import type { SimPaths } from './paths.js';
import type { InjectRule } from './types.js';

/** Everything the daemon holds, shared by the command handlers. */
export interface LaunchdState {
  config: ResolvedConfig;
  paths: SimPaths;
  domains: Domains;
  overrides: Overrides;
  log: EventLog;
  /** HOME given to every job. */
  home: string;
}

/** One command being handled. */
export interface CommandContext {
  state: LaunchdState;
  /** argv without the subcommand. */
  args: string[];
  uid: number;
  cwd: string;
  /** The injected rule consumed by this command (without `exit`), if any. */
  rule: InjectRule | null;
}
