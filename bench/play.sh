#!/usr/bin/env bash
# bench/play.sh: figures for 'audioleaf play' (not a test): time from start to the first
# sound with a cold cache, time from a key to the first frame of the new clip handed to
# the output, and peak RSS while playing.  Measured inside the program (--stats).
# Usage: bench/play.sh [path/to/audioleaf]   (default: build/audioleaf)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/audioleaf}
leaflet=$top/content/hepatic-calcification.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config
cat > "$tmp/file.conf" <<EOC
pcm.!default { type file; slave.pcm { type null }; file "$tmp/capture.raw"; format "raw" }
EOC
export ALSA_CONFIG_PATH=$tmp/file.conf
stats() { grep 'audioleaf stats' "$1" | sed 's/^audioleaf stats: /  /'; }

echo "== cold cache, PortAudio into ALSA's file plugin: start to first sound"
for i in 1 2 3; do
    rm -rf "$tmp/cold"
    "$bin" play "$leaflet" --cache "$tmp/cold" --no-resume --quiet --stats \
        --keys "wait=0.5 q" 2> "$tmp/err"
    grep 'first sound' "$tmp/err" | sed 's/^audioleaf stats: /  run '$i': /'
done

echo "== cold cache, the longest section alone: first sound while it renders, vs its render"
"$bin" outline --json "$leaflet" | python3 -c '
import json, sys
o = json.load(sys.stdin)
s = max(o["sections"], key=lambda s: len(" ".join(s["paragraphs"])))
h = s["heading"].rstrip(":")
print("# " + h + "\n\n" + "\n\n".join(s["paragraphs"]))
' > "$tmp/longest.txt"
rm -rf "$tmp/cold2"
"$bin" render "$tmp/longest.txt" --cache "$tmp/cold2" --manifest > "$tmp/m.jsonl"
python3 - "$tmp/m.jsonl" <<'EOP'
import json, sys
for line in open(sys.argv[1]):
    u = json.loads(line)
    print("  unit %s: %.1f s of speech" % (u["id"], u["frames"] / u["rate"]))
EOP
for i in 1 2 3; do
    rm -rf "$tmp/cold2"
    took=$("$bin" render "$tmp/longest.txt" --cache "$tmp/cold2" 2>&1 |
           sed -n 's/.*1 units.* in \([0-9.]*\) s.*/\1/p')
    echo "  run $i: rendering the unit whole (what playing waited for before): $took s"
    rm -rf "$tmp/cold2"
    "$bin" play "$tmp/longest.txt" --cache "$tmp/cold2" --no-resume --quiet --stats \
        --keys "wait=0.5 q" 2> "$tmp/err"
    grep 'first sound' "$tmp/err" | sed 's/^audioleaf stats: /  run '$i': streamed: /'
done

echo "== warm cache, PortAudio into ALSA's file plugin (a device faster than real time)"
keys="wait=0.5 6 wait=0.5 6 wait=0.5 4 wait=0.5 5 wait=0.5 8 wait=0.5 6 wait=0.5 6"
keys="$keys wait=0.5 2 wait=0.5 3 wait=0.5 1 wait=0.5 0 wait=0.5 0 wait=0.5 q"
"$bin" play "$leaflet" --cache "$tmp/cold" --no-resume --quiet --stats --keys "$keys" \
    2> "$tmp/err"
stats "$tmp/err"

echo "== warm cache, null output paced like a sound card (256-frame buffers, 11.6 ms)"
"$bin" play "$leaflet" --cache "$tmp/cold" --no-resume --quiet --stats --keys "$keys" \
    --device null:realtime 2> "$tmp/err"
stats "$tmp/err"

echo "== 20 s of playing with a speed change (renders at the new speed), paced"
"$bin" play "$leaflet" --cache "$tmp/cold" --no-resume --quiet --stats \
    --keys "wait=8 9 wait=6 6 wait=6 q" --device null:realtime 2> "$tmp/err"
stats "$tmp/err"
