"""The stand-in Hermes CLI. Which Hermes it plays is the install's: ``_standin_version.json``,
written beside this file by the installer (test/support/standin.ts)."""

from __future__ import annotations

import json
import os

with open(os.path.join(os.path.dirname(__file__), "_standin_version.json"), encoding="utf-8") as _file:
    _facts = json.load(_file)

__version__: str = _facts["version"]
__release_date__: str = _facts["release_date"]

#: The 0.21 line: the store launcher's ``--print-runtime-command`` and ``--run-module``, the stderr
#: wrapper, ``gateway run --external-supervisor``, ``hermes_home`` in the pid record and
#: ``session_store`` in the state file. 0.18 has none of them.
MODERN: bool = tuple(int(part) for part in __version__.split(".")[:2]) >= (0, 21)
