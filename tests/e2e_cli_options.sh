#!/usr/bin/env bash
# A bad option on any command: exit 2 and one first line that names the option as it
# was written (a letter of a short-option cluster such as -rf.txt by itself, a long
# option missing its value, given one it does not take, or ambiguous), never another
# word of the command line; nothing on stdout.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
cd "$tmp" || exit 1
printf '# A title\n\nSome text.\n' > leaflet.txt

# Each case: the expected start of stderr's first line, a tab, the arguments.
while IFS=$'\t' read -r want args; do
    [ -z "$want" ] && continue
    read -r -a argv <<<"$args"
    out=$("$bin" "${argv[@]}" 2>"$tmp/err" </dev/null)
    rc=$?
    first=$(head -n 1 "$tmp/err")
    [ $rc -eq 2 ] && [ -z "$out" ] && [[ "$first" == "$want"* ]]
    check "audioleaf $args: exit 2, '$first' (exit $rc)" $?
done <<'CASES'
audioleaf outline: unknown option '-r'	outline -rf.txt
audioleaf outline: unknown option '-r'	outline --json -rf.txt leaflet.txt
audioleaf outline: unknown option '--jsn'	outline --jsn leaflet.txt
audioleaf outline: option '--cache' needs a value	outline leaflet.txt --cache
audioleaf outline: option '--json' takes no value	outline leaflet.txt --json=yes
audioleaf script: unknown option '-x'	script -qx leaflet.txt
audioleaf script: option '--voice' needs a value	script leaflet.txt --voice
audioleaf script: option '-v' needs a value	script leaflet.txt -v
audioleaf render: unknown option '-z'	render -mz leaflet.txt
audioleaf render: option '--jobs' needs a value	render leaflet.txt --jobs
audioleaf render: option '--verify' takes no value	render leaflet.txt --verify=1
audioleaf render: unknown option '--frob'	render --frob leaflet.txt
audioleaf export: unknown option '-z'	export leaflet.txt -zp out
audioleaf export: option '-p' needs a value	export leaflet.txt -qp
audioleaf export: option '--phone' needs a value	export leaflet.txt --phone
audioleaf export: option '--quiet' takes no value	export leaflet.txt --phone out --quiet=3
audioleaf export: ambiguous option '--c'	export leaflet.txt --phone out --c ulaw
audioleaf play: unknown option '-rf.txt'	play -rf.txt
audioleaf play: --rate needs a value	play leaflet.txt --rate
audioleaf dtmf: unknown option '-rf.wav'	dtmf -rf.wav
audioleaf dtmf: option '--device' needs a value	dtmf --listen --device
audioleaf dtmf: option '--seconds' needs a value	dtmf --listen --seconds
audioleaf stats: unknown argument '-rf'	stats -rf
audioleaf stats: --log needs a FILE	stats --log
audioleaf voices: unexpected argument '-x'	voices -x
audioleaf: unknown command 'frob'	frob -rf.txt
CASES
[ ! -e out ]
check "no output folder was made by a refused command line" $?
exit $fail
