#!/usr/bin/env bash
# e2e_kiosk: the kiosk set-up of tools/kiosk: the systemd unit is valid and runs what the
# README says, the installer's steps (dry run), the welcome leaflets, and a run of the
# unit's command line with no terminal and no keypad: it speaks "Leaflet 1 of N" and the
# welcome first, waits for a keypad, and ends cleanly on SIGTERM (systemctl stop).
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
for want in "$exec_line --input auto\$" '^Restart=always$' \
            '^After=sound.target' '^User=audioleaf$' \
            '^SupplementaryGroups=audio input$' '^StandardInput=null$' \
            '^WantedBy=multi-user.target$'; do
    grep -q "$want" "$unit" || { echo "FAIL: the unit has no line $want"; fail=1; }
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
for want in 'cmake --install' 'welcome-en.txt .*/content/00-welcome.txt' \
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

# The welcome leaflets parse, with their language, and speak.
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
cp "$kiosk/welcome-en.txt" "$lib/00-welcome.txt"
n=$(ls "$lib"/*.txt | wc -l)
"$bin" render "$lib" --quiet || { echo "FAIL: render the library"; fail=1; }
"$bin" render "$lib/00-welcome.txt" --manifest --quiet > "$tmp/welcome.jsonl" ||
    { echo "FAIL: render the welcome"; fail=1; }
"$bin" play "$lib" --input auto --device null:realtime --record "$tmp/rec.wav" --verbose \
    < /dev/null > "$tmp/stdout" 2> "$tmp/stderr" &
pid=$!
# Once the welcome starts (its "s1:" line), 2 s more of it in the recording, which grows
# as it plays (the device keeps real time), then stop.
# the recording in progress: rec.wav.XXXXXX.part beside rec.wav until the end
size() { cat "$tmp"/rec.wav.*.part 2>/dev/null | wc -c; }
started() { grep -q '^s1: ' "$tmp/stdout"; }
wait_until 30 started || { echo "FAIL: the welcome did not start within 30 s"; fail=1; }
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
grep -q "Leaflet 1 of $n" "$tmp/stdout" ||
    { echo "FAIL: 'Leaflet 1 of $n' not printed:"; cat "$tmp/stdout"; fail=1; }
python3 - "$tmp" <<'EOF' || fail=1
import json, sys, wave
tmp = sys.argv[1]
RATE = 22050
def frames(path):
    w = wave.open(path, 'rb')
    return w.readframes(w.getnframes())
units = {json.loads(l)['id']: json.loads(l)['path'] for l in open(tmp + '/welcome.jsonl')}
rec = frames(tmp + '/rec.wav')
s1 = frames(units['s1'])
at = rec.find(s1[:2 * RATE])  # the welcome's first second
if at < 0:
    print('FAIL: the welcome is not in the recording')
    sys.exit(1)
before = rec[:at].strip(b'\0')
if len(before) < RATE // 2 or len(before) > 6 * RATE:
    print('FAIL: %.2f s of sound before the welcome, not just "Leaflet 1 of N"'
          % (len(before) / 2 / RATE))
    sys.exit(1)
print('welcome starts %.2f s into the run, after %.2f s of "Leaflet 1 of N"'
      % (at / 2 / RATE, len(before) / 2 / RATE))
EOF

[ $fail -eq 0 ] && echo "e2e_kiosk: ok"
exit $fail
