#!/usr/bin/env bash
# e2e_play_evdev: 'audioleaf play --input FIFO' with recorded kernel input_event records
# (what a USB keypad sends; CI has no /dev/uinput): keypad 6 moves to the next section,
# the writer leaving (an unplug) and coming back (a replug) is survived, and a second 6
# moves on again; the sections are found in --record by their cached WAVs.
set -u
. "$(dirname "$0")/lib.sh"
play_setup

"$bin" render "$leaflet" --cache "$cache" --manifest --quiet > "$tmp/manifest.jsonl" || {
    echo "FAIL: render --manifest"; exit 1; }

# keys.py CODE...: the records of a press and release of each kernel key code, as
# `cat /dev/input/eventN` gives them (struct input_event: timeval, type, code, value).
cat > "$tmp/keys.py" <<'EOF'
import struct, sys, time
EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
out = b''
for code in map(int, sys.argv[1:]):
    t = time.time()
    sec, usec = int(t), int((t % 1) * 1e6)
    rec = lambda ty, c, v: struct.pack('@llHHi', sec, usec, ty, c, v)
    out += rec(EV_MSC, 4, 0x70000 + code) + rec(EV_KEY, code, 1) + rec(EV_SYN, 0, 0)
    out += rec(EV_KEY, code, 2) + rec(EV_SYN, 0, 0)  # auto-repeat: must not act again
    out += rec(EV_KEY, code, 0) + rec(EV_SYN, 0, 0)
sys.stdout.buffer.write(out)
EOF
KEY_KP6=77
KEY_A=30

mkfifo "$tmp/keys.fifo"
"$bin" play "$leaflet" --cache "$cache" --no-resume --quiet --device null:realtime \
    --record "$tmp/rec.wav" --input "$tmp/keys.fifo" 2> "$tmp/stderr" &
pid=$!
# The recording grows as the sections play: each step waits for a few tenths of a second
# more of it (at most 30 s), instead of a fixed time.
# the recording in progress: rec.wav.XXXXXX.part beside rec.wav until the end
size() { cat "$tmp"/rec.wav.*.part 2>/dev/null | wc -c; }
grown() { [ "$(size)" -ge $((at + $1 * 44100 / 10)) ]; }
more() { # TENTHS-OF-SECONDS WHAT
    at=$(size)
    wait_until 30 grown "$1" || { echo "FAIL: no $2 recorded within 30 s"; fail=1; }
}
more 15 "1.5 s of section 1"
# The keypad: 6 (and an unknown key), then unplugged (the writer closes the FIFO).
timeout 10 python3 "$tmp/keys.py" $KEY_A $KEY_KP6 > "$tmp/keys.fifo" || {
    echo "FAIL: could not write the first keys"; fail=1; }
more 15 "1.5 s after the first keys"
unplugged() { grep -q "no keypad at $tmp/keys.fifo yet" "$tmp/stderr"; }
wait_until 30 unplugged || { echo "FAIL: the unplug was not noticed within 30 s"; fail=1; }
# Plugged in again: the source reopens the FIFO within a second; 6 again.
timeout 10 python3 "$tmp/keys.py" $KEY_KP6 > "$tmp/keys.fifo" || {
    echo "FAIL: could not write the keys after the replug"; fail=1; }
more 12 "1.2 s after the second keys"
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
if [ $rc -ne 0 ]; then
    echo "FAIL: play --input ended with status $rc after SIGTERM"; cat "$tmp/stderr"; fail=1
fi
if ! grep -q "no keypad at $tmp/keys.fifo yet" "$tmp/stderr"; then
    echo "FAIL: the unplug was not noticed:"; cat "$tmp/stderr"; fail=1
fi

python3 - "$tmp" <<'EOF' || fail=1
import json, sys, wave
tmp = sys.argv[1]
RATE = 22050
def wav_bytes(path):
    w = wave.open(path, 'rb')
    assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == RATE
    return w.readframes(w.getnframes())
units = {}
for line in open(tmp + '/manifest.jsonl'):
    m = json.loads(line)
    units[m['id']] = m['path']
rec = wav_bytes(tmp + '/rec.wav')
def sound(x):
    """The samples that are not 0: an output that ran dry on a busy machine puts
    silence into a clip; that is not what is checked here."""
    return b''.join(x[i:i + 2] for i in range(0, len(x) - 1, 2) if x[i:i + 2] != b'\0\0')
def cut_short(played, unit):
    p, u = sound(played), sound(unit)
    return len(p) < len(u) and u[:len(p)] == p
s1, s2, s3 = (wav_bytes(units[u]) for u in ('s1', 's2', 's3'))
bad = []
a = rec.find(s1[:RATE])            # 0.5 s of section 1
b = rec.find(s2[:RATE])            # 0.5 s of section 2
c = rec.find(s3[:RATE])            # 0.5 s of section 3
if a < 0 or b < 0 or c < 0:
    bad.append('sections 1, 2, 3 not all in the recording (at %d %d %d)' % (a, b, c))
else:
    if rec[:a].strip(b'\0'):
        bad.append('sound before section 1')
    # Section 1 from its start up to the first 6, cut short; section 2 from its start
    # up to the second 6, cut short; then section 3.
    if not (a < b < c):
        bad.append('sections out of order: %d %d %d' % (a, b, c))
    elif not cut_short(rec[a:b], s1):
        bad.append('section 1 was not played up to the key and cut there')
    elif not cut_short(rec[b:c], s2):
        bad.append('section 2 was not played up to the key after the replug and cut there')
    else:
        print('section 1 %.2f s, section 2 %.2f s, then section 3'
              % ((b - a) / 2 / RATE, (c - b) / 2 / RATE))
for f in bad:
    print('FAIL: ' + f)
sys.exit(1 if bad else 0)
EOF

# A path that is not an input device, FIFO or file: one line, exit 1.
out=$("$bin" play "$leaflet" --cache "$cache" --no-resume --device null --input /dev/null 2>&1)
rc=$?
if [ $rc -ne 1 ] || ! printf '%s' "$out" | grep -q "/dev/null: not an evdev input device"; then
    echo "FAIL: --input /dev/null gave exit $rc and: $out"; fail=1
fi
# --input with --keys: usage error.
"$bin" play "$leaflet" --input auto --keys "q" 2>/dev/null
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: --input with --keys gave exit $rc"; fail=1; }

[ $fail -eq 0 ] && echo "e2e_play_evdev: ok"
exit $fail
