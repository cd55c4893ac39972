#!/usr/bin/env bash
# Grades a build of the toolkit, one exercise at a time (make grade). Usage:
#   GRADE_MAKE="make -k" grade.sh BUILD_DIR STAGE EX FILTER BASE [PROGRAM...]
# 1. Builds the given programs with $GRADE_MAKE, going on past files that do not compile; the
#    compiler's messages go to the screen and to BUILD_DIR/grade/compile.log. A program that
#    could not be rebuilt is deleted, so that nothing stale is graded.
# 2. Runs each exercise's tests in a process of its own under a timeout (GRADE_TIMEOUT, 60 s),
#    contained (run_contained.sh), so a crash or a hang in one exercise cannot take the others
#    down and leaves no process behind; each test under its own, shorter, limit
#    (GRADE_TEST_TIMEOUT, 20 s), after which the test program shows where it is stuck.
# 3. Prints a table (and BUILD_DIR/grade/report.txt, report.json): per exercise its tests and
#    points and, if it does not pass, the first reason why: the first failure, a crash and the
#    sanitizer's report, a timeout, or the file that does not compile.
# With EX (RMI.1b, or RMI.1 for RMI.1a, RMI.1b, ...) it shows that exercise's full test output
# first: the inner loop while working on it.
set -uo pipefail
source "$(dirname "$0")/run_contained.sh"
build=$1 only_stage=${2:-} only_exercise=${3:-} filter=${4:-} base=${5:-}
shift 5
goals=("$@")
rubric=tests/rubric.txt
per_exercise_timeout=${GRADE_TIMEOUT:-60}
# And each test in it, after which the test program says where its threads are (watchdog.hpp).
export RMI_TEST_SECONDS=${GRADE_TEST_TIMEOUT:-20}
report_dir="$build/grade"
mkdir -p "$report_dir"
txt="$report_dir/report.txt"
json="$report_dir/report.json"
compile_log="$report_dir/compile.log"

case "$build" in
  *-tsan) sanitizers="TSan" ;; *-nosan) sanitizers="no sanitizers" ;; *) sanitizers="ASan+UBSan" ;;
esac
track=$(basename "$build"); track=${track%%-*}
compiler="$(${CXX:-clang++} --version 2>/dev/null | head -1 | sed 's/ (.*)//; s/ [0-9.]*-.*//')"
lower() { tr -d . <<<"$1" | tr A-Z a-z; }

