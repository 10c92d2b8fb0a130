#!/usr/bin/env bash
# Benchmark: gongdan's speed and memory on a generated export, as ratios
# against a baseline measured in the same run on the same file: merely
# reading and decoding it (`--select GD001`: the readers run, no rule does).
#
#   scripts/bench.sh [TICKETS] [ENCODING]      # defaults: 200000 gbk
#
# Prints wall time and peak memory of both runs and their ratios. Never run
# from the tests: timings depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
enc=${2:-gbk}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cargo build --release --quiet --example generate
cargo build --release --quiet
target/release/examples/generate --tickets "$n" --seed 1 --encoding "$enc" --crlf --out "$dir/export" >/dev/null 2>&1

measure() { # prints "seconds kilobytes"
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$dir/time"
}
read -r base_s base_kb < <(measure target/release/gongdan check "$dir/export" --select GD001 --format json -o "$dir/a.json")
read -r full_s full_kb < <(measure target/release/gongdan check "$dir/export" --format json -o "$dir/b.json")
size=$(du -sk "$dir/export" | cut -f1)
echo "export: $n tickets ($enc), ${size} KiB on disk"
echo "read+decode only : ${base_s} s, peak ${base_kb} KiB"
echo "all rules        : ${full_s} s, peak ${full_kb} KiB"
awk -v a="$base_s" -v b="$full_s" -v c="$base_kb" -v d="$full_kb" \
  'BEGIN { printf "ratio            : %.2fx time, %.2fx memory\n", (a > 0 ? b / a : 0), (c > 0 ? d / c : 0) }'
