#!/usr/bin/env bash
# Build KenLM's lmplz (the reference trainer) from the kenlm 0.3.0 sdist on
# PyPI into build/kenlm/kenlm-0.3.0/build/bin/lmplz, for the comparison in
# scripts/kenlm-parity.sh. Needs cmake, a C++ compiler, Boost
# (program_options, system, thread) and zlib: on Debian
#   apt-get install cmake libboost-program-options-dev libboost-system-dev \
#     libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/kenlm
cd build/kenlm
if [ ! -f kenlm-0.3.0.tar.gz ]; then
    python3 -c "import wheel" 2>/dev/null || pip install --quiet wheel
    pip download --quiet --no-deps --no-binary kenlm --no-build-isolation kenlm==0.3.0 -d .
fi
[ -d kenlm-0.3.0 ] || tar xzf kenlm-0.3.0.tar.gz
mkdir -p kenlm-0.3.0/build
cd kenlm-0.3.0/build
cmake .. -DCMAKE_BUILD_TYPE=Release >/dev/null
make -j"${JOBS:-1}" lmplz
ls -l bin/lmplz
