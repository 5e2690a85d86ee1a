#!/usr/bin/env bash
# e2e_play_alsa: with no usable ALSA configuration (an empty file, or one without a
# default device, and no sound card) PortAudio 19.6 aborts in Pa_Initialize on its own
# assertion; play must instead say "no audio output device ... --record" in one line and
# exit 1, play into the file alone with --record, and --dtmf must fail with a message.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
if [ -d /proc/asound ] && [ -n "$(ls /proc/asound/card[0-9]* 2>/dev/null)" ]; then
    echo "skip: this machine has a sound card, so ALSA is usable without a configuration"
    exit 77
fi
"$bin" render "$leaflet" --cache "$cache" --quiet || { echo "FAIL: render"; exit 1; }

: > "$tmp/empty.conf"
printf 'pcm.other { type null }\n' > "$tmp/nodefault.conf"
for conf in empty nodefault; do
    ALSA_CONFIG_PATH=$tmp/$conf.conf timeout 60 "$bin" play "$leaflet" --cache "$cache" \
        --no-resume --keys "wait=0.5 q" > "$tmp/stdout" 2> "$tmp/stderr"
    rc=$?
    [ $rc -eq 1 ] && [ "$(wc -l < "$tmp/stderr")" -eq 1 ] &&
        grep -q "no audio output device.*--record" "$tmp/stderr" && [ ! -s "$tmp/stdout" ]
    r=$?
    check "$conf ALSA config: exit $rc (134 is the abort), $(head -c 300 "$tmp/stderr")" $r

    rm -f "$tmp/rec.wav"
    ALSA_CONFIG_PATH=$tmp/$conf.conf timeout 60 "$bin" play "$leaflet" --cache "$cache" \
        --no-resume --quiet --record "$tmp/rec.wav" --keys "wait=1 q" 2> "$tmp/stderr"
    rc=$?
    python3 -c "
import sys, wave
w = wave.open(sys.argv[1], 'rb')
sys.exit(0 if w.getnframes() >= 22050 else 1)" "$tmp/rec.wav" 2>/dev/null && [ $rc -eq 0 ]
    r=$?
    check "$conf ALSA config with --record: exit $rc, plays into the file alone" $r

    ALSA_CONFIG_PATH=$tmp/$conf.conf timeout 60 "$bin" play "$leaflet" --cache "$cache" \
        --no-resume --quiet --dtmf --record "$tmp/rec.wav" > /dev/null 2> "$tmp/stderr"
    rc=$?
    [ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -q "input" "$tmp/stderr"
    r=$?
    check "$conf ALSA config with --dtmf: exit $rc, $(head -c 200 "$tmp/stderr")" $r
done

[ $fail -eq 0 ] && echo "e2e_play_alsa: ok"
exit $fail
