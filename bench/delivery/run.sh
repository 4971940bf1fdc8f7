#!/usr/bin/env bash
# Webhook delivery benchmark: frist-bench-delivery vs Apprise 2.x vs wrk, all
# against one private nginx on 127.0.0.1 that answers every POST with 204.
# Prints a markdown table for docs/PERFORMANCE.md. See README.md beside this.
#
#   bench/delivery/run.sh [--count N] [--apprise-count N] [--concurrency C]
#                         [--port P] [--wrk-duration 10s] [--no-install]
#
# Environment:
#   FRIST_BENCH          frist-bench-delivery binary (default .build/release/frist-bench-delivery;
#                        skipped with a note if it is not there)
#   FRIST_CONCURRENCY    --concurrency for frist (default 16, CurlTransport's per-host cap)
#   APPRISE_MAX_SECONDS  time budget for the Apprise run (default 120); if it runs out,
#                        Apprise stops early and the table says how many it sent
#   APPRISE_FANOUT       if set (e.g. 32), also run Apprise's fan-out mode with that many URLs
#                        per notify() (its own thread-pool parallelism)
#   PYTHON               python interpreter for Apprise (default python3)
#
# Everything is bounded: each step runs under `timeout`, traffic goes to
# 127.0.0.1 only, and nginx is stopped on exit (trap).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

count=20000
apprise_count=""
port="${BENCH_PORT:-18080}"
wrk_duration=10s
install=1
concurrency="${FRIST_CONCURRENCY:-16}"
while [ $# -gt 0 ]; do
    case "$1" in
        --count) count="$2"; shift 2 ;;
        --apprise-count) apprise_count="$2"; shift 2 ;;
        --concurrency) concurrency="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --wrk-duration) wrk_duration="$2"; shift 2 ;;
        --no-install) install=0; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
apprise_count="${apprise_count:-$count}"
apprise_max="${APPRISE_MAX_SECONDS:-120}"
python="${PYTHON:-python3}"
frist_bench="${FRIST_BENCH:-$repo/.build/release/frist-bench-delivery}"
[[ "$wrk_duration" =~ ^[0-9]+s$ ]] || { echo "run.sh: --wrk-duration takes seconds, e.g. 10s" >&2; exit 2; }
for v in "$count" "$apprise_count" "$concurrency" "$port"; do
    [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ] || { echo "run.sh: not a positive number: $v" >&2; exit 2; }
done

url="http://127.0.0.1:$port/hook"
log() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------- installs
no_install=""; [ "$install" = 1 ] || no_install=--no-install
apprise_version="$("$(dirname "$0")/install_tools.sh" "$python" $no_install)" || exit 1

# ---------------------------------------------------------------- nginx
prefix=""
results=""
child=""   # the step running now (a `timeout` process), ended on a signal
cleanup() {
    set +e   # clean up all the way, whatever fails
    if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi
    if [ -n "$prefix" ]; then "$here/stop_nginx.sh" "$prefix" || true; fi
    if [ -n "$results" ]; then rm -rf -- "$results"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Run one step in the background and wait for it, so that a signal is acted on
# at once (bash runs traps only between foreground commands) and the step ends too.
step() {   # OUTFILE SECONDS cmd...
    local out="$1" secs="$2"; shift 2
    timeout "$secs" "$@" > "$out" &
    child=$!
    local rc=0
    wait "$child" || rc=$?
    child=""
    return "$rc"
}
prefix="$(timeout 60 "$here/start_nginx.sh" "$port")"
nginx_requests() {   # handled-requests counter from stub_status (includes this request)
    timeout 5 "$python" - "$port" <<'EOF'
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/nginx_status", timeout=4) as r:
    print(r.read().decode().splitlines()[2].split()[2])
EOF
}
# Requests nginx answered between two counter reads, less the second read itself.
arrived() { echo $(( $2 - $1 - 1 )); }

results="$(mktemp -d "${TMPDIR:-/tmp}/frist-bench-delivery.XXXXXX")"

# Pull key=value out of a result line.
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2" | head -1; }

# ---------------------------------------------------------------- wrk
log "wrk -t2 -c32 -d$wrk_duration --latency (POST, small JSON body) $url"
n0="$(nginx_requests)"
wrk_secs="${wrk_duration%s}"
step "$results/wrk.txt" $(( wrk_secs + 30 )) wrk -t2 -c32 -d"$wrk_duration" --latency \
    -s "$here/wrk_post.lua" "$url"
n1="$(nginx_requests)"
to_ms() {   # wrk latency "105.00us" / "1.11ms" / "1.02s" -> ms
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else printf "?" }'
}
wrk_rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$results/wrk.txt")"
wrk_total="$(awk '/requests in/ {print $1}' "$results/wrk.txt")"
wrk_time="$(awk '/requests in/ {s=$4; sub(/s,$/, "", s); print s}' "$results/wrk.txt")"
wrk_p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$results/wrk.txt")")"
wrk_p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$results/wrk.txt")")"
wrk_errors="$(grep -E 'Non-2xx|Socket errors' "$results/wrk.txt" || true)"
[ -n "$wrk_rps" ] || { cat "$results/wrk.txt" >&2; log "could not parse wrk output"; exit 1; }

