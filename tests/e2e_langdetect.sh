#!/usr/bin/env bash
# langdetect: a leaflet without a 'language:' line is spoken in the language detected from
# its text (outline says which and how: declared, detected or default); a declared
# language and --lang win; too little text falls back to en.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
[ -e /usr/share/libexttextcat/es.lm ] || [ -n "${AUDIOLEAF_TEXTCAT_DIR:-}" ] ||
    { echo "skip: no libexttextcat fingerprints"; exit 77; }
data=$src/tests/data

field() { # file key: a top-level string of outline --json
    "$bin" outline --json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}
for want in en:undeclared-en es:undeclared-es sw:undeclared-sw; do
    f=$data/${want#*:}.txt
    [ "$(field "$f" language)" = "${want%%:*}" ] && [ "$(field "$f" language_source)" = detected ]
    st=$?; check "outline --json ${want#*:}: language ${want%%:*}, detected (got $(field "$f" language) $(field "$f" language_source))" $st
done
out=$("$bin" outline "$data/undeclared-es.txt")
grep -qx 'Language: es (detected)' <<<"$out" && grep -q '^Language note: detected from the text' <<<"$out"
check "plain outline says the language and that it was detected" $?

f=$data/declared-en-spanish-text.txt
[ "$(field "$f" language)" = en ] && [ "$(field "$f" language_source)" = declared ]
check "a declared language wins over the text's" $?
f=$data/short-undeclared.txt
[ "$(field "$f" language)" = en ] && [ "$(field "$f" language_source)" = default ] &&
    grep -q 'too little text' <<<"$(field "$f" language_note)"
check "very short text falls back to en, saying why" $?

# The script of the undeclared Spanish leaflet is made with Spanish rules: a range is
# "30 a 40", never the English "30 to 40"; with --lang en it is English (so the check
# can tell the two apart).
"$bin" script "$data/undeclared-es.txt" >"$tmp/es.script" 2>"$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q 'unos 30 a 40 minutos' "$tmp/es.script" &&
    ! grep -qw -e to -e more -e than -e and "$tmp/es.script"
check "script of an undeclared Spanish leaflet uses es (no English words)" $?
"$bin" script --lang en "$data/undeclared-es.txt" >"$tmp/en.script"
grep -q 'unos 30 to 40 minutos' "$tmp/en.script"
check "script --lang en of the same leaflet uses en (--lang wins over detection)" $?
"$bin" script "$data/undeclared-en.txt" >"$tmp/en2.script"
grep -q 'about 30 to 40 minutes' "$tmp/en2.script"
check "script of an undeclared English leaflet uses en" $?

# The phone export of the undeclared Spanish leaflet speaks Spanish: its manifest says
# es and the Asterisk prompts are in the es folder.
"$bin" export "$data/undeclared-es.txt" --phone "$tmp/phone" --cache "$tmp/cache" >"$tmp/log" 2>&1
st=$?; check "export --phone of the undeclared Spanish leaflet exits 0 ($(tail -n 1 "$tmp/log"))" $st
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["language"] == "es"' \
    "$tmp/phone/manifest.json" && [ -f "$tmp/phone/asterisk/es/audioleaf/undeclared-es-s01.ulaw" ]
check "phone export: manifest language es, prompts under asterisk/es" $?

# With no fingerprints the leaflet still speaks, in en, and outline says why.
AUDIOLEAF_TEXTCAT_DIR=$tmp/none "$bin" outline --json "$data/undeclared-es.txt" >"$tmp/none.json" 2>"$tmp/err"
python3 - "$tmp/none.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["language"] == "en" and d["language_source"] == "default", d
assert "fingerprint" in d["language_note"], d
PY
[ $? -eq 0 ] && [ ! -s "$tmp/err" ]
check "without libexttextcat-data: en, the reason named, nothing on stderr" $?
exit $fail
