# shellcheck shell=bash
# Sourced by the scripts that run test programs (run_tests.sh, grade.sh).
#   run_contained SECONDS COMMAND [ARG...]
# runs COMMAND under a timeout (TERM, then KILL 5 s later) and returns its exit status (124 or
# 137 for a timeout). Afterwards it kills every process the command left behind, however it
# ended and whatever the code under test did: each carries this run's token in its environment,
# inherited from the command. (ChildProcess also kills its processes when the test program
# dies; this catches anything else, e.g. a process started from a thread that has ended.)
run_contained() {
  local limit=$1 code leftovers
  shift
  local token="rmi-run-$$-$BASHPID-$RANDOM"
  RMI_RUN_TOKEN=$token timeout --kill-after=5 "$limit" "$@"
  code=$?
  # One grep over every process's environment: /proc/<pid>/environ of those that have the token.
  leftovers=$(grep -lzx "RMI_RUN_TOKEN=$token" /proc/[0-9]*/environ 2>/dev/null |
    cut -d/ -f3)
  # shellcheck disable=SC2086  # one word per pid
  [ -n "$leftovers" ] && kill -KILL $leftovers 2>/dev/null
  return "$code"
}
