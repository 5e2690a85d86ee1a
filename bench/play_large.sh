#!/usr/bin/env bash
# bench/play_large.sh: figures for 'audioleaf play' on a generated leaflet of 100 000
# sections (about 2.9 MB; not a test): time from start to the first sound, and from each
# '#' (where am I) to the first frame of its answer handed to the output.  Measured inside
# the program (--stats, AUDIOLEAF_STATS=2 for each key), into the null output.
# Usage: bench/play_large.sh [path/to/audioleaf] [SECTIONS]   (default: build/audioleaf 100000)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/audioleaf}
n=${2:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config
python3 - "$n" > "$tmp/large.txt" <<'EOP'
import sys
n = int(sys.argv[1])
print("# A leaflet of many sections\n")
for i in range(1, n + 1):
    print("Part %d?\n\nShort text %d.\n" % (i, i))
EOP
echo "== $n sections, $(stat -c %s "$tmp/large.txt") bytes"
for run in 1 2; do
    rm -rf "$tmp/cache"
    start=$(date +%s.%N)
    AUDIOLEAF_STATS=2 timeout 600 "$bin" play "$tmp/large.txt" --cache "$tmp/cache" \
        --device null --no-resume --quiet \
        --keys "wait=0.5 # wait=0.5 6 wait=0.5 # wait=0.5 # wait=0.5 q" 2> "$tmp/err"
    end=$(date +%s.%N)
    echo "run $run: whole session $(python3 -c "print('%.2f' % ($end - $start))") s"
    grep -E 'first sound|key where|key next' "$tmp/err" | sed 's/^audioleaf stats: /  /'
done
