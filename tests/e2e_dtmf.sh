#!/usr/bin/env bash
# 'audioleaf dtmf FILE.wav': tones made by sox (not by our code) at several rates
# are printed as one line of keys; speech and silence print an empty line; a
# missing or non-audio file is a one-line error and exit 1.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v sox >/dev/null || { echo "SKIP: sox is not installed"; exit 77; }

# One key: 80 ms of its two sines (-8 dB) followed by 70 ms of silence.
tone() { # rate key out
    local lo hi
    case $2 in
        1) lo=697 hi=1209;; 2) lo=697 hi=1336;; 3) lo=697 hi=1477;;
        4) lo=770 hi=1209;; 5) lo=770 hi=1336;; 6) lo=770 hi=1477;;
        7) lo=852 hi=1209;; 8) lo=852 hi=1336;; 9) lo=852 hi=1477;;
        '*') lo=941 hi=1209;; 0) lo=941 hi=1336;; '#') lo=941 hi=1477;;
    esac
    sox -n -r "$1" -b 16 -c 1 "$3" synth 0.08 sine $lo sine mix $hi gain -8 pad 0 0.07
}
sequence() { # rate out keys...
    local rate=$1 out=$2 i=0 parts=()
    shift 2
    sox -n -r "$rate" -b 16 -c 1 "$tmp/lead.wav" trim 0 0.3
    parts+=("$tmp/lead.wav")
    for k in "$@"; do
        tone "$rate" "$k" "$tmp/k$i.wav"; parts+=("$tmp/k$i.wav"); i=$((i + 1))
    done
    sox "${parts[@]}" "$out"
}

for rate in 8000 16000 22050 44100 48000; do
    sequence $rate "$tmp/keys.wav" 4 6 '#'
    out=$("$bin" dtmf "$tmp/keys.wav"); rc=$?
    [ $rc -eq 0 ] && [ "$out" = "4 6 #" ]
    check "keys 4 6 # at $rate Hz print '4 6 #' (got '$out', exit $rc)" $?
done

sequence 11025 "$tmp/all.wav" 1 2 3 4 5 6 7 8 9 '*' 0 '#' 5 5
out=$("$bin" dtmf "$tmp/all.wav")
[ "$out" = "1 2 3 4 5 6 7 8 9 * 0 # 5 5" ]
check "the twelve phone keys and a repeated 5 at 11025 Hz (got '$out')" $?

out=$("$bin" dtmf --times "$tmp/all.wav")
lines=$(wc -l <<<"$out")
first=$(head -n 1 <<<"$out")
[ "$lines" -eq 14 ] && [[ "$first" =~ ^0\.(2[89]|3[0-3])[0-9]$'\t'1$ ]]
check "--times: one 'SECONDS<TAB>KEY' a line, first at 0.3 s (got '$first', $lines lines)" $?

sox -n -r 16000 -b 16 -c 1 "$tmp/silence.wav" trim 0 2
out=$("$bin" dtmf "$tmp/silence.wav"); rc=$?
[ $rc -eq 0 ] && [ -z "$out" ]
check "silence prints an empty line (got '$out', exit $rc)" $?

if command -v espeak-ng >/dev/null; then
    espeak-ng -v en -w "$tmp/speech.wav" \
        "Press six for the next section, four to go back, and hash to hear where you are." \
        2>/dev/null
    out=$("$bin" dtmf "$tmp/speech.wav"); rc=$?
    [ $rc -eq 0 ] && [ -z "$out" ]
    check "eSpeak NG speech prints no keys (got '$out', exit $rc)" $?
fi

err=$("$bin" dtmf "$tmp/missing.wav" 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && [[ "$err" == "audioleaf dtmf: $tmp/missing.wav: "* ]] &&
    [ "$(wc -l <<<"$err")" -eq 1 ]
check "a missing file: one line naming it, exit 1 (got '$err', exit $rc)" $?

echo "not audio" >"$tmp/text.wav"
err=$("$bin" dtmf "$tmp/text.wav" 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && [[ "$err" == "audioleaf dtmf: $tmp/text.wav: "* ]]
check "a text file: an error naming it, exit 1 (got '$err', exit $rc)" $?

"$bin" dtmf >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "no file is a usage error, exit 2 (got $rc)" $?
exit $fail
