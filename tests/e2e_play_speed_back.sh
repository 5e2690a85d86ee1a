#!/usr/bin/env bash
# e2e_play_speed_back: a speed changed and changed back at once on a cold cache ("9 7")
# stops the render in progress twice; the stopped render is dropped silently and the
# section plays on from its sentence at the old speed: no "cannot render", no jump to the
# next section, and the recording holds the whole section as rendered at that speed.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
keys_used_before

for run in 1 2 3; do
    rm -rf "$cache" "$tmp/rec.wav"
    timeout 120 "$bin" play "$leaflet" --cache "$cache" --device null --no-resume --verbose \
        --record "$tmp/rec.wav" --keys "wait=0.2 9 7 wait=20 q" > "$tmp/stdout" 2> "$tmp/stderr"
    rc=$?
    [ $rc -eq 0 ] && ! grep -q "cannot render" "$tmp/stderr"; r=$?
    check "run $run: exit $rc, stderr: $(tr '\n' ' ' < "$tmp/stderr")" $r
    # The section as rendered at the voice's speed (cached by the run, else now).
    "$bin" render "$leaflet" --cache "$cache" --manifest --quiet > "$tmp/manifest.jsonl"
    python3 - "$tmp" <<'EOP'
import json, sys, wave
tmp = sys.argv[1]
paths = {json.loads(l)['id']: json.loads(l)['path'] for l in open(tmp + '/manifest.jsonl')}
def frames(p):
    w = wave.open(p, 'rb')
    return w.readframes(w.getnframes())
s1, rec = frames(paths['s1']), frames(tmp + '/rec.wav')
# s1 plays from its start twice: cut after 0.2 s by the keys, then whole.
sys.exit(0 if rec.find(s1) >= 0 else 1)
EOP
    check "run $run: the recording holds all of s1 at the first speed" $?
    [ "$(grep -c '^s1:' "$tmp/stdout")" -ge 2 ]; r=$?
    check "run $run: s1 started again ($(tr '\n' '|' < "$tmp/stdout"))" $r
done

[ $fail -eq 0 ] && echo "e2e_play_speed_back: ok"
exit $fail
