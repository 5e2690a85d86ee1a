#!/usr/bin/env bash
# e2e_play_record: what --record and the saved place survive.  A target that is a device,
# a folder or a link to one is refused before any sound; a link planted at a predictable
# temporary name is not followed; kill -9 leaves a playable WAV whose header matches its
# samples and a place no older than the last unit change (or a few seconds within a
# unit); SIGHUP ends the session like SIGTERM; a file size limit (a full disk) stops the
# recording when it happens, says why, keeps what was written, and playing goes on; a
# state folder that cannot be written is named with the reason.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
"$bin" render "$leaflet" --cache "$cache" --quiet || { echo "FAIL: render"; exit 1; }

# wav_ok FILE [MIN_FRAMES [KILLED]]: a 22050 Hz mono 16-bit WAV whose data chunk holds
# exactly the frames its header says, at least MIN_FRAMES (default 1) of them; with KILLED
# set, the file may also hold more (a kill between a write and the header's update).
wav_ok() {
    python3 - "$1" "${2:-1}" "${3:-}" <<'EOP'
import os, struct, sys, wave
path, least, killed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    w = wave.open(path, 'rb')
except Exception as e:
    print('  %s: not a WAV file: %s' % (path, e)); sys.exit(1)
n = w.getnframes()
ok = w.getframerate() == 22050 and w.getnchannels() == 1 and w.getsampwidth() == 2
data = open(path, 'rb').read()
at = data.find(b'data')
size = struct.unpack('<I', data[at + 4:at + 8])[0] if at >= 0 else -1
body = len(data) - (at + 8)
print('  %s: %d frames in the header, data chunk %d bytes, %d bytes after it' %
      (os.path.basename(path), n, size, body))
fits = body >= size if killed else body in (size, size + 1)
sys.exit(0 if ok and n >= least and size == 2 * n and fits else 1)
EOP
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds; 1 when it never did.
wait_for() {
    local limit=$1; shift
    local end=$(( $(date +%s) + limit ))
    until "$@"; do
        [ "$(date +%s)" -ge "$end" ] && return 1
        sleep 0.05
    done
}
state_says() { # UNIT [MIN_SENTENCE]: the saved place is UNIT, at least that sentence
    local f
    f=$(ls "$XDG_STATE_HOME"/audioleaf/*.state 2>/dev/null | head -n 1)
    [ -n "$f" ] && grep -qx "unit $1" "$f" &&
        [ "$(sed -n 's/^sentence //p' "$f")" -ge "${2:-0}" ]
}
part_has() { # BYTES: a recording's temporary file holds at least that much
    local f
    f=$(ls "$tmp"/out/*.part 2>/dev/null | head -n 1)
    [ -n "$f" ] && [ "$(stat -c %s "$f")" -ge "$1" ]
}
first_line() { # the first unit the next run prints (after "Continuing at ..."): where it starts
    timeout 60 "$bin" play "$leaflet" --verbose --cache "$cache" --device null \
        --keys "wait=15 q" 2>/dev/null | grep -m 1 '^s[0-9]'
}

# 1. Targets refused at the start: one line naming it, exit 1, nothing played or made.
# The device is a null device node of our own (never /dev/null itself: a regression would
# replace it for the whole machine); without the right to make one, a FIFO stands in.
mkdir -p "$tmp/out" "$tmp/dir"
mknod -m 666 "$tmp/dev" c 1 3 2>/dev/null || mkfifo "$tmp/dev"
mkfifo "$tmp/fifo"
ln -s "$tmp/dir" "$tmp/out/dirlink.wav"
ln -s "$tmp/dev" "$tmp/out/devlink.wav"
for target in "$tmp/dev" "$tmp/fifo" "$tmp/dir" "$tmp/out/dirlink.wav" \
              "$tmp/out/devlink.wav" "$tmp/nofolder/x.wav"; do
    timeout 60 "$bin" play "$leaflet" --verbose --cache "$cache" --device null --no-resume \
        --record "$target" --keys "wait=1 q" > "$tmp/stdout" 2> "$tmp/stderr"
    rc=$?
    if [ $rc -eq 0 ] || [ "$(wc -l < "$tmp/stderr")" -ne 1 ] ||
       ! grep -qF "cannot record into $target" "$tmp/stderr" || [ -s "$tmp/stdout" ]; then
        echo "FAIL: --record $target: exit $rc, stdout $(wc -c < "$tmp/stdout") bytes, and:"
        cat "$tmp/stderr"; fail=1
    else
        echo "ok - --record $target refused: $(cat "$tmp/stderr")"
    fi
done
{ [ -c "$tmp/dev" ] || [ -p "$tmp/dev" ]; } && [ -p "$tmp/fifo" ]
check "the device and the FIFO are still what they were" $?
[ -L "$tmp/out/devlink.wav" ] && [ -L "$tmp/out/dirlink.wav" ] && [ -d "$tmp/dir" ] &&
    [ -z "$(ls -A "$tmp/dir")" ]
check "the links and the folder are untouched" $?
[ -z "$(ls "$tmp"/out/*.part 2>/dev/null)" ]; check "no temporary file left" $?

# 2. A link planted where the old code put its temporary file (OUT.wav.tmp) is not
# followed: the file it points at is unchanged, the recording lands under its name.
echo "private" > "$tmp/secret"
ln -s "$tmp/secret" "$tmp/out/planted.wav.tmp"
timeout 60 "$bin" play "$leaflet" --verbose --cache "$cache" --device null --no-resume --quiet \
    --record "$tmp/out/planted.wav" --keys "wait=1 q"
check "--record beside a planted link exits 0" $?
[ "$(cat "$tmp/secret")" = "private" ]; check "the planted link's target is unchanged" $?
wav_ok "$tmp/out/planted.wav" 22050; check "the recording is under its name" $?

# (The players run in the background are not under timeout(1), so that $pid is the player
# itself; their scripts end them within a minute, and the exit trap kills them.)

# 3. kill -9 at the pace of a sound card, once section 2 plays: the place saved is s2
# (the unit change was saved at once) and the temporary file is a playable WAV whose
# header matches its samples.
rm -rf "$XDG_STATE_HOME" "$tmp"/out/*
keys_used_before
"$bin" play "$leaflet" --verbose --cache "$cache" --device null:realtime \
    --record "$tmp/out/killed.wav" --keys "wait=0.5 6 wait=60 q" > "$tmp/killed.out" 2>&1 &
pid=$!
wait_for 60 state_says s2 && wait_for 60 part_has 88200
check "the place is saved as s2 while it plays, before any exit" $?
kill -9 $pid; wait $pid 2>/dev/null; pid=
part=$(ls "$tmp"/out/*.part 2>/dev/null | head -n 1)
if [ -n "$part" ]; then
    wav_ok "$part" 22050 killed; check "kill -9 leaves a WAV whose header matches its samples" $?
    if command -v soxi >/dev/null; then
        s=$(soxi -s "$part" 2>/dev/null)
        [ "${s:-0}" -gt 0 ]; st=$?
        check "soxi reads $s samples" $st
    fi
else
    check "kill -9 leaves the temporary recording" 1
fi
[ ! -e "$tmp/out/killed.wav" ]; check "nothing half-done under the final name" $?
case "$(first_line)" in s2:*) r=0 ;; *) r=1 ;; esac
check "after kill -9 the next run starts in s2" $r

# 4. Within one unit the sentence is saved every few seconds: kill -9 in s3's later
# sentences, the next run starts at that sentence, not at the unit's start.
rm -rf "$XDG_STATE_HOME" "$tmp"/out/*
keys_used_before
"$bin" play "$leaflet" --verbose --cache "$cache" --device null:realtime \
    --keys "6 6 wait=60 q" > /dev/null 2>&1 &
pid=$!
wait_for 60 state_says s3 2
check "a later sentence of s3 is saved while it plays" $?
kill -9 $pid; wait $pid 2>/dev/null; pid=
case "$(first_line)" in "s3, sentence "[3-9]*) r=0 ;; *) r=1 ;; esac
check "after kill -9 the next run starts at that sentence" $r

# 5. SIGHUP: like SIGTERM, the session ends at once, the recording is finished under its
# name and the place saved.
rm -rf "$XDG_STATE_HOME" "$tmp"/out/*
keys_used_before
"$bin" play "$leaflet" --verbose --cache "$cache" --device null:realtime \
    --record "$tmp/out/hup.wav" --keys "wait=0.3 6 wait=60 q" > "$tmp/hup.out" 2>&1 &
pid=$!
wait_for 60 grep -q '^s2:' "$tmp/hup.out"
sleep 0.3 # a little of s2 into the recording; the check below does not depend on it
kill -HUP $pid; wait $pid; rc=$?; pid=
[ $rc -eq 0 ]; check "SIGHUP: exit 0 (got $rc)" $?
wav_ok "$tmp/out/hup.wav" 11025; check "SIGHUP: the recording is finished under its name" $?
[ -z "$(ls "$tmp"/out/*.part 2>/dev/null)" ]; check "SIGHUP: no temporary file left" $?
case "$(first_line)" in s2:*) r=0 ;; *) r=1 ;; esac
check "SIGHUP: the place was saved" $r

# 6. A full disk, made by a file size limit (SIGXFSZ ignored, so a write fails with
# EFBIG as it would with ENOSPC): the recording stops when it happens and says why; what
# was written is kept, finished and renamed; playing goes on to s3; exit 1.
rm -rf "$XDG_STATE_HOME" "$tmp"/out/*
keys_used_before
limit_kb=100
(trap '' XFSZ; ulimit -f $limit_kb
 exec timeout 120 "$bin" play "$leaflet" --verbose --cache "$cache" --device null --no-resume \
    --record "$tmp/out/full.wav" --keys "wait=1 6 wait=3 6 wait=1 q") > "$tmp/full.out" 2>&1
rc=$?
cat "$tmp/full.out" | sed 's/^/  | /'
[ $rc -eq 1 ]; check "full disk: exit 1 (got $rc)" $?
grep -q "full.wav: recording stopped: File too large; the [0-9.]* s recorded so far are kept" \
    "$tmp/full.out"
check "full disk: the reason is said" $?
# Said when it happened: before s3 started, which comes after the limit (2.3 s of audio).
awk '/recording stopped/ {r = NR} /^s3:/ {s = NR} END {exit !(r && s && r < s)}' \
    "$tmp/full.out"
check "full disk: said when it happened, and playing went on to s3" $?
[ "$(grep -c 'recording' "$tmp/full.out")" -eq 1 ]; check "full disk: said once" $?
wav_ok "$tmp/out/full.wav" 40000; check "full disk: what was written is a finished WAV" $?
size=$(stat -c %s "$tmp/out/full.wav" 2>/dev/null || echo 0)
[ "$size" -le $((limit_kb * 1024)) ] && [ "$size" -gt $((limit_kb * 1024 - 4096)) ]
check "full disk: it holds what fitted ($size bytes)" $?

# 7. A state folder that cannot be written: the state file and the reason are named once,
# playing goes on, the session fails at the end.
: > "$tmp/notafolder"
XDG_STATE_HOME=$tmp/notafolder timeout 60 "$bin" play "$leaflet" --verbose --cache "$cache" \
    --device null --keys "wait=0.5 6 wait=0.5 q" > "$tmp/stdout" 2> "$tmp/stderr"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l < "$tmp/stderr")" -eq 1 ] &&
    grep -q "cannot save the place in $tmp/notafolder/audioleaf/hepatic-calcification-[0-9a-f]*\.state: Not a directory" \
        "$tmp/stderr" && grep -q '^s2:' "$tmp/stdout"
r=$?
check "unwritable state: exit $rc, $(cat "$tmp/stderr")" $r

[ $fail -eq 0 ] && echo "e2e_play_record: ok"
exit $fail
