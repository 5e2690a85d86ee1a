#!/usr/bin/env bash
# lint.sh: refuses, in the test scripts, a `check DESCRIPTION $?` that passes whatever
# happened: $? taken after a $(...) or `...` in the description (bash expands those first,
# so $? is their status), or $? taken right after an assignment or another check (their
# status, not the test's).  Usage: lint.sh [FILE...] (default: the tests/*.sh beside it).
# Prints FILE:LINE: what is wrong, for each; exits 1 when there is any, else 0.
set -u
if [ $# -eq 0 ]; then
    set -- "$(dirname "$0")"/*.sh
fi
awk '
FNR == 1 { prev = "" }
# Blank and comment lines leave $? as it was.
/^[ \t]*(#.*)?$/ { next }
{
    line = $0
    # A call of check whose status is $? (as the last word, or before ; ) } or a comment).
    if (match(line, /(^[ \t]*|[;&|({][ \t]*|(then|do|else)[ \t]+)check[ \t].*[ \t]\$\?[ \t]*([;)}#].*)?$/)) {
        call = substr(line, RSTART)
        sub(/^[^c]*check/, "check", call)
        head = call
        sub(/[ \t]\$\?[ \t]*([;)}#].*)?$/, "", head)
        before = substr(line, 1, RSTART - 1)
        if (index(head, "$(") || index(head, "`"))
            bad("$? is the status of the $(...) in the description: save the status first (st=$?) and pass $st")
        else if (before ~ /(^|;)[ \t]*(local[ \t]+|export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=/)
            bad("$? is the status of the assignment before it on the line, not of a test")
        else if (before !~ /[^ \t]/ && prev ~ /^[ \t]*(local[ \t]+|export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=[^=]/)
            bad("$? is the status of the assignment on the line before (" trim(prev) "), not of a test")
        else if (before !~ /[^ \t]/ && prev ~ /^[ \t]*check[ \t]/)
            bad("$? is the status of the check on the line before, which is always 0")
    }
    prev = line
}
function trim(s) { sub(/^[ \t]+/, "", s); return s }
function bad(what) { printf "%s:%d: %s\n", FILENAME, FNR, what; found = 1 }
END { exit found ? 1 : 0 }
' "$@"
