#!/usr/bin/env bash
# e2e_kiosk: the kiosk set-up of tools/kiosk: the systemd unit is valid and runs what the
# README says, the installer's steps (dry run), the welcome leaflets (one for each language
# of the voices, each spoken in the order it is written), and a run of the unit's command
# line with no terminal and no keypad: it says the library's welcome and the titles of
# the welcome leaflets, each in its language, waits for a keypad, and ends cleanly on
# SIGTERM (systemctl stop).
set -u
. "$(dirname "$0")/lib.sh" # wait_until
bin=${AUDIOLEAF_BIN:-}
src=${AUDIOLEAF_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
kiosk=$src/tools/kiosk
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "skip: AUDIOLEAF_BIN is not set to the audioleaf binary"; exit 77
fi
if [ ! -d "$kiosk" ] || [ ! -d "$src/content" ]; then
    echo "skip: $kiosk or $src/content is missing"; exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skip: python3 is needed to compare samples"; exit 77
fi
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache
fail=0
unit=$kiosk/audioleaf-kiosk.service

# The unit: what it runs and how.
exec_line='^ExecStart=/usr/local/bin/audioleaf play /usr/local/share/audioleaf/content'
for want in "$exec_line --input auto --idle-reset 180\$" '^Restart=always$' \
            '^After=sound.target' '^User=audioleaf$' \
            '^SupplementaryGroups=audio input$' '^StandardInput=null$' \
            '^WantedBy=multi-user.target$'; do
    grep -q -- "$want" "$unit" || { echo "FAIL: the unit has no line $want"; fail=1; }
done
if command -v systemd-analyze >/dev/null; then
    sed "s|/usr/local/bin/audioleaf|$bin|" "$unit" > "$tmp/audioleaf-kiosk.service"
    out=$(systemd-analyze verify --man=no "$tmp/audioleaf-kiosk.service" 2>&1)
    [ -z "$out" ] || { echo "FAIL: systemd-analyze verify: $out"; fail=1; }
else
    echo "note: no systemd-analyze; the unit's syntax is not verified"
fi

# The installer, dry run: every step, in order, and nothing done.
out=$(bash "$kiosk/install" --dry-run --no-deps 2>&1)
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: install --dry-run exited $rc: $out"; fail=1; }
prev=0
for want in 'cmake --install' 'welcome-en.txt .*/content/00-welcome-en.txt' \
            'welcome-es.txt .*/content/00-welcome-es.txt' \
            'welcome-sw.txt .*/content/00-welcome-sw.txt' \
            'useradd --system .*--groups audio,input audioleaf|usermod -a -G audio,input' \
            'audioleaf render /usr/local/share/audioleaf/content' \
            'systemctl enable --now audioleaf-kiosk.service'; do
    line=$(printf '%s\n' "$out" | grep -n -E -- "$want" | head -1 | cut -d: -f1)
    if [ -z "$line" ] || [ "$line" -le "$prev" ]; then
        echo "FAIL: install --dry-run: no step '$want' after line $prev"; fail=1
    else
        prev=$line
    fi
done
bash "$kiosk/install" --dry-run --welcome xx >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: install --welcome xx is not a usage error"; fail=1; }

# A welcome for every language the device speaks (the voices' languages).
for l in $(sed -n 's/^language *= *\([a-z]*\).*/\1/p' "$src"/voices/*.ini | sort -u); do
    [ -f "$kiosk/welcome-$l.txt" ] || { echo "FAIL: no welcome-$l.txt for the voices' $l"; fail=1; }
done
# The welcome leaflets parse, with their language, and speak what is written in the
# order it is written (a paragraph after a list after the list): each line's first words
# are found in the script's text, each after the one before.
for w in "$kiosk"/welcome-*.txt; do
    "$bin" script "$w" > "$tmp/w.script" || { echo "FAIL: script $w"; fail=1; continue; }
    python3 - "$w" "$tmp/w.script" <<'EOF' || fail=1
import sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
if lines[0] == '---':
    lines = lines[lines.index('---', 1) + 1:]
said = ' '.join(l.split('\t', 1)[1] for l in open(sys.argv[2], encoding='utf-8') if '\t' in l)
at = 0
for line in lines:
    words = line.lstrip('#- ').rstrip(':').split()[:3]
    if not words:
        continue
    pos = said.find(' '.join(words), at)
    if pos < 0:
        print('FAIL: %s: "%s" is not spoken after what comes before it'
              % (sys.argv[1], ' '.join(words)))
        sys.exit(1)
    at = pos + 1
EOF
done
for w in "$kiosk"/welcome-*.txt; do
    l=$(basename "$w" .txt); l=${l#welcome-}
    "$bin" outline --json "$w" > "$tmp/w.json" || { echo "FAIL: outline $w"; fail=1; continue; }
    python3 -c "
import json, sys
o = json.load(open('$tmp/w.json'))
sys.exit(0 if o['language'] == '$l' and len(o['sections']) >= 3 else 1)" ||
        { echo "FAIL: $w: not language $l with 3 sections"; fail=1; }
done

# The unit's command line on a library with the welcome, no terminal, no keypad.
lib=$tmp/content
mkdir -p "$lib"
cp "$src"/content/*.txt "$lib/"
for l in en es sw; do cp "$kiosk/welcome-$l.txt" "$lib/00-welcome-$l.txt"; done
n=$(ls "$lib"/*.txt | wc -l)
"$bin" render "$lib" --quiet || { echo "FAIL: render the library"; fail=1; }
"$bin" play "$lib" --input auto --device null:realtime --record "$tmp/rec.wav" --verbose \
    < /dev/null > "$tmp/stdout" 2> "$tmp/stderr" &
pid=$!
# Once the third welcome's title is said, 2 s more in the recording, which grows as it
# plays (the device keeps real time), then stop.
# the recording in progress: rec.wav.XXXXXX.part beside rec.wav until the end
size() { cat "$tmp"/rec.wav.*.part 2>/dev/null | wc -c; }
started() { grep -q '^Kipeperushi 3 ' "$tmp/stdout"; }
wait_until 30 started || { echo "FAIL: the titles were not said within 30 s"; fail=1; }
at=$(size)
grown() { [ "$(size)" -ge $((at + 2 * 2 * 22050)) ]; }
wait_until 30 grown || { echo "FAIL: the recording did not grow by 2 s within 30 s"; fail=1; }
kill -0 "$pid" 2>/dev/null || { echo "FAIL: the kiosk run ended by itself"; fail=1; }
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ $rc -eq 0 ] || { echo "FAIL: SIGTERM gave exit $rc"; cat "$tmp/stderr"; fail=1; }
if ! grep -q -e "no keypad found yet" -e "keypad '.*' on /dev/input/" "$tmp/stderr"; then
    echo "FAIL: nothing said about the keypad:"; cat "$tmp/stderr"; fail=1
fi
# The library's welcome, then the welcome leaflets' titles, each in its own language.
want="Welcome. There are $n leaflets.
Leaflet 1 of $n. Welcome.
Folleto 2 de $n. Bienvenida.
Kipeperushi 3 kati ya $n. Karibu."
if [ "$(head -n 4 "$tmp/stdout")" != "$want" ]; then
    echo "FAIL: the start is not the welcome and the titles:"; cat "$tmp/stdout"; fail=1
fi
python3 - "$tmp" <<'EOF' || fail=1
import array, sys, wave
w = wave.open(sys.argv[1] + '/rec.wav', 'rb')
a = array.array('h', w.readframes(w.getnframes()))
# Speech in 10 ms blocks: those with a sample above -40 dBFS.
block = w.getframerate() // 100
loud = sum(1 for i in range(0, len(a), block) if max(map(abs, a[i:i + block]), default=0) > 328)
print('%.1f s of speech recorded' % (loud / 100))
if loud < 600:
    print('FAIL: under 6 s of speech for the welcome and three titles')
    sys.exit(1)
EOF

[ $fail -eq 0 ] && echo "e2e_kiosk: ok"
exit $fail
