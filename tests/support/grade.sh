#!/usr/bin/env bash
# Grades a build of the toolkit, one exercise at a time (make grade). Usage:
#   grade.sh BUILD_DIR [STAGE] [EX] [FILTER] [BASE]
# Each exercise's tests run in their own process under a timeout, so a crash or a hang in one
# exercise cannot take the others down. Prints a table and writes BUILD_DIR/grade/report.txt
# and report.json. With EX (RMI.1b, or RMI.1 for RMI.1a, RMI.1b, ...) it shows that
# exercise's full test output first: the inner loop while working on it.
set -uo pipefail
build=$1 only_stage=${2:-} only_exercise=${3:-} filter=${4:-} base=${5:-}
rubric=tests/rubric.txt
per_exercise_timeout=60
report_dir="$build/grade"
mkdir -p "$report_dir"
txt="$report_dir/report.txt"
json="$report_dir/report.json"

case "$build" in
  *-tsan) sanitizers="TSan" ;; *-nosan) sanitizers="no sanitizers" ;; *) sanitizers="ASan+UBSan" ;;
esac
track=$(basename "$build"); track=${track%%-*}
compiler="$(${CXX:-g++} --version 2>/dev/null | head -1 | sed 's/ (.*)//; s/ [0-9.]*-.*//')"

# The stage's test program; for EX, the program of that exercise's tests alone, if built.
test_program() {
  local exercise_program="$build/tests/exercise_$(tr -d . <<<"$only_exercise" | tr A-Z a-z)_tests"
  if [ -n "$only_exercise" ] && [ -x "$exercise_program" ]; then
    echo "$exercise_program"
  else
    ls "$build"/tests/stage"$1"_*_tests 2>/dev/null | head -1
  fi
}

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\000-\037')"; }

