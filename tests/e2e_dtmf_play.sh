#!/usr/bin/env bash
# 'audioleaf play --dtmf' without a sound card: ALSA's file plugin feeds two "6" tones
# (made by sox) into the capture stream, the output runs at the pace of a sound card
# (--device null:realtime), and the player must reach section 3 within a few seconds,
# which it can only do by hearing both keys (section 2 alone lasts longer than that).
# Skips until the player offers --dtmf.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v sox >/dev/null || { echo "SKIP: sox is not installed"; exit 77; }
"$bin" play --help 2>/dev/null | grep -q -- '--dtmf' ||
    { echo "SKIP: 'play --dtmf' is not wired in yet"; exit 77; }
cat >"$tmp/wrist.txt" <<'EOF2'
# Broken wrist

What happens now?
Your wrist is in a cast for about six weeks. Keep it raised on a pillow for the first
few days. Move your fingers often so they do not get stiff. Do not push anything inside
the cast to scratch, and keep it dry when you wash. Take pain relief as the ward told you.

When should I get help?
Call us if your fingers turn blue, feel numb, or the cast feels too tight.
EOF2
raw="-r 8000 -b 16 -c 1 -e signed -t raw"
sox -n $raw "$tmp/lead.raw" trim 0 1.0
sox -n $raw "$tmp/six.raw" synth 0.1 sine 770 sine mix 1477 gain -8 pad 0 0.4
sox -n $raw "$tmp/tail.raw" trim 0 30
cat >"$tmp/asound.conf" <<CONF
pcm.!default { type file; slave.pcm { type null }; file "/dev/null";
               infile "$tmp/keys.raw"; format "raw" }
CONF
play() { # keys.raw to feed; prints what the player printed in 6 s
    cp "$1" "$tmp/keys.raw"
    ALSA_CONFIG_PATH=$tmp/asound.conf timeout -s INT 6 "$bin" play "$tmp/wrist.txt" --dtmf \
        --device null:realtime --no-resume --cache "$tmp/cache" 2>&1
}
cat "$tmp/lead.raw" "$tmp/six.raw" "$tmp/lead.raw" "$tmp/six.raw" "$tmp/tail.raw" >"$tmp/two6.raw"
out=$(play "$tmp/two6.raw")
echo "$out"
fail=0
if grep -q '^s3:' <<<"$out"; then
    echo "ok - two DTMF 6 tones took the player to section 3"
else
    echo "FAIL - the player did not reach section 3 from the DTMF keys"
    fail=1
fi
# The control: the same 6 s with silence on the line stays before section 3.
out=$(play "$tmp/tail.raw")
if grep -q '^s3:' <<<"$out"; then
    echo "FAIL - section 3 was reached without keys: the test cannot tell"
    fail=1
else
    echo "ok - without tones the player is still before section 3 after 6 s"
fi
exit $fail
