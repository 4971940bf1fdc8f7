#!/usr/bin/env bash
# The daemon itself, `frist run`, on this machine: start to READY, memory, idle CPU,
# lateness of reminders on the real clock, and a 20,000-reminder burst through the
# outbox to nginx next to Apprise. Prints a markdown table for docs/PERFORMANCE.md and
# the raw result lines. See README.md beside this.
#
#   bench/daemon/run.sh [--port P] [--runs 3] [--idle 60] [--big 100000]
#                       [--lateness 200] [--burst 20000] [--serial] [--no-install]
#
#   --port P      nginx port on 127.0.0.1 (default: a free one)
#   --serial      run wrk and Apprise after the idle window instead of during it
#   --no-install  do not apt-get/pip-install nginx-light, wrk, apprise if missing
#
# Environment:
#   FRIST                the frist binary (default .build/release/frist; never built here)
#   APPRISE_MAX_SECONDS  Apprise's time budget (default: what fits in the idle window,
#                        --idle minus 15 s; 120 with --serial)
#   PYTHON               python interpreter (default python3)
#
# Everything is bounded (each step under `timeout`), loopback only, and every process
# started here (daemons, nginx, the HTTP sink, wrk, Apprise) is stopped on exit or Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
delivery="$repo/bench/delivery"

port="${BENCH_PORT:-}"
runs=3
idle=60
big=100000
lateness=200
burst=20000
serial=0
install=1
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --idle) idle="$2"; shift 2 ;;
        --big) big="$2"; shift 2 ;;
        --lateness) lateness="$2"; shift 2 ;;
        --burst) burst="$2"; shift 2 ;;
        --serial) serial=1; shift ;;
        --no-install) install=0; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
for v in "$runs" "$idle" "$big" "$lateness" "$burst" ${port:+"$port"}; do
    [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ] || { echo "run.sh: not a positive number: $v" >&2; exit 2; }
done
python="${PYTHON:-python3}"
frist="${FRIST:-$repo/.build/release/frist}"
if [ "$serial" = 1 ]; then apprise_max="${APPRISE_MAX_SECONDS:-120}"
else apprise_max="${APPRISE_MAX_SECONDS:-$(( idle > 30 ? idle - 15 : 15 ))}"; fi
log() { echo "run.sh: $*" >&2; }
started=$SECONDS

[ -x "$frist" ] || { log "$frist not found: swift build -c release --product frist (or set FRIST)"; exit 1; }

# ---------------------------------------------------------------- installs
no_install=""; [ "$install" = 1 ] || no_install=--no-install
apprise_version="$("$(dirname "$0")/../delivery/install_tools.sh" "$python" $no_install)" || exit 1

