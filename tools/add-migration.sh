#!/usr/bin/env bash
# Adds one EF Core migration for both providers with the pinned dotnet-ef (.config/dotnet-tools.json):
#   bash tools/add-migration.sh NAME
# Each provider has its own folder, namespace and model snapshot (src/TechHealth.Storage/Migrations/Sqlite and
# Migrations/Postgres). dotnet-ef finds an existing snapshot by its file name anywhere in the project, and both
# snapshots are TechHealthDbContextModelSnapshot.cs, so the other provider's folder is set aside while one is written.
set -euo pipefail
name=${1:?usage: bash tools/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/TechHealth.Storage
aside=$(mktemp -d)
trap 'for p in Sqlite Postgres; do [ -d "$aside/$p" ] && mv "$aside/$p" "$project/Migrations/$p"; done; rmdir "$aside"' EXIT
for provider in Sqlite Postgres; do
  other=$([ $provider = Sqlite ] && echo Postgres || echo Sqlite)
  if [ -d "$project/Migrations/$other" ]; then mv "$project/Migrations/$other" "$aside/$other"; fi
  dotnet ef migrations add "$name" --project $project --output-dir "Migrations/$provider" \
    --namespace "TechHealth.Storage.Migrations.$provider" -- "${provider,,}"
  # A first migration puts the snapshot where the namespace says; it belongs beside the migrations.
  find $project -name TechHealthDbContextModelSnapshot.cs -not -path "$project/Migrations/$provider/*" -not -path "*/obj/*" \
    -exec mv {} "$project/Migrations/$provider/" \;
  find $project -type d -empty -not -path "*/obj/*" -not -path "*/bin/*" -delete
  if [ -d "$aside/$other" ]; then mv "$aside/$other" "$project/Migrations/$other"; fi
done
