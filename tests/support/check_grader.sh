#!/usr/bin/env bash
# Checks the grader under a student's worst mistakes (run by .ci/run). The reference solutions,
# graded as a student's files are (make grade GRADE_TRACK=solutions), broken on purpose:
#   1. a null dereference in RMI.1c's find() and a compile error in RMI.2's open_reply file:
#      make grade must still print the whole table: stage 1 graded, RMI.1c "crashed" in a named
#      test with the sanitizer's report, RMI.2 "does not compile: <file>:<line>", RMI.3 blocked;
#      make grade STAGE=1 prints stage 1's rows, and sent to a file keeps the build's output;
#   2. an endless loop in RMI.2's tag_reply, which the stage 2 demo servers run: RMI.2 and the
#      demo time out, and afterwards no process started from the build is left running, neither
#      by make grade nor by make test; and beside it a signed overflow in RMI.1c's bind(), when
#      a signature is bound twice (which only RMI.1c's tests do): RMI.1c "crashed" with UBSan's
#      report, which names its place itself.
# It breaks the files where they are, so that it rebuilds only what they touch in the build make
# test made (a fresh copy rebuilt everything: a third of CI's time on a slow machine), and puts
# them back however it ends. A fresh student copy is graded by check_exercises.sh.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
work=$(mktemp -d)
broken=(stage1_rpc/exercises/rmi1c_function_table.cpp stage2_rmi/exercises/rmi2_open_reply.cpp
  stage2_rmi/exercises/rmi2_tag_reply.cpp)
for file in "${broken[@]}"; do
  mkdir -p "$work/good/$(dirname "$file")" && cp -p "solutions/$file" "$work/good/$file"
done
restore() {
  for file in "${broken[@]}"; do cp "$work/good/$file" "solutions/$file"; done
}
trap 'restore; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
problems=0
expect() {  # expect REPORT PATTERN WHAT: the report must match the pattern
  grep -qE -- "$2" "$1" || { echo "FAIL: $3 (no line matches '$2')"; problems=1; }
}

build=build/solutions
report="$build/grade/report.txt"
grade() { make grade GRADE_TRACK=solutions "$@"; }
# Short timeouts keep the endless loop's cost down; the mechanism is the same at 60 s and 20 s.
export GRADE_TIMEOUT=10 GRADE_TEST_TIMEOUT=4

echo "--- 1. a crash in RMI.1c, a compile error in RMI.2"
sed -i '/FunctionTable::find(/a\  int* nowhere = nullptr;\n  if (!name.empty()) *nowhere = 0;' \
  solutions/stage1_rpc/exercises/rmi1c_function_table.cpp
echo "int broken = undeclared_name;" >>solutions/stage2_rmi/exercises/rmi2_open_reply.cpp
broken_line=$(wc -l <solutions/stage2_rmi/exercises/rmi2_open_reply.cpp)
grade STAGE=1 >"$work/grade-stage1.log" 2>&1
cat "$report"
# Sent to a file, the grader's output keeps the build's lines, and the table comes after them.
first_build=$(grep -n -m1 '^  CXX ' "$work/grade-stage1.log" | cut -d: -f1)
table=$(grep -n -m1 '^Stage ' "$work/grade-stage1.log" | cut -d: -f1)
[ -n "$first_build" ] && [ -n "$table" ] && [ "$first_build" -lt "$table" ] ||
  { echo "FAIL: make grade >file loses the build's output (compile line ${first_build:-none}, table line ${table:-none})"; problems=1; }
expect "$report" '^1 +RMI\.1a .* pass$' "STAGE=1: RMI.1a is graded"
expect "$report" '^1 +RMI\.1c .*crashed in RMI1c\.[A-Za-z]+: AddressSanitizer: SEGV on unknown address 0x0+ at (solutions/)?stage1_rpc/exercises/rmi1c_function_table\.cpp:[0-9]+' \
  "STAGE=1: RMI.1c reads as a crash in a named test, with the sanitizer's finding and its place"
