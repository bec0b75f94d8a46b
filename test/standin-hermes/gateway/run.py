"""``hermes gateway run``: the gateway's life as Hermes lives it (HERMES.md "Signals and exits").

start → ``gateway.lock`` (flock; held by a live gateway: exit 1) → the platforms' token locks
(owned elsewhere: exit 78, no state written) → ``gateway.pid`` → ``starting`` → after bootMs
``running`` (or ``startup_failed`` and the crashOnBoot code).
SIGUSR1: ``draining``, after drainMs ``stopped`` "Gateway restart requested", exit 75.
SIGTERM/SIGINT with a fresh planned-stop (or takeover) marker naming it: ``stopped``, exit 0;
without one: exit 1 half a second later, the state file still saying ``running``.
SIGHUP: ignored. Its home removed: exit 1. Every exit it makes itself is logged as an ``exit``
event first; ``gateway.pid`` goes with it (when it names it), ``gateway.lock`` stays, unlocked.

Signals are blocked and taken with sigtimedwait(2) in one loop, so a signal that arrives during
a file write is handled after it, never inside it.
"""

from __future__ import annotations

import os
import signal
import time

from gateway import status
from gateway.standin import append_event, monotonic_micros, read_config, watch_exit

EXIT_RESTART = 75
EXIT_FATAL_CONFIG = 78
EXIT_SOFTWARE = 70
UNPLANNED_STOP_DELAY_S = 0.5
HOME_CHECK_S = 0.5
REPLACE_WAIT_S = 10.0
HANDLED = {signal.SIGUSR1, signal.SIGTERM, signal.SIGINT, signal.SIGHUP}


def _say(line: str) -> None:
    """A log line on stdout (launchd's StandardOutPath, the journal, the unsupervised log)."""
    try:
        os.write(1, f"[hermes-standin {status.utc_now_iso()} pid {os.getpid()}] {line}\n".encode())
    except OSError:
        pass


def _complain(line: str) -> None:
    try:
        os.write(2, f"{line}\n".encode())
    except OSError:
        pass  # the stderr wrapper is gone: its pipe is broken


