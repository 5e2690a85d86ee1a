#!/usr/bin/env bash
# e2e_languages: every bundled leaflet's language has a voice profile; the Swahili leaflet
# is spoken as Swahili (eSpeak NG never switches to English inside it, checked with
# espeak-ng -x), with its symbols and lexicon words in Swahili, and the player and the
# phone export speak to its listener in Swahili.
set -u
bin=${AUDIOLEAF_BIN:-}
src=${AUDIOLEAF_SRC:-}
if [ -z "$bin" ] || [ ! -x "$bin" ] || [ -z "$src" ]; then
    echo "skip: AUDIOLEAF_BIN and AUDIOLEAF_SRC are needed"; exit 77
fi
if ! command -v espeak-ng >/dev/null || ! command -v python3 >/dev/null; then
    echo "skip: espeak-ng (the command) and python3 are needed"; exit 77
fi
if ! espeak-ng --voices=sw | grep -q ' sw '; then
    echo "skip: this eSpeak NG has no Swahili voice"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache
export AUDIOLEAF_VOICES=$src/voices
fail=0
. "$(dirname "$0")/lib.sh" # check
sw=$src/content/madoa-ya-ini.txt

# Every bundled leaflet's language has a profile.
"$bin" voices > "$tmp/voices"
for f in "$src"/content/*.txt; do
    lang=$("$bin" outline --json "$f" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["language"])')
    awk -v l="$lang" 'NR > 1 && $2 == l {found = 1} END {exit !found}' "$tmp/voices"; st=$?
    check "$(basename "$f") ($lang) has a voice profile" $st
done
grep -qE '^sw +sw +[0-9]+ ' "$tmp/voices"
check "voices lists the Swahili profile" $?

# The text handed to eSpeak NG: symbols in Swahili, the lexicon word as phonemes,
# template alternatives resolved.
"$bin" script "$sw" > "$tmp/script"
check "script of the Swahili leaflet exits 0" $?
grep -qF "kila wiki 2 hadi 4" "$tmp/script"
check "'2-4' is spoken '2 hadi 4'" $?
grep -qF "[[,ultras'aund]]" "$tmp/script" && ! grep -qi "ultrasound" "$tmp/script"
check "every 'ultrasound' is spoken with the lexicon's phonemes" $?
grep -qP "^s8\tKanusho\. Taarifa katika kipeperushi hiki ni" "$tmp/script" &&
    ! grep -qF "/" "$tmp/script"
check "the disclaimer's alternatives are resolved (no slash spoken)" $?
grep -qP "^updated\tIlisasishwa mwisho Desemba 2024$" "$tmp/script"
check "the 'last updated' line is the last unit" $?

# eSpeak NG marks a switch to another language's rules as "(en)": none in the leaflet.
cut -f2 "$tmp/script" | while IFS= read -r text; do
    espeak-ng -q -x -v sw "$text"
done > "$tmp/phonemes"
[ -s "$tmp/phonemes" ] && ! grep -qE '\((en|[a-z][a-z])\)' "$tmp/phonemes"
check "eSpeak NG reads the whole Swahili leaflet with Swahili rules" $?
# The check itself: an English word read by the Swahili voice is caught.
espeak-ng -q -x -v sw "mama & mtoto" | grep -qF "(en)"
check "(the check catches an English switch: '&' read by the sw voice)" $?

# The player speaks to a Swahili listener in Swahili.
"$bin" play "$sw" --device null --no-resume \
    --keys "wait=0.5 * wait=0.5 8 wait=0.3 # wait=0.5 q" > "$tmp/out" 2> "$tmp/err"
check "play the Swahili leaflet exits 0" $?
grep -qF "Vitufe. 4 na 6: iliyotangulia na inayofuata." "$tmp/out" &&
    grep -qxF "Vipengele." "$tmp/out" && grep -qF "Sehemu 1 kati ya 8: " "$tmp/out"
check "help, level and where-am-I are in Swahili" $?

# The phone export's prompts are in Swahili too.
"$bin" export "$sw" --phone "$tmp/phone" --quiet > /dev/null 2> "$tmp/err"; st=$?
check "export --phone of the Swahili leaflet exits 0 ($(head -c 200 "$tmp/err"))" $st
python3 - "$tmp/phone/manifest.json" <<'EOF2'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
files = d["files"]
prompts = [f for f in files if f["kind"] == "prompt"]
assert len(prompts) > 10, len(prompts)
english = {"press", "welcome", "section", "leaflet", "goodbye", "item", "keys", "help",
           "the", "of", "and", "left", "minutes", "thank"}
for p in prompts:
    words = set(re.findall(r"[a-z]+", p["text"].lower()))
    assert not (words & english), (p["id"], p["text"])
texts = " ".join(p["text"] for p in prompts)
assert "Karibu." in texts and "Kwaheri." in texts, texts[:300]
print("ok - %d phone prompts, none with English words" % len(prompts))
EOF2
check "the phone prompts are Swahili" $?

[ $fail -eq 0 ] && echo "e2e_languages: ok"
exit $fail
