"""The gateway's identity files under HERMES_HOME and the machine-wide bot-token locks, in the
shapes Hermes writes them (HERMES.md "The running gateway's files"):

- ``gateway.pid``: the pid record, created once (O_EXCL) by the gateway, removed by it on exit;
- ``gateway.lock``: the same record, flock-held for the gateway's life (the file stays after);
- ``gateway_state.json``: the record plus the state, rewritten atomically on transitions only;
- ``<lock dir>/<platform>-<sha256(token)[:16]>.lock``: a bot token's owner, created O_EXCL and
  taken over only when its owner is gone (dead, a reused pid, or not a gateway);
- ``.gateway-planned-stop.json`` / ``.gateway-takeover.json``: why a SIGTERM is expected.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time

KIND = "hermes-gateway"
PLANNED_STOP_MARKER = ".gateway-planned-stop.json"
TAKEOVER_MARKER = ".gateway-takeover.json"
MARKER_TTL_S = 60


def utc_now_iso() -> str:
    """``datetime.now(timezone.utc).isoformat()`` without importing datetime (start-up time)."""
    micros = time.time_ns() // 1000
    seconds, fraction = divmod(micros, 1_000_000)
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{base}.{fraction:06d}+00:00" if fraction else f"{base}+00:00"


def _stat_fields(pid: int) -> list[bytes] | None:
    """/proc/<pid>/stat from field 3 (the state) on; comm may hold spaces and parentheses."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    return stat[stat.rindex(b")") + 2 :].split()


def process_start_time(pid: int) -> int | None:
    """Field 22 of /proc/<pid>/stat: the start in clock ticks since boot (Linux)."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[19])


def process_state(pid: int) -> str | None:
    """The state letter (``R``, ``S``, ``T``, ``Z``…), None when there is no such process."""
    fields = _stat_fields(pid)
    return None if fields is None else fields[0].decode()


def process_cmdline(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    return raw.replace(b"\x00", b" ").decode("utf-8", errors="ignore").strip() or None


def gateway_subcommand(command: str | None) -> str | None:
    """Hermes's own rule for a gateway command line: it mentions ``hermes_cli.main`` (also inside
    a ``-c`` script) or ``hermes_cli/main.py``, or has a token whose basename is ``hermes``; then,
    skipping ``--profile X``/``-p X``, the word after ``gateway`` (``run`` when none)."""
    if not command:
        return None
    import shlex

    try:
        raw = shlex.split(command, posix=False)
    except ValueError:
        raw = command.split()
    tokens = [token.strip("\"'").replace("\\", "/").lower() for token in raw]
    basenames = [token.rsplit("/", 1)[-1] for token in tokens]
    if any(token.endswith("gateway/run.py") for token in tokens) or "hermes-gateway" in basenames:
        return "run"
    joined = " ".join(tokens)
    if "hermes_cli.main" not in joined and "hermes_cli/main.py" not in joined and "hermes" not in basenames:
        return None
    kept: list[str] = []
    skip = False
    for token in tokens:
        if skip:
            skip = False
        elif token in ("--profile", "-p"):
            skip = True
        elif not token.startswith(("--profile=", "-p=")):
            kept.append(token)
    for i, token in enumerate(kept):
        if token == "gateway":
            return kept[i + 1] if i + 1 < len(kept) else "run"
    return None


def looks_like_gateway_command_line(command: str | None) -> bool:
    return gateway_subcommand(command) == "run"


def pid_record(home: str, *, with_home: bool) -> dict:
    """``{pid, kind, argv, start_time[, hermes_home]}``; argv is Python's sys.argv."""
    record = {
        "pid": os.getpid(),
        "kind": KIND,
        "argv": list(sys.argv),
        "start_time": process_start_time(os.getpid()),
    }
    if with_home:
        record["hermes_home"] = os.path.realpath(home)
    return record


def read_json(path: str) -> dict | None:
    """The JSON object at ``path`` (a bare pid counts as ``{"pid": N}``), or None."""
    try:
        with open(path, encoding="utf-8") as handle:
            raw = handle.read().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return {"pid": int(raw)} if raw.isdigit() else None
    return value if isinstance(value, dict) else None


def write_json_atomic(path: str, payload: dict, *, compact: bool) -> None:
    """Written beside ``path`` and renamed over it: a reader sees the old file or the new one."""
    staging = f"{path}.{os.getpid()}.tmp"
    separators = (",", ":") if compact else None
    with open(staging, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, separators=separators)
    os.replace(staging, path)


