#!/usr/bin/env bash
# script_order: text is spoken in the order it is written (SPEC §2).  On a leaflet with
# lead-ins, lists and paragraphs after them (tests/data/lead-in-lists.txt), `script` gives
# the units in written order, a lead-in stays in its section's unit, and `outline` shows
# the paragraphs after a list where they are.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
f=$src/tests/data/lead-in-lists.txt

"$bin" script "$f" >"$tmp/script" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ]
check "script exits 0, nothing on stderr (got $rc)" $?
cut -f1 "$tmp/script" | tr '\n' ' ' >"$tmp/ids"
want='s1 s2 s2.q1 s2.q2 s2.p3 s3 s3.q1 s3.q2 s3.p3 s3.q3 s3.q4 s3.p4 s4 s4.q1 s4.q2 s4.p1 s5 s5.q1 s6 s6.q1 s6.q2 s7 s7.q1 updated '
[ "$(cat "$tmp/ids")" = "$want" ]
st=$?; check "units in written order (got: $(cat "$tmp/ids"))" $st
unit() { awk -F'\t' -v id="$1" '$1 == id { print $2 }' "$tmp/script"; }
[ "$(unit s2)" = "What happens at the clinic? You will be seen by a specialist midwife and a doctor. At the clinic you will have:" ]
st=$?; check "the lead-in stays in its section's unit, after the paragraph before it (got: $(unit s2))" $st
[ "$(unit s2.p3)" = "Please allow 2 hours for the whole visit." ]
st=$?; check "the paragraph after the list is its own unit, after the list (got: $(unit s2.p3))" $st
[ "$(unit s3.p3)" = "You can also bring:" ] && [ "$(unit s3.q3)" = "a snack and a drink" ]
check "a lead-in between two lists comes between them" $?
[ "$(unit s4)" = "How to find us." ] && [ "$(unit s4.p1)" = "Parking is limited; the bus stops outside the main entrance." ]
check "a heading above a capitalised list keeps its section; the text after the list follows it" $?

# The outline says where the paragraphs are; the JSON lists each section's blocks.
out=$("$bin" outline "$f")
grep -A5 -x 'Section 2, question: What happens at the clinic?' <<<"$out" | tail -1 | grep -qx '  then 1 paragraph'
check "plain outline: the paragraph after section 2's list is shown after it" $?
"$bin" outline --json "$f" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["sections"][1]
got = [(b["type"], b.get("index", b.get("id")), b["line"]) for b in s["blocks"]]
assert got == [("paragraph", 0, 10), ("paragraph", 1, 12), ("item", "s2.q1", 13),
               ("item", "s2.q2", 14), ("paragraph", 2, 16)], got
assert [b["lead_in"] for b in s["blocks"] if b["type"] == "paragraph"] == [False, True, False]
assert s["paragraphs"][1] == "At the clinic you will have:"'
check "outline --json: blocks in written order with source lines and the lead-in marked" $?

# The phone export: the paragraph after a list has its own prompt, 4 and 6 at the item
# level pass through it in written order, and at the section level it belongs to its
# section (6 goes to the next section, 4 to the one before).
cat >"$tmp/clinic.txt" <<'EOT'
# Clinic visit

What happens?

At the clinic you will have:
- a scan

Please allow 2 hours.

What next?

We write to you.
EOT
"$bin" export "$tmp/clinic.txt" --phone "$tmp/out" --cache "$tmp/cache" >"$tmp/log" 2>&1
st=$?; check "export of a leaflet with text after a list exits 0 ($(tail -n 1 "$tmp/log"))" $st
ast=$tmp/out/asterisk/en/audioleaf
for id in s01 s02 s02-q01 s02-p02 s03; do
    [ -f "$ast/clinic-$id.ulaw" ]
    check "phone prompt clinic-$id.ulaw exists" $?
done
plan=$tmp/out/asterisk/extensions_audioleaf.conf
grep -qx ' same => n,Background(audioleaf/clinic-s02-p02)' "$plan" &&
    grep -qx 'exten => ni3,1,Goto(audioleaf-clinic,u4,1)' "$plan" &&
    grep -qx 'exten => ni4,1,Goto(audioleaf-clinic,u5,1)' "$plan" &&
    grep -qx 'exten => pi4,1,Goto(audioleaf-clinic,u3,1)' "$plan" &&
    grep -qx 'exten => ns4,1,Goto(audioleaf-clinic,u5,1)' "$plan" &&
    grep -qx 'exten => ps4,1,Goto(audioleaf-clinic,u1,1)' "$plan" &&
    grep -qx 'exten => ns3,1,Goto(audioleaf-clinic,u5,1)' "$plan"
check "dialplan: unit 4 is the paragraph after the list; items pass through it, sections step over it" $?
exit $fail
