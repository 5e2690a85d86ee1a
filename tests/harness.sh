#!/usr/bin/env bash
# harness.sh: the test scripts themselves can fail.  tests/lint.sh catches the patterns of
# a check that cannot fail (tried here on bad and good lines), and the end-to-end checks
# that once passed whatever happened are run against broken audioleaf binaries (one that
# prints nothing and exits 0, one that exits 1, one that hears "4 6 *") and must say FAIL
# each time, and their scripts exit non-zero.  A script that skips (exit 77: something
# it needs is not installed) is reported and not counted.
set -u
. "$(dirname "$0")/lib.sh"
src=${AUDIOLEAF_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
here=$src/tests
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The lint: each bad line is found, each good one passes.
lint_case() { # want(0 good, 1 bad) description text
    printf '%s\n' "$3" >"$tmp/case.sh"
    bash "$here/lint.sh" "$tmp/case.sh" >"$tmp/lint.out"
    [ $? -eq "$1" ]; st=$?
    check "lint: $2 ($(head -c 200 "$tmp/lint.out"))" $st
}
d='$(cat "$tmp/err")'
lint_case 1 "\$(...) in the description, \$? as status" "[ \$rc -eq 1 ]
check \"one line (got $d)\" \$?"
lint_case 1 "indented, backquotes" "    [ -f x ]
    check \"\`basename x\` exists\" \$?"
lint_case 1 "an assignment between the test and the check" "[ \$rc -eq 0 ]
got=\$(tr a b <<<x)
check \"keys (got \$got)\" \$?"
lint_case 1 "an assignment before the check on its line" "[ -f x ]; st=1; check \"x\" \$?"
lint_case 1 "a check right after a check" "check \"a\" 0
check \"b\" \$?"
lint_case 0 "the status saved first" "[ \$rc -eq 1 ]; st=\$?
check \"one line (got $d)\" \$st"
lint_case 0 "a plain test, comments and blank lines between" "grep -q a f

# the reading
check \"a in f (\$n)\" \$?"
bash "$here/lint.sh" >"$tmp/lint.out"; st=$?
check "lint: tests/*.sh has no check that cannot fail ($(head -c 300 "$tmp/lint.out"))" $st

# Broken binaries.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/silent"
printf '#!/bin/sh\nexit 1\n' >"$tmp/bin/failing"
printf '#!/bin/sh\nprintf "4\\n6\\n*\\n"\n' >"$tmp/bin/star"
chmod +x "$tmp/bin/"*

skipped=0
# against SCRIPT STUB [SRC] -- FAIL-LINE...: each FAIL-LINE starts a line of its output.
against() {
    local script=$1 stub=$2 srcdir=$src
    shift 2
    if [ "$1" != -- ]; then srcdir=$1; shift; fi
    shift
    AUDIOLEAF_BIN=$tmp/bin/$stub AUDIOLEAF_SRC=$srcdir timeout 300 bash "$here/$script.sh" \
        >"$tmp/out" 2>&1 </dev/null
    local rc=$?
    if [ $rc -eq 77 ]; then
        echo "skip - $script with the $stub binary: $(tail -n 1 "$tmp/out")"
        skipped=$((skipped + 1))
        return
    fi
    [ $rc -ne 0 ]
    check "$script with the $stub binary exits non-zero (got $rc)" $?
    local want
    for want in "$@"; do
        grep -qF -- "$want" "$tmp/out"
        check "$script with the $stub binary says: $want" $?
    done
}
against e2e_dtmf_capture silent -- "FAIL - keys 4 6 # from a capture stream"
against e2e_dtmf_capture star -- \
    "FAIL - keys 4 6 # from a capture stream fed by ALSA's file plugin (got '4 6 * ', exit 0)"
against e2e_outline_errors silent -- "FAIL - outline on a directory fails with one line" \
    "FAIL - script on a directory fails with one line" "FAIL - outline /dev/zero: 'not a regular file' at once" \
    "FAIL - outline of a 65 MiB file: 'too large'"
against e2e_script failing -- "FAIL - script hepatic-calcification exits 0, nothing on stderr"
against e2e_script silent -- "FAIL - --voice with an unknown profile: one line, exit 2"
against e2e_script_lexicon silent -- "FAIL - a malformed lexicon line: one line FILE:2:COL"
against e2e_script_seed silent -- "FAIL - 18 units: 8 sections, 9 questions, the updated line"
against e2e_check silent -- "FAIL - check with doubtful text exits 1 (got 0)" \
    "FAIL - script --explain shows the date rule and its doubt"
against e2e_languages silent -- "FAIL - hepatic-calcification.txt () has a voice profile"
against e2e_languages failing -- "FAIL - export --phone of the Swahili leaflet exits 0"
against e2e_render_kill silent -- "FAIL - ended before the kill at 1 of 0 entries: at least one"
[ $skipped -eq 0 ] || echo "# $skipped script run(s) skipped: the tools they need are missing"
exit $fail
