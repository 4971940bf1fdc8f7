#!/usr/bin/env bash
# Start a private nginx (Debian nginx-light) on 127.0.0.1:PORT that answers
# every request with 204. Its prefix (config, pid, logs, temp paths) is a
# fresh temp dir; the system nginx and /etc/nginx are not touched.
#
#   bench/delivery/start_nginx.sh [PORT]      (default 18080, or $BENCH_PORT)
#
# Prints the prefix dir on stdout (stop_nginx.sh takes it as its argument;
# it is also recorded in $TMPDIR/frist-bench-nginx.PORT).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${1:-${BENCH_PORT:-18080}}"
[[ "$port" =~ ^[0-9]+$ ]] || { echo "start_nginx: bad port: $port" >&2; exit 2; }

nginx_bin="$(command -v nginx || true)"
if [ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ]; then nginx_bin=/usr/sbin/nginx; fi
if [ -z "$nginx_bin" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "start_nginx: installing nginx-light" >&2
        export DEBIAN_FRONTEND=noninteractive
        timeout 300 apt-get install -y -q nginx-light >&2 \
            || { timeout 300 apt-get update -q >&2 && timeout 300 apt-get install -y -q nginx-light >&2; }
        nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
    else
        echo "start_nginx: nginx not found (apt-get install nginx-light)" >&2; exit 1
    fi
fi

state="${TMPDIR:-/tmp}/frist-bench-nginx.$port"
if [ -f "$state" ]; then
    old="$(cat "$state")"
    if [ -f "$old/nginx.pid" ] && kill -0 "$(cat "$old/nginx.pid")" 2>/dev/null; then
        echo "start_nginx: already running on port $port (prefix $old); stop_nginx.sh $old" >&2
        exit 1
    fi
fi

prefix="$(mktemp -d "${TMPDIR:-/tmp}/frist-bench-nginx.XXXXXX")"
mkdir -p "$prefix/logs" "$prefix/tmp"/{body,proxy,fastcgi,uwsgi,scgi}
user_line=""
if [ "$(id -u)" = 0 ]; then
    # As root the workers drop to nobody; they may need the temp dirs.
    user_line="user nobody nogroup;"
    chmod 755 "$prefix"
    chown -R nobody:nogroup "$prefix/tmp"
fi
sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$port|g" -e "s|@USER@|$user_line|g" \
    "$here/nginx.conf" > "$prefix/nginx.conf"

# -e: error log before the config is read (the compiled-in default is
# /var/log/nginx/error.log); -p: prefix for anything else relative.
if ! "$nginx_bin" -t -q -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf" >&2 \
    || ! "$nginx_bin" -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf" >&2; then
    echo "start_nginx: nginx failed to start on 127.0.0.1:$port" >&2
    rm -rf -- "$prefix"
    exit 1
fi
echo "$prefix" > "$state"

# Wait (bounded) until it answers.
for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "$prefix"
        exit 0
    fi
    sleep 0.1
done
echo "start_nginx: nginx did not come up on 127.0.0.1:$port; log:" >&2
cat "$prefix/logs/error.log" >&2 || true
"$here/stop_nginx.sh" "$prefix" >&2 || true
exit 1
