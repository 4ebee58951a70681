#!/usr/bin/env bash
# `clientele jobs run` with N due lifecycle transitions, and a check that each happened once.
#
#   bench/jobs.sh N DATABASE [RUNNERS]
#
# DATABASE is a new, empty one: sqlite:PATH (the file must not exist) or a postgresql:// URL of
# an empty database. One organisation gets N accounts whose CDN trial ended (written straight
# into the schema with SQL, which is quicker than `clientele import`); then RUNNERS (default 1)
# `clientele jobs run` processes run at once for the same instant, with no mail server, so each
# "trial ended" e-mail is queued, tried once and left for a retry. It prints the time the runners
# took (and, from each runner's log, its two phases: the transitions with their e-mails queued,
# then the delivery attempts) and checks, with SQL: every trial ended once (its product, its
# account status and one status change per account) and one e-mail per transition, tried once. A
# second run at the same instant must change nothing.
#
# The binary: $CLIENTELE_BIN, else build-release/server/clientele. Time is wall-clock.
set -euo pipefail

N=${1:?usage: bench/jobs.sh N DATABASE [RUNNERS]}
DB=${2:?usage: bench/jobs.sh N DATABASE [RUNNERS]}
RUNNERS=${3:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CLIENTELE_BIN:-$ROOT/build-release/server/clientele}
KEY_DIR=$(mktemp -d)
trap 'rm -rf "$KEY_DIR"' EXIT
export CLIENTELE_SECRET_KEY_FILE=$KEY_DIR/secret.key
unset CLIENTELE_SMTP_HOST

# Times in microseconds: accounts created 2026-11-01, trials ended 2026-11-15, jobs run
# 2026-11-20 (before any deletion date).
CREATED=1793491200000000
TRIAL_END=1794700800000000
NOW=2026-11-20T00:00:00Z

if [[ $DB == sqlite:* ]]; then
  FILE=${DB#sqlite:}
  [[ ! -e $FILE ]] || { echo "$FILE exists; give a new file" >&2; exit 2; }
  run_sql() { sqlite3 -batch -bail "$FILE"; }
  SEQ="WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $N)"
  SEQ_FROM="seq"
else
  run_sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$DB"; }
  SEQ=""
  SEQ_FROM="generate_series(1, $N) AS seq(i)"
fi
elapsed() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }

"$BIN" migrate --database "$DB" >/dev/null
ORG=$("$BIN" reseller create --database "$DB" --email boss@bench.example \
  --password 'Bench-Password-2026' --company 'Bench Reseller' --name Boss --json |
  sed -E 's/.*"reseller_id": ([0-9]+).*/\1/')

start=$(date +%s%N)
run_sql <<SQL
BEGIN;
$SEQ
INSERT INTO clients (org_id, email, email_key, name, company_name, lang, status, created_at,
                     updated_at)
SELECT $ORG, 'trial' || i || '@due.example', 'trial' || i || '@due.example', 'Person ' || i,
       'Company ' || i, 'en', 'trial', $CREATED, $CREATED
FROM $SEQ_FROM;
INSERT INTO services (org_id, client_id, product, status, previous_status, status_changed_at,
                      trial_start, trial_end, enabled)
SELECT c.org_id, c.id, p.name, CASE WHEN p.name = 'CDN' THEN 'trial' ELSE 'new' END,
       CASE WHEN p.name = 'CDN' THEN 'new' END, CASE WHEN p.name = 'CDN' THEN $CREATED END,
       CASE WHEN p.name = 'CDN' THEN $CREATED END, CASE WHEN p.name = 'CDN' THEN $TRIAL_END END,
       p.name = 'CDN'
FROM clients c CROSS JOIN products p WHERE c.org_id = $ORG AND c.email_key LIKE 'trial%';
COMMIT;
ANALYZE;
SQL
echo "loaded $N accounts with an ended trial in $(elapsed "$start") ms"

start=$(date +%s%N)
pids=()
# Each runner's CPU time too (when /usr/bin/time is there): on a busy machine the wall time
# also counts the waits for a core.
TIME=()
[[ -x /usr/bin/time ]] && TIME=(/usr/bin/time -f "CPU %U s user, %S s system")
for r in $(seq "$RUNNERS"); do
  "${TIME[@]}" "$BIN" jobs run --database "$DB" --now "$NOW" >"$KEY_DIR/run$r.out" \
    2>"$KEY_DIR/run$r.err" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { cat "$KEY_DIR"/run*.err >&2; exit 1; }; done
echo "jobs run ($RUNNERS at once): $(elapsed "$start") ms"
for r in $(seq "$RUNNERS"); do
  echo "  runner $r: $(tr '\n' ' ' <"$KEY_DIR/run$r.out")"
  # Its own log: how long the transitions and the delivery attempts took.
  grep -oE '(lifecycle|mail delivery): .*|^CPU .*' "$KEY_DIR/run$r.err" | sed 's/^/    /' || true
done

start=$(date +%s%N)
again=$("$BIN" jobs run --database "$DB" --now "$NOW" | grep -E '^trials_ended:')
echo "again at the same instant: $again ($(elapsed "$start") ms)"

check() {
  local what=$1 expected=$2 got
  got=$(echo "$3" | run_sql | tr -d ' ')
  if [[ $got == "$expected" ]]; then echo "ok   $what: $got"; else echo "FAIL $what: $got, expected $expected"; fail=1; fi
}
fail=0
check "CDN products ended at their trial end" "$N" \
  "SELECT count(*) FROM services WHERE org_id = $ORG AND product = 'CDN' AND status = 'trialend'
     AND status_changed_at = trial_end;"
check "accounts in trialend" "$N" \
  "SELECT count(*) FROM clients WHERE org_id = $ORG AND status = 'trialend';"
check "status changes trial -> trialend, accounts" "$N|$N" \
  "SELECT count(*) || '|' || count(DISTINCT client_id) FROM account_status_changes
    WHERE org_id = $ORG AND old_status = 'trial' AND new_status = 'trialend';"
check "trial_ended e-mails, distinct, tried once" "$N|$N|$N" \
  "SELECT count(*) || '|' || count(DISTINCT dedupe_key) || '|' ||
          sum(CASE WHEN attempts = 1 THEN 1 ELSE 0 END)
     FROM outbox WHERE org_id = $ORG AND kind = 'trial_ended';"
[[ $again == "trials_ended: 0" ]] || { echo "FAIL the second run ended trials: $again"; fail=1; }
exit $fail
