"""Imported first by every Hermes entry point (the launcher's script, the runtime command).

In Hermes this selects the install's dependency generation and fixes stdio on Windows; on POSIX
with no dependencies to select it has nothing to do. The stand-in has no dependencies, so it only
has to exist: a launcher or runtime command whose root lacks it fails as Hermes's would.
"""
