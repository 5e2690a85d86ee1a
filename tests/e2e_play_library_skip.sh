#!/usr/bin/env bash
# e2e_play_library_skip: a library (play DIR) whose *.txt entries include a broken
# leaflet, a folder, a FIFO and a link to nowhere plays its real leaflets, counts only
# them ("There are 2 leaflets", "Leaflet 2 of 2"), warns once per skipped entry naming it,
# and exits 0.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
lib=$tmp/lib
mkdir -p "$lib" "$lib/c-folder.txt"
printf '# Washing hands\n\nWash your hands with soap.\n' > "$lib/a-good.txt"
printf 'no heading \377 and broken UTF-8\n' > "$lib/b-broken.txt"
mkfifo "$lib/d-fifo.txt"
ln -s "$tmp/nowhere" "$lib/e-gone.txt"
printf '# Drinking water\n\nDrink clean water.\n' > "$lib/f-good.txt"
# A broken leaflet whose name holds an escape sequence (ESC [ 2 J clears a terminal).
printf 'no heading \377\n' > "$lib/"$'g-\e[2J.txt'


timeout 120 "$bin" play "$lib" --verbose --cache "$cache" --device null --no-resume \
    --keys "wait=0.2 8 wait=30 8 wait=30 q" > "$tmp/out" 2> "$tmp/err"
rc=$?
sed 's/^/  out| /' "$tmp/out"; sed 's/^/  err| /' "$tmp/err"
[ $rc -eq 0 ]; check "exit 0 (got $rc)" $?
for f in b-broken c-folder d-fifo e-gone g-[2J; do
    [ "$(grep -cF "skipping $lib/$f.txt" "$tmp/err")" -eq 1 ]
    check "one warning for $f.txt" $?
done
[ "$(wc -l < "$tmp/err")" -eq 5 ]; check "nothing else on stderr" $?
! grep -q $'\e' "$tmp/err"; check "no escape character printed" $?
grep -qx 'Welcome. There are 2 leaflets.' "$tmp/out" && grep -q '^Leaflet 2 of 2\.' "$tmp/out" &&
    ! grep -q ' of [3-6]\.' "$tmp/out"
check "only the two leaflets are counted" $?
grep -q '^s1: Washing hands$' "$tmp/out" && grep -q '^s1: Drinking water$' "$tmp/out"
check "both leaflets played" $?

# A folder with nothing playable: one line, exit 1.
rm "$lib/a-good.txt" "$lib/f-good.txt"
timeout 60 "$bin" play "$lib" --verbose --cache "$cache" --device null --no-resume --keys "q" \
    > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q "no playable leaflets" "$tmp/err"
st=$?; check "nothing playable: exit $rc, $(tail -n 1 "$tmp/err")" $st

[ $fail -eq 0 ] && echo "e2e_play_library_skip: ok"
exit $fail
