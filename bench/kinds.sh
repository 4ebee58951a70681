#!/usr/bin/env bash
# bench/kinds.sh URL PID BENCH_DIR [SECONDS]
#
# Each kind of the admin mix (bench/mix.lua) alone, then the whole mix, against a running server
# (process PID), 4 connections on CPU 1 for SECONDS each (default 5). Prints per kind: req/s,
# p50, p99 and the server's CPU time per request, read from /proc. CPU time per request is the
# number to compare on a busy machine: it does not count the time the server waited for a core.
# KINDS="6 7 0" runs only those kinds (0 = the mix); KINDS="10 11": the overview and the
# lifecycle preview (issue 16), which are not part of the mix.
set -euo pipefail
url=$1 pid=$2 dir=$3 secs=${4:-5}
here=$(cd "$(dirname "$0")" && pwd)
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
for kind in ${KINDS:-1 2 3 4 5 6 7 8 9 0}; do
  before=$(cpu)
  line=$(KIND=$kind BENCH_DIR=$dir taskset -c 1 wrk -t1 -c4 -d"${secs}s" --timeout 30s \
    -s "$here/mix.lua" "$url" | tail -1)
  after=$(cpu)
  python3 - "$kind" "$line" "$before" "$after" "$ticks" <<'PY'
import json, sys
kind, line, before, after, ticks = sys.argv[1], json.loads(sys.argv[2]), *map(float, sys.argv[3:])
ms = (after - before) * 1000 / ticks / max(1, line["requests"])
print(json.dumps({"kind": int(kind) or "mix", "rps": line["rps"], "p50_ms": line["p50_ms"],
                  "p99_ms": line["p99_ms"], "cpu_ms_per_request": round(ms, 2),
                  "errors": line["errors"]}))
PY
done
