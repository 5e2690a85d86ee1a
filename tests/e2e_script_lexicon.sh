#!/usr/bin/env bash
# script --voice: the profile's lexicon is applied (whole words, any case, as [[phonemes]]
# that eSpeak NG honours); a malformed lexicon line is one FILE:LINE:COL error, exit 1.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
profile() { # name lexicon-file
    cat >"$tmp/voices/$1.ini" <<INI
[voice]
description = test profile
espeak_voice = en-gb
variant =
language = en
rate = 160
pitch = 50
range = 50
word_gap = 0
volume = 100
lexicon = $2
INI
}
mkdir -p "$tmp/voices"
printf '# test\nliver l'"'"'Iv3\n\nScan sk'"'"'an\n' >"$tmp/voices/good.txt"
printf 'liver l'"'"'Iv3\nonlyoneword\n' >"$tmp/voices/bad.txt"
profile good good.txt
profile bad bad.txt
printf 'What is it?\n\nThe Liver scan; the LIVER, delivery and livers.\n' >"$tmp/leaf.txt"

out=$(AUDIOLEAF_VOICES="$tmp/voices" "$bin" script --voice good "$tmp/leaf.txt"); rc=$?
want=$(printf "s1\tWhat is it? The [[l'Iv3]] [[sk'an]]; the [[l'Iv3]], delivery and livers.")
[ $rc -eq 0 ] && [ "$out" = "$want" ]
check "the lexicon replaces whole words in any case (got $rc: $out)" $?

ph=$(espeak-ng -q -x -v en-gb "$(cut -f2 <<<"$out")" | tr '\n' ' ')
grep -q "l'Iv3 sk'an" <<<"$ph"
check "eSpeak NG speaks the [[phonemes]] as given: $ph" $?

AUDIOLEAF_VOICES="$tmp/voices" "$bin" script --voice bad "$tmp/leaf.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -q "bad.txt:2:[0-9]*: " "$tmp/err"
st=$?
check "a malformed lexicon line: one line FILE:2:COL, exit 1 (got $rc: $(cat "$tmp/err"))" $st
exit $fail
