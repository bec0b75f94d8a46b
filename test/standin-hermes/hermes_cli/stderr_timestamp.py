"""The stderr wrapper Hermes 0.21's plist runs around the gateway:

    hermes --run-module hermes_cli.stderr_timestamp --error-log FILE -- COMMAND…

COMMAND runs as a child (same process group) whose stderr lines are copied into FILE, each with
a ``2026-12-04 16:46:21,084`` prefix. Only SIGTERM, SIGINT and SIGHUP are forwarded to it; any
other signal keeps its default action on the wrapper (SIGUSR1 kills it, the child lives on).
The wrapper exits with the child's status, except 78 (fatal configuration) which becomes 0 so
launchd's KeepAlive does not restart it; a child killed by signal N gives 128+N. Under launchd
(``XPC_SERVICE_NAME`` set) a gateway command without ``--external-supervisor`` gets it added.

The wrapper is no gateway: it writes no gateway file and logs no start. As the child's reaper it
logs the child's ``exit`` event when a signal killed it (the child could not log it itself).
"""

from __future__ import annotations

import os
import signal
import sys
import time

EXTERNAL_SUPERVISOR_FLAG = "--external-supervisor"
FATAL_CONFIG_EXIT = 78
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
TIMESTAMP = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}(?:\s|$)"


def _stamped(line: str) -> str:
    """The line with a timestamp in front, unless it starts with one already."""
    import re  # here, not at start: most gateways never write to stderr

    return line if re.match(TIMESTAMP, line) else f"{_timestamp()} {line}"


def _timestamp() -> str:
    """logging's ``%(asctime)s``: local time, milliseconds after a comma."""
    now = time.time()
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now)) + f",{int(now % 1 * 1000):03d}"


def _is_launchd_supervised() -> bool:
    service = os.environ.get("XPC_SERVICE_NAME", "").strip()
    return bool(service) and service != "0"


def child_command(command: list[str]) -> list[str]:
    """COMMAND, with ``--external-supervisor`` added to a launchd-run gateway that lacks it."""
    if not _is_launchd_supervised() or EXTERNAL_SUPERVISOR_FLAG in command:
        return command
    from gateway.status import looks_like_gateway_command_line

    return [*command, EXTERNAL_SUPERVISOR_FLAG] if looks_like_gateway_command_line(" ".join(command)) else command


def _parse(argv: list[str]) -> tuple[str, list[str]]:
    """``--error-log FILE -- COMMAND…``; any other form goes to argparse (and its errors)."""
    if len(argv) > 3 and argv[0] == "--error-log" and argv[2] == "--":
        return argv[1], argv[3:]  # the plist's form, without argparse's start-up time
    import argparse

    parser = argparse.ArgumentParser(prog="stderr_timestamp",
                                     description="Run a command and timestamp each stderr line into a log file.")
    parser.add_argument("--error-log", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("missing command after --")
    return args.error_log, command


def _child_home(command: list[str]) -> str:
    """The HERMES_HOME the child gateway resolves (for its exit event)."""
    from hermes_constants import PROFILE_NAME, get_hermes_home, profile_home

    for i, arg in enumerate(command[:-1]):
        if arg in ("--profile", "-p") and PROFILE_NAME.match(command[i + 1]):
            return profile_home(command[i + 1])
    return get_hermes_home()


def _log_signal_death(command: list[str], pid: int, signo: int) -> None:
    from gateway.standin import append_event

    append_event(_child_home(command), "exit", pid, code=None, signal=signal.Signals(signo).name)


def main(argv: list[str] | None = None) -> int:
    log_path, command = _parse(sys.argv[1:] if argv is None else argv)
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    log = open(log_path, "a", encoding="utf-8", buffering=1)
    argv = child_command(command)
    read_end, write_end = os.pipe()
    try:
        pid = os.posix_spawnp(
            argv[0], argv, os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, write_end, 2), (os.POSIX_SPAWN_CLOSE, read_end)],
            # Python ignores SIGPIPE (and SIGXFSZ); a child gets them back, as subprocess does.
            setsigdef=(signal.SIGPIPE, signal.SIGXFSZ),
        )
    except OSError as error:
        log.write(f"{_timestamp()} failed to start stderr-timestamped command: {error}\n")
        return 127
    finally:
        os.close(write_end)

    def forward(signo: int, _frame: object) -> None:
        try:
            os.kill(pid, signo)
        except ProcessLookupError:
            pass

    for signo in FORWARDED:
        signal.signal(signo, forward)
    with os.fdopen(read_end, "rb") as stderr:
        for raw in iter(stderr.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            log.write(_stamped(line) + "\n")
    _, wait_status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(wait_status):
        signo = os.WTERMSIG(wait_status)
        _log_signal_death(command, pid, signo)
        return 128 + signo
    code = os.WEXITSTATUS(wait_status)
    return 0 if code == FATAL_CONFIG_EXIT else code


if __name__ == "__main__":
    sys.exit(main())
