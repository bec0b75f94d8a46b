#!/usr/bin/env bash
# Everything a fresh Debian machine needs for the demo and the tests: system packages, the npm
# dependencies (Electron's binary is not downloaded: the main process is type-checked only), a build.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v ps >/dev/null 2>&1 || packages+=(procps)
# A C compiler builds the simulator's fast launchctl client (test/sim/native).
command -v cc >/dev/null 2>&1 || packages+=(gcc libc6-dev)
# Debian's Chromium for the browser tests (never a browser download: the network only has apt and npm).
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
# A real systemd --user for the systemd backend's tests (DEVELOPERS.md), and the user bus beside it.
[ -x /lib/systemd/systemd ] && command -v systemctl >/dev/null 2>&1 || packages+=(systemd)
[ -e /usr/lib/systemd/user/dbus.socket ] || packages+=(dbus-user-session)
# Python 3 (standard library only) runs the stand-in Hermes the tests drive (test/standin-hermes).
command -v python3 >/dev/null 2>&1 || packages+=(python3)
# 7-Zip for electron-builder's archives in `npm run pack:check` (ELECTRON_BUILDER_7ZIP_PATH), instead of its download.
command -v 7za >/dev/null 2>&1 || packages+=(p7zip-full)
# squashfs-tools: mksquashfs for the AppImage `npm run release -- --dry-run` builds offline;
# ruby: `ruby -c` checks the Homebrew cask the release generates.
command -v mksquashfs >/dev/null 2>&1 || [ -x /usr/sbin/mksquashfs ] || packages+=(squashfs-tools)
command -v ruby >/dev/null 2>&1 || packages+=(ruby)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
  else
    echo "setup: please install: ${packages[*]}" >&2
    exit 1
  fi
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
