#!/usr/bin/env bash
# voices: lists every profile in voices/ with the language, rate and description written
# in its file; a broken profile is reported as FILE:LINE:COL while the others still list.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
export AUDIOLEAF_VOICES="$src/voices"

out=$("$bin" voices); rc=$?
check "voices exits 0 (got $rc)" $rc
for ini in "$src"/voices/*.ini; do
    name=$(basename "$ini" .ini)
    lang=$(sed -n 's/^language *= *//p' "$ini")
    rate=$(sed -n 's/^rate *= *//p' "$ini")
    desc=$(sed -n 's/^description *= *//p' "$ini")
    line=$(awk -v n="$name" '$1 == n' <<<"$out")
    [ "$(awk '{print $2, $3}' <<<"$line")" = "$lang $rate" ] &&
        [ "$(sed -E 's/^[^ ]+ +[^ ]+ +[^ ]+ +//' <<<"$line")" = "$desc" ]
    check "lists $name ($lang, $rate wpm, '$desc')" $?
done
for name in en en-clear es; do
    grep -q "^$name " <<<"$out"
    check "the bundled profile $name is there" $?
done

cp -r "$src"/voices/en.ini "$src"/voices/lexicon "$tmp/"
printf '[voice]\nespeak_voice = en\nlanguage = en\nrate = 1000\n' >"$tmp/zz-broken.ini"
out=$(AUDIOLEAF_VOICES="$tmp" "$bin" voices 2>"$tmp/err"); rc=$?
[ $rc -eq 1 ] && grep -q "^$tmp/zz-broken.ini:4:8: rate must be between 80 and 450" "$tmp/err" &&
    grep -q "^en " <<<"$out"
check "a broken profile: exit 1, FILE:LINE:COL, the good ones still listed" $?
err=$(AUDIOLEAF_VOICES="$tmp/none" "$bin" voices 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "$tmp/none" <<<"$err"
check "a missing voices folder: exit 1 naming it" $?
"$bin" voices --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "an unknown option: exit 2" $?
exit $fail