# ---------------------------------------------------------------- cleanup
work=""
prefix=""
# shellcheck source=../steps.sh
. "$here/../steps.sh"
cleanup() {
    set +e   # clean up all the way, whatever fails
    stop_children
    if [ -n "$prefix" ]; then "$delivery/stop_nginx.sh" "$prefix" || true; fi
    if [ -n "$work" ]; then rm -rf -- "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

work="$(mktemp -d "${TMPDIR:-/tmp}/frist-bench-daemon.XXXXXX")"
raw="$work/raw.txt"
: > "$raw"
note() { echo "note $*" >> "$raw"; }
bench=("$python" "$here/daemon_bench.py")

# ---------------------------------------------------------------- nginx
if [ -z "$port" ]; then
    port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
fi
prefix="$(timeout 60 "$delivery/start_nginx.sh" "$port")"
url="http://127.0.0.1:$port/hook"
nginx_requests() {   # handled-requests counter from stub_status (includes this request)
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
newest_src="$(find "$repo/Sources" "$repo/Package.swift" "$repo/Package.resolved" -type f -newer "$frist" 2>/dev/null | head -3 | sed "s|^$repo/||" | tr '\n' ' ')"
if [ -n "$newest_src" ]; then
    note "WARNING: $frist (built $built) is older than some sources (${newest_src% }); the figures are for that binary, not for HEAD ($commit)."
fi
echo "env cores=$(nproc) date=$(date -u +%Y-%m-%d) commit=$commit built=$built nginx=$(nginx -v 2>&1 | sed 's|.*/||')" \
     "python=$("$python" -V 2>&1 | tr ' ' _) apprise=$apprise_version kernel=$(uname -r)" >> "$raw"

# ---------------------------------------------------------------- configs
log "generating the ${big}-milestone config (bench/gen_config.py --seed 1)"
step /dev/null 300 "$python" "$repo/bench/gen_config.py" "$work/big" --milestones "$big" --seed 1
# Its state_dir comes from STATE_DIRECTORY (a fresh temp dir per run), as under systemd.
sed -i '/^state_dir:/d' "$work/big/frist.yaml"

# ---------------------------------------------------------------- 1, 2: start to READY, memory
log "start to READY: shipped example, $runs runs"
step "$work/ready_example.txt" 300 "${bench[@]}" ready --frist "$frist" --workdir "$work" \
    --config "$repo/config/frist.yaml" --label example --runs "$runs" \
    || { cat "$work/ready_example.txt" >> "$raw"; log "ready (example) failed"; exit 1; }
cat "$work/ready_example.txt" >> "$raw"

# ---------------------------------------------------------------- 3: idle CPU (+ wrk, Apprise)
run_wrk() {
    log "wrk -t2 -c32 -d10s --latency (POST) $url"
    step "$work/wrk.txt" 60 wrk -t2 -c32 -d10s --latency -s "$delivery/wrk_post.lua" "$url" || true
    local rps total secs p50 p99
    rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/wrk.txt")"
    total="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
    secs="$(awk '/requests in/ {s=$4; sub(/s,$/, "", s); print s}' "$work/wrk.txt")"
    p50="$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")"
    p99="$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
    if [ -n "$rps" ]; then echo "wrk rps=$rps requests=$total seconds=$secs p50=$p50 p99=$p99" >> "$raw"
    else note "wrk failed: $(tr '\n' ' ' < "$work/wrk.txt")"; fi
}
run_apprise() {
    log "Apprise $apprise_version: $burst notifications, one notify() each (budget ${apprise_max}s)"
    local a0 a1 rc=0 line
    a0="$(nginx_requests)"
    step "$work/apprise.txt" $(( apprise_max + 120 )) "$python" "$delivery/apprise_bench.py" --url "$url" \
        --count "$burst" --max-seconds "$apprise_max" --mode sequential || rc=$?
    a1="$(nginx_requests)"
    line="$(tail -1 "$work/apprise.txt")"
    if [ -z "$line" ]; then note "apprise_bench.py printed nothing (exit $rc)"; return; fi
    echo "apprise $line arrived=$(( a1 - a0 - 1 ))" >> "$raw"
    [ "$rc" = 0 ] || note "apprise_bench.py exit $rc (some notify() calls failed)"
}

log "start to READY: $big milestones, $runs runs; the last one then stays up ${idle}s for idle CPU"
marker="$work/idle.marker"
bg "$work/ready_big.txt" $(( runs * 120 + idle + 60 )) "${bench[@]}" ready --frist "$frist" --workdir "$work" \
    --config "$work/big/frist.yaml" --label 100k --runs "$runs" --idle "$idle" --idle-marker "$marker"
big_pid=$bg_pid
if [ "$serial" = 0 ]; then
    # wrk and Apprise only load nginx and the CPU: the idle daemon's own CPU time is what is
    # read, and it should not move. They must end inside the window (budget: idle - 15 s).
    while [ ! -e "$marker" ] && kill -0 "$big_pid" 2>/dev/null; do sleep 0.2; done
    if [ -e "$marker" ]; then
        note "wrk and Apprise ran during the ${idle}s idle window (the idle daemon's own CPU time is what is read)."
        run_wrk
        run_apprise
    fi
fi
rc=0
wait_bg "$big_pid" || rc=$?
cat "$work/ready_big.txt" >> "$raw"
[ "$rc" = 0 ] || { log "ready (${big}) failed (exit $rc)"; note "ready/idle for $big milestones failed (exit $rc)"; }
if [ "$serial" = 1 ] || ! grep -q '^wrk ' "$raw"; then
    grep -q '^wrk ' "$raw" || run_wrk
    grep -q '^apprise ' "$raw" || run_apprise
fi

# ---------------------------------------------------------------- 4: lateness
log "lateness: $lateness reminders due at the next whole minute at least 15 s away"
rc=0
step "$work/lateness.txt" 180 "${bench[@]}" lateness --frist "$frist" --workdir "$work" \
    --count "$lateness" --min-lead 15 --wrk-script "$delivery/wrk_post.lua" || rc=$?
cat "$work/lateness.txt" >> "$raw"
[ "$rc" = 0 ] || note "lateness step exit $rc"

# ---------------------------------------------------------------- 5: burst through the daemon
log "burst: $burst reminders due at the next whole minute at least 20 s away -> nginx"
rc=0
step "$work/burst.txt" 300 "${bench[@]}" burst --frist "$frist" --workdir "$work" \
    --nginx-port "$port" --count "$burst" --min-lead 20 --timeout 120 --poll 0.05 || rc=$?
cat "$work/burst.txt" >> "$raw"
[ "$rc" = 0 ] || note "burst step exit $rc"

note "Start to READY: spawn of \`frist run\` to READY=1 on \$NOTIFY_SOCKET, fresh STATE_DIRECTORY each run;\
 memory from /proc/PID/status right after READY (MB = 10^6 bytes)."
note "Lateness: arrival at a Python ThreadingHTTPServer (keep-alive) minus the due instant, real clock."
note "Burst: due instant until nginx's stub_status counter had grown by $burst (polled every 50 ms, own polls\
 subtracted); includes planning, writing the outbox and recording every attempt. Apprise's figure is\
 apprise_bench.py --mode sequential to the same nginx, as in bench/delivery."
note "Total run time: $(( SECONDS - started )) s."
"$python" "$here/report.py" "$raw"
