#!/usr/bin/env bash
# The instructor's check that the exercises are sound (run by .ci/run):
#   1. every handout exercise file has its solution twin, and every solution file a handout twin,
#      and compiles on its own with g++;
#   2. every exercise in tests/rubric.txt has tests;
#   3. on the solutions every exercise passes (make grade GRADE_TRACK=solutions);
#   4. in a fresh student copy (make handout) every exercise is "not implemented" (or blocked
#      by one that is).
set -euo pipefail
cd "$(dirname "$0")/../.."
problems=0

echo "--- 1. handout and solution files pair up"
for file in $(grep -rl --include='*.cpp' --include='*.hpp' 'EXERCISE RMI\.' stage*_*/); do
  [ -f "solutions/$file" ] || { echo "no solution for $file"; problems=1; }
done
for file in $(cd solutions && find . -type f | sed 's|^\./||'); do
  [ -f "$file" ] || { echo "solutions/$file has no handout twin"; problems=1; }
  grep -q 'throw NotImplemented("RMI' "$file" ||
    { echo "$file: the handout body does not throw NotImplemented"; problems=1; }
done

# With clang every file compiles from a precompiled header; g++, which uses none, shows that the
# handout's exercise files (which no other build of CI compiles with g++) include what they use.
echo "--- 1b. the handout's exercise files compile on their own (g++, no precompiled header)"
for file in $(grep -rl --include='*.cpp' 'EXERCISE RMI\.' stage*_*/); do
  g++ -std=c++20 -Wall -Wextra -Werror -Wno-unused-parameter -fsyntax-only -I. "$file" ||
    { echo "$file does not compile on its own"; problems=1; }
done

echo "--- 2. every exercise has tests"
make -s tests
while read -r exercise stage _; do
  [[ -z "$exercise" || "$exercise" == \#* ]] && continue
  program=$(ls build/solutions/tests/stage"$stage"_*_tests | head -1)
  count=$("$program" --gtest_list_tests --gtest_filter="${exercise//./}.*" | grep -c '^  ' || true)
  [ "$count" -gt 0 ] || { echo "$exercise has no tests"; problems=1; }
done < tests/rubric.txt

echo "--- 3. the solutions pass every exercise"
make grade GRADE_TRACK=solutions STRICT=1 || problems=1

echo "--- 4. a fresh student copy: every exercise 'not implemented' or blocked by one"
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
make -s handout DEST="$copy/handout"
make -C "$copy/handout" grade SAN=0 >/dev/null 2>&1 || true  # it fails: that is the point
report="$copy/handout/build/handout-nosan/grade/report.json"
if [ ! -f "$report" ]; then
  echo "the student copy produced no grade report"; problems=1
else
  cat "$copy/handout/build/handout-nosan/grade/report.txt"
  rows=$(grep -c '"exercise"' "$report")
  # An exercise that needs an earlier one reports "blocked by ..." until that one is done.
  untouched=$(grep -cE '"result": "(not implemented|blocked by )' "$report")
  if [ "$rows" -eq 0 ] || [ "$rows" -ne "$untouched" ]; then
    echo "in the untouched handout $untouched of $rows exercises say 'not implemented'"
    problems=1
  fi
fi

[ "$problems" -eq 0 ] && echo "exercise check: all good"
exit "$problems"
