#!/usr/bin/env bash
# Bad input to outline and script: exactly one line "FILE:LINE:COL: message" on stderr,
# nothing on stdout, exit 1; a missing file gives "FILE: cannot open: <strerror>".
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup

# name | bytes (printf format) | expected LINE:COL | a word of the message
cases=(
    "empty||1:1|empty"
    "blank|  \n\t\n\n|1:1|empty"
    "nul|Title?\n\nab\0cd\n|3:3|NUL"
    "binary|Title?\n\001\002\003\004|2:1|binary"
    "continuation|Title?\nText \x80 here.\n|2:6|UTF-8"
    "overlong|Title?\r\n\r\n\xc0\xaf|3:1|overlong"
    "overlong3|Title?\n\xe0\x80\xaf|2:1|overlong"
    "surrogate|Title?\n\nab\xed\xa0\x80|3:3|surrogate"
    "above-max|Title?\n\xf4\x90\x80\x80|2:1|U+10FFFF"
    "truncated|Title?\nText \xe2\x82|2:6|truncated"
    "latin1|Caf\xe9?\n\nText.\n|1:4|UTF-8"
    "no-heading|\nJust a sentence.\nAnother one.\n|2:1|heading"
    "front-matter|---\nlanguage es\n---\nTitle?\n|2:1|front matter"
    "front-open|---\nlanguage: es\nTitle?\n|1:1|front matter"
)
for cmd in outline script; do
    for c in "${cases[@]}"; do
        IFS='|' read -r name bytes pos word <<<"$c"
        f="$tmp/$name.txt"
        printf -- "$bytes" >"$f"
        "$bin" $cmd "$f" >"$tmp/out" 2>"$tmp/err"; rc=$?
        lines=$(wc -l <"$tmp/err")
        msg=$(cat "$tmp/err")
        [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ] &&
            [[ "$msg" == "$f:$pos: "* ]] && grep -qi -- "$word" <<<"$msg"
        check "$cmd $name: exit 1, one line '$f:$pos: ...$word...' (got $rc: $msg)" $?
    done
    "$bin" $cmd "$tmp/does-not-exist.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
    msg=$(cat "$tmp/err")
    [ $rc -eq 1 ] && [ "$msg" = "$tmp/does-not-exist.txt: cannot open: No such file or directory" ]
    check "$cmd missing file: '$msg' exit $rc" $?
    "$bin" $cmd "$tmp" >"$tmp/out" 2>"$tmp/err"; rc=$?
    [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; st=$?
    check "$cmd on a directory fails with one line (got $rc: $(cat "$tmp/err"))" $st
done

# An endless input is refused, not read until memory runs out.
"$bin" outline /dev/zero >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && [ "$(cat "$tmp/err")" = "/dev/zero: cannot open: not a regular file (a FIFO, device or socket)" ]
st=$?
check "outline /dev/zero: 'not a regular file' at once, exit 1 (got $rc: $(cat "$tmp/err"))" $st
# A regular file over the size limit (sparse: no disk used) is refused as too large.
truncate -s 65M "$tmp/huge.txt"
"$bin" outline "$tmp/huge.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] && [ "$(cat "$tmp/err")" = "$tmp/huge.txt: too large (over 64 MiB): not a leaflet" ]
st=$?
check "outline of a 65 MiB file: 'too large', exit 1 (got $rc: $(cat "$tmp/err"))" $st

# Random bytes never crash the commands (exit 0 or 1, never a signal).
for i in 1 2 3 4 5 6 7 8; do
    head -c $((i * 700)) /dev/urandom >"$tmp/random.bin"
    "$bin" outline --json "$tmp/random.bin" >/dev/null 2>&1; rc=$?
    [ $rc -le 1 ]
    check "outline of random bytes #$i exits $rc (0 or 1)" $?
done
exit $fail
