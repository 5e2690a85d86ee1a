#!/usr/bin/env bash
# check, script --explain and the rules files: what the speech text could not read
# confidently, with FILE:LINE:COL; what each rule changed; a rules file that is wrong, a
# FIFO, or an edited one.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup

cat >"$tmp/doubtful.txt" <<'TXT'
Doubtful numbers

What to check?

Your scan is on 04/03/2025 and the test is called NIPT.
Take 5 mEq a day.
Your code is 0123.
TXT
"$bin" check "$tmp/doubtful.txt" >"$tmp/out" 2>"$tmp/err"; st=$?
check "check with doubtful text exits 1 (got $st)" $((st != 1))
grep -qx "$tmp/doubtful.txt:5:17: date: '04/03/2025' is said as 'the 4th of March 2025': .*" \
    "$tmp/out"; st=$?
check "check names the ambiguous date at 5:17 with what is said" $st
grep -q "^$tmp/doubtful.txt:5:51: acronym: 'NIPT' is said as 'N-I-P-T'" "$tmp/out" && false; st=$?
# NIPT is a known acronym in voices/rules/en.ini: spelt out without doubt
check "check does not list a known acronym (NIPT)" $((st == 0))
grep -q "^$tmp/doubtful.txt:6:8: unit: 'mEq' is said as 'mEq': unknown unit" "$tmp/out"; st=$?
check "check names the unknown unit at 6:8" $st
grep -q "^$tmp/doubtful.txt:7:14: number: '0123' is said as '0123'" "$tmp/out"; st=$?
check "check names the number with a leading zero at 7:14" $st
[ "$(wc -l <"$tmp/out")" -eq 3 ]; st=$?
check "check prints exactly those 3 lines (got $(wc -l <"$tmp/out"))" $st

"$bin" check "$src/content/hepatic-calcification.txt" >"$tmp/out" 2>&1; st=$?
check "check on the bundled hepatic leaflet finds nothing doubtful (got $st: $(head -c 300 "$tmp/out"))" $st

"$bin" script --explain "$tmp/doubtful.txt" >"$tmp/out" 2>"$tmp/err"; st=$?
check "script --explain exits 0 (got $st)" $st
grep -qP "^s2\tdate\t'04/03/2025' -> 'the 4th of March 2025'\tdoubt: " "$tmp/out"; st=$?
check "script --explain shows the date rule and its doubt" $st
grep -qP "^s2\tacronym\t'NIPT' -> 'N-I-P-T'$" "$tmp/out"; st=$?
check "script --explain shows the acronym rule" $st

# The rules files: an edited one is used; a broken one is named with its line.
mkdir -p "$tmp/voices"
cp -r "$src"/voices/* "$tmp/voices/"
printf '\n[words]\nrange = until\n' >>"$tmp/voices/rules/en.ini"
AUDIOLEAF_VOICES=$tmp/voices "$bin" script "$src/content/hepatic-calcification.txt" \
    >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st -eq 0 ] && grep -q 'every 2 until 4 weeks' "$tmp/out"; st=$?
check "an edited voices/rules/en.ini is used at run time" $st
lines=$(wc -l <"$tmp/voices/rules/en.ini")
printf 'this is not a rule\n' >>"$tmp/voices/rules/en.ini"
AUDIOLEAF_VOICES=$tmp/voices "$bin" script "$src/content/hepatic-calcification.txt" \
    >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st -eq 1 ] && [ "$(cat "$tmp/err")" = "$tmp/voices/rules/en.ini:$((lines + 1)):1: expected [section], key = value or a comment" ]; st=$?
check "a broken rules file: FILE:LINE:COL and exit 1 (got: $(cat "$tmp/err"))" $st
rm "$tmp/voices/rules/en.ini"
mkfifo "$tmp/voices/rules/en.ini"
timeout 10 env AUDIOLEAF_VOICES="$tmp/voices" "$bin" script \
    "$src/content/hepatic-calcification.txt" >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st -eq 1 ] && grep -q 'not a regular file' "$tmp/err"; st=$?
check "a FIFO as rules file is refused at once, no hang (got: $(cat "$tmp/err"))" $st
rm "$tmp/voices/rules/en.ini"
AUDIOLEAF_VOICES=$tmp/voices "$bin" script "$src/content/hepatic-calcification.txt" \
    >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st -eq 0 ] && grep -q 'every 2 to 4 weeks' "$tmp/out"; st=$?
check "without a rules file the built-in copy speaks" $st

"$bin" check >/dev/null 2>&1; st=$?
check "check without FILE exits 2 (got $st)" $((st != 2))
"$bin" check --voice no-such-voice "$src/content/hepatic-calcification.txt" >/dev/null \
    2>"$tmp/err"; st=$?
[ $st -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; st=$?
check "check with an unknown --voice: one line, exit 2" $st
"$bin" check --help | grep -q 'FILE:LINE:COL'; st=$?
check "check --help explains the output" $st
exit $fail
