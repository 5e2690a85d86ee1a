#!/usr/bin/env bash
# The bundled lexicons against the real eSpeak NG: every entry's phonemes are valid phoneme
# input (espeak-ng -x reads [[phonemes]] back unchanged, so a mistyped code that eSpeak NG
# drops or changes fails), every entry is needed (eSpeak NG alone says the word otherwise,
# unless it is an acronym kept as a word), and in a sentence made by `audioleaf script`
# eSpeak NG says exactly the entry's phonemes.  Golden words, written from the dictionary
# pronunciation, fail when their entry is removed; a word listed twice is a FILE:LINE error.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v espeak-ng >/dev/null || { echo "skip: espeak-ng not installed"; exit 77; }
export AUDIOLEAF_VOICES="$src/voices"

# Golden words: language, word, phonemes (British English for en).  Each is also checked
# to differ from eSpeak NG's own reading, so that removing its entry fails.
golden() {
    cat <<'EOF'
en ultrasound 'Vltr@s,aUnd
en fibrosis faIbr'oUsIs
en trimester tr,aIm'Est3
en paracetamol p,ar@s'i:t@m0l
en centile s'EntaIl
en nuchal nj'u:k@L
en antenatal ,antIn'eIt@L
en epidural ,EpIdj'U@r@L
en rhesus r'i:s@s
en colostrum k@l'0str@m
en cytomegalovirus s,aItoUm'Eg@loUv,aIr@s
en SCBU sk'abu:
es VIH ,uBe,i'atSe
es Apgar 'apQar
es Doppler d'opler
es Rhesus R2'esus
sw paracetamol p,aRaset'amol
sw ultrasound ,ultras'aund
sw HIV ,eitS,aiv'i
sw syphilis s'ifilis
EOF
}

# carrier LANG: a sentence around the word, so it is read in running text.  In Spanish
# the word comes first: after a vowel eSpeak NG softens a first b, d or g (B, D, Q), as a
# Spanish speaker does, so "Diga Doppler" says D'opler for the entry d'opler.
carrier() {
    case "$1" in
    es) echo "%s otra vez." ;;
    sw) echo "Sema %s tena." ;;
    *) echo "Say %s today." ;; # before a vowel eSpeak NG links an r: "trimester-r again"
    esac
}

# say VOICE FILE: eSpeak NG's phonemes for each line of FILE (one sentence a line), one
# line each, without the ";" syllable marks it adds.
say() {
    espeak-ng -q -x -v "$1" -f "$2" | tr -d ';'
}

# The profiles, those named after their language first (en before en-clear): a lexicon
# shared by several profiles with the same eSpeak NG voice is checked once.
inis=()
for ini in "$src"/voices/*.ini; do
    [ "$(basename "$ini" .ini)" = "$(sed -n 's/^language *= *//p' "$ini" | sed 's/ *;.*//')" ] &&
        inis+=("$ini")
