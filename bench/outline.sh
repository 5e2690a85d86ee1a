#!/usr/bin/env bash
# bench/outline.sh: parser speed (not a test): time and peak memory of 'outline --json'
# and 'script' on a generated leaflet of about 1 MB with thousands of sections.
# Usage: bench/outline.sh [path/to/audioleaf]   (default: build/audioleaf)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/audioleaf}
[ -x "$bin" ] || { echo "no binary at $bin (build first, or pass its path)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/big.txt" <<'PY'
import sys
parts, n = [], 0
while sum(map(len, parts)) < 1_000_000:
    n += 1
    parts.append("What is finding number %d?\n\n" % n)
    parts.append("This finding is seen in about 1 in %d scans, at 2-4 weeks [this leaflet/ our "
                 "website]. It is usually harmless & needs no treatment; about 5%% of babies need "
                 "a check after birth.\n\n" % (1000 + n))
    if n % 10 == 0:
        parts.append("".join("- Question %d.%d for the doctor?\n" % (n, k) for k in range(5)) + "\n")
parts.append("Last updated December 2024\n")
open(sys.argv[1], "w").write("".join(parts))
PY
size=$(stat -c %s "$tmp/big.txt")
sections=$("$bin" outline --json "$tmp/big.txt" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sections"]))')
echo "generated leaflet: $size bytes, $sections sections"
for cmd in "outline --json" "outline" "script"; do
    best=
    for i in 1 2 3; do
        t=$( { /usr/bin/time -f "%e %M" "$bin" $cmd "$tmp/big.txt" >/dev/null; } 2>&1 )
        best=$(printf '%s\n%s\n' "$best" "$t" | sed '/^$/d' | sort -g | head -1)
    done
    set -- $best
    printf '%-16s best of 3: %s s, peak RSS %s kB\n' "$cmd" "$1" "$2"
done
