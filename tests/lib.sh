# lib.sh: what the end-to-end test scripts share; source it with
#   . "$(dirname "$0")/lib.sh"
# check DESCRIPTION STATUS: prints "ok - DESCRIPTION" when STATUS is 0, else
# "FAIL - DESCRIPTION" and sets fail=1 (the script exits with $fail at its end).  Anything
# but one description and one number fails.  Never pass $? when the description holds a
# $(...): bash expands that first, so $? would be its status (tests/lint.sh refuses it);
# save the status first (st=$?) and pass $st.
check() { # description, condition result
    if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
        echo "FAIL - $1 (check wants DESCRIPTION STATUS; got $# argument(s))"; fail=1
    elif [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "FAIL - $1"; fail=1; fi
}

# wait_until SECONDS COMMAND...: run COMMAND every 20 ms until it succeeds, for at most
# SECONDS (a decimal); returns 0 as soon as it does, 1 when the time is up.  For waiting on
# a file, a line or a state instead of sleeping a fixed time.
wait_until() {
    local s=$1 frac=000000
    shift
    [[ $s == *.* ]] && frac=${s#*.}000000
    local end=$(( ${EPOCHREALTIME/./} + ${s%%.*} * 1000000 + 10#${frac:0:6} ))
    until "$@"; do
        [ "${EPOCHREALTIME/./}" -lt "$end" ] || return 1
        sleep 0.02
    done
}

# e2e_setup: the start of the end-to-end scripts that do not play: sets bin (AUDIOLEAF_BIN)
# and src (AUDIOLEAF_SRC), both required, fail=0, and tmp, a folder removed at exit.
e2e_setup() {
    bin=${AUDIOLEAF_BIN:?}
    src=${AUDIOLEAF_SRC:?}
    fail=0
    tmp=$(mktemp -d) || exit 1
    trap 'rm -rf "$tmp"' EXIT
}

# play_setup: for the tests that play content/hepatic-calcification.txt.  Skips (exit 77)
# without the binary, the leaflet or python3; sets bin, src, leaflet, cache, fail=0 and
# tmp (removed at exit unless KEEP is set; a background player in $pid is killed then);
# gives the run private XDG state, config and cache folders.
play_setup() {
    bin=${AUDIOLEAF_BIN:-}
    src=${AUDIOLEAF_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
    leaflet=$src/content/hepatic-calcification.txt
    if [ -z "$bin" ] || [ ! -x "$bin" ]; then
        echo "skip: AUDIOLEAF_BIN is not set to the audioleaf binary"; exit 77
    fi
    if [ ! -f "$leaflet" ] || ! command -v python3 >/dev/null; then
        echo "skip: needs $leaflet and python3"; exit 77
    fi
    tmp=$(mktemp -d)
    pid=
    trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
    export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/xdgcache
    cache=$tmp/cache
    fail=0
}

# keys_used_before: this run's private state folder says a key has been used on this device
# before, so that play says no first-time title and "Press star for help" (for the tests
# about other things, whose timing starts with the leaflet).
keys_used_before() {
    mkdir -p "$XDG_STATE_HOME/audioleaf" && chmod 700 "$XDG_STATE_HOME/audioleaf" &&
        : > "$XDG_STATE_HOME/audioleaf/keys-used"
}

# alsa_file_conf FILE: make ALSA's default device write every sample it is given into
# FILE (raw, as opened) instead of a sound card (SPEC §7), for this run.
alsa_file_conf() {
    printf 'pcm.!default { type file; slave.pcm { type null }; file "%s"; format "raw" }\n' \
        "$1" > "$tmp/file.conf"
    export ALSA_CONFIG_PATH=$tmp/file.conf
}
