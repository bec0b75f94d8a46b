/** A gateway plist written by hand (as an older Hermes Bar or a user left it): launcher, home, KeepAlive. */
import path from 'node:path';
import * as plist from 'plist';

export function handPlist(label: string, home: string, profile: string | null, program: string): string {
  return plist.build({
    Label: label,
    ProgramArguments: [program, ...(profile ? ['--profile', profile] : []), 'gateway', 'run', '--external-supervisor'],
    WorkingDirectory: home,
    EnvironmentVariables: { PATH: `${path.dirname(program)}:/usr/bin:/bin`, HERMES_HOME: home, HERMES_SUPERVISED_CHILD: '1' },
    RunAtLoad: true,
    KeepAlive: true,
    ThrottleInterval: 30,
    ExitTimeOut: 25,
    StandardOutPath: path.join(home, 'logs', 'gateway.log'),
    StandardErrorPath: path.join(home, 'logs', 'gateway.error.log'),
  });
}
