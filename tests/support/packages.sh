#!/usr/bin/env bash
# The Debian packages the toolkit needs. Usage:
#   packages.sh install PACKAGE...   installs those missing (make deps; needs root or sudo)
#   packages.sh check PACKAGE...     says which are missing and fails (the first build runs it)
# On a system without dpkg it only lists the packages, for you to install their equivalents.
set -uo pipefail
mode=$1
shift
needed=("$@")

if ! command -v dpkg-query >/dev/null 2>&1; then
  [ "$mode" = install ] &&
    echo "note: not a Debian system; install these or your system's equivalents: ${needed[*]}"
  exit 0
fi

missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$mode" = check ]; then
  echo "error: missing packages: ${missing[*]}" >&2
  echo "       install them with:  make deps   (as root, or with sudo)" >&2
  [[ " ${missing[*]} " == *" clang "* ]] &&
    echo "       or build with g++ instead (slower to compile):  make CXX=g++ ..." >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "error: installing packages needs root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "installing missing packages: ${missing[*]}"
if ! "${sudo[@]}" apt-get update -qq ||
   ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; then
  echo "error: apt-get could not install: ${missing[*]}" >&2
  echo "       check the network and the apt sources, then run make deps again" >&2
  exit 1
fi
echo "installed: ${missing[*]}"
