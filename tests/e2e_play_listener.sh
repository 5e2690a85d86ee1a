#!/usr/bin/env bash
# e2e_play_listener: the listener's first minute and the questions to ask, in English,
# Spanish and Swahili, through --keys scripts and what the player prints for each thing it
# says, in order: the title and "Press star for help" until a key has been used on this
# device; an unbound key says so; '/' is where am I and help names it; 3 goes to the
# questions list at the question level, marks the question that plays, and at the list's
# start plays the marked ones; the marks are kept and 'audioleaf questions' prints and
# records them; resume says where it continues; a leaflet heard to its end starts again
# saying so; q says goodbye, --quiet and a signal do not.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
export AUDIOLEAF_BIN=$bin

# in_order FILE PATTERN...: each extended regular expression matches a whole line of FILE,
# each one after the line the one before matched.
in_order() {
    python3 - "$@" <<'EOP'
import re, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
at = 0
for pat in sys.argv[2:]:
    rx = re.compile(pat)
    while at < len(lines) and not rx.fullmatch(lines[at]):
        at += 1
    if at == len(lines):
        print('  not found in order: %s' % pat)
        sys.exit(1)
    at += 1
EOP
}

# lang FILE: the words each language says (typed in from what a speaker would expect).
words() {
    case $1 in
    en) hint='Press star for help.'; unbound='That key does nothing here. Press star for help.'
        bye='Goodbye.'; where='Section 1 of [0-9]+: .*'; slash='Slash: where am I.'
        list='Questions to ask.'; q2='Question 2 of'
        marked1='Marked. 1 question marked.'; marked2='Marked. 2 questions marked.'
        unmarked='Unmarked. 1 question marked.'
        list_marked='Questions to ask. 2 marked; press again to hear them.'
        mine='Your marked questions.'; mine_end='End of your questions.'
        cont='Continuing at section'; again='You heard this leaflet to the end. From the beginning.'
        keys='Keys. 4 and 6: previous and next.'
        ;;
    es) hint='Pulse asterisco para obtener ayuda.'
        unbound='Esa tecla no hace nada aquí. Pulse asterisco para obtener ayuda.'
        bye='Adiós.'; where='Sección 1 de [0-9]+: .*'; slash='Barra: dónde estoy.'
        list='Preguntas para hacer.'; q2='Pregunta 2 de'
        marked1='Marcada. 1 pregunta marcada.'; marked2='Marcada. 2 preguntas marcadas.'
        unmarked='Desmarcada. 1 pregunta marcada.'
        list_marked='Preguntas para hacer. 2 marcadas; pulse otra vez para escucharlas.'
        mine='Sus preguntas marcadas.'; mine_end='Fin de sus preguntas.'
        cont='Continuamos en la sección'
        again='Ya escuchó este folleto hasta el final. Desde el principio.'
        keys='Teclas. 4 y 6: anterior y siguiente.'
        ;;
    sw) hint='Bonyeza nyota kupata msaada.'
        unbound='Kitufe hicho hakifanyi kitu hapa. Bonyeza nyota kupata msaada.'
        bye='Kwaheri.'; where='Sehemu 1 kati ya [0-9]+: .*'; slash='Mkwaju: niko wapi.'
        list='Maswali ya kuuliza.'; q2='Swali 2 kati ya'
        marked1='Imewekwa alama. Swali 1 lina alama.'
        marked2='Imewekwa alama. Maswali 2 yana alama.'
        unmarked='Alama imeondolewa. Swali 1 lina alama.'
        list_marked='Maswali ya kuuliza. 2 yana alama; bonyeza tena kuyasikiliza.'
        mine='Maswali yako yenye alama.'; mine_end='Mwisho wa maswali yako.'
        cont='Tunaendelea kwenye sehemu'
        again='Ulisikiliza kipeperushi hiki hadi mwisho. Kutoka mwanzo.'
        keys='Vitufe. 4 na 6: iliyotangulia na inayofuata.'
        ;;
    esac
}

# What the leaflet itself says, read with outline (not the player): title, the questions
# list's section number and heading, its questions, the number of sections.
leaflet_facts() {
    python3 - "$1" > "$tmp/facts" <<'EOP'
import json, subprocess, sys, os
o = json.loads(subprocess.run([os.environ['AUDIOLEAF_BIN'], 'outline', '--json', sys.argv[1]],
                              capture_output=True, check=True).stdout)
secs = o['sections']
q = [i for i, s in enumerate(secs)
     if s['items'] and all(it['text'].rstrip().endswith('?') for it in s['items'])][-1]
print(o['title'])
print(q + 1)
print(secs[q]['heading'])
print(len(secs))
for it in secs[q]['items']:
    print(it['text'])
EOP
    mapfile -t facts < "$tmp/facts"
    title=${facts[0]}; qsec=${facts[1]}; qhead=${facts[2]}; nsec=${facts[3]}
    question=("${facts[@]:4}")
}

rx() { printf '%s' "$1" | sed 's/[][\.*^$?+(){}|/]/\\&/g'; } # a literal as an ERE

