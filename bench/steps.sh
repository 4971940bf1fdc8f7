# Sourced by the benchmark scripts (bench/daemon/run.sh, bench/cluster/run.sh): bounded steps
# run in the background, so that a signal is acted on at once (bash runs traps only between
# foreground commands), and stopped together by the script's cleanup.

children=()   # `timeout` processes running now; TERM reaches their command too

# Stops every step still running (for the script's EXIT trap).
stop_children() {
    local p
    for p in "${children[@]}"; do
        if kill -0 "$p" 2>/dev/null; then kill -TERM "$p" 2>/dev/null; fi
    done
    for p in "${children[@]}"; do wait "$p" 2>/dev/null; done
}

# Starts a step in the background; its pid goes to $bg_pid and into children.
bg() {   # OUTFILE SECONDS cmd...
    local out="$1" secs="$2"; shift 2
    timeout -k 10 "$secs" "$@" > "$out" &
    bg_pid=$!
    children+=("$bg_pid")
}

# Waits for a step started by bg; returns its exit status.
wait_bg() {   # PID
    local rc=0
    wait "$1" || rc=$?
    local keep=() p
    for p in "${children[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    children=("${keep[@]+"${keep[@]}"}")
    return "$rc"
}

step() {   # OUTFILE SECONDS cmd...
    bg "$@"
    wait_bg "$bg_pid"
}
