#!/usr/bin/env bash
# e2e_web.sh: audioleaf export --web, end to end: the bundled leaflets exported into one
# folder of static pages, then tried in Debian's chromium (headless) by tests/web/web_test.mjs
# with puppeteer-core and axe-core (pinned by tests/web/package-lock.json, installed with
# npm ci into the build folder): every key checked on every page, the place kept over a
# reload, a tapped sentence, axe-core at WCAG 2.2 AA, the accessibility tree, no request
# outside the folder; screenshots kept in BUILD/web-shots.  Also the command line: the
# export is swapped in whole over an earlier one, a folder that is not an export is
# refused and left as it was, a bad leaflet leaves nothing behind.
# Skips (77) without chromium, node or npm; needs the npm registry once per build folder.
. "$(dirname "$0")/lib.sh"
e2e_setup
build=$(cd "$(dirname "$bin")" && pwd)
chromium=${AUDIOLEAF_CHROMIUM:-/usr/bin/chromium}
for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
[ -x "$chromium" ] || { echo "skip: no chromium at $chromium (Debian package chromium)"; exit 77; }

# puppeteer-core and axe-core as the lock file pins them, once per build folder.
mods=$build/web-test
if ! cmp -s "$src/tests/web/package-lock.json" "$mods/package-lock.json" ||
    [ ! -d "$mods/node_modules/puppeteer-core" ]; then
    rm -rf "$mods" && mkdir -p "$mods" &&
        cp "$src/tests/web/package.json" "$src/tests/web/package-lock.json" "$mods/" &&
        (cd "$mods" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund \
            >"$tmp/npm.log" 2>&1)
    st=$?
    [ $st -eq 0 ] || tail -20 "$tmp/npm.log"
    check "npm ci installs puppeteer-core and axe-core from the lock file" $st
    [ $st -eq 0 ] || exit 1
fi
cp "$src/tests/web/web_test.mjs" "$mods/"

