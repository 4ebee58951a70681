#!/usr/bin/env bash
# The import benchmark of issue #12: `clientele import accounts` of N generated accounts into a
# fresh database with one organisation and its sellers. Prints one JSON line: the wall time, the
# import's CPU time (user + system, both threads) and peak memory, the import's own summary, and
# for PostgreSQL the CPU time its server spent meanwhile.
#
# Usage: bench/import.sh N sqlite|postgres [CPUS]
#   CPUS: where the import (and a throwaway PostgreSQL cluster) run, a taskset list (default: all).
# Needs the release build (or CLIENTELE_BIN), python3, curl; PostgreSQL 15 for postgres. The
# PostgreSQL cluster is a throwaway one with durable settings (fsync and synchronous_commit on,
# unlike the test cluster's), shared_buffers 2 GB and max_wal_size 16 GB. Generated data is kept
# in $BENCH_CACHE (default /tmp/clientele-bench), as by run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 2 ]] || { sed -n '2,12p' "$0" >&2; exit 2; }
n=$1 backend=$2 cpus=${3:-}
pin=(); [[ -n $cpus ]] && pin=(taskset -c "$cpus")

bin=${CLIENTELE_BIN:-$PWD/build-release/server/clientele}
cache=${BENCH_CACHE:-/tmp/clientele-bench}
data=$cache/$n
[[ -s $data/accounts.jsonl ]] || python3 bench/generate.py "$n" 1 "$data" >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/clientele-bench-import.XXXXXX")
server="" pg_dir="" owner="" bindir=""
as_owner() { if [[ $owner == "$(id -un)" ]]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  if [[ -n $pg_dir ]]; then
    as_owner "$bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ $backend == postgres ]]; then
  bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
  [[ -x $bindir/initdb ]] || bindir=/usr/lib/postgresql/15/bin
  pg_dir=$work/pg owner=$(id -un)
  mkdir "$pg_dir"
  if [[ $(id -u) -eq 0 ]]; then owner=postgres; chown "$owner" "$work" "$pg_dir"; fi
  as_owner "$bindir/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_port=$((20000 + RANDOM % 20000))
  as_owner "${pin[@]}" "$bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c max_wal_size=16GB -c checkpoint_timeout=30min" \
    start >/dev/null
  database=postgresql://postgres@127.0.0.1:$pg_port/postgres
else
  database=sqlite:$work/import.db
fi

password=Bench-Password-2026
"$bin" reseller create --email boss@reseller.example --password "$password" --company Bench \
  --database "$database" --json >/dev/null
port=$((20000 + RANDOM % 20000))
"$bin" serve --database "$database" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
token=$(curl -s -X POST "http://127.0.0.1:$port/iam/auth/jwt/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"boss@reseller.example\",\"password\":\"$password\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])')
bench/create-sellers.sh "http://127.0.0.1:$port" "$token" "$data/sellers.txt" 2>/dev/null
kill "$server"; wait "$server" 2>/dev/null || true; server=""

pg_cpu() {  # CPU seconds of the cluster's processes so far, live and exited
  [[ -n $pg_dir ]] || { echo 0; return; }
  local pid; pid=$(head -1 "$pg_dir/data/postmaster.pid")
  python3 - "$pid" <<'EOF'
import os, sys
root, hz, total = sys.argv[1], os.sysconf("SC_CLK_TCK"), 0
for p in os.listdir("/proc"):
    if not p.isdigit(): continue
    try:
        st = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
    except OSError: continue
    if p == root or st[1] == root:
        total += int(st[11]) + int(st[12])  # utime + stime
    if p == root:
        total += int(st[13]) + int(st[14])  # and of the backends that have exited
print(total / hz)
EOF
}
pg_before=$(pg_cpu)
/usr/bin/time -f '%e %U %S %M' -o "$work/time" "${pin[@]}" "$bin" import accounts \
  "$data/accounts.jsonl" --reseller-email boss@reseller.example --database "$database" --json \
  >"$work/import.json" 2>"$work/import.err" || { tail -5 "$work/import.err" >&2; exit 1; }
pg_after=$(pg_cpu)
db_mb=0
[[ $backend == sqlite ]] && db_mb=$(du -sm "$work" | cut -f1)
python3 - "$backend" "$n" "$work/time" "$work/import.json" "$pg_before" "$pg_after" "$db_mb" <<'EOF'
import json, sys
backend, n, timefile, summary, pg0, pg1, db_mb = sys.argv[1:]
wall, user, system, rss = open(timefile).read().split()[-4:]
out = {"backend": backend, "accounts": int(n), "wall_s": float(wall),
       "import_cpu_s": round(float(user) + float(system), 1), "import_peak_rss_mb": int(rss) // 1024,
       "import": json.load(open(summary))}
if backend == "postgres": out["postgres_cpu_s"] = round(float(pg1) - float(pg0), 1)
else: out["database_mb"] = int(db_mb)
print(json.dumps(out))
EOF
