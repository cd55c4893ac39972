#!/usr/bin/env bash
# Installs the Debian packages the toolkit needs, when some are missing. Run by make before the
# first compile; safe to run again. Usage: install_packages.sh [extra-package...]
set -uo pipefail

needed=(make libboost-serialization-dev libgtest-dev "$@")

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian system; make sure these (or your system's equivalents) are installed:"
  echo "      ${needed[*]}"
  exit 0
fi

missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "error: missing packages: ${missing[*]}" >&2
    echo "       install them as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
    [[ " ${missing[*]} " == *" clang "* ]] &&
      echo "       or build with g++ instead (slower to compile):  make CXX=g++ ..." >&2
    exit 1
  fi
fi

echo "installing missing packages: ${missing[*]}"
if ! "${sudo[@]}" apt-get update -qq ||
   ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; then
  echo "error: apt-get could not install: ${missing[*]}" >&2
  echo "       check the network and the apt sources, then run make again" >&2
  exit 1
fi
echo "installed: ${missing[*]}"