class RuntimeLock:
    """``gateway.lock``: an exclusive flock on an fd kept open for the process's life."""

    def __init__(self, home: str) -> None:
        self.path = os.path.join(home, "gateway.lock")
        self.handle = None

    def acquire(self, record: dict) -> bool:
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        json.dump(record, handle)
        handle.flush()
        self.handle = handle
        return True

    def release(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()


def holder_pid(home: str) -> int | None:
    """The pid the home's records name (``gateway.pid``, else ``gateway.lock``)."""
    for name in ("gateway.pid", "gateway.lock"):
        pid = (read_json(os.path.join(home, name)) or {}).get("pid")
        if isinstance(pid, int):
            return pid
    return None


def write_pid_file(home: str, record: dict) -> None:
    """``gateway.pid``, created exclusively. The caller holds ``gateway.lock``, so a file already
    there was left by a gateway that died without cleaning up."""
    path = os.path.join(home, "gateway.pid")
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record, handle)


def remove_pid_file(home: str) -> None:
    """Removes ``gateway.pid`` only when it names this process."""
    path = os.path.join(home, "gateway.pid")
    if (read_json(path) or {}).get("pid") not in (None, os.getpid()):
        return
    try:
        os.unlink(path)
    except OSError:
        pass


def _token_lock_record_is_stale(record: dict) -> bool:
    """Its owner is gone: dead, a reused pid (start time differs), not a gateway, or stopped."""
    pid = record.get("pid")
    state = process_state(pid) if isinstance(pid, int) else None
    if state in (None, "Z", "X"):
        return True
    recorded, current = record.get("start_time"), process_start_time(pid)
    if None not in (recorded, current) and recorded != current:
        return True
    cmdline = process_cmdline(pid)
    if cmdline is not None and not looks_like_gateway_command_line(cmdline):
        return True
    return state in ("T", "t")


def token_lock_dir() -> str:
    override = os.environ.get("HERMES_GATEWAY_LOCK_DIR")
    if override:
        return override
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "hermes", "gateway-locks")


def sha256_hex(text: str) -> str:
    try:
        from _sha256 import sha256  # the builtin: hashlib's OpenSSL load costs ~10 ms at start
    except ImportError:
        from hashlib import sha256
    return sha256(text.encode("utf-8")).hexdigest()


class TokenLock:
    """One platform's bot token, owned by one gateway on the machine at a time."""

    def __init__(self, scope: str, token: str) -> None:
        self.scope = scope
        self.identity_hash = sha256_hex(token)[:16]
        self.path = os.path.join(token_lock_dir(), f"{scope}-{self.identity_hash}.lock")

    def acquire(self, record: dict) -> tuple[bool, dict | None]:
        """(True, None) when taken; (False, the owner's record) when another gateway owns it."""
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        payload = {**record, "scope": self.scope, "identity_hash": self.identity_hash,
                   "metadata": {}, "updated_at": utc_now_iso()}
        existing = read_json(self.path)
        if existing is None and os.path.exists(self.path):
            _unlink(self.path)  # its writer died between creating and writing it
        if existing:
            if existing.get("pid") == os.getpid():
                write_json_atomic(self.path, payload, compact=True)
                return True, None
            if not _token_lock_record_is_stale(existing):
                return False, existing
            # A tombstone rename, not an unlink: of two starters taking over, one wins.
            tombstone = self.path + ".stale"
            try:
                os.replace(self.path, tombstone)
                _unlink(tombstone)
            except OSError:
                pass
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False, read_json(self.path)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle)
        return True, None

    def release(self) -> None:
        if (read_json(self.path) or {}).get("pid") == os.getpid():
            _unlink(self.path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _marker_is_stale(written_at: object) -> bool:
    from datetime import datetime, timezone

    try:
        age = datetime.now(timezone.utc) - datetime.fromisoformat(str(written_at))
    except (TypeError, ValueError):
        return True  # unparseable, or a naive time (no offset): Hermes cannot date it
    return age.total_seconds() > MARKER_TTL_S


def consume_marker_for_self(home: str, name: str) -> bool:
    """True when ``home/name`` is a fresh marker naming this process (pid, and start time when
    both sides know one). A marker that was read is consumed either way, as Hermes does."""
    path = os.path.join(home, name)
    record = read_json(path)
    if record is None:
        return False
    target_pid = record.get("target_pid")
    if not isinstance(target_pid, int) or _marker_is_stale(record.get("written_at")):
        _unlink(path)
        return False
    target_home = record.get("target_hermes_home")
    if isinstance(target_home, str) and os.path.realpath(target_home) != os.path.realpath(home):
        return False  # meant for another profile's gateway: not ours to consume
    ours = process_start_time(os.getpid())
    theirs = record.get("target_start_time")
    matches = target_pid == os.getpid() and (None in (theirs, ours) or theirs == ours)
    _unlink(path)
    return matches


def write_takeover_marker(home: str, target_pid: int) -> None:
    write_json_atomic(os.path.join(home, TAKEOVER_MARKER), {
        "target_pid": target_pid,
        "target_start_time": process_start_time(target_pid),
        "target_hermes_home": os.path.realpath(home),
        "replacer_pid": os.getpid(),
        "replacer_hermes_home": os.path.realpath(home),
        "written_at": utc_now_iso(),
    }, compact=True)
