#!/usr/bin/env bash
# script: one "ID<TAB>TEXT" line per unit in playing order; alternatives, symbols and
# headings come out as eSpeak NG should hear them, checked with espeak-ng -x (phonemes).
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
unit() { # file id: the TEXT of unit ID
    awk -F'\t' -v id="$2" '$1 == id { print $2 }' "$1"
}

# Every leaflet: well-formed lines, one per section, item and updated line, in order.
for f in "$src"/content/*.txt "$src"/tests/data/*.txt; do
    name=$(basename "$f" .txt)
    "$bin" script "$f" >"$tmp/$name.script" 2>"$tmp/err"; rc=$?
    [ $rc -eq 0 ] && [ ! -s "$tmp/err" ]; st=$?
    check "script $name exits 0, nothing on stderr (got $rc: $(head -c 300 "$tmp/err"))" $st
    ! grep -qvP '^(s[0-9]+(\.[qp][0-9]+)?|updated)\t[^\t]+$' "$tmp/$name.script"
    check "script $name: every line is ID<TAB>TEXT" $?
    # The expected ids, from the hand-checked outline baseline: a section's unit (heading
    # and the paragraphs before its list), then its items and paragraphs in written order.
    python3 - "$src/tests/baselines/$name.json" >"$tmp/$name.ids" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for s in d["sections"]:
    blocks = s["blocks"]
    lead = 0
    while lead < len(blocks) and blocks[lead]["type"] == "paragraph":
        lead += 1
    if s["heading"] or lead:
        print(s["id"])
    for b in blocks[lead:]:
        print(b["id"] if b["type"] == "item" else "%s.p%d" % (s["id"], b["index"] + 1))
if d["updated"]:
    print("updated")
PY
    cut -f1 "$tmp/$name.script" | diff -u "$tmp/$name.ids" - >/dev/null
    check "script $name: units in playing order match the outline" $?
done

s="$tmp/hepatic-calcification.script"
! grep -qi 'slash' "$s" && ! grep -q '/' "$s"
check "hepatic: no 'slash' and no '/' left from template alternatives" $?
grep -q 'content of this leaflet\|information in this leaflet' "$s"
check "hepatic: the first alternative 'this leaflet' is spoken" $?
[ "$(tail -n1 "$s")" = "$(printf 'updated\tLast updated December 2024')" ]
check "hepatic: the last unit is 'Last updated December 2024'" $?
grep -q 'every 2 to 4 weeks' "$s"
check "hepatic: '2-4 weeks' becomes '2 to 4 weeks'" $?
[ "$(unit "$s" s8 | cut -c1-12)" = "Disclaimer. " ]
check "hepatic: 'Disclaimer:' is spoken with a full stop after it" $?

m="$tmp/messy-leaflet.script"
[ "$(unit "$m" s3.q3)" = "Ask about blood tests and results" ]
check "messy: tags are skipped, '&' as 'and'" $?
[ "$(unit "$m" s3.q2)" = "A cyst more than 10 millimetres may be checked again later." ]
check "messy: '> 10 mm' becomes 'more than 10 millimetres'" $?
want="This leaflet is for parents who have been told about a finding on a scan."
[ "$(unit "$m" s1)" = "$want Please read it with your partner or a friend." ]
check "messy: text before the first heading is spoken first" $?

es="$tmp/intestino-ecogenico.script"
grep -q 'cada 3 a 4 semanas' "$es" && grep -q '0,2 a 1,8 por ciento' "$es" &&
    grep -q 'placenta y crezca' "$es" && grep -q 'de este folleto es general' "$es"
check "Spanish: ranges with 'a', 'por ciento', '&' as 'y', first alternative" $?

# --lang overrides the leaflet's language.
"$bin" script --lang es "$src/content/echogenic-bowel.txt" >"$tmp/lang.script"; rc=$?
[ $rc -eq 0 ] && grep -q 'every 3 a 4 weeks' "$tmp/lang.script"
check "--lang es uses the Spanish words" $?
"$bin" script --lang 'e s' "$src/content/echogenic-bowel.txt" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "--lang with a bad code exits 2 (got $rc)" $?
"$bin" script --voice no-such-voice-xyz "$src/content/echogenic-bowel.txt" \
    >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; st=$?
check "--voice with an unknown profile: one line, exit 2 (got $rc: $(cat "$tmp/err"))" $st
"$bin" script --frob "$src/content/echogenic-bowel.txt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q usage: "$tmp/err"
check "script with an unknown option exits 2 with the usage (got $rc)" $?
"$bin" script >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "script without FILE exits 2 (got $rc)" $?

# How eSpeak NG reads the text (phonemes, not audio).
if ! command -v espeak-ng >/dev/null; then
    echo "FAIL - espeak-ng is not installed (tools/packages-test.txt lists it)"
    exit 1
fi
ph() { # voice text -> phonemes on one line
    espeak-ng -q -x -v "$1" "$2" | tr '\n' ' '
}
p=$(ph en "$(unit "$s" s4)")
! grep -q "d'aS\|m'aIn@s" <<<"$p" && grep -q "t'u: t@ f'o@ w'i:ks" <<<"$p"
check "eSpeak reads '2 to 4 weeks', not 'dash' or 'minus'" $?
p=$(ph en "$(unit "$s" s2)")
grep -q "w'0n In w'0n T'aUz@nd s'Ev@nh'VndrI2d@n f'Ifti" <<<"$p" && ! grep -q "t'i:n" <<<"$p"
check "eSpeak reads 1 in 1750 as one thousand seven hundred fifty, not seventeen fifty" $?
p=$(ph en "$(unit "$tmp/echogenic-bowel.script" s2)")
grep -q "p3s'Ent" <<<"$p" && ! grep -q "d'aS" <<<"$p"
check "eSpeak reads '0.2 to 1.8 percent'" $?
p=$(ph en "$(unit "$m" s3.q2)")
grep -q "m'o@ Da#n t'En" <<<"$p"
check "eSpeak reads 'more than 10': $p" $?
p=$(espeak-ng -q -x -v en "$(unit "$s" s8)" | head -n1)
[ "$(wc -w <<<"$p")" -eq 1 ]
check "eSpeak ends a clause after the heading 'Disclaimer' (first clause: $p)" $?
# The pause after a heading, measured in eSpeak NG's audio: the first silence of
# 100 ms or more after speech starts (samples under 300/32768).
gap() { # voice text -> milliseconds
    espeak-ng -v "$1" -w "$tmp/gap.wav" "$2" && python3 - "$tmp/gap.wav" <<'PY'
import struct, sys, wave
w = wave.open(sys.argv[1])
rate, n = w.getframerate(), w.getnframes()
d = struct.unpack("<%dh" % n, w.readframes(n))
start = next(i for i, x in enumerate(d) if abs(x) > 300)
run = 0
for x in d[start:]:
    if abs(x) < 300:
        run += 1
    elif run * 1000 // rate >= 100:
        break
    else:
        run = 0
print(run * 1000 // rate)
PY
}
h=$(unit "$s" s8)
g=$(gap en "$h"); g0=$(gap en "Disclaimer: ${h#Disclaimer. }")
[ "$g" -ge 250 ] && [ "$g" -gt "$g0" ]
check "a clear pause after 'Disclaimer.' (${g} ms; ${g0} ms with the leaflet's ':')" $?
g=$(gap es "$(unit "$es" s9)")
[ "$g" -ge 250 ]
check "a clear pause after 'Aviso legal.' (${g} ms)" $?

p=$(ph es "$(unit "$es" s3.q5)")
grep -q " i k" <<<"$p" && ! grep -q "ampErs" <<<"$p"
check "eSpeak (es) reads '&' as 'y', not 'ampersand': $p" $?
p=$(ph es "$(unit "$es" s2)")
grep -q "k,oma D'os a 'uno k,oma 'otSo por Tj'Ento" <<<"$p"
check "eSpeak (es) reads '0,2 a 1,8 por ciento'" $?
exit $fail
