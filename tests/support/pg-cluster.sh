#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: its own data directory and socket in a temp
# directory, listening on a free port on 127.0.0.1 only, trust authentication, no fsync.
#
#   eval "$(tests/support/pg-cluster.sh start)"
#       exports CLIENTELE_TEST_PG_DIR (pass it to stop) and CLIENTELE_TEST_PG_URL
#       (postgresql://postgres@127.0.0.1:PORT/postgres, the maintenance database)
#   tests/support/pg-cluster.sh stop "$CLIENTELE_TEST_PG_DIR"
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` system user
# (created by Debian's postgresql package), or as a throwaway system user if there is none.
# As any other user, it runs as that user. Binaries: $PG_BIN, else `pg_config --bindir`, else
# /usr/lib/postgresql/15/bin.
set -euo pipefail

pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local d
  d=$(pg_config --bindir 2>/dev/null || true)
  if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  echo /usr/lib/postgresql/15/bin
}

# Runs a command as the cluster's owner (recorded in DIR/owner).
as_owner() {
  local owner=$1
  shift
  if [[ "$owner" == "$(id -un)" ]]; then
    "$@"
  else
    runuser -u "$owner" -- "$@"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"
}

start() {
  local bin owner dir port
  bin=$(pg_bin)
  [[ -x "$bin/initdb" ]] || { echo "pg-cluster: no initdb in $bin (apt-get install postgresql-15)" >&2; exit 1; }
  owner=$(id -un)
  if [[ $(id -u) -eq 0 ]]; then
    owner=postgres
    if ! id -u "$owner" >/dev/null 2>&1; then
      owner=clientele-test-pg
      id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    fi
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/clientele-pg.XXXXXX")
  echo "$owner" >"$dir/owner"
  [[ "$owner" == "$(id -un)" ]] || chown "$owner" "$dir"
  chmod 700 "$dir"
  as_owner "$owner" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local tries=0
  until
    port=$(free_port)
    as_owner "$owner" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
  do
    tries=$((tries + 1))
    if ((tries >= 3)); then cat "$dir/server.log" >&2; exit 1; fi
  done
  echo "export CLIENTELE_TEST_PG_DIR='$dir'"
  echo "export CLIENTELE_TEST_PG_URL='postgresql://postgres@127.0.0.1:$port/postgres'"
}

stop() {
  local dir=${1:-}
  [[ -n "$dir" && -f "$dir/owner" ]] || return 0
  local owner
  owner=$(cat "$dir/owner")
  as_owner "$owner" "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
