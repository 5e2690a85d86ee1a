#!/usr/bin/env bash
# 'audioleaf dtmf FILE' reads any WAV libsndfile reads: twelve keys made by sox (not by our
# code) at 8 kHz and converted by sox to 16-, 24- (WAVE_FORMAT_EXTENSIBLE), 32-bit and
# 8-bit PCM, 32- and 64-bit float, mu-law, stereo (the tones on both channels, and on the
# second only), 44.1 kHz, and a 48 kHz float stereo file of six minutes with keys at
# its start and end, print exactly those keys; a FIFO is refused at once.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v sox >/dev/null || { echo "SKIP: sox is not installed"; exit 77; }

# One key: 80 ms of its two sines (-8 dB) followed by 70 ms of silence.
tone() { # key out
    local lo hi
    case $1 in
        1) lo=697 hi=1209;; 2) lo=697 hi=1336;; 3) lo=697 hi=1477;;
        4) lo=770 hi=1209;; 5) lo=770 hi=1336;; 6) lo=770 hi=1477;;
        7) lo=852 hi=1209;; 8) lo=852 hi=1336;; 9) lo=852 hi=1477;;
        '*') lo=941 hi=1209;; 0) lo=941 hi=1336;; '#') lo=941 hi=1477;;
    esac
    sox -n -r 8000 -b 16 -c 1 "$2" synth 0.08 sine $lo sine mix $hi gain -8 pad 0 0.07
}
parts=()
sox -n -r 8000 -b 16 -c 1 "$tmp/lead.wav" trim 0 0.3
parts+=("$tmp/lead.wav")
i=0
for k in 1 2 3 4 5 6 7 8 9 '*' 0 '#'; do
    tone "$k" "$tmp/k$i.wav"; parts+=("$tmp/k$i.wav"); i=$((i + 1))
done
sox "${parts[@]}" "$tmp/keys.wav"
want="1 2 3 4 5 6 7 8 9 * 0 #"

# name, then sox's output options and effects.
while IFS='|' read -r name opts; do
    read -r -a o <<<"$opts"
    sox "$tmp/keys.wav" "${o[@]}" 2>"$tmp/sox.err" || { echo "sox $name: $(cat "$tmp/sox.err")"; }
    f=$(printf '%s\n' "${o[@]}" | grep '\.wav$')
    out=$("$bin" dtmf "$f" 2>"$tmp/err"); rc=$?
    [ $rc -eq 0 ] && [ "$out" = "$want" ]
    st=$? why=$(head -c 200 "$tmp/err")
    check "$name: '$out' (exit $rc) $why" $st
done <<CASES
16-bit PCM|-b 16 $tmp/s16.wav
24-bit PCM (WAVE_FORMAT_EXTENSIBLE)|-b 24 $tmp/s24.wav
32-bit PCM|-b 32 -e signed-integer $tmp/s32.wav
8-bit PCM|-b 8 -e unsigned-integer $tmp/u8.wav
32-bit float|-b 32 -e floating-point $tmp/f32.wav
64-bit float|-b 64 -e floating-point $tmp/f64.wav
mu-law|-e u-law $tmp/ulaw.wav
stereo|-c 2 $tmp/stereo.wav
stereo, the tones on the second channel only|-c 2 $tmp/right.wav remix 0 1
44.1 kHz|-r 44100 $tmp/r44.wav
44.1 kHz 24-bit stereo|-r 44100 -b 24 -c 2 $tmp/r44s24.wav
CASES

# The 24-bit file really is WAVE_FORMAT_EXTENSIBLE (format tag 0xFFFE at byte 20), and
# the float ones are float (tag 3), so the cases above test what they say.
tag() { od -An -tu2 -j20 -N2 "$1" | tr -d ' '; }
t24=$(tag "$tmp/s24.wav")
[ "$t24" = 65534 ] && [ "$(tag "$tmp/f32.wav")" = 3 ] && [ "$(tag "$tmp/f64.wav")" = 3 ]
check "sox wrote s24 as WAVE_FORMAT_EXTENSIBLE ($t24), f32/f64 as float" $?

# Six minutes of 48 kHz float stereo (132 MB): the keys at both ends are found.
sox -n -r 48000 -c 2 -b 32 -e floating-point "$tmp/gap.wav" trim 0 360
sox "$tmp/keys.wav" -r 48000 -c 2 -b 32 -e floating-point "$tmp/keys48.wav"
sox "$tmp/keys48.wav" "$tmp/gap.wav" "$tmp/keys48.wav" "$tmp/long.wav"
rm -f "$tmp/gap.wav"
out=$("$bin" dtmf "$tmp/long.wav"); rc=$?
[ $rc -eq 0 ] && [ "$out" = "$want $want" ]
check "a six-minute 48 kHz float stereo file: both sets of keys (exit $rc)" $?
# Read in blocks: far less memory than the file (not measurable under the sanitizers).
if [ -x /usr/bin/time ] && ! ldd "$bin" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    /usr/bin/time -f %M -o "$tmp/rss" "$bin" dtmf "$tmp/long.wav" >/dev/null
    rss=$(cat "$tmp/rss")
    [ "$rss" -lt 40000 ]
    check "peak RSS for the 132 MB file: $rss KB (under 40 MB)" $?
fi

mkfifo "$tmp/fifo.wav"
err=$(timeout 20 "$bin" dtmf "$tmp/fifo.wav" 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && [[ "$err" == "audioleaf dtmf: $tmp/fifo.wav: "* ]]
check "a FIFO is refused at once: '$err' (exit $rc)" $?
exit $fail
