#!/usr/bin/env bash
# Checks README.md's "Using the toolkit from your own program" (run by .ci/run): make install
# into a temporary prefix, then the README's program, built with the README's own command
# (pkg-config), must call a running stage 2 calc_server and print add(2, 3) = 5.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "install check: $*"; exit 1; }

section=$(sed -n '/^<!-- own-program/,/^<!-- end own-program -->/p' README.md)
sed -n '/^```c++$/,/^```$/p' <<<"$section" | sed '1d;$d' >"$work/add.cpp"
compile=$(grep -m1 '^c++ ' <<<"$section")
[ -s "$work/add.cpp" ] && [ -n "$compile" ] || fail "README.md has no program or no c++ command"

make -s install PREFIX="$work/prefix" >/dev/null || fail "make install failed"
(cd "$work" && PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" eval "$compile") ||
  fail "the README's program does not build: $compile"

# The demo server, built as make install builds (-O2, no sanitizers), on a free port.
make -s SAN=0 OPT=-O2 BUILD=build/release stage2_rmi >/dev/null || fail "no calc_server"
build/release/stage2_rmi/calc_server --port 0 >"$work/server.out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^READY ' "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/^READY .*://p' "$work/server.out")
[ -n "$port" ] || fail "calc_server did not start: $(cat "$work/server.out")"
output=$(timeout 10 "$work/add" "$port" 2>&1)
[ "$output" = "add(2, 3) = 5" ] || fail "the README's program printed '$output'"
printf '%-20s ok    the README program builds with pkg-config and calls calc_server\n' "make install"
