#!/usr/bin/env bash
# Compare `frist upcoming --json` against the Python reference: same output,
# and how much faster.
#
#   bench/compare_upcoming.sh FRIST_BIN [--milestones N] [--seed S] [--variety]
#                             [--from DATE] [--to DATE] [--runs R] [--dir DIR]
#
# Generates a config (default 10000 milestones, seed 1) with bench/gen_config.py,
# runs both once to check that their outputs are byte-identical (diff), then
# times both (hyperfine if installed, else /usr/bin/time, R runs each, default 3)
# and prints the ratio reference/frist.
# Exit status: 0 outputs identical, 1 outputs differ or a program failed, 2 usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[[ $# -ge 1 ]] || usage
frist="$1"; shift
[[ "$frist" == */* ]] && frist="$(cd "$(dirname "$frist")" && pwd)/$(basename "$frist")"
milestones=10000 seed=1 variety="" from=2021-01-01 to=2026-01-01 runs=3 dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --milestones) milestones="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --variety) variety="--variety"; shift ;;
    --from) from="$2"; shift 2 ;;
    --to) to="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
command -v "$frist" >/dev/null 2>&1 || { echo "no executable frist at: $frist" >&2; exit 2; }

if [[ -z "$dir" ]]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/frist-bench.XXXXXX")"
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
cfg="$dir/config/frist.yaml"
rm -rf "$dir/config"
python3 "$here/gen_config.py" "$dir/config" --milestones "$milestones" --seed "$seed" $variety

swift_cmd=("$frist" upcoming --config "$cfg" --json --from "$from" --to "$to")
py_cmd=(python3 "$here/reference_upcoming.py" --config "$cfg" --from "$from" --to "$to")
quote() { printf '%q ' "$@"; }

echo "config: $milestones milestones, seed $seed${variety:+, variety} ($dir/config)"
echo "window: [$from, $to)"

# 1. correctness: identical output
"${swift_cmd[@]}" >"$dir/frist.out" 2>"$dir/frist.err" || { echo "frist failed:"; cat "$dir/frist.err"; exit 1; }
"${py_cmd[@]}" >"$dir/reference.out" 2>"$dir/reference.err" || { echo "reference failed:"; cat "$dir/reference.err"; exit 1; }
lines=$(wc -l <"$dir/reference.out")
same=1
if cmp -s "$dir/frist.out" "$dir/reference.out"; then
  echo "outputs identical: $lines reminders"
else
  same=0
  echo "OUTPUTS DIFFER (frist $(wc -l <"$dir/frist.out") lines, reference $lines lines); first differences:"
  diff "$dir/reference.out" "$dir/frist.out" | head -20 || true
fi

# 2. timing
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --runs "$runs" --warmup 1 --export-json "$dir/hyperfine.json" \
    -n frist "$(quote "${swift_cmd[@]}")" -n reference "$(quote "${py_cmd[@]}")"
  read -r t_frist t_ref < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]  # in command order: frist, reference
print(r[0]["mean"], r[1]["mean"])' "$dir/hyperfine.json")
else
  # min of $runs wall-clock times, measured with /usr/bin/time
  best() {
    local best_t="" t i
    for ((i = 0; i < runs; i++)); do
      /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null
      t=$(cut -d' ' -f1 "$dir/time.txt")
      echo "  run $((i + 1)): ${t}s, max RSS $(cut -d' ' -f2 "$dir/time.txt") KiB" >&3
      if [[ -z "$best_t" ]] || python3 -c "import sys; sys.exit(not $t < $best_t)"; then best_t=$t; fi
    done
    echo "$best_t"
  }
  exec 3>&1
  echo "frist:"; t_frist=$(best "${swift_cmd[@]}")
  echo "reference:"; t_ref=$(best "${py_cmd[@]}")
  echo "best of $runs: frist ${t_frist}s, reference ${t_ref}s"
fi
python3 -c '
import sys
f, r = float(sys.argv[1]), float(sys.argv[2])
print(f"ratio reference/frist: {r / f:.1f}x" if f > 0 else f"frist too fast to measure; reference {r:.2f}s")
' "$t_frist" "$t_ref"

[[ $same == 1 ]] || exit 1