grade >"$work/grade.log" 2>&1
cat "$report"
expect "$report" '^1 +RMI\.1b .* pass$' "stage 1 is graded although stage 2 does not compile"
expect "$report" '^1 +RMI\.1c .*crashed in RMI1c\.' "RMI.1c crashed"
expect "$report" "^ +#0 .* (solutions/)?stage1_rpc/exercises/rmi1c_function_table\.cpp:[0-9]+:[0-9]+\$" \
  "the sanitizer's report, with the student's own frame, is shown under the table"
expect "$report" "^2 +RMI\.2 .*does not compile: (solutions/)?stage2_rmi/exercises/rmi2_open_reply\.cpp:$broken_line: " \
  "RMI.2 names the file and line that do not compile"
expect "$report" '^2 +RMI\.3 .*blocked: needs RMI\.2, which does not compile' "RMI.3 is blocked by RMI.2"
expect "$report" '^Demos: stage1 FAIL \(Stage1Demo\..+\) \| stage2 not built: .*rmi2_open_reply' \
  "every failing demo row says why"

echo "--- 2. an endless loop in RMI.2, run by the stage 2 demo servers; an overflow in RMI.1c"
restore
sed -i '/^ReplyOutcome tag_reply(/a\  for (volatile bool forever = true; forever;) {\n  }' \
  solutions/stage2_rmi/exercises/rmi2_tag_reply.cpp
sed -i '/it is bound already/i\      int length = 2147483647;\n      length += static_cast<int>(name.size());\n      (void)length;' \
  solutions/stage1_rpc/exercises/rmi1c_function_table.cpp
grade >"$work/grade.log" 2>&1
cat "$report"
expect "$report" '^1 +RMI\.1c .*crashed in RMI1c\.[A-Za-z]+: UndefinedBehaviorSanitizer: signed integer overflow at (solutions/)?stage1_rpc/exercises/rmi1c_function_table\.cpp:[0-9]+ ' \
  "RMI.1c reads as a crash with UBSan's finding and its place, as an AddressSanitizer crash does"
expect "$report" "^ +(solutions/)?stage1_rpc/exercises/rmi1c_function_table\.cpp:[0-9]+:[0-9]+: runtime error: signed integer overflow: 2147483647 \+ [0-9]+ cannot be represented" \
  "UBSan's whole finding is shown under the table"
expect "$report" '^2 +RMI\.2 .*timed out after 4 s in RMI2\.[A-Za-z]+ at (solutions/)?stage2_rmi/exercises/rmi2_tag_reply\.cpp:[0-9]+ ' \
  "RMI.2 times out in a named test, at the place of the loop"
expect "$report" "^ +#0 .* (solutions/)?stage2_rmi/exercises/rmi2_tag_reply\.cpp:[0-9]+:[0-9]+\$" \
  "the stuck thread's stack is shown under the table"
expect "$report" 'stage2 timed out after 10 s in Stage2Demo\.' "the stage 2 demo times out"
# Any process running a program of the build, after a moment for killed ones to be gone.
leftovers() {
  sleep 1
  local exe target
  for exe in /proc/[0-9]*/exe; do
    target=$(readlink "$exe" 2>/dev/null) && [[ "$target" == "$PWD/$build/"* ]] && echo "${exe//[^0-9]/}"
  done
}
expect_none_left() {
  local left
  left=$(leftovers)
  [ -z "$left" ] && return
  echo "FAIL: processes outlived $1:"; ps -o pid,ppid,etime,args -p "${left//$'\n'/,}"
  kill -KILL $left 2>/dev/null
  problems=1
}
expect_none_left "make grade"
# make test too, when its timeout stops a program in the middle of a demo.
TEST_TIMEOUT=10 make test STAGE=2 FILTER='Stage2Demo.*' >"$work/test.log" 2>&1
grep -q 'stage2_rmi: timed out after 10 s' "$work/test.log" ||
  { echo "FAIL: make test did not time out the stage 2 demo"; problems=1; }
expect_none_left "make test"

[ "$problems" -eq 0 ] && echo "grader check: all good"
exit "$problems"