# ---- 1. build ---------------------------------------------------------------------------------
# Builds the given goals as far as they go; deletes those that make could not remake.
build() {
  [ -n "${GRADE_MAKE:-}" ] && [ $# -gt 0 ] || return 0
  # Shown as it comes and appended to the log; not through `tee /dev/stderr`, which reopens the
  # grader's output and, when that is a file (make grade >log 2>&1), truncated it.
  local from
  from=$(($(wc -l <"$compile_log") + 1))
  $GRADE_MAKE "$@" 2>&1 | tee -a "$compile_log"
  tail -n +"$from" "$compile_log" |
    sed -n "s/.*Target '\(.*\)' not remade because of errors\./\1/p" | xargs -r rm -f
}
: >"$compile_log"
build "${goals[@]}" 2>&1

# The first compile error of each file, as "file:line: message", files named from the root
# (not as found through build/.../solved/ or solutions/).
compile_errors() {
  grep -E '^[^ :]+:[0-9]+:[0-9]+: (fatal )?error: ' "$compile_log" |
    sed -E 's#^(\./)?##; s#^[^ :]*/solved/##; s#^solutions/##; s/^([^:]+):([0-9]+):[0-9]+: (fatal )?error: /\1:\2: /' |
    awk -F: '!seen[$1]++'
}
# The exercise an exercise file belongs to: stage2_rmi/exercises/rmi2_rethrow.cpp -> RMI.2.
exercise_of_file() {
  [[ "$(basename "$1")" =~ ^rmi([0-9]+[a-z]?)_ ]] && echo "RMI.${BASH_REMATCH[1]}"
}
# The stage number a file belongs to: stage2_rmi/... or tests/stage2_rmi/... -> 2; other tests 0.
stage_of_file() {
  [[ "$1" =~ (^|/)stage([0-9]+)_ ]] && echo "${BASH_REMATCH[2]}" || echo 0
}
# The first error in the files of an exercise.
error_of_exercise() {
  local error
  while read -r error; do
    [ "$(exercise_of_file "${error%%:*}")" = "$1" ] && { echo "$error"; return; }
  done <<<"$(compile_errors)"
}
# The first error in a file a stage's programs are built from (that stage, those below, tests);
# with "library", only in the libraries' files.
error_below_stage() {
  local error
  while read -r error; do
    [ -n "$error" ] && [ "$(stage_of_file "${error%%:*}")" -le "$1" ] || continue
    [ "${2:-}" = library ] && [[ "$error" == tests/* ]] && continue
    echo "$error"
    return
  done <<<"$(compile_errors)"
}
short() {  # a message cut to fit a table row (to 160 characters, or $2)
  local text=$1 most=${2:-160}
  [ ${#text} -gt "$most" ] && text="${text:0:$((most - 3))}..."
  printf '%s' "$text"
}

# The program that runs stage $1's tests, or for EX that exercise's own; nothing if not built.
# When a stage's program does not compile, an exercise's own program may (its test file may not
# include what broke): that is built and used instead.
test_program() {
  local stage=$1 exercise=${2:-} program
  if [ -n "$only_exercise" ]; then
    program="$build/tests/exercise_$(lower "$only_exercise")_tests"
    [ -x "$program" ] && echo "$program"
    return
  fi
  program=$(ls "$build"/tests/stage"$stage"_*_tests 2>/dev/null | head -1)
  if [ -z "$program" ] && [ -n "$exercise" ] && [ -z "$(error_below_stage "$stage" library)" ]; then
    program="$build/tests/exercise_$(lower "$exercise")_tests"
    [ -x "$program" ] || build "$program" >/dev/null 2>&1
    [ -x "$program" ] || program=""
  fi
  echo "$program"
}

# ---- 2. run -------------------------------------------------------------------------------------
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\000-\037')"; }

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# The frames of the stacks in a test program's stderr that are in the toolkit's own sources (not
# the standard library's, gtest's or the tests'), paths from the root. A header is named as it was
# found: ./stage1_rpc/... through -I., or a solved stage's copy in build/<track>/solved/, which
# comes from solutions/.
frames_of() {
  grep -E '^ *#[0-9]+ 0x[0-9a-f]+ in ' "$1" | readable_frames |
    grep -E ' (solutions/)?stage[0-9]+_[a-z]+/'
}
readable_frames() {  # "#3 0x55d0 in f() /work/x.cpp:4:2" -> "#3 f() x.cpp:4:2", paths from the root
  sed -E "s#$PWD/##g; s/ 0x[0-9a-f]+ in / /; s# \./# #g; s# build/[^/ ]+/solved/# solutions/#g"
}
# A sanitizer's report in a test program's stderr: its first line, then the first frames of its
# stack in the toolkit's own sources.
sanitizer_excerpt() {
  grep -m1 -E 'ERROR: [A-Za-z]+Sanitizer|runtime error: |WARNING: ThreadSanitizer' "$1" |
    sed -E "s#^==[0-9]+==##; s#^ERROR: ##; s# \(pc 0x[0-9a-f]+.*##; s#$PWD/##g"
  local frames
  frames=$(frames_of "$1")
  [ -n "$frames" ] || return 0
  head -4 <<<"$frames"
  # and the first frame in a student's exercise file, if it is deeper than those
  tail -n +5 <<<"$frames" | grep -m1 -E "$exercise_frame"
}
exercise_frame=' (solutions/)?stage[0-9]+_[a-z]+/exercises/'
# Its verdict for a table row, the finding and then its place: "AddressSanitizer: SEGV on unknown
# address 0x000000000000 at stage1_rpc/exercises/rmi1c_function_table.cpp:20". UBSan's first line
# starts with the place ("x.cpp:13:14: runtime error: signed integer overflow: 2147483647 + 5
# cannot be..."), which a row cut to length would keep and the finding lose: it is put the same
# way, "UndefinedBehaviorSanitizer: signed integer overflow at x.cpp:13", the numbers left to the
# report under the table.
sanitizer_report() {
  local excerpt first where
  excerpt=$(sanitizer_excerpt "$1")
  [ -n "$excerpt" ] || return 0
  first=$(head -1 <<<"$excerpt")
  local ubsan='^([^ :]+):([0-9]+)(:[0-9]+)?: runtime error: (.*)$'
  if [[ "$first" =~ $ubsan ]]; then
    # The finding up to its first ": " (not ':', which C++ names such as 'rmi::Ear' contain).
    printf 'UndefinedBehaviorSanitizer: %s at %s:%s' "${BASH_REMATCH[4]%%: *}" \
      "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    return 0
  fi
  # The place: the first frame in an exercise file if there is one, not the library code it
  # called, which only did what it was asked.
  where=$(tail -n +2 <<<"$excerpt" | grep -m1 -E "$exercise_frame")
  [ -n "$where" ] || where=$(sed -n 2p <<<"$excerpt")
  where=$(grep -oE '[^ ]+:[0-9]+(:[0-9]+)?$' <<<"$where" | sed -E 's/:[0-9]+$//')
  printf '%s%s' "$first" "${where:+ at $where}"
}

signal_name() { kill -l "$1" 2>/dev/null | sed 's/^/SIG/'; }

# Runs the tests matching a gtest filter in one process; sets passed, total, status, first and
# also_blocked (another exercise that blocks some of the tests of one that fails on its own).
# `exercise` (may be empty) is the exercise graded: a test that fails because *another*
# exercise is not implemented yet makes this one "blocked", not "not implemented".
# `label` names the files the output goes to: $report_dir/<label>.out and .err.
run_suite() {
  local program=$1 pattern=$2 exercise=$3 label=$4
  shift 4
  local out="$report_dir/$label.out" err="$report_dir/$label.err" output code unfinished
  total=$("$program" --gtest_list_tests --gtest_filter="$pattern" | grep -c '^  ')
  if [ -n "$only_exercise" ]; then  # the inner loop: the tests' output as it comes
    RMI_GRADE=1 run_contained "$per_exercise_timeout" "$program" --gtest_filter="$pattern" "$@" \
      2>"$err" | tee "$out" | grep --line-buffered -v '^GRADE'
    code=${PIPESTATUS[0]}
    [ -s "$err" ] && { echo "--- what the tests wrote to stderr:"; cat "$err"; }
    echo
  else
    RMI_GRADE=1 run_contained "$per_exercise_timeout" "$program" --gtest_filter="$pattern" "$@" \
      >"$out" 2>"$err"
    code=$?
  fi
  output=$(grep '^GRADE' "$out")
  passed=$(grep -c '^GRADE [^ ]* [^ ]* PASS' <<<"$output")
  local failed own_failed notimpl blocker="" report
  also_blocked=""
  failed=$(grep '^GRADE [^ ]* [^ ]* \(FAIL\|NOTIMPL\)' <<<"$output")
  notimpl=$(grep -c '^GRADE [^ ]* [^ ]* NOTIMPL' <<<"$output")
  # A test that started and never ended is the one that crashed or hung.
  unfinished=$(awk '/^GRADE-START /{t=$2"."$3} /^GRADE /{t=""} END{print t}' <<<"$output")
  report=$(sanitizer_report "$err")
  if [ -n "$exercise" ]; then
    blocker=$(grep '^GRADE [^ ]* [^ ]* NOTIMPL' <<<"$output" |
      grep -o 'not implemented: exercise RMI\.[0-9]*[a-z]*' | sed 's/.* //' |
      grep -vx "${exercise//./\\.}" | sort -u | head -1)
  fi
  # A failure of the exercise's own comes before tests that another exercise blocks, or that
  # reach a part of it not written yet.
  own_failed=$(grep '^GRADE [^ ]* [^ ]* FAIL' <<<"$output")
  [ -n "$own_failed" ] && failed=$own_failed
  first=$(grep -m1 . <<<"$failed" | awk '{
    where = $5; sub(".*/", "", where); message = "";
    for (i = 6; i <= NF; i++) message = message (i > 6 ? " " : "") $i;
    if (where == "-") printf "%s.%s: %s", $2, $3, message;
    else printf "%s.%s (%s): %s", $2, $3, where, message }')
  crash_note=""
  local hung
  hung=$(grep -m1 '^GRADE-HUNG ' "$out")
  if [ -n "$hung" ]; then
    # The watchdog's stacks: the place is the first frame in an exercise file (none if the test
    # waits in the library for another process, which is where the exercise's code is stuck).
    local where stacks="$report_dir/$label.stacks" suite test seconds line
    sed -n '/^WATCHDOG: /,$p' "$err" >"$stacks"  # not a sanitizer's report from an earlier test
    where=$(frames_of "$stacks" | grep -m1 -E "$exercise_frame")
    # file:line, or only the file for an instruction with no line of its own
    where=$(grep -oE '[^ ]+\.[ch]pp(:[0-9]+)?(:[0-9]+)?$' <<<"$where" | sed -E 's/(:[0-9]+):[0-9]+$/\1/')
    read -r _ suite test seconds <<<"$hung"
    status="timed out after $seconds s in $suite.$test${where:+ at $where}"
    crash_notes+=("$label, $(short "$status" 240):")
    while IFS= read -r line; do  # the first threads the watchdog shows, thread by thread
      [ -n "$line" ] && crash_notes+=("$line")
    done < <(sed -n '2,13p' "$stacks" | readable_frames)
    crash_notes+=("  every thread: $err"
      "  run it again: RMI_TEST_SECONDS=$seconds $program --gtest_filter='$suite.$test'")
  elif [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    status="timed out after ${per_exercise_timeout} s in ${unfinished:-the tests}"
  elif [ -n "$unfinished" ] || [ "$code" -gt 128 ]; then
    # It ended in the middle of a test: a signal, or a sanitizer that stopped it (exit code 1).
    local how
    if [ -n "$report" ]; then how=$report
    elif [ "$code" -gt 128 ]; then how="signal $((code - 128)) ($(signal_name $((code - 128))))"
    else how="the program exited with code $code"
    fi
    status="crashed in ${unfinished:-the tests}: $how"
    crash_note="$program --gtest_filter='${unfinished:-$pattern}'"
  elif [ "$total" -eq 0 ]; then
    status="no tests"
  elif [ "$passed" -eq "$total" ] && [ "$code" -ne 0 ] && [ -n "$report" ]; then
    status="FAIL" first="after the tests: $report"  # e.g. LeakSanitizer at exit
    crash_note="$program --gtest_filter='$pattern'"
  elif [ "$passed" -eq "$total" ]; then
    status="pass"
  elif [ -n "$blocker" ] && [ -n "$own_failed" ]; then
    status="FAIL" also_blocked=$blocker
  elif [ -n "$blocker" ]; then
    status="blocked by $blocker, which is not implemented yet"
  elif [ "$passed" -eq 0 ] && [ "$notimpl" -eq "$total" ]; then
    status="not implemented"
  else
    status="FAIL"
  fi
  [ "$status" = pass ] && first=""
  if [ -n "$crash_note" ]; then
    crash_notes+=("$label, $(short "${status%%: *}${first:+: $first}"):")
    while read -r line; do
      [ -n "$line" ] && crash_notes+=("  $line")
    done < <(sanitizer_excerpt "$err")
    crash_notes+=("  its whole output: $out and $err" "  run it again:     $crash_note")
  fi
}

selected() {  # exercise stage -> 0 if this exercise is to be graded
  local exercise=$1 stage=$2
  [ -n "$only_stage" ] && [ "$stage" -gt "$only_stage" ] && return 1
  # On the reference earlier stages (BASE=solutions) only the stage itself is the student's.
  [ -n "$base" ] && [ "$stage" -ne "$only_stage" ] && return 1
  if [ -n "$only_exercise" ]; then
    [ "$exercise" = "$only_exercise" ] && return 0
    [[ "$exercise" =~ ^${only_exercise//./\\.}[a-z]$ ]] && return 0
    return 1
  fi
  return 0
}

# Why a program of stage $1 was not built (and, for exercise $2, whether it is its own fault).
not_built_reason() {
  local stage=$1 exercise=${2:-} needs=${3:-} error need
  if [ -n "$exercise" ]; then
    error=$(error_of_exercise "$exercise")
    [ -n "$error" ] && { echo "does not compile: $error"; return; }
    for need in ${needs//,/ }; do
      [ "$need" = - ] && continue
      error=$(error_of_exercise "$need")
      [ -n "$error" ] && { echo "blocked: needs $need, which does not compile (${error%%: *})"; return; }
    done
  fi
  error=$(error_below_stage "$stage")
  if [ -n "$error" ]; then
    need=$(exercise_of_file "${error%%:*}")
    echo "not built: ${error%%: *}${need:+ ($need)} does not compile"
  else
    echo "not built: see $compile_log"
  fi
}

# ---- 3. the table -------------------------------------------------------------------------------
declare -A result_of
rows=() json_rows=() stages_seen=() crash_notes=()
total_points=0 max_points=0 all_passed=1
while read -r exercise stage weight needs section topic; do
  [[ -z "$exercise" || "$exercise" == \#* ]] && continue
  selected "$exercise" "$stage" || continue
  program=$(test_program "$stage" "$exercise")
  pattern="${exercise//./}.*"
  [ -n "$filter" ] && pattern="$filter"
  tests_column="" also_blocked=""
  if [ -z "$program" ]; then
    passed=0 total=0 first="" status=$(not_built_reason "$stage" "$exercise" "$needs")
    tests_column="-"
  else
    [ -n "$only_exercise" ] && echo "=== $exercise: $topic   ($section)"
    run_suite "$program" "$pattern" "$exercise" "$exercise" </dev/null
  fi
  result_of[$exercise]=$status
  points=$(( total > 0 ? weight * passed / total : 0 ))
  total_points=$((total_points + points)) max_points=$((max_points + weight))
  [ "$status" = pass ] || all_passed=0
  # A crash's row keeps its place after a long test name and the sanitizer's finding.
  detail=$(short "$status" "$([[ "$status" == crashed* ]] && echo 240 || echo 160)")
  case "$status" in
    pass) ;;
    FAIL)
      detail="FAIL  $(short "$first")"
      [ -n "$also_blocked" ] &&
        detail="$detail  (others blocked by $also_blocked, which is not implemented yet)"
      for need in ${needs//,/ }; do
        [ "$need" != - ] && [ "${result_of[$need]:-pass}" != pass ] &&
          detail="$detail  (needs $need, which does not pass yet)"
      done
      detail="$detail — read $section" ;;
    *) detail="$detail — read $section" ;;
  esac
  rows+=("$(printf '%-5s %-9s %-30s %5s  %6s  %s' "$stage" "$exercise" "$topic" \
    "${tests_column:-$passed/$total}" "$points/$weight" "$detail")")
  json_rows+=("{\"exercise\": $(json_string "$exercise"), \"stage\": $stage, \"passed\": $passed, \"total\": $total, \"points\": $points, \"weight\": $weight, \"result\": $(json_string "$status"), \"first_failure\": $(json_string "$first")}")
  [[ " ${stages_seen[*]} " == *" $stage "* ]] || stages_seen+=("$stage")
done < "$rubric"

# Each graded stage's demo, end to end as processes (the Stage<n>Demo suite), up to its first
# failure. Demos earn no points, but a failing one means something the exercise tests missed.
demos=() demo_hints=() json_demos=()
if [ -z "$only_exercise" ] && [ -z "$filter" ]; then
  for stage in "${stages_seen[@]}"; do
    program=$(ls "$build"/tests/stage"$stage"_*_tests 2>/dev/null | head -1)
    if [ -z "$program" ]; then
      status=$(not_built_reason "$stage") first=""
    else
      # A demo's own waits add up to more than a test's limit: it has the exercise's, unwatched.
      RMI_TEST_SECONDS="" run_suite "$program" "Stage${stage}Demo.*" "" "stage${stage}-demo" \
        --gtest_fail_fast </dev/null
      [ "$status" = "not implemented" ] && status="FAIL"
      [ "$status" = pass ] ||
        demo_hints+=("why stage $stage's demo fails, in full: $program --gtest_filter='Stage${stage}Demo.*'")
    fi
    [ "$status" = pass ] || all_passed=0
    # Every failing demo says why: its first failure, or what stopped it.
    reason=$first
    [ "$status" = FAIL ] || reason=""
    demos+=("stage$stage $(short "$status")${reason:+ ($(short "$reason" 200))}")
    json_demos+=("{\"stage\": $stage, \"result\": $(json_string "$status"), \"first_failure\": $(json_string "$first")}")
  done
fi

{
  echo "RMI toolkit — grade of the $track track${base:+ on the reference solutions of stages before $only_stage} ($compiler, $sanitizers)"
  printf '%-5s %-9s %-30s %5s  %6s  %s\n' Stage Exercise Topic Tests Points Result
  printf '%s\n' "${rows[@]}"
  [ ${#demos[@]} -gt 0 ] && echo "Demos: $(IFS='|'; echo "${demos[*]}" | sed 's/|/ | /g')"
  [ ${#demo_hints[@]} -gt 0 ] && printf '  %s\n' "${demo_hints[@]}"
  if [ ${#crash_notes[@]} -gt 0 ]; then
    echo "Crashes:"
    printf '  %s\n' "${crash_notes[@]}"
  fi
  first_error=$(grep -m1 -n -E '^[^ :]+:[0-9]+:[0-9]+: (fatal )?error: ' "$compile_log" | cut -d: -f1)
  if [ -n "$first_error" ]; then
    echo "The compiler's first error (all of them: $compile_log):"
    # (without make's lines and the progress lines of other files, compiled meanwhile)
    tail -n +"$first_error" "$compile_log" |
      grep -v -E '^make(\[[0-9]+\])?: |^  (CXX|PCH|AR|LINK)  ' | head -6 |
      sed '/errors\? generated\.$/q' | sed 's/^/  /'
  fi
  echo "Total $total_points/$max_points — details: $txt, $json"
} | tee "$txt"

{
  echo "{\"track\": $(json_string "$track"), \"points\": $total_points, \"max_points\": $max_points,"
  echo " \"exercises\": ["
  for i in "${!json_rows[@]}"; do
    printf '  %s%s\n' "${json_rows[$i]}" "$([ "$i" -lt $((${#json_rows[@]} - 1)) ] && echo ,)"
  done
  echo " ],"
  echo " \"demos\": [$(IFS=,; echo "${json_demos[*]}")]}"
} > "$json"

[ "$all_passed" -eq 1 ]
