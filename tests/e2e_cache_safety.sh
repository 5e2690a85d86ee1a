#!/usr/bin/env bash
# cache_safety: what another user or a strange file can do to the cache.  A cache or state
# folder owned by another user, or one others (or its group, unless setgid) can write in,
# is refused with one line naming it; with no HOME nothing lands in a predictable /tmp
# folder; an entry copied, moved or linked under another key, a FIFO, and a whole but
# unusable entry (another sample rate, no samples) are misses, rendered again, also under
# --verify, and playing never hangs on a FIFO.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
if ! command -v python3 >/dev/null; then
    echo "SKIP: python3 not installed"
    exit 77
fi
export AUDIOLEAF_VOICES="$src/voices"
unset XDG_RUNTIME_DIR
leaflet=$tmp/leaflet.txt
cat >"$leaflet" <<'TXT'
# Taking your tablets

Take one tablet each morning with a glass of water.

## When to call the nurse

Call the nurse if you feel dizzy or sick after a dose.
TXT
cache=$tmp/cache
check_wav=$src/tests/data/check_cache_wav.py
patch_wav=$src/tests/data/patch_cache_wav.py

# field MANIFEST ID KEY: one field of one unit of a manifest.
field() {
    python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["id"] == sys.argv[2]:
        v = r[sys.argv[3]]
        print(str(v).lower() if isinstance(v, bool) else v)' "$@"
}
render() { timeout -k 10 120 "$bin" render "$leaflet" --cache "$cache" --manifest --quiet "$@"; }

