#!/usr/bin/env bash
# e2e_play_library: 'audioleaf play DIR' plays the leaflets of a folder one after the
# other in name order, each in its own language (announcements too), into --record; the
# leaflet level; render DIR pre-renders what play DIR says; resume per leaflet.
set -u
bin=${AUDIOLEAF_BIN:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "skip: AUDIOLEAF_BIN is not set to the audioleaf binary"; exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skip: python3 is needed to compare samples"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/xdgcache
mkdir -p "$tmp/lib"
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
echo "not a leaflet" > "$tmp/lib/notes.md"
cache=$tmp/cache
fail=0
for f in a-first b-second; do
    "$bin" render "$tmp/lib/$f.txt" --cache "$cache" --manifest --quiet > "$tmp/$f.jsonl" ||
        { echo "FAIL: render $f"; exit 1; }
done
# No q: each leaflet plays to its end, then the next one; then the program ends.
if ! timeout 120 "$bin" play "$tmp/lib" --verbose --cache "$cache" --device null --no-resume \
        --record "$tmp/rec.wav" --keys "wait=0.5" > "$tmp/out" 2> "$tmp/err"; then
    echo "FAIL: play DIR"; cat "$tmp/err"; fail=1
fi
for want in "s1: Looking after a small cut" "End of leaflet." \
            "s1: Cuidar una herida pequeña" "Fin del folleto."; do
    grep -qxF "$want" "$tmp/out" || { echo "FAIL: no line '$want'"; fail=1; }
done
# English first, then Spanish.
if [ "$(grep -nxF 'End of leaflet.' "$tmp/out" | head -1 | cut -d: -f1)" -gt \
     "$(grep -nxF 's1: Cuidar una herida pequeña' "$tmp/out" | cut -d: -f1)" ]; then
    echo "FAIL: leaflets out of name order"; fail=1
fi
python3 - "$tmp" <<'EOF2' || fail=1
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
            print('FAIL: %s %s is not (whole, in order) in the recording' % (name, m['id']))
            sys.exit(1)
        at = pos
EOF2
# The leaflet level above sections: 2 goes up, 6 / 4 change leaflet (each announced in its
# own language), 6 at the last one says so, 8 goes back down to sections.
if ! timeout 120 "$bin" play "$tmp/lib" --verbose --cache "$cache" --device null --no-resume \
        --keys "wait=0.3 2 wait=0.3 6 wait=0.3 6 wait=0.3 8 wait=0.3 2 wait=0.3 4 wait=0.3 q" \
        > "$tmp/out" 2> "$tmp/err"; then
    echo "FAIL: play DIR with the leaflet level"; cat "$tmp/err"; fail=1
fi
want=$'Leaflet 1 of 2.\nLeaflets.\nFolleto 2 de 2.\n\xc3\x9altimo folleto.\n'
want+=$'Secciones.\nFolletos.\nLeaflet 1 of 2.'
got=$(grep -xE 'Leaflet.*|Folleto.*|Leaflets.|Folletos.|.*ltimo folleto[.]|Secciones.' "$tmp/out")
if [ "$got" != "$want" ]; then
    echo "FAIL: leaflet level: got"; cat "$tmp/out"; fail=1
fi

# A third leaflet in Swahili (the bundled one): the library in three languages.
src=${AUDIOLEAF_SRC:-}
if [ -n "$src" ] && [ -e "$src/content/madoa-ya-ini.txt" ]; then
    cp "$src/content/madoa-ya-ini.txt" "$tmp/lib/c-madoa.txt"
    sw_title="Madoa ya kalsiamu kwenye ini ni nini?"
    sw_s2="Madoa haya hutokeaje?"
    # render DIR pre-renders the leaflets and every announcement the player may need at once
    # in each leaflet's language and voice: afterwards, moving through the library (leaflet
    # level, ends, levels, help, pause, resume with the title) renders nothing new.
    cache2=$tmp/cache2
    "$bin" render "$tmp/lib" --cache "$cache2" --quiet || { echo "FAIL: render DIR"; fail=1; }
    before=$(find "$cache2" -name '*.wav' | wc -l)
    keys="wait=0.3 2 wait=0.2 6 wait=0.2 6 wait=0.2 6 wait=0.2 2 wait=0.2 8 wait=0.2 6"
    keys+=" wait=0.3 * wait=0.3 0 wait=0.2 0 wait=0.3 8 wait=0.2 2 wait=0.2 2 wait=0.2 4"
    keys+=" wait=0.2 4 wait=0.2 4 wait=0.3 6 wait=0.2 8 wait=0.2 6 wait=0.2 q"
    timeout 120 "$bin" play "$tmp/lib" --verbose --cache "$cache2" --device null --keys "$keys" \
        > "$tmp/out3" 2> "$tmp/err" || { echo "FAIL: play DIR (3)"; cat "$tmp/err"; fail=1; }
    # Again: each leaflet goes on from its own place, its title said in its own voice.
    timeout 120 "$bin" play "$tmp/lib" --verbose --cache "$cache2" --device null \
        --keys "wait=0.3 2 wait=0.2 6 wait=0.2 6 wait=15 q" > "$tmp/out4" 2> "$tmp/err" ||
        { echo "FAIL: play DIR (4)"; cat "$tmp/err"; fail=1; }
    after=$(find "$cache2" -name '*.wav' | wc -l)
    if [ "$before" -ne "$after" ]; then
        echo "FAIL: play DIR after render DIR rendered $((after - before)) new entries"
        fail=1
    fi
    for want in "Kipeperushi 3 kati ya 3." "Kipeperushi cha mwisho." "Vipeperushi." \
                "s2: $sw_s2" "Sehemu." "Imesimamishwa." "Folleto 2 de 3." "First leaflet." \
                "Secciones."; do
        grep -qxF "$want" "$tmp/out3" || { echo "FAIL: no line '$want'"; cat "$tmp/out3"; fail=1; }
    done
    grep -qF "Vitufe. 4 na 6" "$tmp/out3" || { echo "FAIL: no Swahili help"; fail=1; }
    # The Swahili leaflet was left in s2: it goes on there, after its number, its title and
    # where it continues; the Spanish one was left at its top, where its title comes first
    # anyway; q says goodbye in the language of the leaflet.
    want=$'Leaflet 1 of 3.\nLeaflets.\nFolleto 2 de 3.\n'
    want+="Kipeperushi 3 kati ya 3. $sw_title"$'\n'
    want+="Tunaendelea kwenye sehemu 2 kati ya $("$bin" outline "$tmp/lib/c-madoa.txt" | sed -n 's/^Sections: //p'), $sw_s2"
    want+=$'\n'"s2: $sw_s2"$'\nKwaheri.' 
    got=$(grep -vE '^s1: Looking' "$tmp/out4" | sed 's/^s2, sentence [0-9]*:/s2:/')
    if [ "$got" != "$want" ]; then
        echo "FAIL: resume per leaflet: got"; cat "$tmp/out4"; fail=1
    fi
else
    echo "skip part: AUDIOLEAF_SRC/content/madoa-ya-ini.txt not found"
fi

[ $fail -eq 0 ] && echo "e2e_play_library: ok"
exit $fail
