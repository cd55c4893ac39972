#!/usr/bin/env bash
# Runs the test program of each given stage (make test). Usage:
#   run_tests.sh BUILD_DIR FILTER stage1_rpc [stage2_rmi ...] [--compile-errors CXX FLAGS]
# Prints gtest's brief output (failures only) and one summary line per stage; exits non-zero
# if anything failed. Each program runs under a timeout (TEST_TIMEOUT, 300 s), so a hang cannot
# stall the run, and contained (run_contained.sh), so no process it started outlives it.
# With --compile-errors it also runs check_compile_errors.sh on the stages, beside the programs
# rather than after them, so its few seconds of compiling overlap their run.
# The programs run at the same time: they mostly wait on sockets and timers (stage 1's tests
# keep a core a tenth busy), so together they take hardly longer than the longest alone.
set -uo pipefail
source "$(dirname "$0")/run_contained.sh"
build=$1 filter=$2
limit=${TEST_TIMEOUT:-300}
shift 2
stages=()
while [ $# -gt 0 ] && [ "$1" != --compile-errors ]; do stages+=("$1"); shift; done
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Runs one stage's program; leaves its output, exit status and time in $results/<stage>.*.
run_stage() {
  local stage=$1 started args=(--gtest_brief=1 --gtest_color=no)
  [ -n "$filter" ] && args+=("--gtest_filter=$filter")
  started=$(date +%s%N)
  run_contained "$limit" "$build/tests/${stage}_tests" "${args[@]}" >"$results/$stage.out" 2>&1
  echo $? >"$results/$stage.code"
  echo $(( ($(date +%s%N) - started) / 100000000 )) >"$results/$stage.tenths"
}
for stage in "${stages[@]}"; do run_stage "$stage" & done
compile_check=
if [ "${1:-}" = --compile-errors ]; then
  compile_check=$results/compile
  { bash "$(dirname "$0")/check_compile_errors.sh" "$2" "$3" "${stages[@]}" \
      >"$compile_check.out" 2>&1
    echo $? >"$compile_check.code"; } &
fi
wait

status=0
for stage in "${stages[@]}"; do
  code=$(cat "$results/$stage.code") tenths=$(cat "$results/$stage.tenths")
  summary=$(grep -E '^\[  PASSED  \]|^\[  FAILED  \] [0-9]+ test' "$results/$stage.out" | tr '\n' ' ')
  if [ "$code" -eq 0 ]; then
    printf '%-20s ok    %s(%d.%d s)\n' "$stage" "$summary" $((tenths / 10)) $((tenths % 10))
  else
    grep -v '^GRADE' "$results/$stage.out"
    [ "$code" -eq 124 ] || [ "$code" -eq 137 ] && echo "$stage: timed out after $limit s"
    printf '%-20s FAIL  %s(exit %d)\n' "$stage" "$summary" "$code"
    status=1
  fi
done
if [ -n "$compile_check" ]; then
  cat "$compile_check.out"
  [ "$(cat "$compile_check.code")" -eq 0 ] || status=1
fi
exit $status
