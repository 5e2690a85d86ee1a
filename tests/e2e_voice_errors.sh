#!/usr/bin/env bash
# voice_errors: a --voice that names no profile is a bad command line (exit 2, as a bad
# --lang); a profile whose espeak_voice is a path ("../x", "/x") is refused at its
# FILE:LINE:COL before eSpeak NG could open files outside its data folder; a profile
# naming a voice eSpeak NG does not have is told as that, not as missing engine data.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
leaflet=$tmp/leaflet.txt
printf '# Your tablets\n\nTake one tablet each morning.\n' >"$leaflet"
mkdir "$tmp/voices"
cp -r "$src/voices/en.ini" "$src/voices/lexicon" "$tmp/voices/"
export AUDIOLEAF_VOICES=$tmp/voices

for cmd in render script; do
    "$bin" $cmd "$leaflet" --voice nosuch --cache "$tmp/cache" >/dev/null 2>"$tmp/err"; rc=$?
    grep -q "nosuch" "$tmp/err" && [ $rc -eq 2 ]
    st=$?
    check "$cmd --voice nosuch exits 2 like a bad --lang (got $rc): $(cat "$tmp/err")" $st
done

for bad in ../../../tmp/x /etc/x ..; do
    sed "s|^espeak_voice *=.*|espeak_voice = $bad|" "$src/voices/en.ini" >"$tmp/voices/bad.ini"
    line=$(grep -n '^espeak_voice' "$tmp/voices/bad.ini" | cut -d: -f1)
    "$bin" render "$leaflet" --voice bad --cache "$tmp/cache" 2>"$tmp/err"; rc=$?
    grep -q "^$tmp/voices/bad.ini:$line:[0-9]*: .*eSpeak NG voice" "$tmp/err" && [ $rc -eq 1 ] &&
        [ "$(wc -l <"$tmp/err")" -eq 1 ]
    st=$?
    check "espeak_voice = $bad is refused at bad.ini:$line (rc $rc): $(cat "$tmp/err")" $st
done

sed "s|^espeak_voice *=.*|espeak_voice = zz-nosuch|" "$src/voices/en.ini" >"$tmp/voices/zz.ini"
"$bin" render "$leaflet" --voice zz --cache "$tmp/cache" 2>"$tmp/err"; rc=$?
grep -q "no such voice.*zz-nosuch" "$tmp/err" && ! grep -q "espeak-ng-data" "$tmp/err" &&
    [ $rc -eq 1 ]
st=$?
check "an unknown eSpeak voice is named, not blamed on espeak-ng-data (rc $rc): $(cat "$tmp/err")" $st
exit $fail
