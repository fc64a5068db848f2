#!/usr/bin/env bash
# Fetch Jane Austen's novels, Debian package r-cran-janeaustenr (1.0.0-1,
# or the archive's version if it has dropped that one), unpack it under
# build/packages/janeaustenr and print that directory, for
# scripts/austen_docs.py. Exits 1 when the package cannot be fetched.
#
#   dir=$(scripts/austen.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/packages/janeaustenr
if [ ! -d "$dir" ]; then
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || exit 1
  mkdir -p build/packages
  (cd build/packages && rm -f r-cran-janeaustenr_*.deb \
    && { apt-get download -q r-cran-janeaustenr=1.0.0-1 >&2 2>/dev/null \
      || apt-get download -q r-cran-janeaustenr >&2; } \
    && dpkg-deb -x r-cran-janeaustenr_*.deb janeaustenr) || { rm -rf "$dir"; exit 1; }
fi
echo "austen: $(cd build/packages && ls r-cran-janeaustenr_*.deb)" >&2
echo "$dir"
