#!/usr/bin/env bash
# The README's test command: installs what the tests need (emulator npm packages, NuGet restore), builds, runs every test.
# Integration tests start their own Azurite and Cosmos server on free loopback ports and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@vercel/cosmosdb-server ]; then
  echo "Installing the pinned emulators (package-lock.json)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

# The console's browser tests (tests/Tributary.Console.Tests) drive Debian's chromium: Playwright cannot download a
# browser here. Installed when missing (this runs as root here and in CI); without it the tests cannot run.
if [ ! -x /usr/bin/chromium ] && [ -z "${TRIBUTARY_CHROMIUM:-}" ]; then
  echo "Installing Debian's chromium for the console's browser tests..."
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "error: the browser tests need Debian's package 'chromium' (/usr/bin/chromium) and it could not be installed;" >&2
    echo "       install it with: apt-get install chromium  (or set TRIBUTARY_CHROMIUM to a chromium binary)" >&2
    exit 3
  fi
fi

# CI restores like a new machine: into an empty package folder, so a version that only this machine's cache still holds
# (no longer served) fails here, not on a user's machine. Locked mode: the packages.lock.json files are what was tested;
# a restore that would change them fails. Outside CI the usual per-user cache is used.
log=$(mktemp)
cold_packages=""
cleanup() { rm -f "$log"; if [ -n "$cold_packages" ]; then rm -rf "$cold_packages"; fi; }
trap cleanup EXIT
if [ "${CI:-}" = "true" ]; then
  cold_packages=$(mktemp -d "${TMPDIR:-/tmp}/tributary-nuget-XXXXXX")
  export NUGET_PACKAGES="$cold_packages"
  echo "CI=true: restoring into an empty package folder ($cold_packages, removed at the end)"
fi
restore_started=$(date +%s)
dotnet restore App.sln --locked-mode
if [ -n "$cold_packages" ]; then
  echo "cold restore: $(( $(date +%s) - restore_started )) s, $(du -sm "$cold_packages" | cut -f1) MB"
fi
dotnet build App.sln -c Release --no-restore

set +e
dotnet test App.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line over all test projects, so a reader (and CI) sees the total at a glance.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
