#!/usr/bin/env bash
# The DAISY books of every bundled leaflet (every language), of a leaflet without a
# questions list and of a single-section one, opened in the real daisy-player (Debian 12's
# 13.0) inside tmux (tests/books/daisy_player.py): every heading listed at its level in
# order, level 1 navigation passing over the questions, and a section, a question and the
# last section played through ALSA into a FIFO and matched with that item's own units as
# audioleaf rendered them.  A book whose audio files were swapped must fail.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
for tool in python3 tmux daisy-player; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
shim=${AUDIOLEAF_SHIM_ASOUND:-}
[ -f "$shim" ] || { echo "SKIP: AUDIOLEAF_SHIM_ASOUND does not name the shim library"; exit 77; }
books=$src/tests/books
export XDG_CACHE_HOME=$tmp/xdgcache XDG_STATE_HOME=$tmp/state
cache=$tmp/cache

mkdir "$tmp/lib"
cp "$src"/content/*.txt "$tmp/lib/"
cat >"$tmp/lib/wound-care.txt" <<'LEAF'
# Looking after your wound

Keeping it clean
Wash your hands before you touch the dressing. Keep the dressing dry for two days.

Things you need
- clean dressings
- a mild soap

When to call us
Call the ward if the wound gets red, hot or swollen, or if you have a fever.
LEAF
cat >"$tmp/lib/hand-hygiene.txt" <<'LEAF'
Clean hands

Wash your hands with soap and water for twenty seconds. Dry them well.
LEAF
"$bin" export "$tmp/lib" --daisy "$tmp/daisy" --cache "$cache" --quiet
check "the library exports to DAISY" $?

for leaf in "$tmp"/lib/*.txt; do
    name=$(basename "$leaf" .txt)
    "$bin" outline --json "$leaf" >"$tmp/$name.outline.json" &&
        python3 "$books/expect.py" "$tmp/$name.outline.json" >"$tmp/$name.expect.json" &&
        "$bin" render "$leaf" --manifest --cache "$cache" >"$tmp/$name.manifest" 2>/dev/null
    check "$name: its outline and its renders (independent of the book)" $?
    mkdir "$tmp/work-$name"
    python3 "$books/daisy_player.py" "$tmp/daisy/$name" "$tmp/$name.expect.json" \
        "$tmp/$name.manifest" "$shim" "$tmp/work-$name"
    check "$name: daisy-player lists its headings at their levels and plays its items" $?
done

# The same check must fail on a book with two audio files swapped.
bad=$tmp/swapped
cp -r "$tmp/daisy/hepatic-calcification" "$bad"
mv "$bad/s2.mp3" "$bad/x.mp3" && mv "$bad/s3.mp3" "$bad/s2.mp3" && mv "$bad/x.mp3" "$bad/s3.mp3"
mkdir "$tmp/work-swapped"
python3 "$books/daisy_player.py" "$bad" "$tmp/hepatic-calcification.expect.json" \
    "$tmp/hepatic-calcification.manifest" "$shim" "$tmp/work-swapped" 1 >"$tmp/swapped.out"
st=$?
cat "$tmp/swapped.out"
[ $st -eq 1 ] && grep -q "^item 1 .*WRONG$" "$tmp/swapped.out"
check "with s2.mp3 and s3.mp3 swapped the played section does not match: the test fails" $?
exit $fail
