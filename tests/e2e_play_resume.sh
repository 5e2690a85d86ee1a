#!/usr/bin/env bash
# e2e_play_resume: quitting at a question of the questions list and playing again starts
# at that question (its own unit), not at the start of its section; a plain section
# resumes at itself too; --no-resume starts at the top.  What each run starts with is the
# first "ID: heading" line the player prints (--verbose), after "Continuing at section N of
# M, HEADING", which names the section it continues in.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
"$bin" render "$leaflet" --cache "$cache" --quiet || { echo "FAIL: render"; exit 1; }
run() { # KEYS: one run on the null device; prints what the player printed
    timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --verbose --keys "$1" \
        2>"$tmp/err"
}
# The first line of a run that resumes and quits once it has started playing.
first() { run "wait=10 q" > "$tmp/first"; grep -m 1 '^s[0-9]' "$tmp/first"; }

# 3: the questions list at the question level; 6 6 6: the third question; q.
run "3 6 6 6 q" >/dev/null; rc=$?
check "quit at a question (exit $rc)" $rc
got=$(first)
[[ "$got" == "s7.q3: "* ]]
check "playing again starts at the question s7.q3 (got '$got')" $?
grep -qx 'Continuing at section 7 of 8, What other questions should I ask?' "$tmp/first"
check "and says where it continues" $?
# Quitting at once (while "Continuing at ..." is said) keeps the place: the question.
run "3 6 6 6 q" >/dev/null
run "wait=0.2 q" >/dev/null
got=$(first)
[[ "$got" == "s7.q3: "* ]]
check "and again after quitting there at once (got '$got')" $?
# From the top (no saved place), 6 6 at the section level: section 3.
rm -rf "$XDG_STATE_HOME"
run "6 6 q" >/dev/null
got=$(first)
[[ "$got" == "s3: "* ]]
check "quit in section 3, playing again starts at s3 (got '$got')" $?
grep -qx 'Continuing at section 3 of 8, .*' "$tmp/first"; check "continuing at section 3" $?
got=$(timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --no-resume --verbose \
      --keys "wait=10 q" 2>/dev/null | grep -m 1 '^s[0-9]')
[[ "$got" == "s1: "* ]]
check "--no-resume starts at s1 (got '$got')" $?
exit $fail
