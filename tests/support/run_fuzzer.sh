#!/usr/bin/env bash
# Runs the libFuzzer target for a number of seconds (make fuzz). Usage:
#   run_fuzzer.sh FUZZER SECONDS
# It starts from the checked-in seeds (tests/fuzz/corpus) and keeps what it learns in
# build/fuzz/corpus, so a longer or later run goes on from there. An input that crashes, leaks
# or trips a sanitizer is saved in build/fuzz/findings and fails the run.
set -uo pipefail
fuzzer=$1 seconds=$2
work=build/fuzz
mkdir -p "$work/corpus" "$work/findings"
echo "fuzzing a stage 2 server and a lookup service for $seconds s (FUZZ_SECONDS=n to change)"
# -max_len: frames of a few KB reach every path; -timeout: no input may take a second.
"$fuzzer" "$work/corpus" tests/fuzz/corpus -max_total_time="$seconds" -max_len=4096 -timeout=1 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/findings/" \
  >"$work/log.txt" 2>&1
status=$?
grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss_mb' "$work/log.txt"
echo "corpus: $(ls "$work/corpus" | wc -l) inputs in $work/corpus; full log: $work/log.txt"
if [ "$status" -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|==[0-9]+==|Test unit written' "$work/log.txt" | head -20
  echo "the fuzzer found a failing input (above). Reproduce it with: $fuzzer <file>;" \
       "once fixed, copy it into tests/fuzz/regressions/ so make test keeps it fixed."
  exit 1
fi
echo "fuzz: no crash, leak or sanitizer report"
