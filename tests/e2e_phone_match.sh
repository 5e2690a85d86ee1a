#!/usr/bin/env bash
# e2e_phone_match.sh: tests/phone_match.py, the comparison e2e_asterisk makes of a call's
# recording with the exported prompts, on recordings made here from a short leaflet's 16-bit
# prompts (.sln) with a known answer: prompts cut short and lost pieces pass;
# a swapped, a missing or an extra prompt fails; the .ulaw and .alaw exports of the same
# prompts, decoded by phone_match, are found in a recording made from the .sln ones.
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v python3 >/dev/null || { echo "skip: needs python3"; exit 77; }
match=$src/tests/phone_match.py
cat >"$tmp/Short Note.txt" <<'TXT'
Short Note

What is this?

A short leaflet for a phone test.

Questions to ask

- Is it short?
- Is it clear?
TXT
for c in slin ulaw alaw; do
    "$bin" export "$tmp/Short Note.txt" --phone "$tmp/$c" --codec "$c" --cache "$tmp/cache" --quiet
    st=$?
    check "export, $c (exit $st)" $st
done
d=$tmp/slin/asterisk/en/audioleaf
# The recordings: REC "PROMPT:SECONDS ..." (SECONDS heard of each; all when none), and
# edits "lose:AT:SECONDS" (that much lost at AT s of the recording).
python3 - "$d" "$tmp" <<'PY'
import array, sys, wave
d, tmp = sys.argv[1:]
def sln(i):
    with open("%s/short-note-%s.sln" % (d, i), "rb") as f:
        return array.array("h", f.read())
def rec(name, parts, edits=()):
    a = array.array("h")
    for p in parts.split():
        i, _, secs = p.partition(":")
        x = sln(i)
        a += x[:int(float(secs) * 8000)] if secs else x
    for e in edits:
        _, at, secs = e.split(":")
        at, n = int(float(at) * 8000), int(float(secs) * 8000)
        a = a[:at] + a[at + n:]
    with wave.open("%s/%s.wav" % (tmp, name), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(a.tobytes())
rec("plain", "welcome:2.5 s01 s02:1.2 s02 s03:0.35 s03-q01:0.4 s03-q02")
# The welcome (16.6 s) loses 0.15 s at 6 s, the first s02 its first 0.3 s (at 10.63 s: its
# silence and 0.1 s of speech), the second s02 0.5 s at 13 s.
rec("gaps", "welcome:9 s01 s02:1.2 s02 s03-q01", ["lose:13:0.5", "lose:10.63:0.3", "lose:6:0.15"])
PY
st=$?
check "the recordings are made" $st
files() { local i out=; for i in "$@"; do out+=" $d/short-note-$i.${ext:-sln}"; done; echo "$out"; }
plain="welcome s01 s02 s02 s03 s03-q01 s03-q02"

# shellcheck disable=SC2046 # one word per file
python3 "$match" "$tmp/plain.wav" $(files $plain) >"$tmp/out" 2>&1
st=$?
[ $st -eq 0 ] && [ "$(grep -c '^ok - ' "$tmp/out")" = 7 ]
st=$?
check "the prompts heard, cut short (0.35 s of one), pass: $(grep -c '^ok - ' "$tmp/out") ok" $st
for ext in ulaw alaw; do
    # shellcheck disable=SC2046
    python3 "$match" "$tmp/plain.wav" $(files $plain | sed "s#$tmp/slin/#$tmp/$ext/#g") \
        >"$tmp/out" 2>&1
    st=$?
    [ $st -eq 0 ] && [ "$(grep -c '^ok - ' "$tmp/out")" = 7 ]
    st=$?
    check "the .$ext prompts, decoded, are found too (NCC $(sed -n 's/.*NCC \([0-9.]*\).*/\1/p' "$tmp/out" | sort -n | head -1) or more)" $st
done
ext=
# shellcheck disable=SC2046
python3 "$match" "$tmp/gaps.wav" $(files welcome s01 s02 s02 s03-q01) >"$tmp/out" 2>&1
st=$?
# (what is printed as lost is the piece and the frames around it that did not match)
[ $st -eq 0 ] && grep -q 'welcome.sln .*lost 0\.\(1[5-9]\|2[01]\) s at 6\.[01]' "$tmp/out" &&
    grep -q 'lost its first 0\.[01]' <<<"$(sed -n 3p "$tmp/out")" &&
    grep -q 'lost 0\.5' <<<"$(sed -n 4p "$tmp/out")"
st=$?
check "three lost pieces are printed, and pass ($(grep -c lost "$tmp/out") gaps)" $st

# The wrong lists.
wrong() { # DESCRIPTION WANT-LINE PROMPT...
    local desc=$1 want=$2
    shift 2
    # shellcheck disable=SC2046
    python3 "$match" "$tmp/plain.wav" $(files "$@") >"$tmp/out" 2>&1
    local rc=$?
    [ $rc -eq 1 ] && grep -q "$want" "$tmp/out"
    st=$?
    check "$desc fails (exit $rc: $(grep -m1 '^FAIL' "$tmp/out"))" $st
}
wrong "s02 for s01" "^FAIL - short-note-s02.sln" welcome s02 s02 s02 s03 s03-q01 s03-q02
wrong "the two items swapped" "^FAIL - short-note-s03-q02.sln" \
    welcome s01 s02 s02 s03 s03-q02 s03-q01
wrong "a prompt left out of the list" "^FAIL - short-note-s03-q01.sln" \
    welcome s01 s02 s02 s03-q01 s03-q02
wrong "the last prompt left out" "^FAIL - speech at" welcome s01 s02 s02 s03 s03-q01
wrong "a prompt not heard" "^FAIL - short-note-end.sln" $plain end

python3 "$match" "$tmp/plain.wav" "$tmp/none.ulaw" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "none.ulaw: No such file" "$tmp/err"
st=$?
check "a missing prompt file: exit 2 and one line ($(cat "$tmp/err"))" $st
exit $fail