# ---------------------------------------------------------------- Apprise
run_apprise() {   # VAR LABEL extra-args...: sets VAR to the result line
    local var="$1" label="$2"; shift 2
    log "Apprise $apprise_version ($label): $apprise_count notifications (budget ${apprise_max}s)"
    local a0 a1 line rc=0
    a0="$(nginx_requests)"
    step "$results/apprise.txt" "$(awk -v m="$apprise_max" 'BEGIN {printf "%d", m + 120}')" \
        "$python" "$here/apprise_bench.py" --url "$url" \
        --count "$apprise_count" --max-seconds "$apprise_max" "$@" || rc=$?
    a1="$(nginx_requests)"
    line="$(tail -1 "$results/apprise.txt")"
    [ -n "$line" ] || { log "apprise_bench.py printed nothing (exit $rc)"; exit 1; }
    [ "$rc" = 0 ] || log "apprise_bench.py exit $rc (some notify() calls failed): $line"
    printf -v "$var" '%s' "$line arrived=$(arrived "$a0" "$a1")"
}
apprise_line=""
run_apprise apprise_line sequential --mode sequential
fanout_line=""
if [ -n "${APPRISE_FANOUT:-}" ]; then
    run_apprise fanout_line "fan-out $APPRISE_FANOUT" --mode fanout --fanout "$APPRISE_FANOUT"
fi

# ---------------------------------------------------------------- frist
frist_line=""
frist_note=""
if [ -x "$frist_bench" ]; then
    log "frist: $frist_bench --url $url --count $count --concurrency $concurrency"
    f0="$(nginx_requests)"
    rc=0
    step "$results/frist.txt" 300 "$frist_bench" --url "$url" --count "$count" \
        --concurrency "$concurrency" || rc=$?
    frist_line="$(grep -E '(^| )sent=' "$results/frist.txt" | tail -1 || true)"
    if [ "$rc" != 0 ] || [ -z "$frist_line" ]; then
        cat "$results/frist.txt" >&2
        log "frist-bench-delivery failed (exit $rc)"
        exit 1
    fi
    f1="$(nginx_requests)"
    frist_line="$frist_line arrived=$(arrived "$f0" "$f1")"
else
    frist_note="frist skipped: $frist_bench not found (swift build -c release --product frist-bench-delivery, or set FRIST_BENCH)"
    log "$frist_note"
fi

# ---------------------------------------------------------------- table
row() {   # label line
    local l="$2"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(field sent "$l")" "$(field seconds "$l")" \
        "$(field throughput "$l" | sed 's|/s$||')" "$(field p50_ms "$l")" "$(field p99_ms "$l")"
}
tput_of() { field throughput "$1" | sed 's|/s$||'; }

echo
echo "Webhook delivery, POST to nginx \`return 204\` on 127.0.0.1:$port —" \
     "$(nproc) cores, $(date -u +%Y-%m-%d), $(nginx -v 2>&1 | sed 's|.*/||') (nginx-light)," \
     "Apprise $apprise_version, $("$python" -V 2>&1), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
