#!/usr/bin/env bash
# e2e_play_resume: quitting at a question of the questions list and playing again starts
# at that question (its own unit), not at the start of its section; a plain section
# resumes at itself too; --no-resume starts at the top.  What each run starts with is the
# first "ID: heading" line the player prints.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
"$bin" render "$leaflet" --cache "$cache" --quiet || { echo "FAIL: render"; exit 1; }
run() { # KEYS: one run on the null device; prints what the player printed
    timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --keys "$1" 2>"$tmp/err"
}
# The first line of a run that resumes and quits once it has started playing.
first() { run "wait=0.5 q" | head -n 1; }

# 3: the questions list; 8: down to its items; 6 6 6: the third question; q.
run "3 8 6 6 6 q" >/dev/null; rc=$?
check "quit at a question (exit $rc)" $rc
got=$(first)
[[ "$got" == "s7.q3: "* ]]
check "playing again starts at the question s7.q3 (got '$got')" $?
# Once more from there: the place stays the question.
got=$(first)
[[ "$got" == "s7.q3: "* ]]
check "and again after quitting there at once (got '$got')" $?
# From the top (no saved place), 6 6 at the section level: section 3.
rm -rf "$XDG_STATE_HOME"
run "6 6 q" >/dev/null
got=$(first)
[[ "$got" == "s3: "* ]]
check "quit in section 3, playing again starts at s3 (got '$got')" $?
got=$(timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --no-resume \
      --keys "wait=0.5 q" 2>/dev/null | head -n 1)
[[ "$got" == "s1: "* ]]
check "--no-resume starts at s1 (got '$got')" $?
exit $fail
