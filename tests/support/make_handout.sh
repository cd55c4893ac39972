#!/usr/bin/env bash
# Writes the student copy of the repository (make handout DEST=dir): everything except
# solutions/, the instructor's CI and the checks that need solutions/. In the copy the handout
# track is the only track, so make, make test and make grade all build the student's own
# exercise files.
set -euo pipefail
dest=${1:-}
if [ -z "$dest" ]; then
  echo "usage: make handout DEST=directory" >&2
  exit 2
fi
if [ -e "$dest" ] && [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
  echo "error: $dest exists and is not empty; choose a new directory" >&2
  exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files --cached --others --exclude-standard)
else
  files=$(find . -type f -not -path './build/*' -not -path './.git/*' | sed 's|^\./||')
fi
mkdir -p "$dest"
grep -v -e '^solutions/' -e '^\.ci/' -e '^tests/support/check_\(exercises\|grader\)\.sh$' <<<"$files" |
  while read -r file; do
    [ -f "$file" ] || continue
    mkdir -p "$dest/$(dirname "$file")"
    cp -p "$file" "$dest/$file"
  done
# The Makefile takes this file to mean "the handout is the default track here", even after the
# instructor hands out solutions of earlier stages.
echo "A student copy of the RMI toolkit: make builds your own exercise files." > "$dest/.student-copy"
# The README's instructor section does not belong in the student copy.
sed -i '/^<!-- instructor -->$/,/^<!-- end instructor -->$/d' "$dest/README.md"
echo "wrote the student copy to $dest ($(find "$dest" -type f | wc -l) files, no solutions/)"
echo "in it: make grade   (every exercise starts as 'not implemented')"
