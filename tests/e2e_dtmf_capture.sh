#!/usr/bin/env bash
# DTMF through a real PortAudio capture stream without a sound card (SPEC section 7):
# ALSA's file plugin reads the tones of keys.raw (made by sox) into the capture stream
# that 'audioleaf dtmf --listen' opens, exactly as 'play --dtmf' does.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v sox >/dev/null || { echo "SKIP: sox is not installed"; exit 77; }
raw="-r 8000 -b 16 -c 1 -e signed -t raw"
tone() { # name low high
    sox -n $raw "$tmp/$1.raw" synth 0.1 sine "$2" sine mix "$3" gain -8 pad 0 0.1
}
sox -n $raw "$tmp/lead.raw" trim 0 0.5
tone four 770 1209; tone six 770 1477; tone hash 941 1477
cat "$tmp/lead.raw" "$tmp/four.raw" "$tmp/six.raw" "$tmp/hash.raw" "$tmp/lead.raw" >"$tmp/keys.raw"
cat >"$tmp/asound.conf" <<CONF
pcm.!default { type file; slave.pcm { type null }; file "$tmp/played.raw";
               infile "$tmp/keys.raw"; format "raw" }
CONF

out=$(ALSA_CONFIG_PATH=$tmp/asound.conf timeout 20 "$bin" dtmf --listen --seconds 3 2>&1)
rc=$?
got=$(tr '\n' ' ' <<<"$out")
[ $rc -eq 0 ] && [ "$got" = "4 6 # " ]
check "keys 4 6 # from a capture stream fed by ALSA's file plugin (got '$got', exit $rc)" $?

# Speech on the line gives no keys.
if command -v espeak-ng >/dev/null; then
    espeak-ng -w "$tmp/speech.wav" \
        "Press six for the next section and hash to hear where you are." 2>/dev/null
    sox "$tmp/speech.wav" $raw "$tmp/keys.raw"
    out=$(ALSA_CONFIG_PATH=$tmp/asound.conf timeout 20 "$bin" dtmf --listen --seconds 5 2>&1)
    rc=$?
    [ $rc -eq 0 ] && [ -z "$out" ]
    check "speech from the capture stream gives no keys (got '$out', exit $rc)" $?
fi

# No input device at all: one line, exit 1.
printf 'pcm.nothing { type hw; card 99 }\n' >"$tmp/none.conf"
err=$(ALSA_CONFIG_PATH=$tmp/none.conf timeout 20 "$bin" dtmf --listen --seconds 1 2>&1 >/dev/null)
rc=$?
[ $rc -eq 1 ] && [[ "$err" == "audioleaf: no DTMF input: "* ]]
check "no input device: '$err', exit $rc" $?
exit $fail
