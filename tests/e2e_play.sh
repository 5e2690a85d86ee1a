#!/usr/bin/env bash
# e2e_play: 'audioleaf play' through the real eSpeak NG + PortAudio path into ALSA's file
# plugin (no sound card): what the device got equals --record, sample for sample, and the
# keys moved where they should (units found in the capture by their cached WAVs).
set -u
. "$(dirname "$0")/lib.sh"
play_setup
alsa_file_conf "$tmp/capture.raw"

"$bin" render "$leaflet" --cache "$cache" --manifest --quiet > "$tmp/manifest.jsonl" || {
    echo "FAIL: render --manifest"; exit 1; }
"$bin" outline --json "$leaflet" > "$tmp/outline.json" || { echo "FAIL: outline"; exit 1; }

# check.py CASE: compares capture.raw, rec.wav and the cached WAVs of the manifest.
cat > "$tmp/check.py" <<'EOF'
import json, struct, sys, wave

tmp, case = sys.argv[1], sys.argv[2]
RATE = 22050

def wav_bytes(path):
    w = wave.open(path, 'rb')
    assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == RATE, path
    return w.readframes(w.getnframes())

def cue_marks(path):
    """Sentence starts from the WAV's cue chunk (sample offsets), ascending."""
    data = open(path, 'rb').read()
    pos, marks = 12, []
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack('<I', data[pos + 4:pos + 8])[0]
        if cid == b'cue ':
            n = struct.unpack('<I', data[pos + 8:pos + 12])[0]
            for i in range(n):
                p = pos + 12 + 24 * i
                marks.append(struct.unpack('<I', data[p + 20:p + 24])[0])
        pos += 8 + size + (size & 1)
    return sorted(marks)

units = {}
for line in open(tmp + '/manifest.jsonl'):
    m = json.loads(line)
    units[m['id']] = m['path']
rec = wav_bytes(tmp + '/rec.wav')
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)

def core(b):
    b = b.strip(b'\0')
    return b

def expect_after_words(pieces):
    """PIECES: (unit id, first frame, frames) played back to back after something was said
    (an announcement), once."""
    want = b''.join(wav_bytes(units[u])[2 * a:2 * (a + n)] for u, a, n in pieces)
    at = rec.find(want)
    check(at >= 0, 'recording does not hold %s back to back' % (pieces,))
    if at >= 0:
        check(rec[:at].strip(b'\0') != b'', 'nothing said before %s' % (pieces[0],))
        check(rec.find(want, at + 1) < 0, '%s played twice' % (pieces[0],))

def expect_sequence(pieces):
    """PIECES: (unit id, first frame, frames) played back to back; nothing else but
    silence before and after."""
    want = b''.join(wav_bytes(units[u])[2 * a:2 * (a + n)] for u, a, n in pieces)
    at = rec.find(want)
    check(at >= 0, 'recording does not hold %s back to back' % (pieces,))
    if at >= 0:
        check(rec[:at].strip(b'\0') == b'', 'sound before %s' % (pieces[0],))
        check(rec[at + len(want):].strip(b'\0') == b'', 'sound after %s' % (pieces[-1],))

if case == 'capture':
    cap = open(tmp + '/capture.raw', 'rb').read()
    # The device got exactly the frames of the recording (16-bit mono, as opened), give
    # or take silence PortAudio primes the device with and silence after the stop.
    check(len(core(rec)) > RATE, 'recording holds less than a second of sound')
    check(core(cap) == core(rec), 'capture.raw differs from --record')
    check(cap.find(core(rec)) >= 0, 'the recording is not found in the capture')
