#!/usr/bin/env bash
# The README's test command: installs what the tests need (emulator npm packages, NuGet restore), builds, runs every test.
# Integration tests start their own Azurite and Cosmos server on free loopback ports and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@vercel/cosmosdb-server ]; then
  echo "Installing the pinned emulators (package-lock.json)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

dotnet restore App.sln
dotnet build App.sln -c Release --no-restore

log=$(mktemp)
trap 'rm -f "$log"' EXIT
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
