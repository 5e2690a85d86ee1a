#!/usr/bin/env bash
# bench/dtmf.sh: 'audioleaf dtmf' on long recordings (not a test): time and peak memory
# (RSS, from /usr/bin/time) for ten minutes of 44.1 kHz 16-bit mono (53 MB) and of 48 kHz
# 32-bit float stereo (230 MB), each with twelve keys at its start and end (made by sox).
# Usage: bench/dtmf.sh [path/to/audioleaf] [another audioleaf to compare]
# Measured on the 2-core build machine, two runs (README, "Measured figures"): 16-bit
# mono 0.37-0.87 s, peak RSS 7.6-7.9 MB (the whole-file reader before it: 0.80-2.25 s,
# 59 MB); float stereo 0.33-0.95 s, 7.7-7.9 MB (before: refused as not mono).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bins=("${1:-$top/build/audioleaf}")
[ $# -ge 2 ] && bins+=("$2")
for b in "${bins[@]}"; do
    [ -x "$b" ] || { echo "no binary at $b (build first, or pass its path)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
parts=("$tmp/lead.wav")
sox -n -r 8000 -b 16 -c 1 "$tmp/lead.wav" trim 0 0.3
i=0
for pair in "697 1209" "697 1336" "697 1477" "770 1209" "770 1336" "770 1477" \
            "852 1209" "852 1336" "852 1477" "941 1209" "941 1336" "941 1477"; do
    set -- $pair
    sox -n -r 8000 -b 16 -c 1 "$tmp/k$i.wav" synth 0.08 sine "$1" sine mix "$2" gain -8 \
        pad 0 0.07
    parts+=("$tmp/k$i.wav")
    i=$((i + 1))
done
sox "${parts[@]}" "$tmp/keys.wav"
make() { # out, then sox format options
    local out=$1
    shift
    sox "$tmp/keys.wav" "$@" "$tmp/k.wav"
    sox -n "$@" "$tmp/gap.wav" trim 0 600
    sox "$tmp/k.wav" "$tmp/gap.wav" "$tmp/k.wav" "$out"
    rm -f "$tmp/k.wav" "$tmp/gap.wav"
}
make "$tmp/s16.wav" -r 44100 -b 16 -c 1
make "$tmp/f32.wav" -r 48000 -b 32 -e floating-point -c 2
for f in s16 f32; do
    echo "$f: $(soxi -d "$tmp/$f.wav"), $(( $(stat -c %s "$tmp/$f.wav") / 1000000 )) MB"
    for b in "${bins[@]}"; do
        best=
        for run in 1 2 3; do
            /usr/bin/time -f "%e s, peak RSS %M KB" -o "$tmp/t" "$b" dtmf "$tmp/$f.wav" \
                >"$tmp/out" 2>"$tmp/err" || true
            t=$(tail -n 1 "$tmp/t")
            if [ -z "$best" ] || awk "BEGIN { exit !(${t%% *} < ${best%% *}) }"; then
                best=$t
            fi
        done
        keys=$(wc -w <"$tmp/out")
        echo "  $b: $best (best of 3), $keys keys $(head -c 120 "$tmp/err")"
    done
done
