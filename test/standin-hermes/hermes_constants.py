"""Where a Hermes home is: HERMES_HOME, its profiles and the root they hang from (HERMES.md)."""

from __future__ import annotations

import os
import re

PROFILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def native_home() -> str:
    """``~/.hermes``, with ``~`` taken from $HOME."""
    return os.path.join(os.path.expanduser("~"), ".hermes")


def get_hermes_home() -> str:
    """HERMES_HOME when set, else ``~/.hermes``."""
    value = os.environ.get("HERMES_HOME", "").strip()
    return os.path.abspath(os.path.expanduser(value)) if value else native_home()


def get_default_hermes_root() -> str:
    """The folder profiles hang from: ``~/.hermes`` for any home inside it; for a home elsewhere,
    its grandparent when it is ``<root>/profiles/<name>``, else the home itself."""
    native = native_home()
    value = os.environ.get("HERMES_HOME", "").strip()
    if not value:
        return native
    home = os.path.abspath(os.path.expanduser(value))
    real_home, real_native = os.path.realpath(home), os.path.realpath(native)
    if real_home == real_native or real_home.startswith(real_native + os.sep):
        return native
    parent = os.path.dirname(home)
    return os.path.dirname(parent) if os.path.basename(parent) == "profiles" else home


def profile_home(name: str) -> str:
    """The home of profile ``name`` (``default`` is the root itself)."""
    root = get_default_hermes_root()
    return root if name == "default" else os.path.join(root, "profiles", name)