run_one() { # LANG FILE
    local lang=$1 file=$2
    words "$lang"
    leaflet_facts "$file"
    rm -rf "$XDG_STATE_HOME"
    local play=("$bin" play "$file" --cache "$cache" --device null)
    # Run 1, a device where no key was used: title, then the hint; '.' is bound to nothing;
    # '/' says where; '*' is help; 3: the list, 6 6: its second question, where am I says
    # its number; 5: it again, 3 while it plays: marked; 6, 3: the third, 2 marked; 5 3:
    # unmarked, 5 3: marked again; q: goodbye.
    timeout 120 "${play[@]}" --keys "wait=6 . wait=3 / wait=8 * wait=40 3 wait=3 6 wait=0.5 6 \
wait=0.5 / wait=0.5 5 wait=0.5 3 wait=1 6 wait=0.5 3 wait=1 5 wait=0.5 3 wait=1 5 wait=0.5 3 \
wait=4 q" > "$tmp/$lang.1" 2> "$tmp/err"
    rc=$?
    sed 's/^/  | /' "$tmp/$lang.1"
    [ $rc -eq 0 ] && [ ! -s "$tmp/err" ]; st=$?
    check "$lang: run 1 exits 0, nothing on stderr ($(head -c 200 "$tmp/err"))" $st
    # The title as written, ended like a sentence when it has no final mark.
    t=$title; [[ $t == *[.?!:] ]] || t+=.
    [ "$(head -n 2 "$tmp/$lang.1")" = "$t
$hint" ]; st=$?
    check "$lang: the first two lines are the title and '$hint'" $st
    in_order "$tmp/$lang.1" "$(rx "$unbound")" "$where" "$(rx "$keys") .*$(rx "$slash")" \
        "$(rx "$list")" "$(rx "$qhead")" "$(rx "${question[0]}")" "$(rx "${question[1]}")" \
        ".* $(rx "$q2") ${#question[@]}: $(rx "${question[1]}") .*" "$(rx "$marked1")" \
        "$(rx "${question[2]}")" "$(rx "$marked2")" "$(rx "$unmarked")" "$(rx "$marked2")" \
        "$(rx "$bye")"
    check "$lang: unbound key, where am I, help with slash, the list at the question level, \
question 2's number, marking, goodbye: in that order" $?
    ! grep -qE '^s[0-9]' "$tmp/$lang.1"; check "$lang: no unit ids without --verbose" $?
    ! grep -qiE '(^| )(Hash|Almohadilla|Alama ya reli):' "$tmp/$lang.1"
    check "$lang: help on a numpad does not name the hash key" $?
    [ "$(tail -n 1 "$tmp/$lang.1")" = "$bye" ]; check "$lang: the goodbye comes last" $?

    # The marks are kept: 'questions' prints the second and third questions.
    "$bin" questions "$file" > "$tmp/$lang.q" 2> "$tmp/err"; rc=$?
    [ $rc -eq 0 ] && [ "$(cat "$tmp/$lang.q")" = "$title
$qhead

1. ${question[1]}
2. ${question[2]}" ]; st=$?
    check "$lang: 'audioleaf questions' prints the two marked questions (exit $rc)" $st

    # Run 2, a key was used on this device: no hint; the place is said; 1, 3: the list says
    # two are marked; 3 at its start: my questions, the two in order, then their end.
    timeout 120 "${play[@]}" --keys "wait=10 1 wait=2 3 wait=1 3 wait=30 q" > "$tmp/$lang.2" \
        2> "$tmp/err"
    sed 's/^/  | /' "$tmp/$lang.2"
    ! grep -qxF "$hint" "$tmp/$lang.2"; check "$lang: no hint once a key was used" $?
    in_order "$tmp/$lang.2" "$(rx "$cont") $qsec .+ $nsec, $(rx "$qhead")" \
        "$(rx "$list_marked")" "$(rx "$mine")" "$(rx "${question[1]}")" \
        "$(rx "${question[2]}")" "$(rx "$mine_end")"
    check "$lang: continuing at the list's section; my questions: the two marked in order" $?
    [ "$(grep -cxF "${question[0]}" "$tmp/$lang.2")" -eq 0 ]
    check "$lang: my questions leaves out the unmarked ones" $?

    # Run 3: 3 2 6 to the last section, heard to the end; run 4 starts from the top saying so.
    timeout 120 "${play[@]}" --keys "wait=1 3 wait=1 2 wait=1 6 wait=90 q" > /dev/null 2>&1
    timeout 120 "${play[@]}" --keys "wait=12 q" > "$tmp/$lang.4" 2> "$tmp/err"
    sed 's/^/  | /' "$tmp/$lang.4"
    in_order "$tmp/$lang.4" "$(rx "$again")"; st=$?
    ! grep -q "^$(rx "$cont")" "$tmp/$lang.4" && [ $st -eq 0 ]
    check "$lang: a leaflet heard to its end starts again from the top, saying so" $?
}

run_one en "$leaflet"
for f in intestino-ecogenico:es madoa-ya-ini:sw; do
    if [ -f "$src/content/${f%%:*}.txt" ]; then
        run_one "${f##*:}" "$src/content/${f%%:*}.txt"
    else
        echo "skip part: $src/content/${f%%:*}.txt not found"
    fi
done

# --record of the marked questions (English, marked above): "Your marked questions", then
# each marked question as the cache renders it at the listener's speed, in order.
words en
leaflet_facts "$leaflet"
rm -rf "$XDG_STATE_HOME"
timeout 120 "$bin" play "$leaflet" --cache "$cache" --device null --keys \
    "3 wait=1 6 wait=1 6 wait=0.5 3 wait=3 6 wait=1 6 wait=0.5 3 wait=3 q" > /dev/null 2>&1
"$bin" questions "$leaflet" --cache "$cache" --record "$tmp/q.wav" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ -f "$tmp/q.wav" ]; st=$?
check "questions --record writes the file (exit $rc; $(head -c 200 "$tmp/err"))" $st
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet > "$tmp/manifest.jsonl"
python3 - "$tmp" <<'EOP'
import json, sys, wave
tmp = sys.argv[1]
paths = {json.loads(l)['id']: json.loads(l)['path'] for l in open(tmp + '/manifest.jsonl')}
def frames(p):
    w = wave.open(p, 'rb')
    assert w.getframerate() == 22050 and w.getnchannels() == 1
    return w.readframes(w.getnframes())
rec = frames(tmp + '/q.wav')
q = sorted(k for k in paths if k.startswith('s7.q'))
a, b = frames(paths['s7.q2']), frames(paths['s7.q4'])
ia, ib = rec.find(a), rec.find(b)
ok = ia > 0 and ib > ia + len(a)
ok = ok and all(rec.find(frames(paths[k])) < 0 for k in ('s7.q1', 's7.q3'))
secs = len(rec) / 2 / 22050
print('  q.wav: %.1f s; s7.q2 at %d, s7.q4 at %d' % (secs, ia, ib))
sys.exit(0 if ok and secs < 20 else 1)
EOP
check "the recording holds something before, then s7.q2 and s7.q4 (the marked ones) in order" $?
"$bin" questions "$leaflet" --cache "$cache" --record "$tmp/none/q.wav" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q "q.wav" "$tmp/err" && [ ! -e "$tmp/none" ]; st=$?
check "an unwritable --record: exit 1 with a message naming it ($(head -c 200 "$tmp/err"))" $st
# A damaged marks file: 'questions' names it and fails; play ignores it (nothing marked).
mf=$(ls "$XDG_STATE_HOME"/audioleaf/*.marks 2>/dev/null | head -n 1)
if [ -n "$mf" ]; then
    printf 'audioleaf marks 1\nnot a question line\n' > "$mf"
    "$bin" questions "$leaflet" > /dev/null 2> "$tmp/err"; rc=$?
    [ $rc -eq 1 ] && grep -qF "$mf: damaged file of marked questions" "$tmp/err"; st=$?
    check "a damaged marks file: questions exits 1 naming it (got $rc)" $st
    timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --keys "1 wait=1 3 wait=3 q" \
        > "$tmp/dmg.out" 2> "$tmp/err"; rc=$?
    [ $rc -eq 0 ] && grep -qxF "Questions to ask." "$tmp/dmg.out"; st=$?
    check "play ignores a damaged marks file: nothing marked (exit $rc)" $st
else
    check "the marks were kept in a .marks file" 1
fi
"$bin" questions "$tmp/missing.txt" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && [ -s "$tmp/err" ]; check "a missing leaflet: exit 1 with a message" $?

# --quiet: no goodbye (the recording is no longer than without the goodbye); a signal ends
# without one.
run_rec() {
    timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null --no-resume \
        --record "$tmp/$1.wav" "${@:2}" --keys "wait=1 q" > "$tmp/$1.out" 2>&1
}
run_rec loud; run_rec quiet --quiet
python3 - "$tmp/loud.wav" "$tmp/quiet.wav" <<'EOP'
import sys, wave
n = [wave.open(p, 'rb').getnframes() for p in sys.argv[1:]]
print('  with the goodbye %.2f s, --quiet %.2f s' % (n[0] / 22050, n[1] / 22050))
sys.exit(0 if n[0] > n[1] + 22050 // 2 else 1)
EOP
check "q says goodbye (at least half a second more), --quiet does not" $?
grep -qx 'Goodbye.' "$tmp/loud.out"; check "the goodbye is printed" $?
timeout 60 "$bin" play "$leaflet" --cache "$cache" --device null:realtime --no-resume \
    --keys "wait=60 q" > "$tmp/sig.out" 2>&1 &
pid=$!
wait_until 20 grep -q . "$tmp/sig.out"
kill -TERM $pid; wait $pid; rc=$?; pid=
[ $rc -eq 0 ] && ! grep -q 'Goodbye' "$tmp/sig.out"; st=$?
check "SIGTERM ends without a goodbye (exit $rc)" $st

[ $fail -eq 0 ] && echo "e2e_play_listener: ok"
exit $fail
