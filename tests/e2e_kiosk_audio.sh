#!/usr/bin/env bash
# e2e_kiosk_audio: the real PortAudio -> ALSA path losing its device while playing and
# getting it back (a USB sound card pulled out and plugged in again on a kiosk).  ALSA's
# file plugin writes into a pipe to a sink script: the first sink takes 200000 bytes and
# dies, so PortAudio's writes fail (EPIPE) and its stream stops; while "unplugged" every
# new sink dies at once; "plugged" again, a sink takes everything.  The player must not
# exit, must reopen the device by itself, and must go on where it was, not from the start
# (the frames in the dying pipe and ALSA buffer, up to about 3 s, are lost with it).
set -u
. "$(dirname "$0")/lib.sh"
play_setup

"$bin" render "$leaflet" --cache "$cache" --quiet || { echo "FAIL: render"; exit 1; }

cat > "$tmp/sink.sh" <<EOF
#!/bin/sh
# One ALSA "device": what the file plugin writes arrives on stdin.
if [ -e "$tmp/unplugged" ]; then exit 1; fi
if [ -e "$tmp/plugged" ]; then exec cat > "$tmp/after.raw"; fi
touch "$tmp/unplugged"
exec head -c 200000 > "$tmp/before.raw"
EOF
chmod +x "$tmp/sink.sh"
cat > "$tmp/pipe.conf" <<EOF
pcm.!default { type file; slave.pcm { type null }; file "|$tmp/sink.sh"; format "raw" }
EOF

# A pipe whose reader has gone gives EPIPE, as a device that has gone gives ENODEV; the
# default action of SIGPIPE would end the process instead of testing the player.
trap '' PIPE
ALSA_CONFIG_PATH=$tmp/pipe.conf "$bin" play "$leaflet" --cache "$cache" --no-resume \
    --quiet --record "$tmp/rec.wav" --keys "wait=12 q" 2> "$tmp/stderr" &
pid=$!
trap - PIPE
# Wait for the first sink to take its 200000 bytes (the device goes away then).
took() { [ "$(stat -c %s "$tmp/before.raw" 2>/dev/null || echo 0)" -ge 200000 ]; }
wait_until 10 took || { echo "FAIL: the first device never got 200000 bytes"; fail=1; }
# Unplugged: two or three reopen attempts fail.  A fixed time on purpose: the device comes
# back between two attempts, not during one (a sink that dies just after its open took
# the first frames is an outage of its own); the run's length is set by its key script.
sleep 2.5
if ! kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: the player exited while the device was gone"; cat "$tmp/stderr"; fail=1
fi
# Plugged first, then no longer unplugged: a sink starting in between must not see
# neither and take the first device's part (200000 bytes and die) again.
touch "$tmp/plugged"
rm -f "$tmp/unplugged"
t0=$(date +%s)
wait "$pid"
rc=$?
pid=
echo "device back to the end of the script: $(( $(date +%s) - t0 )) s"
[ $rc -eq 0 ] || { echo "FAIL: play exited with $rc"; fail=1; }
grep -c "the audio output stopped" "$tmp/stderr" | grep -qx 1 ||
    { echo "FAIL: the outage was not reported once:"; cat "$tmp/stderr"; fail=1; }
grep -q "the audio output is back" "$tmp/stderr" ||
    { echo "FAIL: the return was not reported:"; cat "$tmp/stderr"; fail=1; }
# PortAudio's own failure lines ("Expression 'res' failed in 'src/hostapi/alsa/...") stay
# off the listener's terminal.
! grep -q "Expression\|src/hostapi" "$tmp/stderr" ||
    { echo "FAIL: PortAudio's lines reached stderr:"; cat "$tmp/stderr"; fail=1; }

python3 - "$tmp" <<'EOF' || fail=1
import sys, wave
tmp = sys.argv[1]
RATE = 22050
def sound(x):
    """The 16-bit samples that are not 0, as bytes (silence differs between the device
    and the recording: the player's record counts frames lost in a dying pipe too)."""
    return b''.join(x[i:i + 2] for i in range(0, len(x) - 1, 2) if x[i:i + 2] != b'\0\0')
w = wave.open(tmp + '/rec.wav', 'rb')
rec = sound(w.readframes(w.getnframes()))
before = sound(open(tmp + '/before.raw', 'rb').read())
try:
    after = sound(open(tmp + '/after.raw', 'rb').read())
except OSError:
    after = b''
bad = []
if len(before) < RATE or rec[:len(before)] != before:
    bad.append('the first device did not get the start of the leaflet')
if len(after) < 2 * RATE:
    bad.append('the device that came back got %.2f s of sound' % (len(after) / 2 / RATE))
else:
    probe = after[:RATE]  # its first 0.5 s of sound
    at = rec.find(probe)
    gap = (at - len(before)) / 2 / RATE
    if at < 0:
        bad.append('what the returned device got is not in the recording')
    elif rec[at:at + len(after)] != after:
        bad.append('the returned device did not get the recording from there on')
    elif at < len(before):
        bad.append('playing started again from earlier (%.2f s back)' % -gap)
    elif gap > 4.0:
        bad.append('%.2f s of sound skipped over the outage' % gap)
    else:
        print('before the outage %.2f s of sound; after it %.2f s, starting %.2f s later in '
              'the recording (frames lost in the dying pipe)'
              % (len(before) / 2 / RATE, len(after) / 2 / RATE, gap))
for f in bad:
    print('FAIL: ' + f)
sys.exit(1 if bad else 0)
EOF

[ $fail -eq 0 ] && echo "e2e_kiosk_audio: ok"
exit $fail