render >"$tmp/m0"; rc=$?
check "a cold render works (rc $rc)" $rc
p1=$(field "$tmp/m0" s1 path); p2=$(field "$tmp/m0" s2 path)
f1=$(field "$tmp/m0" s1 frames); f2=$(field "$tmp/m0" s2 frames)
[ -f "$p1" ] && [ -f "$p2" ] && [ "$f1" != "$f2" ]
check "s1 and s2 have entries of different lengths ($f1, $f2)" $?
python3 "$check_wav" "$cache"/*.wav
check "every entry records its own key, checked outside audioleaf" $?

# An entry of another key moved over s1 (mode 0644, as another user would), then copied,
# then linked: each is a miss, rendered again, and s1 is itself afterwards.
cp "$p2" "$tmp/evil.wav" && chmod 0644 "$tmp/evil.wav" && mv "$tmp/evil.wav" "$p1"
render >"$tmp/m1"
[ "$(field "$tmp/m1" s1 cached)" = false ] && [ "$(field "$tmp/m1" s1 frames)" = "$f1" ]
st=$?
check "an entry of s2 moved over s1 is rendered again ($(field "$tmp/m1" s1 cached))" $st
cp "$p2" "$p1"
render --verify >"$tmp/m2"
[ "$(field "$tmp/m2" s1 cached)" = false ] && [ "$(field "$tmp/m2" s1 frames)" = "$f1" ]
check "an entry of s2 copied over s1 is rendered again under --verify" $?
ln -sf "$p2" "$p1"
render >"$tmp/m3"
[ "$(field "$tmp/m3" s1 cached)" = false ] && [ -f "$p1" ] && [ ! -L "$p1" ]
check "a symbolic link to s2's entry under s1's key is replaced by s1's own entry" $?
python3 "$check_wav" "$p1"
check "s1's entry records s1's key again" $?

# A FIFO under a key: never opened to wait; render and play go on.
rm -f "$p1" && mkfifo "$p1"
render >"$tmp/m4"; rc=$?
[ $rc -eq 0 ] && [ "$(field "$tmp/m4" s1 cached)" = false ] && [ -f "$p1" ] && [ ! -p "$p1" ]
check "render with a FIFO under s1's key ends and renders s1 (rc $rc, 124 = hung)" $?
rm -f "$p1" && mkfifo "$p1"
timeout -k 10 120 "$bin" play "$leaflet" --cache "$cache" --device null --no-resume --quiet \
    --keys "wait=1 6 wait=1 q" >"$tmp/play.out" 2>&1; rc=$?
[ $rc -eq 0 ] && [ -f "$p1" ] && [ ! -p "$p1" ]
check "play with a FIFO under s1's key plays (rc $rc, 124 = hung)" $?
rm -f "$p1" && mkfifo "$p1"
timeout -k 10 120 "$bin" export "$leaflet" --phone "$tmp/phone" --voice en --cache "$cache" --quiet \
    >/dev/null 2>"$tmp/export.err"; rc=$?
[ $rc -eq 0 ] && [ -f "$p1" ] && [ ! -p "$p1" ]
check "export with a FIFO under s1's key exports (rc $rc, 124 = hung)" $?
mkdir "$tmp/lib" && cp "$leaflet" "$tmp/lib/a.txt" && mkfifo "$tmp/lib/b.txt"
timeout -k 10 120 "$bin" render "$tmp/lib" --cache "$cache" --quiet 2>"$tmp/lib.err"; rc=$?
[ $rc -eq 0 ] && grep -q "b.txt.*not a regular file" "$tmp/lib.err"
st=$?
check "render DIR skips a FIFO named *.txt with a warning (rc $rc): $(head -c 200 "$tmp/lib.err")" $st
timeout -k 10 60 "$bin" outline "$tmp/lib/b.txt" >/dev/null 2>"$tmp/fifo.err"; rc=$?
[ $rc -eq 1 ] && grep -q "b.txt: .*not a regular file" "$tmp/fifo.err"
st=$?
check "a FIFO given as a leaflet is refused at once (rc $rc): $(cat "$tmp/fifo.err")" $st

# Whole, self-consistent, unusable entries: another sample rate, no samples.
timeout 30 python3 "$patch_wav" rate "$p1" 16000 && soxi -r "$p1" 2>/dev/null | grep -qx 16000
check "patched s1's entry to 16000 Hz (header and comment)" $?
render >"$tmp/m5"
[ "$(field "$tmp/m5" s1 cached)" = false ] && [ "$(field "$tmp/m5" s1 rate)" = 22050 ]
check "an entry at 16000 Hz is rendered again at the engine's 22050 Hz" $?
timeout 30 python3 "$patch_wav" rate "$p1" 16000
render --verify >"$tmp/m6"
[ "$(field "$tmp/m6" s1 cached)" = false ] && [ "$(field "$tmp/m6" s1 rate)" = 22050 ]
check "... also under render --verify" $?
timeout 30 python3 "$patch_wav" empty "$p1" && python3 "$check_wav" "$p1"
check "patched s1's entry to no samples, still self-consistent" $?
render --verify >"$tmp/m7"
[ "$(field "$tmp/m7" s1 cached)" = false ] && [ "$(field "$tmp/m7" s1 frames)" = "$f1" ]
check "an entry without samples for a non-empty text is rendered again" $?

# Folders: another user's, writable by others, by its group; shared on purpose.
if [ "$(id -u)" -eq 0 ]; then
    mkdir "$tmp/theirs" && chown 65534 "$tmp/theirs"
    "$bin" render "$leaflet" --cache "$tmp/theirs" --quiet 2>"$tmp/e1"; rc=$?
    [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/e1")" -eq 1 ] &&
        grep -q "cache $tmp/theirs: insecure folder: owned by another user (uid 65534" "$tmp/e1" &&
        [ -z "$(ls -A "$tmp/theirs")" ]
    st=$?
    check "a cache folder owned by uid 65534 is refused, nothing written: $(cat "$tmp/e1")" $st
else
    echo "ok - # skip: a folder owned by another user needs root"
fi
mkdir -m 0777 "$tmp/open"
"$bin" render "$leaflet" --cache "$tmp/open" --quiet 2>"$tmp/e2"; rc=$?
[ $rc -eq 1 ] && grep -q "cache $tmp/open: insecure folder: other users can write" "$tmp/e2" &&
    [ -z "$(ls -A "$tmp/open")" ]
st=$?
check "a cache folder of mode 0777 is refused: $(cat "$tmp/e2")" $st
mkdir -m 0775 "$tmp/group"
"$bin" render "$leaflet" --cache "$tmp/group" --quiet 2>"$tmp/e3"; rc=$?
[ $rc -eq 1 ] && grep -q "cache $tmp/group: insecure folder: its group can write" "$tmp/e3"
st=$?
check "a group-writable folder that is not setgid is refused: $(cat "$tmp/e3")" $st
timeout -k 10 60 "$bin" play "$leaflet" --cache "$tmp/open" --device null --keys q \
    >/dev/null 2>"$tmp/e2p"; rc=$?
[ $rc -eq 1 ] && grep -q "$tmp/open: insecure folder: other users can write" "$tmp/e2p"
st=$?
check "play refuses it too, naming it (rc $rc): $(cat "$tmp/e2p")" $st
# The state folder (saved places, the log) is checked the same way before playing.
mkdir -p "$tmp/state/audioleaf" && chmod 0777 "$tmp/state/audioleaf"
XDG_STATE_HOME=$tmp/state timeout -k 10 60 "$bin" play "$leaflet" --cache "$cache" \
    --device null --keys q >/dev/null 2>"$tmp/e2s"; rc=$?
[ $rc -eq 1 ] && grep -q "$tmp/state/audioleaf: insecure folder: other users can write" "$tmp/e2s"
st=$?
check "a state folder of mode 0777 is refused before playing (rc $rc): $(cat "$tmp/e2s")" $st
if [ "$(id -u)" -eq 0 ]; then
    chmod 0700 "$tmp/state/audioleaf" && chown 65534 "$tmp/state/audioleaf"
    XDG_STATE_HOME=$tmp/state timeout -k 10 60 "$bin" play "$leaflet" --cache "$cache" \
        --device null --keys q >/dev/null 2>"$tmp/e2t"; rc=$?
    [ $rc -eq 1 ] && grep -q "$tmp/state/audioleaf: insecure folder: owned by another user (uid 65534" "$tmp/e2t"
    st=$?
    check "a state folder owned by uid 65534 is refused (rc $rc): $(cat "$tmp/e2t")" $st
fi
mkdir "$tmp/shared" && chmod 2770 "$tmp/shared"
"$bin" render "$leaflet" --cache "$tmp/shared" --manifest --quiet >"$tmp/m8"; rc=$?
ps=$(field "$tmp/m8" s1 path)
[ $rc -eq 0 ] && [ "$(stat -c %a "$ps")" = 640 ]
check "a setgid group-writable folder is a shared cache, entries group-readable (rc $rc)" $?

# No HOME, no XDG_CACHE_HOME: not the predictable /tmp/audioleaf-UID another user could
# have made first, but XDG_RUNTIME_DIR/audioleaf, else a new private folder.
planted=
trap 'rm -rf "$tmp"; [ -n "$planted" ] && rm -rf "$planted"' EXIT
guess=/tmp/audioleaf-$(id -u)
if [ "$(id -u)" -eq 0 ] && [ ! -e "$guess" ]; then
    mkdir -m 0777 "$guess" && chown 65534 "$guess" && planted=$guess
fi
mkdir "$tmp/tmpdir"
env -u XDG_CACHE_HOME HOME= TMPDIR="$tmp/tmpdir" "$bin" render "$leaflet" 2>"$tmp/e4"; rc=$?
used=$(sed -n 's/.*; cache \(.*\)$/\1/p' "$tmp/e4")
case $used in "$tmp"/tmpdir/audioleaf-??????) ok=0 ;; *) ok=1 ;; esac
[ $rc -eq 0 ] && [ $ok -eq 0 ] && [ "$(stat -c %a "$used")" = 700 ]
check "no HOME: a new private folder ($used), rc $rc" $?
if [ -n "$planted" ]; then
    [ -z "$(ls -A "$planted")" ]
    check "nothing written in a planted $planted" $?
fi
mkdir -m 0700 "$tmp/run"
env -u XDG_CACHE_HOME HOME= XDG_RUNTIME_DIR="$tmp/run" "$bin" render "$leaflet" 2>"$tmp/e5"
grep -q "; cache $tmp/run/audioleaf\$" "$tmp/e5"
check "no HOME: \$XDG_RUNTIME_DIR/audioleaf when it is set" $?
exit $fail
