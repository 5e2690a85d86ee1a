#!/usr/bin/env bash
# The command line: every subcommand answers --help with its usage and exit 0,
# unknown commands and options are refused with exit 2, --version names the version.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup

for cmd in outline script render play export dtmf voices stats questions; do
    out=$("$bin" "$cmd" --help 2>&1); rc=$?
    [ $rc -eq 0 ] && grep -q "usage: audioleaf $cmd" <<<"$out"
    check "$cmd --help prints its usage and exits 0" $?
done

# The common options of SPEC §3 are accepted by every command.
for cmd in outline script render play export dtmf voices stats questions; do
    out=$("$bin" "$cmd" --version 2>&1); rc=$?
    [ $rc -eq 0 ] && grep -q '^audioleaf [0-9]' <<<"$out"
    check "$cmd --version prints the version" $?
    "$bin" "$cmd" --quiet --cache "${TMPDIR:-/tmp}" --help >/dev/null 2>&1
    check "$cmd accepts --quiet and --cache" $?
done

out=$("$bin" --help); rc=$?
[ $rc -eq 0 ] && grep -q '^  outline' <<<"$out" && grep -q '^  export' <<<"$out"
check "--help lists the commands" $?

"$bin" frobnicate >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "an unknown command exits 2 (got $rc)" $?

version=$(sed -n 's/^project(audioleaf VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
out=$("$bin" --version)
[ "$out" = "audioleaf $version" ]
check "--version prints 'audioleaf $version' (got '$out')" $?

# The man page is well formed: groff reports no warnings and it names every command.
if command -v groff >/dev/null; then
    warn=$(groff -t -man -Tutf8 -ww -z "$src/doc/audioleaf.1" 2>&1)
    [ -z "$warn" ]
    check "the man page formats without warnings${warn:+: $warn}" $?
    text=$(groff -t -man -Tutf8 "$src/doc/audioleaf.1" 2>/dev/null | col -b)
    for cmd in outline script render play export dtmf voices stats questions; do
        grep -q "audioleaf $cmd" <<<"$text"
        check "the man page documents $cmd" $?
    done
fi
exit $fail
