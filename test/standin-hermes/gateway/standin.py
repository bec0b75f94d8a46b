"""What only the stand-in has: its knobs (``$HERMES_HOME/standin.json``) and its event log
(``$HERMES_HOME/standin-events.jsonl``), the tests' view of every gateway's life. The TS side
(test/support/standin.ts) writes the one and reads the other."""

from __future__ import annotations

import json
import os
import sys
import time

EVENTS_FILE = "standin-events.jsonl"
CONFIG_FILE = "standin.json"
DEFAULT_PLATFORMS = ("telegram", "discord")


class Platform:
    """A configured messaging platform and the state it reaches once booted (connected,
    retrying or fatal); every platform is ``connecting`` while the gateway starts."""

    def __init__(self, name: str, state: str = "connected", error_code: str | None = None,
                 error_message: str | None = None) -> None:
        self.name, self.state = name, state
        self.error_code, self.error_message = error_code, error_message


class StandinConfig:
    """standin.json, resolved. (Plain classes: dataclasses costs ~15 ms of imports at start.)"""

    def __init__(self, *, boot_ms: float, drain_ms: float, crash_on_boot: int | None,
                 ignore_sigterm: bool, ignore_sigusr1: bool, token: str, platforms: tuple[Platform, ...]) -> None:
        self.boot_ms, self.drain_ms = boot_ms, drain_ms
        #: An exit code: after boot_ms write startup_failed and exit with it.
        self.crash_on_boot = crash_on_boot
        self.ignore_sigterm = ignore_sigterm
        #: A wedged gateway: SIGUSR1 (the graceful restart) does nothing.
        self.ignore_sigusr1 = ignore_sigusr1
        self.token = token
        self.platforms = platforms


def default_token(home: str) -> str:
    """The same home always gets the same token; two homes never share one unless told to."""
    from gateway.status import sha256_hex

    return f"standin-{sha256_hex(home)[:24]}"


def _duration(value: object, fallback: float) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    return float(value) if ok else fallback


def _platform(item: object) -> Platform:
    if isinstance(item, str):
        return Platform(item)
    if isinstance(item, dict) and isinstance(item.get("name"), str):
        return Platform(item["name"], str(item.get("state", "connected")),
                        item.get("error_code"), item.get("error_message"))
    raise ValueError(f"a platform is a name or {{name, state, error_code, error_message}}: {item!r}")


def read_config(home: str) -> StandinConfig:
    """``standin.json`` (missing: the defaults). A malformed file raises ValueError."""
    try:
        with open(os.path.join(home, CONFIG_FILE), encoding="utf-8") as handle:
            raw = json.load(handle)
    except FileNotFoundError:
        raw = {}
    if not isinstance(raw, dict):
        raise ValueError("standin.json is not an object")
    crash = raw.get("crashOnBoot", False)
    if not (crash is None or isinstance(crash, (bool, int))):
        raise ValueError(f"standin.json: crashOnBoot is false or an exit code, not {crash!r}")
    platforms = raw.get("platforms", list(DEFAULT_PLATFORMS))
    if not isinstance(platforms, list):
        raise ValueError("standin.json: platforms is not a list")
    token = raw.get("token")
    return StandinConfig(
        boot_ms=_duration(raw.get("bootMs"), 100),
        drain_ms=_duration(raw.get("drainMs"), 50),
        crash_on_boot=None if crash is False or crash is None else (1 if crash is True else int(crash)),
        ignore_sigterm=raw.get("ignoreSigterm") is True,
        ignore_sigusr1=raw.get("ignoreSigusr1") is True,
        token=token if isinstance(token, str) and token else default_token(home),
        platforms=tuple(_platform(item) for item in platforms),
    )


def monotonic_micros() -> int:
    """CLOCK_MONOTONIC in µs: comparable with the simulator's events (test/sim/clock.ts)."""
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000


def append_event(home: str, kind: str, pid: int, **fields: object) -> None:
    """One line, one write(2) on an O_APPEND fd: concurrent writers never interleave."""
    event = {"t": monotonic_micros(), "type": kind, "pid": pid, "home": home, **fields}
    line = (json.dumps(event) + "\n").encode("utf-8")
    try:
        fd = os.open(os.path.join(home, EVENTS_FILE), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError:
        return  # the home is gone (the test has finished, or removed it on purpose)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


# The exit watcher: a small process in its own session holding the read end of a pipe whose write
# end only the gateway holds, so EOF is the gateway's death, however it died. A gateway killed with
# SIGKILL after its parent (the stderr wrapper) died has nobody else to log its exit.
_WATCHER = """
import json, os, sys, time
fd, pid, started, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
while os.read(fd, 1):
    pass
died = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
time.sleep(0.5)
def logged():
    try:
        with open(path, encoding='utf-8') as events:
            for line in events:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if event.get('type') == 'exit' and event.get('pid') == pid and event.get('t', 0) >= started:
                    return True
    except OSError:
        return True
    return False
if not logged():
    line = json.dumps({'t': died, 'type': 'exit', 'pid': pid, 'home': os.path.dirname(path), 'code': None, 'signal': 'SIGKILL', 'by': 'watcher'}) + chr(10)
    try:
        out = os.open(path, os.O_WRONLY | os.O_APPEND)
        os.write(out, line.encode())
    except OSError:
        pass
"""

_watched: list[int] = []


def watch_exit(home: str, pid: int, started: int) -> None:
    """Logs this gateway's exit (a SIGKILL) if it dies without an exit event of its own or its reaper's."""
    read_end, write_end = os.pipe()
    os.set_inheritable(read_end, True)
    try:
        # Its standard streams are /dev/null: holding the gateway's stderr (the stderr wrapper's
        # pipe) would keep the wrapper, which reads it to its end, alive until the watcher exits.
        os.posix_spawn(sys.executable, [sys.executable, "-I", "-S", "-c", _WATCHER, str(read_end), str(pid), str(started),
                                        os.path.join(home, EVENTS_FILE)], dict(os.environ), setsid=True, setsigmask=(),
                       file_actions=[(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)])
    except OSError:
        os.close(write_end)
        return
    finally:
        os.close(read_end)
    _watched.append(write_end)  # never closed: the kernel closes it when the gateway dies
