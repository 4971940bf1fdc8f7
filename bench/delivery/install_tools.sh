#!/usr/bin/env bash
# Installs what the delivery and daemon benchmarks compare against, if missing: nginx-light and
# wrk (Debian), Apprise 2.x (PyPI) for PYTHON. Prints the Apprise version on success.
#   bench/delivery/install_tools.sh PYTHON [--no-install]
set -euo pipefail
python=${1:-python3}
log() { echo "install_tools: $*" >&2; }
if [ "${2:-}" != "--no-install" ]; then
    apt_pkgs=()
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_pkgs+=(nginx-light)
    command -v wrk >/dev/null || apt_pkgs+=(wrk)
    if [ ${#apt_pkgs[@]} -gt 0 ]; then
        [ "$(id -u)" = 0 ] || { log "need root to apt-get install ${apt_pkgs[*]}"; exit 1; }
        log "apt-get install ${apt_pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        timeout 300 apt-get install -y -q "${apt_pkgs[@]}" >&2 \
            || { timeout 300 apt-get update -q >&2 && timeout 300 apt-get install -y -q "${apt_pkgs[@]}" >&2; }
    fi
    if ! "$python" -c 'import apprise,sys; sys.exit(0 if apprise.__version__.startswith("2.") else 1)' 2>/dev/null; then
        log "pip install 'apprise>=2,<3'"
        timeout 300 "$python" -m pip install -q 'apprise>=2,<3' >&2
    fi
fi
command -v wrk >/dev/null || { log "wrk not found (apt-get install wrk)"; exit 1; }
"$python" -c 'import apprise; print(apprise.__version__)' \
    || { log "apprise not importable by $python (pip install 'apprise>=2,<3')"; exit 1; }
