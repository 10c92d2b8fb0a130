#!/usr/bin/env bash
# Coverage-guided fuzzing of gongdan's readers and parsers on the STABLE
# toolchain: libFuzzer (compiled from libfuzzer-sys's bundled sources) with
# the SanitizerCoverage instrumentation passed as plain rustc flags. No
# nightly, no cargo-fuzz.
#
#   scripts/fuzz.sh                 # every target for FUZZ_SECONDS (default 25) each
#   scripts/fuzz.sh json 600        # one target for ten minutes
#   FUZZ_SECONDS=5 scripts/fuzz.sh  # a quick pass
#
# Targets: csv json xlsx garble datetime rules (fuzz/fuzz_targets/). Seeds
# come from corpus/ and tests/hostile/; new inputs that reach new code are
# kept in fuzz/corpus/<target>/ (not committed). A crash is written to
# fuzz/artifacts/<target>/ and the script exits non-zero: copy the input
# into tests/hostile/ and add it to tests/hostile.rs before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(csv json xlsx garble datetime rules)
if [ $# -ge 1 ]; then TARGETS=("$1"); fi
SECONDS_EACH="${2:-${FUZZ_SECONDS:-25}}"

host="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
export RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# Exit 3 when libfuzzer-sys cannot be fetched or libFuzzer (C++) cannot be
# compiled here: .ci/run then skips fuzzing with a note. A compile error in
# the targets themselves is a real failure.
if ! cargo fetch --manifest-path fuzz/Cargo.toml; then
  echo "fuzz: cannot fetch libfuzzer-sys from crates.io" >&2
  exit 3
fi
# --target keeps the instrumentation off build scripts and proc macros.
if ! cargo build --release --manifest-path fuzz/Cargo.toml --target "$host" -p libfuzzer-sys; then
  echo "fuzz: cannot compile libFuzzer (needs a C++ compiler)" >&2
  exit 3
fi
cargo build --release --manifest-path fuzz/Cargo.toml --target "$host" --bins

seed() { # target → seed folders
  case "$1" in
    csv) echo corpus/gbk-encoded corpus/utf8-bom corpus/quoted-cells corpus/ragged-rows corpus/tsv corpus/header-aliases corpus/duplicate-headers corpus/binary-named-csv tests/hostile ;;
    json) echo corpus/json-array corpus/json-lines corpus/json-wrapped corpus/invalid-json tests/hostile ;;
    xlsx) echo corpus/xlsx-two-sheets corpus/broken-xlsx tests/hostile ;;
    garble) echo tests/data/garbled ;;
    datetime) echo ;;
    rules) echo rules ;;
  esac
}

status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  seeds=()
  for d in $(seed "$t"); do [ -d "$d" ] && seeds+=("$d"); done
  echo "fuzz: $t for ${SECONDS_EACH}s" >&2
  # -rss_limit_mb: gongdan's own limits must keep any input well below it.
  if ! "$CARGO_TARGET_DIR/$host/release/$t" "fuzz/corpus/$t" "${seeds[@]}" \
      -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
      -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 2>"fuzz/artifacts/$t.log"; then
    echo "fuzz: $t FAILED; see fuzz/artifacts/$t.log and fuzz/artifacts/$t/" >&2
    tail -40 "fuzz/artifacts/$t.log" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "fuzz/artifacts/$t.log" | tr '\n' ' ' >&2
    echo >&2
  fi
done
exit "$status"