elif case == 'next':
    expect_sequence([('s1', 0, RATE), ('s2', 0, RATE * 3 // 2)])
elif case == 'questions':
    outline = json.load(open(tmp + '/outline.json'))
    q = [s['id'] for s in outline['sections']
         if s['items'] and all(i['text'].rstrip().endswith('?') for i in s['items'])]
    check(len(q) > 0, 'no questions list in the outline')
    if q:
        # "Questions to ask.", then the list's heading.
        expect_after_words([(q[0], 0, RATE // 2)])
elif case == 'resume':
    # "Continuing at section 2 of 8, ...", then section 2.
    expect_after_words([('s2', 0, RATE // 2)])
elif case == 'sentence':
    marks = cue_marks(units['s1'])
    check(len(marks) >= 2, 's1 has fewer than two sentence marks')
    if len(marks) >= 2:
        want = wav_bytes(units['s1'])[2 * marks[1]:2 * (marks[1] + RATE // 2)]
        at = rec.find(want)
        check(at >= 0, 'the second sentence of s1 is not in the recording')
        check(rec[at + len(want):].strip(b'\0') == b'', 'sound after the second sentence')
elif case == 'faster':
    # 1 s of s1 at the voice's speed, the spoken new speed, then s1 again from the start
    # of the sentence it was in (the first), rendered at the new speed.
    fast = {}
    for line in open(tmp + '/manifest-fast.jsonl'):
        m = json.loads(line)
        fast[m['id']] = m['path']
    slow = wav_bytes(units['s1'])[:2 * RATE]
    quick = wav_bytes(fast['s1'])[:RATE]
    a = rec.find(slow)
    b = rec.find(quick)
    check(a >= 0, 's1 at the first speed is not in the recording')
    check(b >= 0, 's1 at the new speed is not in the recording')
    check(a < 0 or b < 0 or b > a + 2 * RATE + RATE // 2, 'no announcement between the speeds')
    check(rec.find(wav_bytes(units['s1'])[:2 * RATE + 200]) < 0,
          's1 at the first speed went on after the key')
elif case == 'pause':
    # 0.5 s of s1, "paused" spoken, the rest of 1 s as silence, then 0: s1 again from the
    # start of its first sentence for 0.5 s.
    half = wav_bytes(units['s1'])[:RATE]
    a = rec.find(half)
    b = rec.find(half, a + 1) if a >= 0 else -1
    check(a >= 0 and b >= a + 2 * RATE, 's1 not played again after the pause')
    if a >= 0 and b >= 0:
        check(rec[a + RATE:b].strip(b'\0') != b'', 'nothing spoken when pausing')
        check(rec[b - RATE // 4:b].strip(b'\0') == b'', 'no silence while paused')
        check(rec[b + RATE:].strip(b'\0') == b'', 'sound after resuming for 0.5 s')
elif case == 'keymap':
    expect_sequence([('s1', 0, RATE // 2), ('s2', 0, RATE // 2)])
for f in failures:
    print('FAIL (%s): %s' % (case, f))
sys.exit(1 if failures else 0)
EOF

# play ARGS...: one run into the file plugin, recording into rec.wav.
play() {
    rm -f "$tmp/capture.raw" "$tmp/rec.wav"
    timeout 120 "$bin" play "$leaflet" --cache "$cache" --record "$tmp/rec.wav" --quiet "$@" \
        2> "$tmp/stderr"
}
check_case() { # CASE: what the last play recorded, checked by check.py
    python3 "$tmp/check.py" "$tmp" "$1" || fail=1
}

# 1 s of section 1, then 6: 1.5 s of section 2; the device got what was recorded.
if play --no-resume --keys "wait=1 6 wait=1.5 q"; then
    check_case capture
    check_case next
else
    echo "FAIL: play wait=1 6 wait=1.5 q"; cat "$tmp/stderr"; fail=1
fi
if [ -s "$tmp/stderr" ]; then
    echo "FAIL: play printed on stderr:"; cat "$tmp/stderr"; fail=1
fi

# 3: the questions-to-ask list: "Questions to ask.", then its heading.
if play --no-resume --keys "3 wait=3 q"; then check_case questions
else echo "FAIL: play 3"; cat "$tmp/stderr"; fail=1; fi

# 0 pauses (the wait passes as silence), 0 again goes on from the sentence start.
if play --no-resume --keys "wait=0.5 0 wait=1 0 wait=0.5 q"; then check_case pause
else echo "FAIL: play 0 0"; cat "$tmp/stderr"; fail=1; fi

# Quit in section 2, start again: it resumes there.
play --keys "wait=0.5 6 wait=0.5 q" || { echo "FAIL: play to save a place"; fail=1; }
if ls "$XDG_STATE_HOME"/audioleaf/*.state >/dev/null 2>&1 && play --keys "wait=10 q"; then
    check_case resume
else
    echo "FAIL: no saved place, or the resumed play failed"; fail=1
fi
# --no-resume starts at the top again.
if play --no-resume --keys "wait=1 6 wait=1.5 q"; then check_case next
else echo "FAIL: --no-resume"; fail=1; fi

# Sentence level: 8 8, then 6 moves to the second sentence of section 1.
if play --no-resume --keys "8 8 wait=0.2 6 wait=0.5 q"; then check_case sentence
else echo "FAIL: play 8 8 6"; cat "$tmp/stderr"; fail=1; fi

# 9: faster; the unit is rendered again at the new speed and goes on from its sentence.
rate=$(sed -n 's/^rate *= *//p' "$src/voices/en.ini" | head -1)
if [ -n "$rate" ]; then
    "$bin" render "$leaflet" --cache "$cache" --manifest --quiet --rate $((rate + 20)) \
        > "$tmp/manifest-fast.jsonl" || { echo "FAIL: render --rate"; fail=1; }
    if play --no-resume --keys "wait=1 9 wait=5 q"; then check_case faster
    else echo "FAIL: play 9"; cat "$tmp/stderr"; fail=1; fi
else
    echo "note: no rate in voices/en.ini; speed change not checked"
fi

# keys.conf: 5 bound to next.
mkdir -p "$XDG_CONFIG_HOME/audioleaf"
printf '# my keys\n5 = next\n' > "$XDG_CONFIG_HOME/audioleaf/keys.conf"
if play --no-resume --keys "wait=0.5 5 wait=0.5 q"; then check_case keymap
else echo "FAIL: play with keys.conf"; cat "$tmp/stderr"; fail=1; fi
printf '5 = next\n6 = jump\n' > "$XDG_CONFIG_HOME/audioleaf/keys.conf"
play --no-resume --keys "q"
rc=$?
if [ $rc -ne 1 ] || ! grep -q "keys.conf:2:5: unknown command" "$tmp/stderr"; then
    echo "FAIL: a bad keys.conf gave exit $rc and:"; cat "$tmp/stderr"; fail=1
fi
rm -f "$XDG_CONFIG_HOME/audioleaf/keys.conf"

# A few hundred random keys (no q until the end) exit cleanly.
keys=$(python3 -c "
import random
r = random.Random(7)
toks = []
for i in range(300):
    if r.random() < 0.1:
        toks.append('wait=%.2f' % r.choice([0.01, 0.05, 0.1]))
    else:
        toks.append(r.choice('0123456789*#'))
print(' '.join(toks + ['q']))")
if ! play --no-resume --keys "$keys"; then
    echo "FAIL: random keys"; cat "$tmp/stderr"; fail=1
fi

# A bad script token: usage error, nothing played.
play --no-resume --keys "wait=1 x q"
rc=$?
if [ $rc -ne 2 ] || ! grep -q "token 2 'x'" "$tmp/stderr"; then
    echo "FAIL: bad --keys gave exit $rc"; cat "$tmp/stderr"; fail=1
fi

# No usable output device: one line naming --record, exit 1; with --record it plays.
printf 'pcm.!default { type hw; card 99 }\n' > "$tmp/nodev.conf"
out=$(ALSA_CONFIG_PATH=$tmp/nodev.conf timeout 60 "$bin" play "$leaflet" --cache "$cache" \
      --no-resume --keys "wait=0.2 q" 2>&1 >/dev/null)
rc=$?
if [ $rc -ne 1 ] || [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ] ||
   ! printf '%s' "$out" | grep -q -- "--record"; then
    echo "FAIL: no device gave exit $rc and: $out"; fail=1
fi
rm -f "$tmp/rec.wav"
if ! ALSA_CONFIG_PATH=$tmp/nodev.conf timeout 60 "$bin" play "$leaflet" --cache "$cache" \
     --no-resume --quiet --record "$tmp/rec.wav" --keys "wait=1 6 wait=1.5 q"; then
    echo "FAIL: --record without a device"; fail=1
else
    check_case next
fi

# SIGTERM and SIGINT (Ctrl-C) with --keys: the player stops at once, keeps what was recorded
# so far under the final name (no .tmp left), and saves the place: the next run starts in
# section 2, where the signal came.
for sig in TERM INT; do
    rm -rf "$tmp/state" "$tmp/sig.wav" "$tmp"/sig.wav.*.part
    timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null:realtime --verbose \
        --record "$tmp/sig.wav" --keys "wait=0.3 6 wait=60 q" > "$tmp/sig.out" 2>&1 &
    pid=$!
    # Signal once section 2 plays (a loaded machine may take a while to get there).
    for _ in $(seq 100); do
        grep -q '^s2:' "$tmp/sig.out" 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.5
    t0=$(date +%s%N)
    kill -s "$sig" $pid
    wait $pid
    rc=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ $rc -ne 0 ] || [ $ms -gt 5000 ]; then
        echo "FAIL: SIG$sig: exit $rc after $ms ms"; cat "$tmp/sig.out"; fail=1
    fi
    if compgen -G "$tmp/sig.wav.*.part" >/dev/null || ! python3 - "$tmp/sig.wav" <<'EOP'
import sys, wave
w = wave.open(sys.argv[1], 'rb')
n = w.getnframes()
sys.exit(0 if w.getframerate() == 22050 and 22050 // 2 < n < 22050 * 10 else 1)
EOP
    then
        echo "FAIL: SIG$sig: the recording was not finished under its name"; fail=1
    fi
    first=$(timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --verbose \
            --keys "wait=15 q" 2>/dev/null | grep -m 1 '^s[0-9]')
    case "$first" in
        s2:*) ;;
        *) echo "FAIL: SIG$sig: the place was not saved (next run began: $first)"; fail=1 ;;
    esac
done

# 3 is the questions list at the question level: 6 goes to its first question, where am I
# (# or /) says it with the list's numbering; help says the keys of keys.conf.
out=$(timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --no-resume \
      --keys "wait=0.3 3 wait=0.3 6 wait=0.5 # wait=0.3 q" 2>/dev/null)
if ! printf '%s\n' "$out" |
     grep -qE '^Section 7 of [0-9]+: .* Question 1 of 9: How many calcifications can you see\? '
then
    echo "FAIL: where am I without the question:"; printf '%s\n' "$out"; fail=1
fi
mkdir -p "$XDG_CONFIG_HOME/audioleaf"
printf '7 = next\n6 = slower\n' > "$XDG_CONFIG_HOME/audioleaf/keys.conf"
out=$(timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --no-resume \
      --keys "wait=0.3 * wait=0.3 q" 2>/dev/null)
rm -f "$XDG_CONFIG_HOME/audioleaf/keys.conf"
if ! printf '%s\n' "$out" | grep -qF "Keys. 4 and 7: previous and next." ||
   ! printf '%s\n' "$out" | grep -qF " 6 and 9: slower and faster."; then
    echo "FAIL: help does not say the keys of keys.conf:"; printf '%s\n' "$out"; fail=1
fi

[ $fail -eq 0 ] && echo "e2e_play: ok"
exit $fail