# Runs the tests matching a gtest filter in one process; sets passed, total, status, first.
# `exercise` (may be empty) is the exercise graded: a test that fails because *another*
# exercise is not implemented yet makes this one "blocked", not "not implemented".
run_suite() {
  local program=$1 pattern=$2 exercise=${3:-} output code started
  total=$("$program" --gtest_list_tests --gtest_filter="$pattern" | grep -c '^  ')
  output=$(RMI_GRADE=1 timeout --kill-after=5 "$per_exercise_timeout" "$program" \
             --gtest_filter="$pattern" 2>/dev/null)
  code=$?
  passed=$(grep -c '^GRADE [^ ]* [^ ]* PASS' <<<"$output")
  local failed notimpl
  failed=$(grep '^GRADE [^ ]* [^ ]* \(FAIL\|NOTIMPL\)' <<<"$output")
  notimpl=$(grep -c '^GRADE [^ ]* [^ ]* NOTIMPL' <<<"$output")
  started=$(grep '^GRADE-START' <<<"$output" | tail -1 | awk '{print $2"."$3}')
  local blocker=""
  if [ -n "$exercise" ]; then
    blocker=$(grep '^GRADE [^ ]* [^ ]* NOTIMPL' <<<"$output" |
      grep -o 'not implemented: exercise RMI\.[0-9]*[a-z]*' | sed 's/.* //' |
      grep -vx "${exercise//./\\.}" | sort -u | head -1)
  fi
  first=""
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    status="timed out after ${per_exercise_timeout} s in $started"
  elif [ "$code" -gt 128 ]; then
    status="crashed (signal $((code - 128))) in $started"
  elif [ "$total" -eq 0 ]; then
    status="no tests"
  elif [ "$passed" -eq "$total" ]; then
    status="pass"
  elif [ -n "$blocker" ]; then
    status="blocked by $blocker, which is not implemented yet"
  elif [ "$passed" -eq 0 ] && [ "$notimpl" -eq "$total" ]; then
    status="not implemented"
  else
    status="FAIL"
    first=$(head -1 <<<"$failed" | awk '{
      where = $5; sub(".*/", "", where); message = "";
      for (i = 6; i <= NF; i++) message = message (i > 6 ? " " : "") $i;
      if (length(message) > 160) message = substr(message, 1, 157) "...";
      if (where == "-") printf "%s.%s: %s", $2, $3, message;
      else printf "%s.%s (%s): %s", $2, $3, where, message }')
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

declare -A result_of
rows=() json_rows=() stages_seen=()
total_points=0 max_points=0 all_passed=1
while read -r exercise stage weight needs section topic; do
  [[ -z "$exercise" || "$exercise" == \#* ]] && continue
  selected "$exercise" "$stage" || continue
  program=$(test_program "$stage")
  suite=${exercise//./}
  pattern="$suite.*"
  [ -n "$filter" ] && pattern="$filter"
  if [ -z "$program" ]; then
    passed=0 total=0 status="not built" first=""
  else
    if [ -n "$only_exercise" ]; then
      echo "=== $exercise: $topic   ($section)"
      timeout --kill-after=5 "$per_exercise_timeout" "$program" --gtest_filter="$pattern"
      echo
    fi
    run_suite "$program" "$pattern" "$exercise"
  fi
  result_of[$exercise]=$status
  points=$(( total > 0 ? weight * passed / total : 0 ))
  total_points=$((total_points + points)) max_points=$((max_points + weight))
  [ "$status" = pass ] || all_passed=0
  detail=$status
  case "$status" in
    pass) ;;
    FAIL)
      detail="FAIL  $first"
      for need in ${needs//,/ }; do
        [ "$need" != - ] && [ "${result_of[$need]:-pass}" != pass ] &&
          detail="$detail  (needs $need, which does not pass yet)"
      done
      detail="$detail — read $section" ;;
    *) detail="$status — read $section" ;;
  esac
  rows+=("$(printf '%-5s %-9s %-30s %5s  %6s  %s' "$stage" "$exercise" "$topic" \
    "$passed/$total" "$points/$weight" "$detail")")
  json_rows+=("{\"exercise\": $(json_string "$exercise"), \"stage\": $stage, \"passed\": $passed, \"total\": $total, \"points\": $points, \"weight\": $weight, \"result\": $(json_string "$status"), \"first_failure\": $(json_string "$first")}")
  [[ " ${stages_seen[*]} " == *" $stage "* ]] || stages_seen+=("$stage")
done < "$rubric"

# Each graded stage's demo, end to end as processes (the Stage<n>Demo suite).
# Demos earn no points, but a failing one means something the exercise tests did not catch.
demos=() demo_hints=() json_demos=()
if [ -z "$only_exercise" ] && [ -z "$filter" ]; then
  for stage in "${stages_seen[@]}"; do
    program=$(test_program "$stage")
    [ -n "$program" ] || continue
    run_suite "$program" "Stage${stage}Demo.*"
    [ "$status" = "not implemented" ] && status="FAIL"
    [ "$status" = pass ] || all_passed=0
    demos+=("stage$stage $status${first:+ ($first)}")
    [ "$status" = pass ] ||
      demo_hints+=("why stage $stage's demo fails, in full: $program --gtest_filter='Stage${stage}Demo.*'")
    json_demos+=("{\"stage\": $stage, \"result\": $(json_string "$status"), \"first_failure\": $(json_string "$first")}")
  done
fi

{
  echo "RMI toolkit — grade of the $track track${base:+ on the reference solutions of stages before $only_stage} ($compiler, $sanitizers)"
  printf '%-5s %-9s %-30s %5s  %6s  %s\n' Stage Exercise Topic Tests Points Result
  printf '%s\n' "${rows[@]}"
  [ ${#demos[@]} -gt 0 ] && echo "Demos: $(IFS='|'; echo "${demos[*]}" | sed 's/|/ | /g')"
  [ ${#demo_hints[@]} -gt 0 ] && printf '  %s\n' "${demo_hints[@]}"
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
