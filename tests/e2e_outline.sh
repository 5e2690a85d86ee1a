#!/usr/bin/env bash
# outline: every content/ leaflet and tests/data/ leaflet gives its committed, hand-checked
# JSON baseline; the plain form is numbered lines; options are checked.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup

n=0
for f in "$src"/content/*.txt "$src"/tests/data/*.txt; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .txt)
    base="$src/tests/baselines/$name.json"
    if [ ! -e "$base" ]; then
        check "$name has a baseline in tests/baselines/" 1
        continue
    fi
    n=$((n + 1))
    "$bin" outline --json "$f" >"$tmp/out.json" 2>"$tmp/err"; rc=$?
    [ $rc -eq 0 ] && [ ! -s "$tmp/err" ]
    check "outline --json $name exits 0 and prints nothing on stderr" $?
    diff -u "$base" "$tmp/out.json" >"$tmp/diff"
    check "outline --json $name equals tests/baselines/$name.json" $?
    [ -s "$tmp/diff" ] && head -40 "$tmp/diff"
done
[ $n -ge 3 ]
check "at least three leaflets were compared (got $n)" $?

# The JSON has exactly SPEC §3's shape.
python3 - "$tmp/out.json" "$src"/tests/baselines/*.json <<'PY'
import json, sys
for path in sys.argv[2:]:
    d = json.load(open(path, encoding="utf-8"))
    assert set(d) == {"title", "language", "language_source", "language_note", "updated",
                      "sections"}, path
    assert d["language_source"] in ("declared", "detected", "default"), path
    assert d["updated"] is None or isinstance(d["updated"], str), path
    for i, s in enumerate(d["sections"], 1):
        assert set(s) == {"id", "heading", "kind", "paragraphs", "items", "blocks"}, path
        # blocks: every paragraph and item once, each kind in its own order.
        paras = [b["index"] for b in s["blocks"] if b["type"] == "paragraph"]
        items = [b["id"] for b in s["blocks"] if b["type"] == "item"]
        assert paras == list(range(len(s["paragraphs"]))), path
        assert items == [it["id"] for it in s["items"]], path
        assert all(b["line"] > 0 for b in s["blocks"]), path
        assert s["id"] == "s%d" % i, path
        assert s["kind"] in ("question", "heading", "disclaimer"), path
        for k, it in enumerate(s["items"], 1):
            assert set(it) == {"id", "text"} and it["id"] == "s%d.q%d" % (i, k), path
PY
check "every baseline has SPEC §3's keys (and language_source, language_note, blocks), ids s1.. and sN.qM" $?

# updated is null when there is no "Last updated" line.
printf 'Title?\n\nText.\n' >"$tmp/noupd.txt"
"$bin" outline --json "$tmp/noupd.txt" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["updated"] is None and d["title"] == "Title?" and d["language"] == "en"'
check "updated is null when the leaflet has no last-updated line" $?

# Markup-looking text is kept in the outline.
printf 'Title?\n\nSay <b>this</b> & <break time="3s"/> &amp; more.\n' >"$tmp/markup.txt"
out=$("$bin" outline --json "$tmp/markup.txt")
grep -qF 'Say <b>this</b> & <break time=\"3s\"/> &amp; more.' <<<"$out"
check "markup-looking text is kept as text in the JSON" $?

# The plain form: numbered sections, kinds, items, updated.
out=$("$bin" outline "$src/content/hepatic-calcification.txt"); rc=$?
[ $rc -eq 0 ] &&
    grep -qx 'Title: What is a Hepatic (Liver) Calcification?' <<<"$out" &&
    grep -qx 'Section 7, question: What other questions should I ask?' <<<"$out" &&
    grep -qx '  9 questions:' <<<"$out" &&
    grep -qx '  7.9 Should I talk with a neonatologist or a geneticist?' <<<"$out" &&
    grep -qx 'Section 8, disclaimer: Disclaimer:' <<<"$out" &&
    grep -qx 'Last updated: December 2024' <<<"$out"
check "plain outline numbers sections and items and names kinds" $?

# Options.
out=$("$bin" outline --help); rc=$?
[ $rc -eq 0 ] && grep -q 'usage: audioleaf outline FILE \[--json\]' <<<"$out"
check "outline --help prints the usage, exit 0" $?
"$bin" outline --frob "$src/content/hepatic-calcification.txt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'usage:' "$tmp/err"
check "outline with an unknown option exits 2 with the usage (got $rc)" $?
"$bin" outline >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "outline without FILE exits 2 (got $rc)" $?
"$bin" outline a.txt b.txt >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "outline with two files exits 2 (got $rc)" $?

exit $fail
