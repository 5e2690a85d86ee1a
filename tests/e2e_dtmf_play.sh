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
# play KEYS.RAW SECONDS: feed KEYS.RAW to the player until it prints "s3:" or SECONDS
# have passed (then it is stopped with SIGINT); prints what it printed.
play() {
    cp "$1" "$tmp/keys.raw"
    : >"$tmp/out"
    ALSA_CONFIG_PATH=$tmp/asound.conf "$bin" play "$tmp/wrist.txt" --dtmf --verbose \
        --device null:realtime --no-resume --cache "$tmp/cache" >"$tmp/out" 2>&1 &
    local p=$!
    wait_until "$2" grep -q '^s3:' "$tmp/out"
    kill -INT "$p" 2>/dev/null
    wait "$p"
    cat "$tmp/out"
}
cat "$tmp/lead.raw" "$tmp/six.raw" "$tmp/lead.raw" "$tmp/six.raw" "$tmp/tail.raw" >"$tmp/two6.raw"
# Sections 1 and 2 played through take ALL ms (from the cache, filled here first).
"$bin" render "$tmp/wrist.txt" --cache "$tmp/cache" --manifest --quiet >"$tmp/manifest"
frames() { sed -n "s/.*\"id\":\"$1\",.*\"frames\":\([0-9]*\),.*/\1/p" "$tmp/manifest"; }
all=$(( ($(frames s1) + $(frames s2)) * 1000 / 22050 ))
# The second tone ends 2.6 s into the line: the player is stopped as soon as it reaches
# section 3, or when it could still only have got there through the keys.
limit=$(( all / 1000 - 3 ))
t0=$EPOCHREALTIME
out=$(play "$tmp/two6.raw" "$limit")
took=$(( (${EPOCHREALTIME/./} - ${t0/./}) / 1000 ))
echo "$out"
grep -q '^s3:' <<<"$out"
check "two DTMF 6 tones took the player to section 3 (in $took ms)" $?
# The control: silence on the line for as long again (at least 4 s) stays before section 3,
# and that is well short of sections 1 and 2 played through.
wait_s=$(( took < 4000 ? 4 : took / 1000 + 1 ))
[ $((wait_s * 1000)) -lt $((all - 1000)) ]
check "the control's $wait_s s are shorter than sections 1 and 2 ($all ms)" $?
out=$(play "$tmp/tail.raw" "$wait_s")
! grep -q '^s3:' <<<"$out"
check "without tones the player is still before section 3 after $wait_s s" $?
exit $fail
