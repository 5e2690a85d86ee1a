#!/usr/bin/env bash
# No word is dropped: every lexicon word of every bundled and test leaflet reaches the
# engine.  eSpeak NG 1.51 silently ignores a [[phonemes]] block right after '(', a quote,
# '/', '[', '<' or '>'; audioleaf puts a space before each block.  For each unit the
# real espeak-ng (-x) must say every block's phonemes.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v espeak-ng >/dev/null || { echo "skip: espeak-ng is not installed"; exit 77; }

# A leaflet with lexicon words after every character that used to hide them.
cat >"$tmp/brackets.txt" <<'TXT'
Words in brackets

What is it?

An infection (cytomegalovirus) or "cytomegalovirus" or 'toxoplasmosis' or
/cytomegalovirus/ or [cytomegalovirus] or <cytomegalovirus> or “cytomegalovirus” or
«toxoplasmosis» seen on (ultrasound).
TXT

blocks=0
for f in "$src"/content/*.txt "$src"/tests/data/*.txt "$src"/tests/data/numbers/*.txt \
    "$tmp/brackets.txt"; do
    name=$(basename "$f" .txt)
    lang=$("$bin" outline --json "$f" 2>/dev/null | python3 -c \
        'import json,sys; print(json.load(sys.stdin)["language"])' 2>/dev/null)
    case "$lang" in
    en*) voice=en-gb ;;
    es*) voice=es ;;
    sw*) voice=sw ;;
    *) voice=en-gb ;;
    esac
    "$bin" script "$f" >"$tmp/$name.script" 2>"$tmp/err"; st=$?
    check "script $name exits 0 (got $st: $(head -c 200 "$tmp/err"))" $st
    while IFS=$'\t' read -r id text; do
        grep -q '\[\[' <<<"$text" || continue
        # case folded: eSpeak NG softens some consonants in context (Spanish d -> D)
        said=$(espeak-ng -q -x -v "$voice" "$text" | tr -d ' \n;' | tr 'A-Z' 'a-z')
        while read -r ph; do
            [ -n "$ph" ] || continue
            blocks=$((blocks + 1))
            want=$(tr -d ' ;' <<<"$ph" | tr 'A-Z' 'a-z')
            case "$said" in
            *"$want"*) ;;
            *) echo "FAIL - $name $id: [[$ph]] is not spoken (eSpeak NG said: $said)"; fail=1 ;;
            esac
        done < <(grep -o '\[\[[^]]*\]\]' <<<"$text" | sed 's/^\[\[//; s/\]\]$//')
        # every block follows a space (or starts the text)
        ! grep -qP '[^ ]\[\[' <<<"$text"; st=$?
        [ $st -eq 0 ] || { echo "FAIL - $name $id: a [[ block without a space before it"; fail=1; }
    done <"$tmp/$name.script"
done
[ "$blocks" -ge 20 ]; st=$?
check "lexicon blocks checked against the engine: $blocks (at least 20)" $st
n=$(grep -o '\[\[' "$tmp/brackets.script" | wc -l)
[ "$n" -eq 7 ]; st=$?
check "all 7 bracketed or quoted lexicon words become phoneme blocks (got $n)" $st
exit $fail
