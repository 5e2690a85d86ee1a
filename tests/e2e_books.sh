#!/usr/bin/env bash
# 'audioleaf export --daisy/--epub' end to end through eSpeak NG, for every bundled
# leaflet (every language), a leaflet without a questions list and a single-section one:
# the DAISY 2.02 MUSTs (tests/books/daisy_check.py), epubcheck 4.2.6 with 0 errors and 0
# warnings, what epubcheck leaves out (tests/books/epub_check.py), the headings at their
# levels as the leaflet's outline has them, the metadata; each checker is shown to fail
# on a damaged book; the output is atomic (a killed run leaves whole books only, a
# foreign folder is refused), one line per file, nothing with --quiet.
# tests/e2e_daisy_player.sh plays the books in daisy-player.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
epubcheck=/usr/share/java/epubcheck.jar
for tool in python3 java; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
[ -f $epubcheck ] || { echo "SKIP: no $epubcheck (Debian package epubcheck)"; exit 77; }
books=$src/tests/books
export XDG_CACHE_HOME=$tmp/xdgcache XDG_STATE_HOME=$tmp/state
cache=$tmp/cache

# The library: the bundled leaflets and two of our own.
mkdir "$tmp/lib"
cp "$src"/content/*.txt "$tmp/lib/"
cat >"$tmp/lib/wound-care.txt" <<'EOF'
# Looking after your wound

Keeping it clean
Wash your hands before you touch the dressing. Keep the dressing dry for two days.

Things you need
- clean dressings
- a mild soap

When to call us
Call the ward if the wound gets red, hot or swollen, or if you have a fever.

Last updated March 2025
EOF
cat >"$tmp/lib/hand-hygiene.txt" <<'EOF'
Clean hands

Wash your hands with soap and water for twenty seconds. Dry them well. Use hand gel
when there is no sink nearby.
EOF
n_leaflets=$(ls "$tmp/lib" | wc -l)

"$bin" export "$tmp/lib" --daisy "$tmp/daisy" --epub "$tmp/epub" --cache "$cache" \
    >"$tmp/out" 2>"$tmp/err"
check "a folder of $n_leaflets leaflets exports to DAISY and EPUB" $?
[ ! -s "$tmp/err" ] || cat "$tmp/err"

for leaf in "$tmp"/lib/*.txt; do
    name=$(basename "$leaf" .txt)
    book=$tmp/daisy/$name
    epub=$tmp/epub/$name.epub
    [ -f "$book/ncc.html" ] && [ -f "$epub" ]
    check "$name: a DAISY book and an EPUB" $?
    # One line per file of the book, naming it.
    files=$(ls "$book" | wc -l)
    lines=$(grep -c "^$tmp/daisy/$name/[^/]* [0-9]* bytes$" "$tmp/out")
    [ "$files" -gt 3 ] && [ "$lines" -eq "$files" ] && grep -q "^$epub (EPUB 3" "$tmp/out"
    check "$name: one line per file written ($lines lines, $files files)" $?
    python3 "$books/daisy_check.py" "$book" --source "$leaf"
    check "$name: DAISY 2.02 MUSTs, the leaflet's own words in order" $?
    python3 "$books/epub_check.py" "$epub" --source "$leaf"
    check "$name: EPUB durations, clips, sentences, order, navigation, accessibility" $?
    # The headings at their levels, and the metadata, as the leaflet's outline has them.
    "$bin" outline --json "$leaf" >"$tmp/$name.outline.json"
    python3 "$books/expect.py" "$tmp/$name.outline.json" >"$tmp/$name.expect.json"
    python3 - "$book/ncc.html" "$epub" "$tmp/$name.outline.json" "$tmp/$name.expect.json" <<'EOF'
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
X = "{http://www.w3.org/1999/xhtml}"
ncc, epub, outline, expect = sys.argv[1:]
outline = json.load(open(outline, encoding="utf-8"))
want = [(e["level"], e["text"]) for e in json.load(open(expect, encoding="utf-8"))]
root = ET.parse(ncc).getroot()
got = [(int(h.tag[-1]), "".join(h.itertext()).strip()) for h in root.find(X + "body")]
bad = []
if got != want:
    bad.append("NCC headings %r, the outline gives %r" % (got, want))
meta = {m.get("name"): m.get("content") for m in root.iter(X + "meta")}
lang = outline["language"]
z = zipfile.ZipFile(epub)
opf = z.read("EPUB/package.opf").decode()
if meta.get("dc:language") != lang or "<dc:language>%s</dc:language>" % lang not in opf:
    bad.append("the language is not %s" % lang)
title = " ".join(re.sub(r"\[([^\[\]/]*)/[^\[\]]*\]", r"\1", outline["title"]).split()).rstrip(": ")
if meta.get("dc:title") != title or "<dc:title>%s</dc:title>" % title not in opf:
    bad.append("the title is not %r" % title)
upd = outline.get("updated") or ""
months = {"december": 12, "diciembre": 12, "desemba": 12, "march": 3}
m = re.search(r"(\w+)\D*(\d{4})", upd)
if m and m.group(1).lower() in months:
    date = "%s-%02d-01" % (m.group(2), months[m.group(1).lower()])
    if meta.get("dc:date") != date or "<dc:date>%s</dc:date>" % date not in opf:
        bad.append("the date is not %s (%r)" % (date, upd))
docs = [n for n in z.namelist() if n.startswith("EPUB/text/")]
for line in bad:
    print(line)
sys.exit(1 if bad else 0)
EOF
    check "$name: headings, levels, title, language and date as the leaflet's outline says" $?
done
grep -q '<h2 ' "$tmp/daisy/hepatic-calcification/ncc.html" &&
    ! grep -q '<h2 ' "$tmp/daisy/wound-care/ncc.html" &&
    [ "$(grep -c '<h[1-6] ' "$tmp/daisy/hand-hygiene/ncc.html")" -eq 1 ]
check "questions are level 2; none without a questions list; a single section is one item" $?

# epubcheck: every EPUB, and one with a text reference to a missing id (which it must
# report, so its verdict is known to reach this test).
mkdir "$tmp/broken"
python3 - "$tmp/epub/hepatic-calcification.epub" "$tmp/broken/broken.epub" <<'EOF'
import sys, zipfile
src, dst = sys.argv[1:]
zi, zo = zipfile.ZipFile(src), zipfile.ZipFile(dst, "w")
for i in zi.infolist():
    data = zi.read(i.filename)
    if i.filename == "EPUB/smil/s2.smil":
        data = data.replace(b"#s2_2\"", b"#s2_99\"")
    zo.writestr(i, data)
zo.close()
EOF
ls "$tmp"/epub/*.epub "$tmp/broken/broken.epub" |
    xargs -P 2 -I{} sh -c 'java -jar '"$epubcheck"' "$1" --json "$1.json" >"$1.log" 2>&1' _ {}
for epub in "$tmp"/epub/*.epub; do
    python3 - "$epub.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["checker"]
msgs = ["%s %s %s" % (m["severity"], m["ID"], m["message"]) for m in d["messages"]]
print("epubcheck %s: %d fatal, %d errors, %d warnings" % (
    c["checkerVersion"], c["nFatal"], c["nError"], c["nWarning"]))
for m in msgs:
    print("  " + m)
sys.exit(0 if c["nFatal"] + c["nError"] + c["nWarning"] == 0 and not msgs else 1)
EOF
    st=$?
    check "epubcheck: ${epub##*/}: 0 errors, 0 warnings" $st
