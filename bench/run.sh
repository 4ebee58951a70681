#!/usr/bin/env bash
# The list benchmark of issue #12: for each backend and size, a fresh database loaded through
# `clientele import`, the server pinned to CPU 0, the randomised admin mix (mix.lua) from wrk on
# CPU 1. Prints one JSON line per run (import seconds, index load, req/s, p50, p99, resident
# memory) and, per backend, the growth from the smallest to the largest size.
#
# Usage: bench/run.sh [--sizes "100000 1000000"] [--backends "sqlite postgres"] [--seconds 30]
# Generated data is kept in $BENCH_CACHE (default /tmp/clientele-bench) for the next run.
# Needs: the release build (scripts/setup.sh release), wrk, python3, curl, taskset; PostgreSQL 15
# for the postgres runs (a throwaway cluster is started by tests/support/pg-cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="100000 1000000"
backends="sqlite postgres"
seconds=30
while [[ $# -gt 0 ]]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
done

bin=${CLIENTELE_BIN:-$PWD/build-release/server/clientele}
[[ -x $bin ]] || scripts/setup.sh release  # CLIENTELE_BIN: another binary (e.g. a debug build, to try the script)
need=()
for tool in wrk taskset curl python3; do command -v "$tool" >/dev/null || need+=("$tool"); done
if ((${#need[@]})); then
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  pkgs=(); for t in "${need[@]}"; do [[ $t == taskset ]] && pkgs+=(util-linux) || pkgs+=("$t"); done
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${pkgs[@]}"
fi

cache=${BENCH_CACHE:-/tmp/clientele-bench}
work=$(mktemp -d "${TMPDIR:-/tmp}/clientele-bench-run.XXXXXX")
pg_dir=""
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  [[ -n $pg_dir ]] && tests/support/pg-cluster.sh stop "$pg_dir" || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$((20000 + RANDOM % 20000))
password=Bench-Password-2026
results=$work/results.jsonl

for backend in $backends; do
  if [[ $backend == postgres && -z $pg_dir ]]; then
    eval "$(tests/support/pg-cluster.sh start)"
    pg_dir=$CLIENTELE_TEST_PG_DIR
  fi
  for n in $sizes; do
    data=$cache/$n
    [[ -s $data/accounts.jsonl ]] || python3 bench/generate.py "$n" 1 "$data" >&2
    if [[ $backend == sqlite ]]; then
      database=sqlite:$work/$n.db
    else
      name=bench_$n
      psql_url=${CLIENTELE_TEST_PG_URL%/*}
      psql "$CLIENTELE_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
      database=$psql_url/$name
    fi
    "$bin" reseller create --email boss@reseller.example --password "$password" --company Bench \
      --database "$database" --json >/dev/null
    taskset -c 0 "$bin" serve --database "$database" --listen "127.0.0.1:$port" \
      --requests-per-person 1000000 --requests-per-address 1000000 >"$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
    login() {
      curl -s -X POST "http://127.0.0.1:$port/iam/auth/jwt/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"boss@reseller.example\",\"password\":\"$password\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])'
    }
    token=$(login)
    bench/create-sellers.sh "http://127.0.0.1:$port" "$token" "$data/sellers.txt" 2>/dev/null
    started=$(date +%s.%N)
    "$bin" import accounts "$data/accounts.jsonl" --reseller-email boss@reseller.example \
      --database "$database" --json >"$work/import.json" 2>/dev/null
    import_s=$(python3 -c "print(round($(date +%s.%N) - $started, 1))")
    # The first list request loads the account index.
    token=$(login)
    first=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" \
      "http://127.0.0.1:$port/iam/clients?limit=20")
    mkdir -p "$work/mix"
    echo "$token" >"$work/mix/token.txt"
    cp "$data/words.txt" "$work/mix/words.txt"
    curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/iam/admin/sellers?limit=1000" |
      python3 -c 'import json,sys; print("\n".join(str(s["id"]) for s in json.load(sys.stdin)["results"]))' \
        >"$work/mix/seller_ids.txt"
    mix=$(BENCH_DIR=$work/mix taskset -c 1 wrk -t1 -c4 -d"${seconds}s" --timeout 30s -s bench/mix.lua \
      "http://127.0.0.1:$port" | tail -1)
    rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
    # The unpaginated list: time to the first byte and to the last, and memory meanwhile.
    stream=$(curl -s -o /dev/null -w '%{time_starttransfer} %{time_total} %{size_download}' \
      -H "Authorization: Bearer $token" "http://127.0.0.1:$port/iam/clients")
    stream_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    python3 - "$backend" "$n" "$import_s" "$first" "$mix" "$rss_kb" "$stream" "$stream_rss_kb" \
      "$work/import.json" <<'EOF' | tee -a "$results"
import json, sys
backend, n, import_s, first, mix, rss, stream, stream_rss, import_json = sys.argv[1:]
first_byte, total, size = stream.split()
out = {"backend": backend, "accounts": int(n), "import_s": float(import_s),
       "import": json.load(open(import_json)), "first_list_s": float(first)}
out.update(json.loads(mix))
out.update({"peak_rss_mb": round(int(rss) / 1024), "stream_first_byte_ms": round(float(first_byte) * 1000),
            "stream_total_s": round(float(total), 1), "stream_bytes": int(size),
            "peak_rss_after_stream_mb": round(int(stream_rss) / 1024)})
print(json.dumps(out))
EOF
  done
done

python3 - "$results" <<'EOF'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
for backend in sorted({r["backend"] for r in runs}):
    rs = sorted((r for r in runs if r["backend"] == backend), key=lambda r: r["accounts"])
    if len(rs) > 1:
        a, b = rs[0], rs[-1]
        print(json.dumps({"backend": backend, "growth": f'{a["accounts"]}->{b["accounts"]}',
                          "p50_ratio": round(b["p50_ms"] / a["p50_ms"], 2),
                          "rps_ratio": round(b["rps"] / a["rps"], 2)}))
EOF
