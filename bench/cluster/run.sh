#!/usr/bin/env bash
# Several `frist run` nodes on one PostgreSQL: the cluster's burst rate to nginx next to
# Apprise, the takeover after kill -9 of a node holding rows, and the database round trips
# per reminder. Prints a markdown table for docs/PERFORMANCE.md and the raw result lines.
# See README.md beside this.
#
#   bench/cluster/run.sh [--port P] [--burst 20000] [--nodes 2] [--no-install]
#
#   --port P      nginx port on 127.0.0.1 (default: a free one)
#   --burst N     reminders in each burst (default 20000)
#   --nodes N     nodes in the rate run (default 2; the takeover run always has 2)
#   --no-install  do not apt-get/pip-install nginx-light, wrk, apprise if missing
#
# Environment:
#   FRIST                the frist binary (default .build/release/frist; never built here)
#   PG_BIN               PostgreSQL's programs (default: the newest /usr/lib/postgresql/*/bin)
#   APPRISE_MAX_SECONDS  Apprise's time budget (default 45)
#   PYTHON               python interpreter (default python3)
#
# Everything is bounded (each step under `timeout`), loopback only, and every process
# started here (nodes, PostgreSQL, nginx, Apprise) is stopped on exit or Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
delivery="$repo/bench/delivery"

port="${BENCH_PORT:-}"
burst=20000
nodes=2
install=1
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port="$2"; shift 2 ;;
        --burst) burst="$2"; shift 2 ;;
        --nodes) nodes="$2"; shift 2 ;;
        --no-install) install=0; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
for v in "$burst" "$nodes" ${port:+"$port"}; do
    [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ] || { echo "run.sh: not a positive number: $v" >&2; exit 2; }
done
python="${PYTHON:-python3}"
frist="${FRIST:-$repo/.build/release/frist}"
apprise_max="${APPRISE_MAX_SECONDS:-45}"
log() { echo "run.sh: $*" >&2; }
started=$SECONDS
[ -x "$frist" ] || { log "$frist not found: swift build -c release --product frist (or set FRIST)"; exit 1; }
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$pg_bin/initdb" ] || { log "PostgreSQL not found (apt-get install postgresql, or set PG_BIN)"; exit 1; }

# ---------------------------------------------------------------- installs (as bench/daemon)
no_install=""; [ "$install" = 1 ] || no_install=--no-install
apprise_version="$("$delivery/install_tools.sh" "$python" $no_install)" || exit 1