done
for ini in "$src"/voices/*.ini; do
    case " ${inis[*]} " in *" $ini "*) ;; *) inis+=("$ini") ;; esac
done

done_lex=" "
for ini in "${inis[@]}"; do
    lex=$(sed -n 's/^lexicon *= *//p' "$ini" | sed 's/ *;.*//')
    [ -n "$lex" ] || continue
    voice=$(sed -n 's/^espeak_voice *= *//p' "$ini" | sed 's/ *;.*//')
    lang=$(sed -n 's/^language *= *//p' "$ini" | sed 's/ *;.*//')
    profile=$(basename "$ini" .ini)
    case "$done_lex" in *" $voice:$lex "*) continue ;; esac # en-clear shares en's
    done_lex="$done_lex$voice:$lex "
    file="$src/voices/$lex"
    name=$(basename "$lex")
    d="$tmp/$profile"
    mkdir -p "$d"
    # The entries: word TAB phonemes.
    awk '!/^[ \t]*(#|$)/ { print $1 "\t" $2 }' "$file" >"$d/entries"
    n=$(wc -l <"$d/entries")
    [ "$n" -gt 0 ] || continue
    cut -f1 "$d/entries" >"$d/words"
    cut -f2 "$d/entries" >"$d/phonemes"

    # 1. Round trip: [[phonemes]] is read back as the same phonemes.
    sed 's/.*/[[&]]./' "$d/phonemes" >"$d/rt.in"
    say "$voice" "$d/rt.in" | tr -d ' ' >"$d/rt.out"
    [ "$(wc -l <"$d/rt.out")" -eq "$n" ]
    check "$name: eSpeak NG reads back one phoneme string for each of $n entries" $?
    bad=$(paste "$d/entries" "$d/rt.out" | awk -F'\t' '$2 != $3 { printf "%s [[%s]] -> %s; ", $1, $2, $3 }')
    [ -z "$bad" ]
    check "$name: every [[phonemes]] reads back unchanged ${bad:+(not: $bad)}" $?

    # 2. Needed: eSpeak NG alone says something else (acronyms kept as words excepted).
    sed 's/$/./' "$d/words" >"$d/own.in"
    say "$voice" "$d/own.in" | tr -d ' ' >"$d/own.out"
    bad=$(paste "$d/entries" "$d/own.out" |
        awk -F'\t' '$2 == $3 && $1 !~ /^[A-Z][A-Z0-9]+$/ { printf "%s; ", $1 }')
    [ "$(wc -l <"$d/own.out")" -eq "$n" ] && [ -z "$bad" ]
    check "$name: eSpeak NG alone says every entry otherwise ${bad:+(same: $bad)}" $?

    # 3. In a sentence through audioleaf script: eSpeak NG says the entry's phonemes.
    fmt=$(carrier "$lang")
    {
        printf -- '---\nlanguage: %s\n---\nWords\n\nThe words follow.\n\n' "$lang"
        while read -r w; do printf -- "- $fmt\n" "$w"; done <"$d/words"
        golden | awk -v l="$lang" '$1 == l { print $2 }' | while read -r w; do
            printf -- "- $fmt\n" "$w"
        done
    } >"$d/leaflet.txt"
    "$bin" script --voice "$profile" "$d/leaflet.txt" >"$d/script" 2>"$d/err"
    rc=$?
    [ $rc -eq 0 ] && [ ! -s "$d/err" ]
    st=$?; check "$name: script --voice $profile exits 0 (got $rc: $(head -c 300 "$d/err"))" $st
    grep -P '^s1\.q[0-9]+\t' "$d/script" | cut -f2 >"$d/units"
    say "$voice" "$d/units" >"$d/units.out"
    m=$(golden | awk -v l="$lang" '$1 == l' | wc -l)
    [ "$(wc -l <"$d/units")" -eq $((n + m)) ] && [ "$(wc -l <"$d/units.out")" -eq $((n + m)) ]
    st=$?; check "$name: one unit and one line of phonemes per entry and golden word ($((n + m)))" $st
    head -n "$n" "$d/units.out" >"$d/said"
    bad=$(paste "$d/entries" "$d/said" | awk -F'\t' '{
        k = split($3, t, " "); found = 0
        for (i = 1; i <= k; i++) if (t[i] == $2) found = 1
        if (!found) printf "%s: %s; ", $1, $3 }')
    [ -z "$bad" ]
    check "$name: in a sentence eSpeak NG says every entry as written ${bad:+(not: $bad)}" $?

    # 4. Golden words: said as the dictionary says, which eSpeak NG alone does not.
    golden | awk -v l="$lang" '$1 == l { print $2 "\t" $3 }' >"$d/golden"
    tail -n "$m" "$d/units.out" >"$d/golden.said"
    cut -f1 "$d/golden" | sed 's/$/./' >"$d/golden.in"
    say "$voice" "$d/golden.in" | tr -d ' ' >"$d/golden.own"
    while IFS=$'\t' read -r w want said own; do
        grep -qF " $want " <<<" $said "
        check "$name: golden $w is said $want (got: $said)" $?
        [ "$own" != "$want" ]
        check "$name: golden $w: eSpeak NG alone says $own, so the test needs the entry" $?
    done < <(paste "$d/golden" "$d/golden.said" "$d/golden.own")
    [ "$(wc -l <"$d/golden")" -gt 0 ]
    check "$name: has golden words" $?
done
for l in en es sw; do
    case "$done_lex" in *"lexicon/$l.txt "*) ;; *) false ;; esac
    check "the $l lexicon was checked" $?
done

# A word listed twice (in another case) is one FILE:LINE:COL error naming the second copy.
mkdir -p "$tmp/dupvoices"
sed -e 's/^lexicon *=.*/lexicon = dup.txt/' "$src/voices/en.ini" >"$tmp/dupvoices/dup.ini"
printf "# test\nliver l'Iv3\nkidney k'Idni\n\nLiver l'Iv@\n" >"$tmp/dupvoices/dup.txt"
printf 'Words\n\nThe liver.\n' >"$tmp/dup-leaflet.txt"
AUDIOLEAF_VOICES="$tmp/dupvoices" "$bin" script --voice dup "$tmp/dup-leaflet.txt" \
    >"$tmp/dup.out" 2>"$tmp/dup.err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/dup.out" ] && [ "$(wc -l <"$tmp/dup.err")" -eq 1 ] &&
    grep -q "dup\.txt:5:1: .*earlier line" "$tmp/dup.err"
st=$?; check "a duplicate lexicon word: one line FILE:5:1, exit 1 (got $rc: $(cat "$tmp/dup.err"))" $st
exit $fail
