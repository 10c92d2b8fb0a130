#!/usr/bin/env bash
# Benchmark: gongdan's speed and memory on a generated province-scale month,
# as ratios against baselines measured in the same run on the same files.
#
#   scripts/bench.sh [SIZES...]        # default: 100000 1002493
#
# For each size (tickets; the generator adds ~3.1 call records and ~1.4
# flow records per ticket, GB18030, CRLF) it reports:
#   floor     every CSV through `iconv -f GB18030 -t UTF-8 FILE | xsv count`
#             (`wc -l` instead when xsv is not installed; the script says so)
#   gongdan   `gongdan check` with every rule on the whole export
#   tickets   the tickets file alone: gongdan (GB18030 file) against
#             `frictionless validate` on a UTF-8 copy, in rows per second
#   peak RSS  of gongdan, from /usr/bin/time -v
#
# Environment: BENCH_DIR (default /work/bench-data, or a temporary folder)
# keeps the generated exports between runs (delete it afterwards: 1 M
# tickets take ~1.1 GB); FRICTIONLESS_MAX (default 200000): frictionless
# is run only on sizes up to this many tickets (it is slow; its rate is
# rows per second, so the comparison holds at any size); GONGDAN and
# GENERATE: binaries to use as they are (default: build target/release/…). Never run from the tests: timings depend on the
# machine.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1002493)
dir=${BENCH_DIR:-/work/bench-data}
mkdir -p "$dir"
fmax=${FRICTIONLESS_MAX:-200000}

if [ -z "${GONGDAN:-}" ]; then
  cargo build --release --quiet --example generate
  cargo build --release --quiet
fi
gd=${GONGDAN:-target/release/gongdan}
gen=${GENERATE:-target/release/examples/generate}
[ -x "$gen" ] || gen=${CARGO_TARGET_DIR:-target}/release/examples/generate
[ -x "$gd" ] || gd=${CARGO_TARGET_DIR:-target}/release/gongdan

if command -v xsv >/dev/null; then
  counter="xsv count"
else
  counter="wc -l"
  echo "note: xsv not found; the floor counts lines with wc -l instead"
fi

# Run a command, print "seconds peak_kib" (wall clock, max RSS).
measure() {
  local t="$dir/time.txt"
  /usr/bin/time -v -o "$t" "$@" >/dev/null 2>"$dir/stderr.txt" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$t" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$t")
  echo "$wall $rss"
}

floor_of() { # the export folder
  local f
  for f in "$1"/*.csv; do
    iconv -f GB18030 -t UTF-8 "$f" | $counter >/dev/null
  done
}
export -f floor_of
export counter

printf '%-9s %-8s %9s %9s %7s %9s %11s %11s %7s %9s\n' \
  tickets MB floor_s gongdan_s ratio peak_MB tick_rows/s fl_rows/s x findings
for n in "${sizes[@]}"; do
  ex="$dir/export-$n"
  if [ ! -f "$ex/tickets.csv" ]; then
    "$gen" --tickets "$n" --seed 1 --encoding gbk --crlf --out "$ex" >/dev/null 2>&1
  fi
  mb=$(du -sm "$ex" | cut -f1)
  rows=$n # the generator writes exactly n ticket rows
  read -r floor_s _ < <(measure bash -c "floor_of '$ex'")
  read -r full_s full_kb < <(measure "$gd" check "$ex" --format json -o "$dir/out-$n.json")
  read -r tick_s _ < <(measure "$gd" check "$ex/tickets.csv" --format json -o "$dir/out-t-$n.json")
  fl_rate="-"
  x="-"
  tick_rate=$(awk -v r="$rows" -v s="$tick_s" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
  if [ "$n" -le "$fmax" ] && command -v frictionless >/dev/null; then
    iconv -f GB18030 -t UTF-8 "$ex/tickets.csv" >"$dir/tickets-utf8-$n.csv"
    read -r fl_s _ < <(measure frictionless validate --trusted "$dir/tickets-utf8-$n.csv")
    rm -f "$dir/tickets-utf8-$n.csv"
    fl_rate=$(awk -v r="$rows" -v s="$fl_s" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
    x=$(awk -v a="$tick_rate" -v b="$fl_rate" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
  fi
  ratio=$(awk -v a="$full_s" -v b="$floor_s" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  findings=$(grep -c '"rule"' "$dir/out-$n.json" || true)
  printf '%-9s %-8s %9s %9s %7s %9s %11s %11s %7s %9s\n' \
    "$n" "$mb" "$floor_s" "$full_s" "${ratio}x" "$((full_kb / 1024))" "$tick_rate" "$fl_rate" "$x" "$findings"
  rm -f "$dir/out-$n.json" "$dir/out-t-$n.json"
done
echo "(findings: of the full run; x: gongdan tickets rows/s over frictionless rows/s)"