done
grep -q '"ID" : "RSC-012"' "$tmp/broken/broken.epub.json" ||
    grep -q '"RSC-012"' "$tmp/broken/broken.epub.json"
check "epubcheck reports a media overlay pointing at a missing sentence (RSC-012)" $?

# The checkers fail on damaged books.
cp -r "$tmp/daisy/hepatic-calcification" "$tmp/bad-daisy"
sed -i 's/clip-end="npt=\([0-9.]*\)s"/clip-end="npt=999.000s"/' "$tmp/bad-daisy/s3.smil"
python3 "$books/daisy_check.py" "$tmp/bad-daisy" >"$tmp/dc.out"
st=$?
[ $st -eq 1 ] && grep -q "after the end of s3.mp3" "$tmp/dc.out" && grep -q "seq dur" "$tmp/dc.out"
check "daisy_check fails on a clip past the end of its audio" $?
cp -r "$tmp/daisy/hepatic-calcification" "$tmp/bad-daisy2"
sed -i '/name="dc:format"/d' "$tmp/bad-daisy2/ncc.html"
sed -i -e 's/content.html#s4_2"/content.html#s4_3"/' \
    -e 's/content.html#s4_3" id="t_s4_3"/content.html#s4_2" id="t_s4_3"/' \
    "$tmp/bad-daisy2/s4.smil"
python3 "$books/daisy_check.py" "$tmp/bad-daisy2" >"$tmp/dc2.out"
st=$?
[ $st -eq 1 ] && grep -q "dc:format appears 0 times" "$tmp/dc2.out" &&
    grep -q "another order" "$tmp/dc2.out"
check "daisy_check fails on a missing dc:format and sentences played out of order" $?
python3 - "$tmp/epub/madoa-ya-ini.epub" "$tmp/bad.epub" <<'EOF'
import re, sys, zipfile
src, dst = sys.argv[1:]
zi, zo = zipfile.ZipFile(src), zipfile.ZipFile(dst, "w")
for i in zi.infolist():
    data = zi.read(i.filename)
    if i.filename == "EPUB/package.opf":   # the total one second longer than the sum
        data = re.sub(rb'(<meta property="media:duration">\d+:\d+:)(\d+)',
                      lambda m: m.group(1) + b"%02d" % ((int(m.group(2)) + 1) % 60), data)
    if i.filename == "EPUB/smil/s2.smil":  # the last sentence of s2 loses its clip
        data = re.sub(rb'<par id="par_s2_6">.*?</par>\n', b"", data)
    zo.writestr(i, data, zipfile.ZIP_DEFLATED)
