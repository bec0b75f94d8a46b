"""``hermes``: as much of Hermes's CLI as a service manager and Hermes Bar meet.

    hermes --version
    hermes [--profile X | -p X] gateway [run] [--replace] [--external-supervisor (0.21)]
    hermes --print-runtime-command [--module M] [-- ARGS…]        (0.21)
    hermes --run-module M ARGS…                                   (0.21)

Anything else is an argparse error (usage on stderr, exit 2), as is a flag the version does not
know: 0.18 rejects ``--external-supervisor``, ``--print-runtime-command`` and ``--run-module``.
"""

from __future__ import annotations

import os
import sys

from hermes_cli import MODERN, __release_date__, __version__
from hermes_constants import PROFILE_NAME, get_hermes_home, profile_home

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_FLAGS = ("--replace", "--external-supervisor") if MODERN else ("--replace",)


def _print_version() -> None:
    print(f"Hermes Agent v{__version__} ({__release_date__})")
    print(f"Install directory: {PROJECT_ROOT}")
    print(f"Python: {sys.version.split()[0]}")
    print("OpenAI SDK: Not installed")
    if MODERN:
        print("Run 'hermes version' for update status.")


def _apply_profile_override() -> int | None:
    """``--profile X``/``-p X``/``--profile=X`` anywhere before ``--``: HERMES_HOME becomes the
    profile's home (which must exist) and the flag leaves sys.argv, as Hermes does before its
    parser runs. A value that cannot be a profile name is left for the parser to reject."""
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--":
            return None
        if arg in ("--profile", "-p") and i + 1 < len(argv):
            name, consumed = argv[i + 1], 2
            if not PROFILE_NAME.match(name):
                return None
        elif arg.startswith("--profile="):
            name, consumed = arg.split("=", 1)[1], 1
        else:
            continue
        if not PROFILE_NAME.match(name):
            print(f"Error: invalid profile name {name!r}", file=sys.stderr)
            return 1
        home = profile_home(name)
        if name != "default" and not os.path.isdir(home):
            print(f"Error: Profile '{name}' does not exist. Create it with: hermes profile create {name}",
                  file=sys.stderr)
            return 1
        os.environ["HERMES_HOME"] = home
        del sys.argv[i + 1 : i + 1 + consumed]
        return None
    return None


def _parser():
    import argparse

    parser = argparse.ArgumentParser(prog="hermes", description="Hermes Agent (stand-in)")
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    commands = parser.add_subparsers(dest="command")
    gateway = commands.add_parser("gateway", help="the messaging gateway")
    gateway_commands = gateway.add_subparsers(dest="gateway_command")
    run = gateway_commands.add_parser("run", help="run the gateway in the foreground")
    run.add_argument("--replace", action="store_true", help="stop the home's running gateway first")
    if MODERN:
        run.add_argument("--external-supervisor", action="store_true",
                         help="a service manager supervises this gateway")
    return parser


def _is_gateway_run(argv: list[str]) -> bool:
    """The gateway's own command line, answered without building the parser (start-up time)."""
    flags = argv[2:]
    return argv[:2] == ["gateway", "run"] and len(set(flags)) == len(flags) and set(flags) <= set(RUN_FLAGS)


def _run_gateway(replace: bool) -> int:
    from gateway.run import run_gateway

    return run_gateway(get_hermes_home(), modern=MODERN, replace=replace)


def _run_module(argv: list[str]) -> int:
    """``--run-module M ARGS…``: module M as __main__ with ``sys.argv[1:] = ARGS``."""
    import runpy

    if not argv:
        sys.exit("hermes: --run-module needs a module")
    del sys.argv[1:3]
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)
    return 0


def main() -> int:
    argv = sys.argv[1:]
    if MODERN and argv[:1] == ["--print-runtime-command"]:
        from hermes_cli._launchers import print_runtime_command

        print_runtime_command(PROJECT_ROOT, argv[1:])
        return 0
    if MODERN and argv[:1] == ["--run-module"]:
        return _run_module(argv[1:])
    if argv in (["--version"], ["-V"], ["version"]):
        _print_version()
        return 0
    failed = _apply_profile_override()
    if failed is not None:
        return failed
    argv = sys.argv[1:]
    if _is_gateway_run(argv):
        return _run_gateway("--replace" in argv)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        _print_version()
        return 0
    if args.command == "gateway" and args.gateway_command in (None, "run"):
        return _run_gateway(getattr(args, "replace", False))
    parser.print_usage(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
