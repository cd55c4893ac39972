#!/usr/bin/env bash
# Runs each given stage's demo (make demo): starts its server on a free port, waits for the
# server's "READY host:port" line, runs the client against it, prints both sides' output, and
# stops the server. Usage: run_demo.sh BUILD_DIR stage1_rpc [stage2_rmi ...]
# Fails if a program fails or the server does not stop cleanly. With RUN_UNDER set (make
# valgrind), both programs run under that command, e.g. "valgrind --error-exitcode=99".
set -uo pipefail
read -r -a run_under <<<"${RUN_UNDER:-}"
patience=$([ -n "${RUN_UNDER:-}" ] && echo 60 || echo 10)
build=$1
shift
status=0
workdir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$workdir"' EXIT

# One demo: a server program, a client program, and the client's extra arguments.
run_pair() {
  local stage=$1 server=$2 client=$3
  local out="$workdir/$server.out" err="$workdir/$server.err" fifo="$workdir/$server.ready"
  echo "=== $stage: $server and $client"
  mkfifo "$fifo"
  "${run_under[@]}" "$build/$stage/$server" --port 0 >"$fifo" 2>"$err" &
  local pid=$! address="" line="" ready_fd
  exec {ready_fd}<"$fifo"
  # The server's first line says where it listens; wait for it instead of guessing.
  if read -r -t "$patience" line <&"$ready_fd" && [[ "$line" == "READY "* ]]; then
    address=${line#READY }
  fi
  { echo "$line"; cat; } <&"$ready_fd" >"$out" &
  local drain=$!
  exec {ready_fd}<&-
  if [ -z "$address" ]; then
    kill -TERM $pid 2>/dev/null; wait $pid; wait $drain
    echo "$server did not start:"; sed 's/^/  [server] /' "$out" "$err"; status=1; return
  fi
  echo "--- $server is listening on $address; running $client"
  "${run_under[@]}" "$build/$stage/$client" --host "${address%:*}" --port "${address##*:}" 2>&1 | sed 's/^/  [client] /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "$client failed"; status=1; }
  kill -TERM $pid
  wait $pid || { echo "$server did not stop cleanly"; status=1; }
  wait $drain
  echo "--- $server's output (stdout, then stderr)"
  sed 's/^/  [server] /' "$out"
  sed 's/^/  [server] /' "$err"
}

for stage in "$@"; do
  case "$stage" in
    stage1_rpc) run_pair stage1_rpc calc_server calc_client ;;
    stage2_rmi)
      run_pair stage2_rmi abc_server abc_client
      run_pair stage2_rmi calc_server calc_client
      run_pair stage2_rmi agent_server agent_client
      ;;
    *) echo "no demo known for $stage"; status=1 ;;
  esac
done
exit $status