zo.close()
EOF
python3 "$books/epub_check.py" "$tmp/bad.epub" >"$tmp/ec.out"
st=$?
[ $st -eq 1 ] && grep -q "mimetype is not the first entry, stored" "$tmp/ec.out" &&
    grep -q "total media:duration" "$tmp/ec.out" && grep -q "sentences without a clip" "$tmp/ec.out"
check "epub_check fails on a compressed mimetype, a wrong total and a sentence without a clip" $?

# Atomic output.  A folder that is neither empty nor a book of ours is refused, untouched.
mkdir "$tmp/mine"
echo "my notes" >"$tmp/mine/notes.txt"
leaf=$tmp/lib/wound-care.txt
"$bin" export "$leaf" --daisy "$tmp/mine" --cache "$cache" >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "not replacing it" "$tmp/err" && [ "$(ls -A "$tmp/mine")" = notes.txt ]
check "a folder holding other files is refused and left as it was" $?
"$bin" export "$leaf" --epub "$tmp/mine" --cache "$cache" >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "is a folder" "$tmp/err"
check "--epub naming a folder is refused" $?
# Exporting again over a book replaces it whole, leaving nothing beside it.
echo stray >"$tmp/daisy/wound-care/stray.mp3"
"$bin" export "$leaf" --daisy "$tmp/daisy/wound-care" --epub "$tmp/epub/wound-care.epub" \
    --cache "$cache" --quiet >"$tmp/out" 2>&1
check "a book is exported again over itself" $?
[ ! -s "$tmp/out" ] && [ ! -e "$tmp/daisy/wound-care/stray.mp3" ] &&
    [ -z "$(ls -A "$tmp/daisy" | grep staging)" ] &&
    [ -z "$(ls -A "$tmp/epub" | grep -v '^[a-z-]*\.epub$')" ]
check "--quiet prints nothing; the old book is gone whole; no staging or temporary file is left" $?
# A run killed part-way leaves whole books only, and the next run clears what it left.
"$bin" export "$tmp/lib" --daisy "$tmp/k" --epub "$tmp/ke" --cache "$cache" >"$tmp/kout" 2>&1 &
kpid=$!
wait_until 60 grep -q "^$tmp/k/[a-z-]*/ncc.html" "$tmp/kout"
sleep 0.3
kill -9 $kpid 2>/dev/null
wait $kpid 2>/dev/null
ok=0
for book in "$tmp"/k/*/; do
    python3 "$books/daisy_check.py" "$book" >/dev/null || ok=1
done
for epub in "$tmp"/ke/*.epub; do
    [ -e "$epub" ] || continue
    python3 "$books/epub_check.py" "$epub" >/dev/null || ok=1
done
[ -f "$tmp/kout" ] && [ "$(ls "$tmp/k" | wc -l)" -ge 1 ] && [ $ok -eq 0 ]
check "after a kill -9: $(ls "$tmp/k" | wc -l) whole DAISY book(s), no part of one" $ok
"$bin" export "$tmp/lib" --daisy "$tmp/k" --epub "$tmp/ke" --cache "$cache" --quiet
check "the export runs again after the kill" $?
[ -z "$(ls -A "$tmp/k" "$tmp/ke" | grep -e staging -e '^\.')" ] &&
    [ "$(ls "$tmp/k" | wc -l)" -eq "$n_leaflets" ]
check "no staging folder is left, every book is there" $?

# Bad input: a clear message, exit 1, nothing written.
"$bin" export "$tmp/none.txt" --daisy "$tmp/none" --cache "$cache" >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "none.txt" "$tmp/err" && [ ! -e "$tmp/none" ]
check "a missing leaflet: exit 1, a message naming it, no book" $?
printf 'no heading here at all, just a sentence that goes on and on and on, lower case.\n' \
    >"$tmp/flat.txt"
"$bin" export "$tmp/flat.txt" --epub "$tmp/flat.epub" --cache "$cache" >/dev/null 2>"$tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "flat.txt:" "$tmp/err" && [ ! -e "$tmp/flat.epub" ]
check "a leaflet that does not parse: exit 1, FILE:LINE:COL message, no EPUB" $?
"$bin" export "$leaf" --phone "$tmp/p" --daisy "$tmp/d" >/dev/null 2>&1
[ $? -eq 2 ]
check "--phone with --daisy is a usage error (exit 2)" $?
exit $fail
