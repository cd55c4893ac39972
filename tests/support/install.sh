#!/usr/bin/env bash
# Installs one stage for programs outside this tree (make install runs it for every stage).
# Usage: install.sh PREFIX BUILD_DIR STAGE [STAGE_IT_BUILDS_ON...]
#   PREFIX/lib/librmi-stageN.a           the stage's library, as built in BUILD_DIR
#   PREFIX/include/rmi/STAGE/...         its headers (not the demos'), at the paths the sources
#                                        include them by; an exercise header solved in
#                                        BUILD_DIR/solved replaces the handout's
#   PREFIX/lib/pkgconfig/rmi-stageN.pc   how to compile and link with it; it requires the
#                                        stages it builds on, so one name brings all of them
set -euo pipefail
prefix=$(realpath -m "$1") build=$2 stage=$3
shift 3
number() { [[ "$1" =~ ^stage([0-9]+)_ ]] && echo "${BASH_REMATCH[1]}"; }
n=$(number "$stage")

install -D -m 644 "$build/lib/lib$stage.a" "$prefix/lib/librmi-stage$n.a"
find "$stage" -name '*.hpp' -not -path "$stage/demo/*" | while read -r header; do
  source=$header
  [ -f "$build/solved/$header" ] && source="$build/solved/$header"
  install -D -m 644 "$source" "$prefix/include/rmi/$header"
done

requires=()
for used in "$@"; do requires+=("rmi-stage$(number "$used")"); done
# Every stage names Boost and pthread; pkg-config keeps the last of repeated flags, so they end
# up after every stage's library, as a static link needs.
libs="-L\${libdir} -lrmi-stage$n -lboost_serialization -lpthread"
mkdir -p "$prefix/lib/pkgconfig"
cat >"$prefix/lib/pkgconfig/rmi-stage$n.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include/rmi

Name: rmi-stage$n
Description: the RMI course toolkit, $stage (headers are included as "$stage/...")
Version: $n
Requires: $(IFS=,; echo "${requires[*]}" | sed 's/,/, /g')
Cflags: -std=c++20 -I\${includedir}
Libs: $libs
PC
echo "installed $stage: $prefix/lib/librmi-stage$n.a, $prefix/include/rmi/$stage/, $prefix/lib/pkgconfig/rmi-stage$n.pc"
