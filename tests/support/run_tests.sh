#!/usr/bin/env bash
# Runs the test program of each given stage (make test). Usage:
#   run_tests.sh BUILD_DIR FILTER stage1_rpc [stage2_rmi ...]
# Prints gtest's brief output (failures only) and one summary line per stage; exits non-zero
# if anything failed. Each program runs under a timeout (TEST_TIMEOUT, 300 s), so a hang cannot
# stall the run, and contained (run_contained.sh), so no process it started outlives it.
set -uo pipefail
source "$(dirname "$0")/run_contained.sh"
build=$1 filter=$2
limit=${TEST_TIMEOUT:-300}
shift 2
status=0
for stage in "$@"; do
  program="$build/tests/${stage}_tests"
  args=(--gtest_brief=1 --gtest_color=no)
  [ -n "$filter" ] && args+=("--gtest_filter=$filter")
  started=$(date +%s%N)
  output=$(run_contained "$limit" "$program" "${args[@]}" 2>&1)
  code=$?
  tenths=$(( ($(date +%s%N) - started) / 100000000 ))
  summary=$(echo "$output" | grep -E '^\[  PASSED  \]|^\[  FAILED  \] [0-9]+ test' | tr '\n' ' ')
  if [ $code -eq 0 ]; then
    printf '%-20s ok    %s(%d.%d s)\n' "$stage" "$summary" $((tenths / 10)) $((tenths % 10))
  else
    echo "$output" | grep -v '^GRADE'
    [ $code -eq 124 ] || [ $code -eq 137 ] && echo "$stage: timed out after $limit s"
    printf '%-20s FAIL  %s(exit %d)\n' "$stage" "$summary" "$code"
    status=1
  fi
done
exit $status