echo
echo "| tool | notifications | seconds | per second | p50 ms | p99 ms |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
if [ -n "$frist_line" ]; then row "frist (concurrency $concurrency)" "$frist_line"; fi
row "Apprise $apprise_version, notify() per notification" "$apprise_line"
if [ -n "$fanout_line" ]; then
    row "Apprise $apprise_version, fan-out $(field per_call "$fanout_line") URLs per notify()" "$fanout_line"
fi
printf '| wrk -t2 -c32 (loopback limit) | %s | %s | %s | %s | %s |\n' \
    "$wrk_total" "$wrk_time" "$wrk_rps" "$wrk_p50" "$wrk_p99"
echo

notes=()
for l in "$apprise_line" "$fanout_line" "$frist_line"; do
    [ -n "$l" ] || continue
    tool="$(field tool "$l")"; tool="${tool:-frist}"
    sent="$(field sent "$l")"; got="$(field arrived "$l")"
    [ "$sent" = "$got" ] || notes+=("WARNING: $tool reported $sent sent but nginx counted $got requests")
    fl="$(field failed "$l")"
    [ -z "$fl" ] || [ "$fl" = 0 ] || notes+=("WARNING: $tool: $fl notifications failed")
    fc="$(field failed_calls "$l")"
    [ -z "$fc" ] || [ "$fc" = 0 ] || notes+=("WARNING: $tool: $fc notify() calls reported failure")
    if [ "$(field truncated "$l")" = 1 ]; then
        req="$(field requested "$l")"
        est="$(awk -v n="$req" -v t="$(tput_of "$l")" 'BEGIN {printf "%.0f", n / t}')"
        notes+=("Apprise ($(field mode "$l")) hit its ${apprise_max}s budget after $sent of $req notifications;\
 its per-second figure is measured over those $sent, and $req would take about ${est}s at that rate (extrapolated, not measured)")
    fi
done
[ -z "$wrk_errors" ] || notes+=("wrk: $(tr '\n' ' ' <<<"$wrk_errors")")
[ "$apprise_count" = "$count" ] || notes+=("Apprise ran $apprise_count notifications (--apprise-count), frist $count; per-second figures compare, totals do not")
notes+=("Latency: frist and Apprise, per notification, from the start of its send to its response\
 (Apprise: the time around one notify() call, one at a time); wrk: per request, 32 connections.")
notes+=("nginx checked: every tool's sent count against nginx's stub_status request counter (arrived=).")

if [ -n "$frist_line" ]; then
    ratio="$(awk -v f="$(tput_of "$frist_line")" -v a="$(tput_of "$apprise_line")" 'BEGIN {printf "%.1f", f / a}')"
    goal="$(awk -v r="$ratio" 'BEGIN {print (r >= 20 ? "met" : "NOT met")}')"
    echo "frist / Apprise throughput: **${ratio}×** (goal ≥ 20×: $goal)"
    if [ -n "$fanout_line" ]; then
        r2="$(awk -v f="$(tput_of "$frist_line")" -v a="$(tput_of "$fanout_line")" 'BEGIN {printf "%.1f", f / a}')"
        echo "frist / Apprise fan-out throughput: **${r2}×**"
    fi
    pct="$(awk -v f="$(tput_of "$frist_line")" -v w="$wrk_rps" 'BEGIN {printf "%.0f", 100 * f / w}')"
    echo "frist reaches ${pct} % of the loopback limit (wrk)."
else
    echo "frist / Apprise throughput: n/a — $frist_note"
fi
echo
for n in "${notes[@]}"; do echo "- $n"; done
echo
echo "Raw:"
echo '```'
[ -z "$frist_line" ] || echo "frist:   $frist_line"
echo "apprise: $apprise_line"
[ -z "$fanout_line" ] || echo "apprise: $fanout_line"
grep -E 'requests in|Requests/sec|^ +(50|75|90|99)%' "$results/wrk.txt" | sed 's/^/wrk:     /'
echo '```'
