#!/usr/bin/env bash
# Benchmark of 'audioleaf render' on the bundled content/ leaflets (prints figures; not a
# test): cold render vs the espeak-ng command line speaking the same units one process
# each; warm (all cached: right after rendering, later, and with --verify) vs cold; peak
# resident memory (/usr/bin/time -v).
# Usage: bench/render.sh [AUDIOLEAF_BINARY]   (default: build/audioleaf; use a release
# build, e.g. cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo).  Targets on 2 cores: cold at least
# 2x faster than the CLI loop, warm at least 50x faster than cold, peak RSS under 20 MB.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/audioleaf}
[ -x "$bin" ] || { echo "no binary at $bin (build first, or pass its path)"; exit 1; }
command -v espeak-ng >/dev/null || { echo "espeak-ng (the command line) is needed"; exit 1; }
export AUDIOLEAF_VOICES="$top/voices"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
leaflets=("$top"/content/*.txt)
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
best() { sort -g | head -1; }

units=0
speech=0
for f in "${leaflets[@]}"; do
    units=$((units + $("$bin" script "$f" | wc -l)))
done
echo "leaflets: ${#leaflets[@]}, units: $units, cores: $(nproc)"

# Cold: a fresh cache each time; best of 5.
for i in 1 2 3 4 5; do
    rm -rf "$tmp/cache"
    t0=$(now)
    "$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet
    t1=$(now)
    secs "$t0" "$t1"
    echo
done >"$tmp/cold"
cold=$(best <"$tmp/cold")
speech=$("$bin" render "${leaflets[@]}" --cache "$tmp/cache" --manifest --quiet |
    python3 -c 'import json,sys; print("%.0f" % sum(json.loads(l)["frames"] / json.loads(l)["rate"] for l in sys.stdin))')

# Warm runs, everything cached.  Right after the cold run the entries are under 2 s old:
# render reads and checks each one in full and does not remember it (a write within one
# timestamp tick would not show).  Once they are older, one run checks them in full and
# remembers them (CACHE/checked); later runs trust the unchanged ones without reading them
# and never load eSpeak NG.  --verify always reads everything.
timed() { # command...: prints the seconds it took
    local t0 t1
    t0=$(now)
    "$@"
    t1=$(now)
    secs "$t0" "$t1"
    echo
}
fresh=$(timed "$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet)
sleep 3
timed "$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet >"$tmp/first"
first=$(cat "$tmp/first")
for i in $(seq 10); do
    timed "$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet
done >"$tmp/warm"
warm=$(best <"$tmp/warm")
for i in $(seq 10); do
    timed "$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet --verify
done >"$tmp/verify"
verify=$(best <"$tmp/verify")

# The floor under any warm run: starting the program (19 shared libraries; the engine,
# sound device and tone receiver are modules loaded when needed).
version() { "$bin" --version >/dev/null; }
for i in $(seq 10); do
    timed version
done >"$tmp/start"
start=$(best <"$tmp/start")

# The command line, one espeak-ng process per unit, same voice settings, writing WAVs.
params() { # leaflet -> espeak-ng options of the profile render picks for it
    local lang ini
    lang=$(sed -n '1{/^---$/!q};s/^language: *//p' "$1" | head -1)
    ini="$top/voices/${lang:-en}.ini"
    [ -f "$ini" ] || ini="$top/voices/en.ini"
    local v r p a g
    v=$(sed -n 's/^espeak_voice *= *//p' "$ini"); r=$(sed -n 's/^rate *= *//p' "$ini")
    p=$(sed -n 's/^pitch *= *//p' "$ini"); a=$(sed -n 's/^volume *= *//p' "$ini")
    g=$(sed -n 's/^word_gap *= *//p' "$ini")
    echo "-v $v -s $r -p $p -a $a -g $g"
}
t0=$(now)
n=0
for f in "${leaflets[@]}"; do
    opts=$(params "$f")
    while IFS=$'\t' read -r id text; do
        # shellcheck disable=SC2086
        espeak-ng $opts -w "$tmp/cli-$n.wav" -- "$text"
        n=$((n + 1))
    done < <("$bin" script "$f")
done
t1=$(now)
cli=$(secs "$t0" "$t1")

# Peak resident memory of the largest process (the parent or one worker).
rm -rf "$tmp/cache"
rss_cold=$(/usr/bin/time -v "$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet 2>&1 |
    sed -n 's/.*Maximum resident set size (kbytes): //p')
sleep 3
"$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet
rss_warm=$(/usr/bin/time -v "$bin" render "${leaflets[@]}" --cache "$tmp/cache" --quiet 2>&1 |
    sed -n 's/.*Maximum resident set size (kbytes): //p')
rss_one=$(rm -rf "$tmp/cache"; /usr/bin/time -v "$bin" render "${leaflets[@]}" --jobs 1 \
    --cache "$tmp/cache" --quiet 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p')

echo "speech rendered:             ${speech} s of audio"
echo "cold render (best of 5):     ${cold} s   [all: $(tr '\n' ' ' <"$tmp/cold")]"
echo "espeak-ng CLI, 1 proc/unit:  ${cli} s   ($n processes)"
echo "warm, entries < 2 s old:     ${fresh} s   (first run after the cold one: all read in full)"
echo "warm, first run later:       ${first} s   (reads all in full, remembers them)"
echo "warm render (best of 10):    ${warm} s   [all: $(tr '\n' ' ' <"$tmp/warm")]"
echo "warm --verify (best of 10):  ${verify} s   [all: $(tr '\n' ' ' <"$tmp/verify")]"
echo "program start (--version):   ${start} s   (best of 10; the floor under a warm run)"
awk -v c="$cold" -v l="$cli" -v w="$warm" -v v="$verify" 'BEGIN {
    printf "cold vs CLI loop:            %.1fx faster (target >= 2x)\n", l / c
    printf "warm vs cold:                %.1fx faster (target >= 50x)\n", c / w
    printf "warm --verify vs cold:       %.1fx faster\n", c / v }'
echo "peak RSS cold (2 workers):   ${rss_cold} kB (target < 20480 kB)"
echo "peak RSS cold (--jobs 1):    ${rss_one} kB"
echo "peak RSS warm:               ${rss_warm} kB"
