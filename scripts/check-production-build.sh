#!/usr/bin/env bash
# The production install as CONTRACT.md states it, proven in a throw-away copy of this checkout (the tree it
# is run from is never pruned): `npm ci && npm run build && npm prune --omit=dev`, then — with no devDependency
# left — the built CLI migrates a fresh database, and receiver, worker and admin start from dist/ against it
# and a random QUEUE_PREFIX, answer /healthz, stop on SIGTERM and exit 0. The built emulator and launcher
# (ENTRA_SYNC_DEMO=0) get the same check. CI's last step (.ci/run); runs locally the same way.
#
#   scripts/check-production-build.sh        # KEEP=1 keeps the copy and its logs for a look afterwards
#
# Needs Postgres (CHECK_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres: a role that may
# create databases) and Redis (REDIS_URL, default redis://127.0.0.1:6379), like npm test.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE_URL=${CHECK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
ID=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
DATABASE=entra_sync_prod_$ID
PREFIX=prod-check-$ID
WORK=$(mktemp -d "${TMPDIR:-/tmp}/entra-sync-prod.XXXXXX")
LOGS=$WORK/.logs
START_TIMEOUT_S=60
STOP_TIMEOUT_S=30
declare -A PIDS=()

log() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'check-production-build: FAILED: %s\n' "$*" >&2
  for f in "$LOGS"/*.log; do [ -f "$f" ] && printf -- '--- %s\n' "$f" >&2 && tail -n 40 "$f" >&2; done
  exit 1
}

# node with the pruned tree's packages (pg, ioredis), from the copy's root
node_in_copy() { (cd "$WORK" && node -e "$1" -- "${@:2}"); }

cleanup() {
  local code=$?
  for name in "${!PIDS[@]}"; do kill -KILL "${PIDS[$name]}" 2>/dev/null || true; done
  if [ -d "$WORK/node_modules/pg" ]; then
    node_in_copy "const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1] });
      c.connect().then(() => c.query('drop database if exists $DATABASE with (force)')).finally(() => c.end())" \
      "$BASE_URL" >/dev/null 2>&1 || true
    node_in_copy "const { Redis } = require('ioredis'); const r = new Redis(process.argv[1]);
      (async () => { let cursor = '0'; do { const [next, keys] = await r.scan(cursor, 'MATCH', '$PREFIX:*', 'COUNT', 1000);
        cursor = next; if (keys.length) await r.del(...keys); } while (cursor !== '0'); })().finally(() => r.disconnect())" \
      "$REDIS_URL" >/dev/null 2>&1 || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK (logs in $LOGS)"; else rm -rf "$WORK"; fi
  exit "$code"
}
trap cleanup EXIT

log "a copy of the checkout's files (tracked and new, not ignored) in $WORK"
# files as they are in the working tree, so a local run checks uncommitted changes too; deleted ones skipped
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
  tar --null -T - -cf -) | tar -xf - -C "$WORK"
mkdir -p "$LOGS"

log "npm ci && npm run build && npm prune --omit=dev"
cd "$WORK"
if ! { npm ci && npm run build && npm prune --omit=dev; }; then fail "the install, build or prune failed"; fi
# (typescript may stay: valibot, under bull-board, names it as an optional peer)
for tool in tsx esbuild jest turbo @swc/core eslint; do
  [ ! -e "node_modules/$tool" ] || fail "node_modules/$tool is still installed after the prune"
done
for role in receiver worker admin cli graph-emulator launcher; do
  [ -f "apps/$role/dist/main.js" ] || fail "apps/$role/dist/main.js was not built"
done
[ -f apps/admin/dist/console/app.js ] || fail "the console bundle apps/admin/dist/console/app.js was not built"
echo "no devDependency left; every role has dist/main.js; the console is prebuilt"

DATABASE_URL=$(node_in_copy "const u = new URL(process.argv[1]); u.pathname = '/$DATABASE'; console.log(u.toString())" "$BASE_URL")
export DATABASE_URL REDIS_URL QUEUE_PREFIX=$PREFIX HOST=127.0.0.1 LOG_LEVEL=info
ENCRYPTION_KEY=$(node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))")
ADMIN_TOKEN=$(node -e "console.log(require('node:crypto').randomBytes(24).toString('hex'))")
export ENCRYPTION_KEY ADMIN_TOKEN

log "database $DATABASE, migrated by the built CLI (apps/cli/bin/entra-sync.js migrate)"
node_in_copy "const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1] });
  c.connect().then(() => c.query('create database $DATABASE')).finally(() => c.end())" "$BASE_URL"
node apps/cli/bin/entra-sync.js migrate || fail "entra-sync migrate (dist) failed"

# start <name> <file> [VAR=value…]: a process of the production tree, its output in $LOGS/<name>.log
start() {
  local name=$1 file=$2
  shift 2
  env "$@" node "$file" >"$LOGS/$name.log" 2>&1 &
  PIDS[$name]=$!
}

# wait_for <name> <regex>: the first log line matching it (the process must still run)
wait_for() {
  local name=$1 pattern=$2 line
  for _ in $(seq 1 $((START_TIMEOUT_S * 10))); do
    line=$(grep -m1 -E "$pattern" "$LOGS/$name.log" || true)
    if [ -n "$line" ]; then printf '%s\n' "$line"; return 0; fi
    kill -0 "${PIDS[$name]}" 2>/dev/null || fail "$name exited before logging /$pattern/"
    sleep 0.1
  done
  fail "$name did not log /$pattern/ within ${START_TIMEOUT_S} s"
}

json_field() { node -e "console.log(JSON.parse(process.argv[1])[process.argv[2]])" "$1" "$2"; }

healthz() {
  local name=$1 url=$2
  node -e "fetch(process.argv[1]).then(async (r) => { const body = await r.text();
    console.log('$name', process.argv[1], r.status, body); process.exit(r.status === 200 ? 0 : 1); },
    (e) => { console.error(e.message); process.exit(1); })" "$url" || fail "$name: $url did not answer 200"
}

# stop <name> <last line regex>: SIGTERM, exit 0 within the limit, and the shutdown's last line logged
stop() {
  local name=$1 last=$2 pid=${PIDS[$1]} code
  kill -TERM "$pid"
  for _ in $(seq 1 $((STOP_TIMEOUT_S * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "$name still runs ${STOP_TIMEOUT_S} s after SIGTERM"
  code=0
  wait "$pid" || code=$?
  unset "PIDS[$name]"
  [ "$code" = 0 ] || fail "$name exited with $code after SIGTERM"
  tail -n 1 "$LOGS/$name.log" | grep -qE "$last" || fail "$name's last line is not /$last/"
  echo "$name: SIGTERM → exit 0, last line: $(tail -n 1 "$LOGS/$name.log" | cut -c1-160)"
}

log "receiver, worker and admin from dist/ (node apps/<role>/dist/main.js)"
start receiver apps/receiver/dist/main.js PORT=0
start worker apps/worker/dist/main.js WORKER_METRICS_PORT=0
start admin apps/admin/dist/main.js PORT=0
receiver_port=$(json_field "$(wait_for receiver '"msg":"receiver listening')" port)
worker_port=$(json_field "$(wait_for worker '"msg":"worker started"')" metricsPort)
admin_port=$(json_field "$(wait_for admin '"msg":"admin API listening')" port)
healthz receiver "http://127.0.0.1:$receiver_port/healthz"
healthz worker "http://127.0.0.1:$worker_port/healthz"
healthz admin "http://127.0.0.1:$admin_port/healthz"
node -e "fetch(process.argv[1]).then((r) => { console.log('admin console', r.status, r.headers.get('content-type'));
  process.exit(r.status === 200 ? 0 : 1); })" "http://127.0.0.1:$admin_port/console/app.js" ||
  fail "admin does not serve the prebuilt console"
for name in receiver worker admin; do stop "$name" '"msg":"stopped"'; done

log "graph-emulator and launcher (ENTRA_SYNC_DEMO=0) from dist/"
start emulator apps/graph-emulator/dist/main.js ENTRA_SYNC_TLS_DIR="$WORK/.data/tls" GRAPH_EMULATOR_PORT=0
wait_for emulator 'graph-emulator listening on https://' >/dev/null
stop emulator '"msg":"stopped"'
start launcher apps/launcher/dist/main.js PORT=0 ENTRA_SYNC_DEMO=0 ENTRA_SYNC_DATA_DIR="$WORK/.data"
launcher_url=$(wait_for launcher 'entra-sync is running' | grep -oE 'http://[0-9.:]+')
healthz launcher "$launcher_url/healthz"
stop launcher '\[launcher\] stopped: web, worker, queues, redis connection, postgres pool$'

log "production build: OK"
