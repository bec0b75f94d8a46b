"""``ExecStopPost=`` of Hermes's systemd unit: SIGKILL whatever the stopped gateway left in the
unit's cgroup. It refuses (exit 1) unless systemd started it, and signals nothing while a live
gateway is still in the cgroup: run anywhere else it would kill the processes it shares a cgroup
with."""

from __future__ import annotations

import os
import signal
import sys


def _own_cgroup() -> str | None:
    try:
        with open("/proc/self/cgroup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("0::"):
                    return line[3:].strip()
    except OSError:
        pass
    return None


def _cgroup_pids(cgroup: str) -> list[int]:
    try:
        with open(f"/sys/fs/cgroup{cgroup}/cgroup.procs", encoding="utf-8") as handle:
            return [int(line) for line in handle if line.strip().isdigit()]
    except OSError:
        return []


def _started_by_systemd() -> bool:
    try:
        with open(f"/proc/{os.getppid()}/comm", encoding="utf-8") as handle:
            return handle.read().strip() == "systemd"
    except OSError:
        return False


def reap(cgroup: str) -> int | None:
    """SIGKILLs every other pid of ``cgroup``; None (nothing signalled) when a gateway lives there."""
    from gateway.status import looks_like_gateway_command_line, process_cmdline

    others = [pid for pid in _cgroup_pids(cgroup) if pid != os.getpid()]
    if any(looks_like_gateway_command_line(process_cmdline(pid)) for pid in others):
        print("cgroup_cleanup: refusing: a live gateway is still in the cgroup", file=sys.stderr)
        return None
    killed = 0
    for pid in others:
        try:
            os.kill(pid, signal.SIGKILL)
            killed += 1
        except (ProcessLookupError, PermissionError):
            pass
    return killed


def main() -> int:
    if not _started_by_systemd():
        print("cgroup_cleanup: refusing: not started by systemd (ExecStopPost)", file=sys.stderr)
        return 1
    cgroup = _own_cgroup()
    return 0 if cgroup is None or reap(cgroup) is not None else 1


if __name__ == "__main__":
    sys.exit(main())
