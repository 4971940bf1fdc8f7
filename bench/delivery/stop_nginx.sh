#!/usr/bin/env bash
# Stop the nginx started by start_nginx.sh and remove its prefix dir.
#
#   bench/delivery/stop_nginx.sh PREFIX        (what start_nginx.sh printed)
#   bench/delivery/stop_nginx.sh --port PORT   (looks up the recorded prefix)
#
# Only the master whose pid is in PREFIX/nginx.pid is signalled.
set -uo pipefail
if [ "${1:-}" = "--port" ]; then
    state="${TMPDIR:-/tmp}/frist-bench-nginx.${2:?port}"
    [ -f "$state" ] || { echo "stop_nginx: nothing recorded for port $2" >&2; exit 0; }
    prefix="$(cat "$state")"
else
    prefix="${1:?usage: stop_nginx.sh PREFIX | --port PORT}"
    state=""
fi
case "$prefix" in
    */frist-bench-nginx.*) ;;
    *) echo "stop_nginx: $prefix is not a start_nginx.sh prefix" >&2; exit 2 ;;
esac

pidfile="$prefix/nginx.pid"
if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid" 2>/dev/null          # graceful: finish open requests
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null
            for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        kill -0 "$pid" 2>/dev/null && { echo "stop_nginx: master $pid still running" >&2; exit 1; }
    fi
fi
port="$(sed -n 's/^ *listen 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$prefix/nginx.conf" 2>/dev/null | head -1)"
rm -rf -- "$prefix"
[ -n "$state" ] && rm -f -- "$state"
[ -n "$port" ] && [ -f "${TMPDIR:-/tmp}/frist-bench-nginx.$port" ] \
    && [ "$(cat "${TMPDIR:-/tmp}/frist-bench-nginx.$port")" = "$prefix" ] \
    && rm -f -- "${TMPDIR:-/tmp}/frist-bench-nginx.$port"
exit 0
