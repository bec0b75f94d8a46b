"""The stand-in Hermes CLI. Which Hermes it plays is the install's: the installer
(test/support/standin-install.ts) writes the two literal lines below as real Hermes has them, so
Hermes Bar can read the version the way it reads a real install's."""

from __future__ import annotations

__version__ = "0.0.0"
__release_date__ = "0000.00.00"

#: The 0.21 line: the store launcher's ``--print-runtime-command`` and ``--run-module``, the stderr
#: wrapper, ``gateway run --external-supervisor``, ``hermes_home`` in the pid record and
#: ``session_store`` in the state file. 0.18 has none of them.
MODERN: bool = tuple(int(part) for part in __version__.split(".")[:2]) >= (0, 21)
