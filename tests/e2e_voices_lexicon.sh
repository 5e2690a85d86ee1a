#!/usr/bin/env bash
# The bundled lexicons: every entry is one eSpeak NG really gets wrong (its own reading
# differs from ours), every phoneme string reads back unchanged through espeak-ng -x
# (so it is valid eSpeak NG phoneme input), and 'audioleaf script' applies the entries.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v espeak-ng >/dev/null || { echo "SKIP: espeak-ng not installed"; exit 77; }
export AUDIOLEAF_VOICES="$src/voices"

for ini in "$src"/voices/*.ini; do
    lex=$(sed -n 's/^lexicon *= *//p' "$ini")
    [ -n "$lex" ] || continue
    voice=$(sed -n 's/^espeak_voice *= *//p' "$ini")
    lang=$(sed -n 's/^language *= *//p' "$ini")
    file="$src/voices/$lex"
    name=$(basename "$ini")
    [ -f "$file" ]
    check "$name: lexicon $lex exists" $?
    words=""
    while read -r word phon; do
        case "$word" in ''|'#'*) continue ;; esac
        own=$(espeak-ng -q -x -v "$voice" "$word" | tr -d ' \n;')
        back=$(espeak-ng -q -x -v "$voice" "[[$phon]]" | tr -d ' \n;')
        want=$(tr -d ';' <<<"$phon")
        [ "$back" = "$want" ]
        check "$lex: $word: [[${phon}]] reads back as itself (got $back)" $?
        [ "$own" != "$want" ]
        check "$lex: $word: eSpeak NG alone says $own, so the entry is needed" $?
        words="$words $word"
    done <"$file"
    if [ -n "$words" ]; then
        printf -- '---\nlanguage: %s\n---\nWords:\n\nSome words:%s.\n' "$lang" "$words" \
            >"$tmp/words.txt"
        out=$("$bin" script --voice "$(basename "$ini" .ini)" "$tmp/words.txt")
        n=$(grep -o '\[\[' <<<"$out" | wc -l)
        m=$(wc -w <<<"$words")
        [ "$n" -eq "$m" ]
        check "$name: script turns all $m lexicon words into phonemes (got $n)" $?
    fi
done
exit $fail
