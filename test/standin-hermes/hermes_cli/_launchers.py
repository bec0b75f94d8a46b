"""The install-bound command that runs a module of this install (``--print-runtime-command``).

Its bootstrap is the one Hermes 0.21 writes into plists and units for installs without a store
Python (see ../shared/real-hermes/0.21/*-nostore.*): the default home first, then the environment
cleared of Python overrides, then the install root on sys.path, ``hermes_bootstrap``, the module.
"""

from __future__ import annotations

import json
import os
import sys

from hermes_constants import get_hermes_home


def runtime_command(repo_root: str, args=(), *, module: str = "hermes_cli.main") -> list[str]:
    """``[python, "-I", "-c", <bootstrap>, *args]`` for this install and the current home."""
    root = os.path.realpath(repo_root)
    bootstrap = (
        "import os, sys, runpy; "
        f"os.environ['HERMES_HOME'] = os.environ.get('HERMES_HOME') or {get_hermes_home()!r}; "
        "os.environ.pop('PYTHONHOME', None); os.environ.pop('PYTHONPATH', None); "
        "os.environ.pop('VIRTUAL_ENV', None); "
        f"sys.path.insert(0, {root!r}); "
        "import hermes_bootstrap; "
        f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
    )
    return [sys.executable, "-I", "-c", bootstrap, *args]


def print_runtime_command(repo_root: str, argv: list[str]) -> None:
    """``[--module M] [-- ARGS…]``: prints the command as one line of JSON."""
    import argparse

    parser = argparse.ArgumentParser(prog="hermes --print-runtime-command")
    parser.add_argument("--module", default="hermes_cli.main")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    print(json.dumps(runtime_command(repo_root, args, module=options.module)))
