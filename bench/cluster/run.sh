#!/usr/bin/env bash
# The cluster benchmark: one cold scan of a generated git fleet by INSTANCES service processes sharing a throwaway
# PostgreSQL 15 (started from the machine's binaries), timed from the startScan mutation until the run is completed and
# evaluated. With KILL_AFTER, the instance holding the most shards is killed with SIGKILL that many seconds in, and the
# time it costs shows against the same run without it.
#
#   bash bench/cluster/run.sh COMPONENTS INSTANCES [KILL_AFTER_SECONDS]
#
# Environment: SHARD_SIZE (200), SHARDS_PER_INSTANCE (2), DELAY (per repository, a stand-in for network fetches; 0),
# CHECKIN (00:00:07.5) and CHECKIN_MISFIRE (00:00:07.5) for Quartz's cluster check-in, CONFIGURATION (Release),
# KEEP_FLEET=1 to reuse the fleet of an earlier run of the same size. Prints one line of figures; work files stay
# under the temporary folder (TMPDIR), in techhealth-cluster-bench.
set -euo pipefail
components=${1:?usage: bash bench/cluster/run.sh COMPONENTS INSTANCES [KILL_AFTER_SECONDS]}
instances=${2:?usage: bash bench/cluster/run.sh COMPONENTS INSTANCES [KILL_AFTER_SECONDS]}
kill_after=${3:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
configuration=${CONFIGURATION:-Release}
dll=$root/src/TechHealth.Api/bin/$configuration/net10.0/techhealth.dll
[ -f "$dll" ] || { echo "build first: dotnet build -c $configuration src/TechHealth.Api" >&2; exit 1; }
work=$(dirname "$(mktemp -u)")/techhealth-cluster-bench
mkdir -p "$work"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=$((20000 + RANDOM % 20000))
pgdir=$(mktemp -d "$work/pg-XXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done
  runuser -u postgres -- "$pgbin/pg_ctl" stop -D "$pgdir/data" -m immediate >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
chown postgres: "$pgdir"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" start -D "$pgdir/data" -w -l "$pgdir/log" \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" >/dev/null
psql() { command psql -h 127.0.0.1 -p "$port" -U postgres -d th -At "$@"; }
command psql -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE th"

fleet=$work/fleet-$components
if [ -z "${KEEP_FLEET:-}" ] || [ ! -d "$fleet" ]; then
  rm -rf "$fleet"
  dotnet "$dll" fleet generate --components "$components" --seed 42 --out "$fleet" --git >/dev/null
fi
key=bench-operator-key
hash=sha256:$(printf %s "$key" | sha256sum | cut -d' ' -f1)
for n in $(seq 1 "$instances"); do
  dir=$work/node-$n; rm -rf "$dir"; mkdir -p "$dir"
  ( cd "$dir"
    export TechHealth__Root=$root TechHealth__Storage__Provider=postgres
    export TechHealth__Storage__ConnectionString="Host=127.0.0.1;Port=$port;Username=postgres;Database=th;Maximum Pool Size=40"
    export TechHealth__Cluster__InstanceId=node-$n TechHealth__Cluster__ShardSize=${SHARD_SIZE:-200}
    export TechHealth__Cluster__ShardsPerInstance=${SHARDS_PER_INSTANCE:-2} TechHealth__Cluster__TestDelayPerRepository=${DELAY:-0}
    export TechHealth__Cluster__CheckinInterval=${CHECKIN:-00:00:07.5} TechHealth__Cluster__CheckinMisfireThreshold=${CHECKIN_MISFIRE:-00:00:07.5}
    export TechHealth__Scanning__Sources__0__Name=fleet TechHealth__Scanning__Sources__0__Kind=Directory TechHealth__Scanning__Sources__0__Path=$fleet
    export TechHealth__Scanning__CacheDirectory=$dir/cache TechHealth__Reports__Path=$dir/reports
    export TechHealth__Schedule__ScanOnStartup=false TechHealth__Schedule__ScanCron= TechHealth__Schedule__ReportCron=
    export TechHealth__Definitions__Watch=false TechHealth__Demo__Enabled=false
    export TechHealth__Security__ApiKeys__0__Name=bench TechHealth__Security__ApiKeys__0__Hash=$hash TechHealth__Security__ApiKeys__0__Role=Operator
    exec dotnet "$dll" --urls "http://127.0.0.1:$((port + n))" >"$dir/log" 2>&1 ) &
  pids+=($!)
done
for n in $(seq 1 "$instances"); do
  for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$((port + n))/healthz" && break; sleep 0.5; done
  curl -s -o /dev/null "http://127.0.0.1:$((port + n))/healthz" || { echo "node-$n did not start: $work/node-$n/log" >&2; exit 1; }
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
curl -s "http://127.0.0.1:$((port + 1))/graphql" -H 'Content-Type: application/json' -H "X-Api-Key: $key" \
  -d '{"query":"mutation { startScan { accepted } }"}' >/dev/null
killed=""
until [ "$(psql -c "SELECT count(*) FROM scan_shard_runs WHERE state IN ('completed','failed')")" = 1 ]; do
  if [ -n "$kill_after" ] && [ -z "$killed" ] && [ "$(echo "$(date +%s.%N) - $start >= $kill_after" | bc)" = 1 ]; then
    victim=$(psql -c "SELECT owner FROM scan_shards WHERE state='running' GROUP BY owner ORDER BY count(*) DESC, owner LIMIT 1")
    if [ -n "$victim" ]; then
      n=${victim#node-}; { kill -9 "${pids[$((n - 1))]}" && wait "${pids[$((n - 1))]}"; } 2>/dev/null || true; killed="$victim at $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
    fi
  fi
  sleep 0.2
done
end=$(date +%s.%N)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
state=$(psql -c "SELECT state FROM scan_shard_runs")
shards=$(psql -c "SELECT count(*) || ' shards, ' || sum(attempts) - count(*) || ' retried; per instance: ' || (SELECT string_agg(owner || '=' || n, ' ' ORDER BY owner) FROM (SELECT owner, count(*) n FROM scan_shards GROUP BY owner) o) FROM scan_shards")
components_stored=$(psql -c "SELECT count(*) FROM component_snapshots")
evaluations=$(psql -c "SELECT count(*) FROM evaluation_runs")
sizes=$(psql -c "SELECT string_agg(relname || '=' || pg_size_pretty(pg_total_relation_size(relid)), ' ' ORDER BY pg_total_relation_size(relid) DESC) FROM pg_statio_user_tables WHERE relname IN ('check_results', 'dependencies', 'named_facts', 'component_snapshots', 'component_evaluations', 'scan_issues')")
rows=$(psql -c "SELECT 'rows: ' || (SELECT count(*) FROM dependencies) || ' dependencies, ' || (SELECT count(*) FROM named_facts) || ' facts, ' || (SELECT count(*) FROM check_results) || ' results; database ' || pg_size_pretty(pg_database_size('th'))")
printf 'components=%s instances=%s run=%s time=%.1fs stored=%s evaluations=%s %s killed=[%s] load=[%s -> %s] %s; %s\n' \
  "$components" "$instances" "$state" "$(echo "$end - $start" | bc)" "$components_stored" "$evaluations" "$shards" "${killed:-none}" "$load_before" "$load_after" "$rows" "$sizes"