class Gateway:
    def __init__(self, home: str, *, modern: bool, replace: bool) -> None:
        self.home = home
        self.modern = modern
        self.replace = replace
        self.pid = os.getpid()
        self.runtime_lock = status.RuntimeLock(home)
        self.token_locks: list[status.TokenLock] = []
        self.record: dict = {}
        self.phase = "starting"
        self.platforms: dict[str, dict] = {}
        self.session_store = "unknown"

    # -- start ------------------------------------------------------------------------------

    def run(self) -> int:
        signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
        os.makedirs(self.home, exist_ok=True)
        started = monotonic_micros()
        append_event(self.home, "start", self.pid, ppid=os.getppid())
        watch_exit(self.home, self.pid, started)
        try:
            self.config = read_config(self.home)
        except ValueError as error:
            _complain(f"hermes (stand-in): unreadable standin.json: {error}")
            return self.finish(EXIT_SOFTWARE)
        self.record = status.pid_record(self.home, with_home=self.modern)
        if not self.take_runtime_lock():
            return self.finish(1)
        for platform in self.config.platforms:
            lock = status.TokenLock(platform.name, self.config.token)
            taken, owner = lock.acquire(self.record)
            if not taken:
                owner_pid = (owner or {}).get("pid")
                _complain(f"Gateway: the {platform.name} bot token is already in use by another gateway "
                          f"(PID {owner_pid}, {lock.path}); fatal configuration, exiting")
                return self.finish(EXIT_FATAL_CONFIG)
            self.token_locks.append(lock)
        status.write_pid_file(self.home, self.record)
        self.platforms = {p.name: _platform_state("connecting") for p in self.config.platforms}
        self.write_state("starting")
        return self.loop()

    def take_runtime_lock(self) -> bool:
        if self.runtime_lock.acquire(self.record):
            return True
        holder = status.holder_pid(self.home)
        if not self.replace or holder in (None, self.pid):
            _complain(f"Gateway already running (PID {holder})")
            return False
        _say(f"replacing the running gateway (PID {holder})")
        status.write_takeover_marker(self.home, holder)
        start_time = status.process_start_time(holder)
        try:
            os.kill(holder, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + REPLACE_WAIT_S
        while time.monotonic() < deadline:
            if self.runtime_lock.acquire(self.record):
                return True
            time.sleep(0.05)
        if status.process_start_time(holder) == start_time and start_time is not None:
            os.kill(holder, signal.SIGKILL)
        deadline = time.monotonic() + REPLACE_WAIT_S / 2
        while time.monotonic() < deadline:
            if self.runtime_lock.acquire(self.record):
                return True
            time.sleep(0.05)
        _complain(f"Gateway already running (PID {holder}); it did not stop for --replace")
        return False

    # -- the loop ---------------------------------------------------------------------------

    def loop(self) -> int:
        now = time.monotonic()
        self.boot_at: float | None = now + self.config.boot_ms / 1000
        self.drained_at: float | None = None
        self.unplanned_exit_at: float | None = None
        next_home_check = now + HOME_CHECK_S
        while True:
            deadlines = [d for d in (self.boot_at, self.drained_at, self.unplanned_exit_at) if d is not None]
            timeout = max(0.0, min([next_home_check, *deadlines]) - time.monotonic())
            info = signal.sigtimedwait(HANDLED, timeout)
            if info is not None:
                code = self.on_signal(info.si_signo)
                if code is not None:
                    return code
            now = time.monotonic()
            if self.boot_at is not None and now >= self.boot_at:
                self.boot_at = None
                code = self.booted()
                if code is not None:
                    return code
            if self.drained_at is not None and now >= self.drained_at:
                return self.finish(EXIT_RESTART, "stopped", "Gateway restart requested", restart_requested=True)
            if self.unplanned_exit_at is not None and now >= self.unplanned_exit_at:
                return self.finish(1)
            if now >= next_home_check:
                if not os.path.isdir(self.home):
                    return self.finish(1)
                next_home_check = now + HOME_CHECK_S

    def booted(self) -> int | None:
        crash = self.config.crash_on_boot
        if crash is not None:
            return self.finish(crash, "startup_failed", "Gateway startup failed")
        self.phase = "running"
        self.platforms = {
            p.name: _platform_state(p.state, p.error_code, p.error_message) for p in self.config.platforms
        }
        self.session_store = "ok"
        self.write_state("running")
        append_event(self.home, "running", self.pid)
        return None

    def on_signal(self, signo: int) -> int | None:
        name = signal.Signals(signo).name
        if signo == signal.SIGHUP:
            _say("SIGHUP ignored")
        elif signo == signal.SIGUSR1 and self.config.ignore_sigusr1:
            _say("SIGUSR1 received and ignored (ignoreSigusr1)")
        elif signo == signal.SIGUSR1:
            if self.phase in ("starting", "running"):
                self.phase = "draining"
                self.boot_at = None
                self.write_state("draining", restart_requested=True)
                append_event(self.home, "draining", self.pid)
                self.drained_at = time.monotonic() + self.config.drain_ms / 1000
        elif signo == signal.SIGTERM and self.config.ignore_sigterm:
            _say("SIGTERM received and ignored (ignoreSigterm)")
        elif status.consume_marker_for_self(self.home, status.PLANNED_STOP_MARKER):
            return self.finish(0, "stopped", "Gateway stopped")
        elif status.consume_marker_for_self(self.home, status.TAKEOVER_MARKER):
            return self.finish(0, "stopped", "Gateway replaced")
        elif self.unplanned_exit_at is None:
            _say(f"{name} without a planned-stop marker: an unexpected stop, exiting 1")
            self.unplanned_exit_at = time.monotonic() + UNPLANNED_STOP_DELAY_S
        return None

    # -- files and exit ---------------------------------------------------------------------

    def write_state(self, state: str, exit_reason: str | None = None, *, restart_requested: bool = False) -> None:
        payload = {
            **self.record,
            "gateway_state": state,
            "exit_reason": exit_reason,
            "restart_requested": restart_requested,
            "active_agents": 0,
            "platforms": self.platforms,
        }
        if self.modern:
            payload["session_store"] = {"status": self.session_store}
        payload["updated_at"] = status.utc_now_iso()
        try:
            status.write_json_atomic(os.path.join(self.home, "gateway_state.json"), payload, compact=self.modern)
        except FileNotFoundError:
            return  # its home was removed: the next look at it ends the gateway
        _say(f"gateway_state {state}" + ("" if exit_reason is None else f" ({exit_reason})"))

    def finish(self, code: int, state: str | None = None, exit_reason: str | None = None,
               *, restart_requested: bool = False) -> int:
        """Writes the final state (when given), lets go of what is ours, logs the exit."""
        try:
            if state is not None:
                self.write_state(state, exit_reason, restart_requested=restart_requested)
            status.remove_pid_file(self.home)
            for lock in self.token_locks:
                lock.release()
            self.runtime_lock.release()
        except OSError as error:
            _complain(f"hermes gateway: cleanup failed: {error}")
        _say(f"exiting with status {code}")
        append_event(self.home, "exit", self.pid, code=code)
        return code


def _platform_state(state: str, error_code: str | None = None, error_message: str | None = None) -> dict:
    return {"state": state, "error_code": error_code, "error_message": error_message}


def run_gateway(home: str, *, modern: bool, replace: bool) -> int:
    return Gateway(home, modern=modern, replace=replace).run()