# ---------------------------------------------------------------- cleanup
work=""
prefix=""
pgdata=""
# shellcheck source=../steps.sh
. "$here/../steps.sh"
as_pg=()   # initdb and pg_ctl refuse root: run them as the postgres user
if [ "$(id -u)" = 0 ]; then as_pg=(setpriv --reuid=postgres --regid=postgres --clear-groups --); fi
cleanup() {
    set +e
    stop_children
    if [ -n "$prefix" ]; then "$delivery/stop_nginx.sh" "$prefix" || true; fi
    if [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ]; then
        timeout 30 "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -w -t 20 -m fast stop >/dev/null 2>&1 \
            || timeout 30 "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -w -m immediate stop >/dev/null 2>&1
    fi
    if [ -n "$work" ]; then rm -rf -- "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

work="$(mktemp -d "${TMPDIR:-/tmp}/frist-bench-cluster.XXXXXX")"
chmod 755 "$work"
raw="$work/raw.txt"
: > "$raw"
note() { echo "note $*" >> "$raw"; }
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- PostgreSQL (throw-away)
pg_port="$(free_port)"
pgdata="$work/pg"
mkdir -p "$pgdata"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
log "initdb $pgdata; PostgreSQL on 127.0.0.1:$pg_port"
step "$work/initdb.txt" 120 "${as_pg[@]}" "$pg_bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    || { cat "$work/initdb.txt" >&2; exit 1; }
statements=0
[ -f "$(dirname "$pg_bin")/lib/pg_stat_statements.so" ] && statements=1
{
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $pg_port"
    echo "unix_socket_directories = '$pgdata'"
    echo "max_connections = 200"
    [ "$statements" = 1 ] && echo "shared_preload_libraries = 'pg_stat_statements'"
    echo "pg_stat_statements.track = all"
} >> "$pgdata/postgresql.conf"
step "$work/pgctl.txt" 90 "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 start \
    || { cat "$work/pgctl.txt" "$pgdata/server.log" >&2; exit 1; }
psql=("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -X -A -t -v ON_ERROR_STOP=1)
step /dev/null 30 "${psql[@]}" -c "CREATE ROLE frist LOGIN"
[ "$statements" = 1 ] && step /dev/null 30 "${psql[@]}" -c "CREATE EXTENSION pg_stat_statements"
pg_version="$(timeout 10 "${psql[@]}" -c "SHOW server_version" | cut -d' ' -f1)"
pg_settings="$(timeout 10 "${psql[@]}" -c "SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','shared_buffers')")"

# ---------------------------------------------------------------- nginx (bench/delivery's)
[ -n "$port" ] || port="$(free_port)"
prefix="$(timeout 60 "$delivery/start_nginx.sh" "$port")"
url="http://127.0.0.1:$port/hook"
nginx_requests() {
    timeout 5 "$python" - "$port" <<'EOF'
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/nginx_status", timeout=4) as r:
    print(r.read().decode().splitlines()[2].split()[2])
EOF
}

commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$repo" status --porcelain -- Sources Package.swift Package.resolved 2>/dev/null)" ]; then
    commit="$commit+changes"
fi
built="$(date -u -r "$frist" +%Y-%m-%dT%H:%MZ)"
newest_src="$(find "$repo/Sources" "$repo/Package.swift" -type f -newer "$frist" 2>/dev/null | awk "NR <= 3" | sed "s|^$repo/||" | tr '\n' ' ')"
[ -z "$newest_src" ] || note "WARNING: $frist (built $built) is older than ${newest_src% }; the figures are for that binary."
echo "env cores=$(nproc) date=$(date -u +%Y-%m-%d) commit=$commit built=$built postgresql=$pg_version" \
     "pg_settings=$pg_settings pg_stat_statements=$statements nginx=$(nginx -v 2>&1 | sed 's|.*/||')" \
     "apprise=$apprise_version kernel=$(uname -r)" >> "$raw"
cb=("$python" "$here/cluster_bench.py")
common=(--frist "$frist" --workdir "$work" --nginx-port "$port" --pg-port "$pg_port" --pg-bin "$pg_bin" --count "$burst")

# ---------------------------------------------------------------- 1: Apprise, same nginx
log "Apprise $apprise_version: $burst notifications, one notify() each (budget ${apprise_max}s)"
a0="$(nginx_requests)"
rc=0
step "$work/apprise.txt" $(( apprise_max + 120 )) "$python" "$delivery/apprise_bench.py" --url "$url" \
    --count "$burst" --max-seconds "$apprise_max" --mode sequential || rc=$?
a1="$(nginx_requests)"
line="$(tail -1 "$work/apprise.txt")"
if [ -n "$line" ]; then echo "apprise $line arrived=$(( a1 - a0 - 1 ))" >> "$raw"; else note "apprise_bench.py printed nothing (exit $rc)"; fi

# ---------------------------------------------------------------- 2: the cluster's burst
log "cluster burst: $nodes nodes, $burst reminders due at the next whole minute at least 15 s away"
rc=0
step "$work/burst.txt" 400 "${cb[@]}" burst "${common[@]}" --nodes "$nodes" --min-lead 15 || rc=$?
cat "$work/burst.txt" >> "$raw"
[ "$rc" = 0 ] || note "burst step exit $rc"

# ---------------------------------------------------------------- 3: takeover after kill -9
log "takeover: 2 nodes, $burst reminders; kill -9 of the node holding the most rows at 25%"
rc=0
step "$work/takeover.txt" 400 "${cb[@]}" takeover "${common[@]}" --min-lead 15 --kill-at 0.25 || rc=$?
cat "$work/takeover.txt" >> "$raw"
[ "$rc" = 0 ] || note "takeover step exit $rc"

note "Rate: first to last arrival at nginx (stub_status polled every 50 ms, own polls subtracted), real clock,\
 store: heartbeat 1s, lease 4s; the webhook has no rate limit (so no shared bucket)."
note "Round trips: pg_stat_statements calls (every statement a node ran in the database, BEGIN/COMMIT included)\
 and pg_stat_database.xact_commit, from a snapshot 2 s before the due instant to one after the nodes stopped,\
 over the reminders; includes the heartbeats of that window (1 per node per second)."
note "Takeover: kill -9 of the node with the most rows inflight under its claim at 25% of the burst; first/all =\
 from the kill until the first/last of those rows is state sent (outbox polled every 50 ms, by the other node)."
note "Total run time: $(( SECONDS - started )) s."
"$python" "$here/report.py" "$raw"
