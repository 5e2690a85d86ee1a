#!/usr/bin/env bash
# e2e_play_display: the lines play prints are the leaflet's own words (never the
# [[phonemes]] the lexicon hands eSpeak NG) and carry no control characters: C1 controls
# (U+0080-U+009F, such as U+009B, a terminal's CSI) in leaflet text do not reach stdout; unit ids are printed only with --verbose.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
grep -qi '^cytomegalovirus ' "$src/voices/lexicon/en.txt" ||
    { echo "skip: cytomegalovirus is not in voices/lexicon/en.txt"; exit 77; }

python3 - "$tmp/cmv.txt" <<'EOP'
import sys
text = ("# What is Cytomegalovirus?\n\n"
        "Cytomegalovirus is a common virus.\u0085 It rarely\u009b31m harms adults.\n\n"
        "Questions to ask:\n\n"
        "- Is cytomegalovirus dangerous\u009b2J for my baby?\n"
        "- Can cytomegalovirus be treated?\n\n"
        "Last updated December 2024\n")
open(sys.argv[1], 'w', encoding='utf-8').write(text)
EOP
# Section 1; 6: the questions; 8: item level; 6: the first question; # says where, with
# the item; 6: the next one.  --verbose: each line starts with the unit's id.  The first
# run on this (private) device says the title and "Press star for help" first.
timeout 120 "$bin" play "$tmp/cmv.txt" --cache "$cache" --device null --no-resume --verbose \
    --keys "wait=6 6 wait=0.5 8 wait=0.5 6 wait=0.5 # wait=5 6 wait=0.5 q" > "$tmp/out" 2> "$tmp/err"
rc=$?
sed 's/^/  | /' "$tmp/out"
[ $rc -eq 0 ]; st=$?; check "play exits 0 (got $rc; $(head -c 200 "$tmp/err"))" $st
! grep -q '\[\[' "$tmp/out"; check "no [[phonemes]] printed" $?
python3 - "$tmp/out" <<'EOP'
import sys
data = open(sys.argv[1], 'rb').read()
text = data.decode('utf-8')
bad = [hex(ord(c)) for c in text if (ord(c) < 0x20 and c != '\n') or 0x7f <= ord(c) <= 0x9f]
print('  control characters printed: %s' % (bad or 'none'))
sys.exit(1 if bad else 0)
EOP
check "no C0 or C1 control characters printed" $?
grep -q '^s1: What is Cytomegalovirus?$' "$tmp/out"; check "the section line is the heading" $?
[ "$(head -n 2 "$tmp/out")" = "What is Cytomegalovirus?
Press star for help." ]; check "first the title, then 'Press star for help'" $?
grep -q '^s2.q1: Is cytomegalovirus dangerous2J for my baby?$' "$tmp/out" ||
    grep -q '^s[0-9]*.q1: Is cytomegalovirus dangerous2J for my baby?$' "$tmp/out"
check "the item line is the item as written" $?
grep -q 'Question 1 of 2: Is cytomegalovirus dangerous2J for my baby?' "$tmp/out"
check "where am I prints the item as written" $?
grep -q 'Can cytomegalovirus be treated?$' "$tmp/out"; check "the next item as written" $?

# Without --verbose: the leaflet's words alone, no ids.
timeout 120 "$bin" play "$tmp/cmv.txt" --cache "$cache" --device null --no-resume \
    --keys "wait=0.5 6 wait=0.5 8 wait=0.5 6 wait=0.5 q" > "$tmp/plain" 2> "$tmp/err"
sed 's/^/  | /' "$tmp/plain"
grep -qx 'What is Cytomegalovirus?' "$tmp/plain"; check "the heading alone" $?
grep -qx 'Is cytomegalovirus dangerous2J for my baby?' "$tmp/plain"; check "the item alone" $?
! grep -qE '^s[0-9]+(\.[qp][0-9]+)?(, sentence [0-9]+)?: ' "$tmp/plain"
check "no unit ids printed" $?
! grep -q '\[\[' "$tmp/plain"; check "no [[phonemes]] printed without --verbose" $?

[ $fail -eq 0 ] && echo "e2e_play_display: ok"
exit $fail
