#!/usr/bin/env bash
# e2e_play_library: 'audioleaf play DIR' starts at the library level: the welcome, the number
# of leaflets, each title in its own language and voice, then how to open the one heard
# last; 4 / 6 choose, 8 (or 5) opens, 2 from the sections goes back up; the end of a leaflet
# offers the next one, the end of the library says so and waits; the leaflet opened last and
# the listener's speed (an offset: each language has its own default) are kept between
# runs; --idle-reset starts again from the welcome, each leaflet at its top, at the usual
# speed; render DIR pre-renders everything play DIR says.  What is said is read from the
# printed lines (one per thing spoken, in order) and the units from the recording.
set -u
. "$(dirname "$0")/lib.sh" # check
bin=${AUDIOLEAF_BIN:-}
src=${AUDIOLEAF_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "skip: AUDIOLEAF_BIN is not set to the audioleaf binary"; exit 77
fi
if ! command -v python3 >/dev/null || [ ! -f "$src/content/madoa-ya-ini.txt" ]; then
    echo "skip: python3 and content/madoa-ya-ini.txt are needed"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/xdgcache
fail=0
mkdir -p "$tmp/lib" "$tmp/two"
cat > "$tmp/lib/a-first.txt" <<'EOF2'
# Looking after a small cut

Wash the cut with clean water. Cover it with a plaster.

When to get help:

See a nurse if the cut gets red or hot.
EOF2
cat > "$tmp/lib/b-second.txt" <<'EOF2'
---
language: es
---
# Cuidar una herida pequeña

Lave la herida con agua limpia. Cúbrala con una tirita.
EOF2
cp "$src/content/madoa-ya-ini.txt" "$tmp/lib/c-madoa.txt"
cp "$tmp/lib/a-first.txt" "$tmp/lib/b-second.txt" "$tmp/two/"
echo "not a leaflet" > "$tmp/lib/notes.md"
en_title="Looking after a small cut"
es_title="Cuidar una herida pequeña"
sw_title="Madoa ya kalsiamu kwenye ini ni nini?"
cache=$tmp/cache
# render DIR first: afterwards nothing play DIR says is rendered again (each title and
# announcement in the voice render gave its leaflet's language).
"$bin" render "$tmp/lib" --cache "$cache" --quiet || { echo "FAIL: render DIR"; exit 1; }
"$bin" render "$tmp/two" --cache "$cache" --quiet || { echo "FAIL: render two"; exit 1; }
for f in a-first b-second; do
    "$bin" render "$tmp/lib/$f.txt" --cache "$cache" --manifest --quiet > "$tmp/$f.jsonl"
done
before=$(find "$cache" -name '*.wav' | wc -l)

# play DIR KEYS [OPTIONS...]: into $tmp/out (printed lines), $tmp/err, $tmp/rec.wav; the
# state (places, library) in $tmp/state unless XDG_STATE_HOME is set otherwise.
play() {
    local dir=$1 keys=$2
    shift 2
    XDG_STATE_HOME=${state:-$tmp/state} timeout 120 "$bin" play "$dir" --verbose --cache "$cache" \
        --device null --record "$tmp/rec.wav" --keys "$keys" "$@" > "$tmp/out" 2> "$tmp/err"
}
# same WANT: the printed lines are exactly WANT (one per line), else prints both.
same() {
    if [ "$(cat "$tmp/out")" = "$1" ]; then return 0; fi
    echo "  want:"; printf '%s\n' "$1" | sed 's/^/  | /'
    echo "  got:"; sed 's/^/  | /' "$tmp/out"; cat "$tmp/err"
    return 1
}

# 1. The start: welcome, count, each title in its language, then how to listen.
state=$tmp/s1
play "$tmp/lib" "wait=0.2"
st=$?
check "play DIR with no keys exits 0 (got $st)" $st
want="Welcome. There are 3 leaflets.
Leaflet 1 of 3. $en_title.
Folleto 2 de 3. $es_title.
Kipeperushi 3 kati ya 3. $sw_title
Press 8 to listen to leaflet 1, or 4 and 6 to choose another."
same "$want"
check "the welcome, the count, each title in its own language, how to listen" $?

# 2. Choosing: 6 / 4 move (the ends say so), 8 opens, 2 at the sections goes back up.
state=$tmp/s2
play "$tmp/lib" "wait=0.2 6 wait=0.3 6 wait=0.3 6 wait=1.5 4 wait=0.3 8 wait=0.5 2 wait=3 4 \
wait=0.3 4 wait=1.5 q"
want="Welcome. There are 3 leaflets.
Folleto 2 de 3. $es_title.
Kipeperushi 3 kati ya 3. $sw_title
Kipeperushi cha mwisho.
Folleto 2 de 3. $es_title.
s1: $es_title
Folletos.
Folleto 2 de 3. $es_title.
Leaflet 1 of 3. $en_title.
First leaflet.
Goodbye."
same "$want"
check "4 / 6 choose, 8 opens, 2 goes back up, the ends are said" $?
# 5 opens too; # says where the listener is at this level.
play "$tmp/lib" "wait=0.2 6 wait=0.3 # wait=0.3 5 wait=0.5 q" --no-resume
want="Welcome. There are 3 leaflets.
Folleto 2 de 3. $es_title.
Folleto 2 de 3. $es_title.
s1: $es_title
Adiós."
same "$want"
check "5 opens, # repeats the title at the leaflet level" $?

# 3. The end of a leaflet offers the next; the end of the library says so and waits.
state=$tmp/s3
play "$tmp/two" "wait=0.2 8 wait=25 8 wait=15"
want="Welcome. There are 2 leaflets.
s1: $en_title
s2: When to get help:
End of leaflet.
Folleto 2 de 2. $es_title.
Pulse 8 para escuchar el folleto 2, o 4 y 6 para elegir otro.
s1: $es_title
Fin del folleto.
Fin de los folletos. Pulse 4 o 6 para elegir uno, y 8 para escuchar."
same "$want"
check "a leaflet's end offers the next; the library's end is said" $?
secs=$(python3 -c "
import wave; w = wave.open('$tmp/rec.wav'); print(int(w.getnframes() / w.getframerate()))")
[ "$secs" -ge 40 ]
check "the end of the library waits for keys (the run lasted $secs s of 40)" $?
# The units of both leaflets, whole and in order, in the recording.
python3 - "$tmp" <<'EOF2'
import json, sys, wave
tmp = sys.argv[1]
def frames(p):
    w = wave.open(p, 'rb')
    return w.readframes(w.getnframes())
rec = frames(tmp + '/rec.wav')
at = 0
for name in ('a-first', 'b-second'):
    for line in open('%s/%s.jsonl' % (tmp, name)):
        m = json.loads(line)
        pos = rec.find(frames(m['path']), at)
        if pos < 0:
            print('  %s %s is not (whole, in order) in the recording' % (name, m['id']))
            sys.exit(1)
        at = pos
EOF2
check "both leaflets' units are in the recording, in order" $?

after=$(find "$cache" -name '*.wav' | wc -l)
[ "$before" -eq "$after" ]
check "play DIR after render DIR rendered nothing new ($before, then $after entries)" $?

# 4. The leaflet opened last and the listener's speed are kept: 9 in Spanish (155 words a
# minute) is +20; English (160) then starts at 180, and 9 says 200.
state=$tmp/s4
play "$tmp/lib" "wait=0.2 6 wait=0.3 8 wait=0.5 9 wait=0.5 q"
grep -qxF "Más rápido, 175 palabras por minuto." "$tmp/out"
check "9 in the Spanish leaflet: 175" $?
play "$tmp/lib" "wait=0.2"
[ "$(tail -n 1 "$tmp/out")" = "Pulse 8 para escuchar el folleto 2, o 4 y 6 para elegir otro." ]
check "the next run offers the leaflet opened last, in its language" $?
play "$tmp/lib" "wait=0.2 4 wait=0.3 8 wait=0.5 9 wait=0.5 q"
grep -qxF "Faster, 200 words per minute." "$tmp/out"
st=$?
check "the speed carries to English as an offset (160 + 20 + 20)" $st
[ $st -eq 0 ] || cat "$tmp/out"

# 5. --idle-reset: nothing playing and no key for 2 s (a pause) -> the welcome again; the
# leaflet left in section 2 opens at its top, at the usual speed.  Never while it plays.
state=$tmp/s5
keys="wait=0.2 8 wait=1 9 wait=0.5 6 wait=0.5 0 wait=3.4 8 wait=0.5 9 wait=0.5 q"
play "$tmp/lib" "$keys" --idle-reset 2
want="Welcome. There are 3 leaflets.
s1: $en_title
Faster, 180 words per minute.
s2: When to get help:
Paused.
Welcome. There are 3 leaflets.
s1: $en_title
Faster, 180 words per minute.
Goodbye."
same "$want"
check "idle reset: the welcome again, the leaflet at its top, the usual speed" $?
state=$tmp/s6
play "$tmp/lib" "$keys"
[ "$(grep -c '^Welcome' "$tmp/out")" -eq 1 ] && grep -qx "s2: When to get help:" "$tmp/out"
check "without --idle-reset the pause just waits" $?
state=$tmp/s7
play "$tmp/lib" "wait=0.2 8 wait=9 q" --idle-reset 1
[ "$(grep -c '^Welcome' "$tmp/out")" -eq 1 ] && grep -qx "s2: When to get help:" "$tmp/out"
check "no idle reset while a leaflet plays without keys" $?
"$bin" play "$tmp/lib" --idle-reset -1 --keys q > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q -- "--idle-reset must be" "$tmp/err"
check "--idle-reset -1 is a usage error" $?

[ $fail -eq 0 ] && echo "e2e_play_library: ok"
exit $fail
