#!/usr/bin/env bash
# Checks that misuse of the toolkit is a short, readable compile error (part of make test).
# Each tests/<stage>/compile_errors/*.cpp must fail to compile with exactly one error per
# "EXPECT-ERROR <text>" marker, each error containing its marker's text.
# Usage: check_compile_errors.sh "CXX" "FLAGS" stage1_rpc [stage2_rmi ...]
# FLAGS: the include paths, and with clang the build's flags and its precompiled header, so that
# the standard, Boost and gtest headers are not parsed again for each file (0.5 s, not 1.5 s).
set -uo pipefail
cxx=$1 flags=$2
shift 2
status=0
for stage in "$@"; do
  for file in tests/"$stage"/compile_errors/*.cpp; do
    [ -f "$file" ] || continue
    # shellcheck disable=SC2086
    output=$($cxx -std=c++20 $flags -fsyntax-only "$file" 2>&1) &&
      { echo "$file: compiled, but it must not"; status=1; continue; }
    expected=$(grep -c 'EXPECT-ERROR' "$file")
    got=$(grep -c 'error:' <<<"$output")
    if [ "$got" -ne "$expected" ]; then
      echo "$file: $got errors, expected $expected (one per mistake):"
      echo "$output" | grep 'error:' | head -20
      status=1
    fi
    while read -r text; do
      grep -qF -- "$text" <<<"$output" || { echo "$file: no error says '$text'"; status=1; }
    done < <(sed -n 's/.*EXPECT-ERROR //p' "$file")
  done
done
[ $status -eq 0 ] && printf "%-20s ok    each misuse gives one readable error\n" "compile errors"
exit $status
