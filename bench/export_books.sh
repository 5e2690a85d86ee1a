#!/usr/bin/env bash
# Benchmark of 'audioleaf export --daisy/--epub' on the bundled content/ leaflets from a
# warm cache (prints figures; not a test): CPU seconds (user + sys, the MP3 encoding
# included) per minute of speech for DAISY alone, EPUB alone and both at once, best of 3;
# and the size of each format per minute of speech.
# Usage: bench/export_books.sh [AUDIOLEAF_BINARY]   (default: build/audioleaf, a
# RelWithDebInfo build).  Target: well under 1 s of CPU per minute of speech.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/audioleaf}
[ -x "$bin" ] || { echo "no binary at $bin (build first, or pass its path)"; exit 1; }
export AUDIOLEAF_VOICES="$top/voices"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache=$tmp/cache

# Warm the cache (the export renders what is missing; that is not measured here).
"$bin" export "$top/content" --epub "$tmp/warm" --cache "$cache" --quiet
# Minutes of speech: the sum of the books' total durations (EPUB media:duration).
minutes=$(python3 - "$tmp"/warm/*.epub <<'PY'
import re, sys, zipfile
total = 0.0
for p in sys.argv[1:]:
    opf = zipfile.ZipFile(p).read("EPUB/package.opf").decode()
    h, m, s = re.search(r'<meta property="media:duration">(\d+):(\d+):([\d.]+)<', opf).groups()
    total += int(h) * 3600 + int(m) * 60 + float(s)
print("%.3f" % (total / 60))
PY
)
echo "leaflets: $(ls "$top"/content/*.txt | wc -l), speech: $minutes min, cores: $(nproc)"

TIMEFORMAT='%U %S %R'
run() { # label, export options...
    local label=$1 best=
    shift
    for i in 1 2 3; do
        rm -rf "$tmp/out"
        { time "$bin" export "$top/content" "$@" --cache "$cache" --quiet; } 2>"$tmp/t"
        cpu=$(awk '{ printf "%.3f", $1 + $2 }' "$tmp/t")
        if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$cpu
            wall=$(awk '{ print $3 }' "$tmp/t")
        fi
    done
    awk -v c="$best" -v m="$minutes" -v w="$wall" -v l="$label" \
        'BEGIN { printf "%-14s %6.3f s CPU (wall %s s): %.3f s of CPU per minute of speech\n", l, c, w, c / m }'
}
run "DAISY" --daisy "$tmp/out/daisy"
run "EPUB" --epub "$tmp/out/epub"
run "DAISY + EPUB" --daisy "$tmp/out/daisy" --epub "$tmp/out/epub"

daisy=$(du -sb "$tmp"/out/daisy | awk '{ print $1 }')
epub=$(cat "$tmp"/out/epub/*.epub | wc -c)
mp3=$(cat "$tmp"/out/daisy/*/*.mp3 | wc -c)
awk -v d="$daisy" -v e="$epub" -v a="$mp3" -v m="$minutes" 'BEGIN {
    printf "DAISY: %.0f kB in all, %.0f kB per minute of speech (MP3 %.0f kB/min)\n", d / 1000, d / 1000 / m, a / 1000 / m
    printf "EPUB:  %.0f kB in all, %.0f kB per minute of speech\n", e / 1000, e / 1000 / m }'
