#!/usr/bin/env bash
# Harvest fidelity on the development fleet: scans ../shared/devfleet/repos (or $DEVFLEET/repos) with this checkout's
# `techhealth scan` into a throwaway SQLite file and prints score.py's comparison with Renovate's extraction.
# Usage: tools/fidelity/run.sh [--quiet] [--no-build]   (extra arguments go to score.py)
# FIDELITY_DB=path keeps the scan's SQLite file there (for looking at rows by hand) instead of a throwaway one.
# Not a test: a fresh clone has no ../shared. The figures are recorded in docs/harvest-fidelity.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
fleet="${DEVFLEET:-$root/../shared/devfleet}"
[ -d "$fleet/repos" ] || { echo "no development fleet at $fleet (set DEVFLEET)" >&2; exit 2; }
build=1
args=()
for a in "$@"; do if [ "$a" = "--no-build" ]; then build=0; else args+=("$a"); fi; done
if [ "$build" = 1 ]; then dotnet build "$root/src/TechHealth.Api" -v q -nologo >&2; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet "$root/src/TechHealth.Api/bin/Debug/net10.0/techhealth.dll" scan --path "$fleet/repos" --full --json \
  "--TechHealth:Root=$root" "--TechHealth:Storage:ConnectionString=Data Source=${FIDELITY_DB:-$work/fidelity.db}" > "$work/scan.json" 2> "$work/scan.log" \
  || { cat "$work/scan.log" >&2; exit 1; }
python3 "$fleet/score.py" "${FIDELITY_DB:-$work/fidelity.db}" "$fleet/renovate-oracle.json" --fleet "$fleet/repos" ${args[@]+"${args[@]}"}
