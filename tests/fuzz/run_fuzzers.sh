#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 60) on a copy of its
# seed corpus, so the repository is never written. Usage:
#   tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS [LIBFUZZER_FLAG...]]
# e.g. the long local run of docs/robustness.md:
#   tests/fuzz/run_fuzzers.sh build-fuzz 100000 -runs=10000000 -max_len=2048
# FUZZ_TARGETS="fuzz_import_kineto ..." limits the run to those targets.
# Exit non-zero when any target finds a crash; the reproducer is in $OUT_DIR.
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd)
seconds=${2:-60}
shift $(($# >= 2 ? 2 : $#))
extra_flags=("$@")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# target -> seed folders (relative to the repository root; the real-file
# corpus beside the checkout seeds the text importers where it exists)
declare -A seeds=(
  [fuzz_byte_size]="tests/fuzz/seeds/byte_size"
  [fuzz_lesson_file]="lessons tests/data/lessons tests/fuzz/regressions"
  [fuzz_import_collscope]="tests/data/trace assets/traces tests/data/bad tests/fuzz/regressions"
  [fuzz_import_nccl_tests]="tests/data/trace tests/data/bad ../shared/realdata/nccl-tests"
  [fuzz_import_nccl_log]="tests/data/trace assets/traces ../shared/realdata/nccl-log"
  [fuzz_import_kineto]="tests/data/trace assets/traces tests/fuzz/regressions"
  [fuzz_import_chrome]="tests/data/trace assets/traces tests/fuzz/regressions"
  [fuzz_import_nccl_tests_json]="tests/data/trace tests/fuzz/regressions"
  [fuzz_import_inspector]="tests/data/trace tests/fuzz/regressions"
)
for extra in "$root"/tests/fuzz/targets.d/*.txt; do
  [ -e "$extra" ] || continue
  # each line: target seed_folder...
  while read -r target folders; do
    [ -n "$target" ] && seeds[$target]="$folders"
  done <"$extra"
done

status=0
targets=${FUZZ_TARGETS:-${!seeds[*]}}
for target in $targets; do
  binary="$build/tests/fuzz/$target"
  [ -x "$binary" ] || { echo "missing fuzz target $binary"; status=1; continue; }
  corpus="$work/$target"
  mkdir -p "$corpus"
  for folder in ${seeds[$target]}; do
    [ -d "$root/$folder" ] && find "$root/$folder" -maxdepth 2 -type f -size -1024k -exec cp {} "$corpus/" \;
  done
  echo "== $target: ${seconds}s from $(ls "$corpus" | wc -l) seeds"
  if ! (cd "$work" && "$binary" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
        "${extra_flags[@]}" -print_final_stats=1 "$corpus" 2>&1 | grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|ERROR|SUMMARY|crash-|timeout-|DONE"); then
    :
  fi
  shopt -s nullglob
  findings=("$work"/crash-* "$work"/timeout-* "$work"/oom-*)
  shopt -u nullglob
  if ((${#findings[@]})); then
    keep="${OUT_DIR:-$root/build-fuzz-findings}"
    mkdir -p "$keep"
    cp "${findings[@]}" "$keep/"
    echo "$target found a problem; reproducers in $keep:"
    for finding in "${findings[@]}"; do echo "  $(basename "$finding")"; done
    rm -f "${findings[@]}"
    status=1
  fi
done
exit $status