export XDG_CACHE_HOME=$tmp/xdg XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config
# The library: the bundled leaflets, one without a questions list and one of one section.
mkdir "$tmp/lib"
cp "$src"/content/*.txt "$tmp/lib/"
printf '%s\n' '# Looking after your wound' '' 'Keeping it clean' \
    'Wash your hands before you touch the dressing. Keep the dressing dry for two days.' '' \
    'Things you need' '- clean dressings' '- a mild soap <b>without</b> perfume & colour' '' \
    'When to call us' \
    'Call the ward if the wound gets red, hot or swollen, or if you have a fever.' '' \
    'Last updated March 2025' >"$tmp/lib/wound-care.txt"
printf '%s\n' 'Clean hands' '' 'Wash your hands with soap and water for twenty seconds. Dry them well.' \
    >"$tmp/lib/hand-hygiene.txt"
out=$tmp/site/leaflets
"$bin" export "$tmp/lib" --web "$out" --cache "$tmp/cache" >"$tmp/export.out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] || cat "$tmp/err"
check "export FOLDER --web DIR succeeds" $st
# (The model's display text leaves the tags out; a page must never hand them to the browser.)
grep -q 'without</b>' "$out/wound-care.html"
[ $? -ne 0 ] && grep -q 'perfume &amp; colour' "$out/wound-care.html"
check "markup in a leaflet is never obeyed by the browser, '&' is escaped" $?
n=$(ls "$tmp"/lib/*.txt | wc -l)
pages=$(ls "$out"/*.html 2>/dev/null | grep -vc '/index.html$')
[ "$pages" -eq "$n" ] && [ -f "$out/index.html" ] && [ -f "$out/player.js" ] &&
    [ -f "$out/player.css" ]
check "one page per leaflet ($pages of $n), index.html, player.js, player.css" $?
cmp -s "$out/player.js" "$src/src/export/web/player.js" &&
    cmp -s "$out/player.css" "$src/src/export/web/player.css"
check "player.js and player.css are the repository's files, built in" $?
grep -q '^index.html$' "$tmp/export.out" && grep -q '^player.js$' "$tmp/export.out"
check "one line per file written" $?
# Every unit and announcement is an MPEG audio Layer III file: a frame sync (11 bits set)
# and layer bits 01 in its first two bytes.
bad=0
while read -r f; do
    read -r b0 b1 < <(head -c 2 "$f" | od -An -tu1)
    [ "${b0:-0}" -eq 255 ] && [ $(( ${b1:-0} & 0xE6 )) -eq $(( 0xE2 )) ] || bad=$((bad + 1))
done < <(find "$out" -name '*.mp3')
n_mp3=$(find "$out" -name '*.mp3' | wc -l)
[ "$bad" -eq 0 ] && [ "$n_mp3" -gt 100 ]
check "the audio is MP3 Layer III ($n_mp3 files, $bad not)" $?
ls -a "$tmp/site" | grep -q 'audioleaf-staging-'
[ $? -ne 0 ]
check "no staging folder is left beside the export" $?

# The pages in chromium.
shots=$build/web-shots
rm -rf "$shots"
(cd "$mods" && AUDIOLEAF_CHROMIUM=$chromium timeout 900 node web_test.mjs "$out" "$shots") \
    >"$tmp/web.out" 2>&1
st=$?
cat "$tmp/web.out"
grep -q '^FAIL' "$tmp/web.out"
[ $? -ne 0 ] && [ $st -eq 0 ] && grep -q '^web test: all passed$' "$tmp/web.out"
check "every page passes in chromium (keys, reload, tap, axe, tree, requests)" $?
[ -s "$shots/hepatic-calcification-phone.png" ] && [ -s "$shots/hepatic-calcification-desktop.png" ]
check "screenshots at phone and desktop width kept in $shots" $?

# Exported again over itself: swapped whole (a stray file in the old one is gone).
touch "$out/stray.txt"
"$bin" export "$src/content/echogenic-bowel.txt" --web "$out" --cache "$tmp/cache" --quiet \
    >"$tmp/out2" 2>&1
st=$?
[ $st -eq 0 ] && [ ! -e "$out/stray.txt" ] && [ -f "$out/echogenic-bowel.html" ] &&
    [ ! -e "$out/hepatic-calcification.html" ] && [ ! -s "$tmp/out2" ]
check "a second export replaces the first whole, quietly with --quiet" $?

# Killed half way (kill -9): the old export stays whole, and the next export removes the
# staging folder the killed run left (a fresh cache, so the run lasts long enough).
staged() { ls -a "$(dirname "$out")" | grep -q 'audioleaf-staging-'; }
"$bin" export "$src/content/madoa-ya-ini.txt" --web "$out" --cache "$tmp/cache-kill" --quiet \
    >/dev/null 2>&1 &
pid=$!
wait_until 120 staged
st=$?
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
[ $st -eq 0 ] && [ -f "$out/echogenic-bowel.html" ] && [ ! -e "$out/madoa-ya-ini.html" ] && staged
st=$?
check "a run killed while staging leaves the old export whole, and its staging folder" $st
"$bin" export "$src/content/echogenic-bowel.txt" --web "$out" --cache "$tmp/cache" --quiet \
    >/dev/null 2>&1
st=$?
[ $st -eq 0 ] && [ -f "$out/echogenic-bowel.html" ] && ! staged
st=$?
check "the next export removes the killed run's staging folder" $st

# A folder that is not a web export is refused and left as it was.
mkdir -p "$tmp/mine" && echo precious >"$tmp/mine/notes.txt"
"$bin" export "$src/content/echogenic-bowel.txt" --web "$tmp/mine" --cache "$tmp/cache" \
    >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "mine: not empty and not a web export" "$tmp/err" &&
    [ "$(ls "$tmp/mine")" = notes.txt ] && grep -q precious "$tmp/mine/notes.txt"
st=$?
check "a folder holding other files is refused, untouched ($(head -c 200 "$tmp/err"))" $st

# A bad leaflet: FILE:LINE:COL, exit 1, no folder made, no staging left.
printf 'Title\n\nA paragraph with a NUL \0 byte.\n' >"$tmp/bad.txt"
"$bin" export "$tmp/bad.txt" --web "$tmp/badout" --cache "$tmp/cache" >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -Eq "bad.txt:3:[0-9]+: " "$tmp/err" && [ ! -e "$tmp/badout" ] &&
    ! ls -a "$tmp" | grep -q 'audioleaf-staging-'
st=$?
check "a bad leaflet: FILE:LINE:COL, exit 1, nothing written ($(head -c 200 "$tmp/err"))" $st

# The command line.
"$bin" export --web "$tmp/x" >/dev/null 2>&1
[ $? -eq 2 ]
check "export --web without a leaflet is a usage error (2)" $?
"$bin" export --help | grep -q -- '--web DIR'
check "export --help names --web DIR" $?
"$bin" export x.txt --web "$tmp/x" --help | grep -q 'index.html'
check "export --web --help describes the folder" $?
exit $fail
