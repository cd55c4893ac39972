#!/usr/bin/env bash
# Runs each given stage's demo (make demo): starts its servers on free ports, waits for each
# server's "READY host:port" line, runs the client against them, prints every side's output, and
# stops the servers. Usage: run_demo.sh BUILD_DIR stage1_rpc [stage2_rmi ...]
# Fails if a program fails or a server does not stop cleanly. With RUN_UNDER set (make
# valgrind), every program runs under that command, e.g. "valgrind --error-exitcode=99".
set -uo pipefail
read -r -a run_under <<<"${RUN_UNDER:-}"
patience=$([ -n "${RUN_UNDER:-}" ] && echo 60 || echo 10)
build=$1
shift
status=0
workdir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$workdir"' EXIT
# Never a broadcast from a demo run: the stage 3 programs find their lookup service as told.
unset RMI_LOOKUP RMI_LOOKUP_BROADCAST

# Starts `stage/program args...` in the background under the label `name`, and waits for its
# READY line: sets `address` (empty if it never came). Its output is kept for stop_server.
declare -A pid_of drain_of output_of program_of
started=0
start_server() {
  local name=$1 stage=$2 program=$3
  shift 3
  started=$((started + 1))  # two stages may have servers of the same name
  local out="$workdir/$started.out" err="$workdir/$started.err" fifo="$workdir/$started.ready"
  output_of[$name]="$out $err" program_of[$name]=$program
  mkfifo "$fifo"
  "${run_under[@]}" "$build/$stage/$program" "$@" >"$fifo" 2>"$err" &
  pid_of[$name]=$!
  local line="" ready_fd
  address=""
  exec {ready_fd}<"$fifo"
  # The server's first line says where it listens; wait for it instead of guessing.
  if read -r -t "$patience" line <&"$ready_fd" && [[ "$line" == "READY "* ]]; then
    address=${line#READY }
  fi
  { echo "$line"; cat; } <&"$ready_fd" >"$out" &
  drain_of[$name]=$!
  exec {ready_fd}<&-
  if [ -z "$address" ]; then
    echo "$name did not start:"
    stop_server "$name"
    status=1
  else
    echo "--- $name is listening on $address"
  fi
}

# A program's output, each line labelled `name`. A server's log lines carry the program's name
# already ("[lookup_server] registered ..."), which the label replaces rather than repeats.
labelled() {
  local name=$1 program=$2
  shift 2
  sed -e "s/^\[$program\] //" -e "s/^/  [$name] /" "$@"
}

# Stops a server started by start_server (SIGTERM, as Ctrl-C would) and prints its output.
stop_server() {
  local name=$1
  kill -TERM "${pid_of[$name]}" 2>/dev/null
  wait "${pid_of[$name]}" || { echo "$name did not stop cleanly"; status=1; }
  wait "${drain_of[$name]}"
  echo "--- $name's output (stdout, then stderr)"
  # shellcheck disable=SC2086
  labelled "$name" "${program_of[$name]}" ${output_of[$name]}
}

# Kills a server started by start_server with SIGKILL, as a crash would, and prints its output.
kill_server() {
  local name=$1
  kill -KILL "${pid_of[$name]}" 2>/dev/null
  wait "${pid_of[$name]}" 2>/dev/null
  wait "${drain_of[$name]}"
  echo "--- $name was killed (kill -9); its output (stdout, then stderr)"
  # shellcheck disable=SC2086
  labelled "$name" "${program_of[$name]}" ${output_of[$name]}
}

# Runs a client to its end, its output indented.
run_client() {
  local stage=$1 program=$2
  shift 2
  echo "--- running $program"
  "${run_under[@]}" "$build/$stage/$program" "$@" 2>&1 | labelled "$program" "$program"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "$program failed"; status=1; }
}

# One server, one client that calls it (stages 1 and 2).
run_pair() {
  local stage=$1 server=$2 client=$3
  echo "=== $stage: $server and $client"
  start_server "$server" "$stage" "$server" --port 0
  [ -n "$address" ] || return
  run_client "$stage" "$client" --host "${address%:*}" --port "${address##*:}"
  stop_server "$server"
}

# Stage 3: a lookup service, and three demos that find each other through it.
run_lookup_demos() {
  local s=stage3_lookup
  echo "=== $s: lookup_server, then three demos that find their objects through it"
  start_server lookup_server $s lookup_server --port 0 --no-discovery
  [ -n "$address" ] || return
  local lookup=(--lookup "$address")

  echo "=== $s: lookup by class (subclass_server, by_class_client)"
  start_server subclass_server $s subclass_server "${lookup[@]}"
  [ -n "$address" ] && run_client $s by_class_client "${lookup[@]}"
  stop_server subclass_server

  echo "=== $s: Pyro's cluster (cluster_node node1 and node2, cluster_client)"
  start_server node1 $s cluster_node --node node1 "${lookup[@]}"
  start_server node2 $s cluster_node --node node2 "${lookup[@]}"
  run_client $s lookup_tool list "${lookup[@]}"
  run_client $s cluster_client "${lookup[@]}"
  stop_server node1
  stop_server node2

  echo "=== $s: a client exports its own object (export_client, find_client)"
  start_server export_client $s export_client "${lookup[@]}"
  [ -n "$address" ] && run_client $s find_client "${lookup[@]}"
  stop_server export_client

  stop_server lookup_server
}

# Stage 4: values and references, callbacks, and distributed garbage collection.
run_reference_demos() {
  local s=stage4_references
  echo "=== $s: lookup_server, then three demos of references"
  start_server lookup_server stage3_lookup lookup_server --port 0 --no-discovery
  [ -n "$address" ] || return
  local lookup=(--lookup "$address")

  echo "=== $s: the lecture's value and reference (hello_server, hello_client)"
  start_server hello_server $s hello_server "${lookup[@]}"
  [ -n "$address" ] && run_client $s hello_client "${lookup[@]}"
  stop_server hello_server

  echo "=== $s: callbacks (chat_server; alice and bob listen, carol and dave speak, bob dies)"
  start_server chat_server $s chat_server "${lookup[@]}"
  start_server alice $s chat_client --as alice --stay "${lookup[@]}"
  start_server bob $s chat_client --as bob --stay "${lookup[@]}"
  run_client $s chat_client --as carol --say "hello, room" "${lookup[@]}"
  kill_server bob
  run_client $s chat_client --as dave --say "is anyone there?" "${lookup[@]}"
  stop_server alice
  stop_server chat_server

  echo "=== $s: distributed garbage collection (store_server, gc_client, lookup_tool inspect)"
  start_server store_server $s store_server "${lookup[@]}"
  run_client $s gc_client --count 1000 "${lookup[@]}"
  run_client stage3_lookup lookup_tool inspect demo.store "${lookup[@]}"
  stop_server store_server

  stop_server lookup_server
}

for stage in "$@"; do
  case "$stage" in
    stage1_rpc) run_pair stage1_rpc calc_server calc_client ;;
    stage2_rmi)
      run_pair stage2_rmi abc_server abc_client
      run_pair stage2_rmi calc_server calc_client
      run_pair stage2_rmi agent_server agent_client
      ;;
    stage3_lookup) run_lookup_demos ;;
    stage4_references) run_reference_demos ;;
    *) echo "no demo known for $stage"; status=1 ;;
  esac
done
exit $status
