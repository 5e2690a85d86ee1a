#!/usr/bin/env bash
# render killed with SIGKILL part-way (parent and workers) leaves no cache entry that
# reads back wrong, and the next render completes and checks out.  The kills come when a
# given number of entries exist (polled, not after fixed delays), so each one has
# entries to check, however fast or slow the machine; each render after a kill starts
# from what the kills left in the same cache (one full render's work in all).
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
for tool in python3 setsid ps; do
    command -v $tool >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
[ -d "$src/content" ] || { echo "SKIP: $src/content missing"; exit 77; }
export AUDIOLEAF_VOICES="$src/voices"

want=0
for f in "$src"/content/*.txt; do
    want=$((want + $("$bin" script "$f" | wc -l)))
done
entries() { find "$cache" -name '*.wav' 2>/dev/null | wc -l; }
# The render has made at least $at entries, or has ended.
ready() { [ "$(entries)" -ge "$at" ] || ! kill -0 "$pid" 2>/dev/null; }
# No process of the render's session is left that could still write (zombies cannot).
gone() { ! ps -o stat= --sid "$pid" 2>/dev/null | grep -qv '^Z'; }
cache="$tmp/cache"
before=0
for at in 1 $((want / 3)) $((2 * want / 3)); do
    setsid "$bin" render "$src/content" --cache "$cache" --jobs 2 --quiet --rate 120 \
        >/dev/null 2>&1 &
    pid=$!
    wait_until 120 ready
    if kill -KILL -- -"$pid" 2>/dev/null; then how=killed; else how="ended before the kill"; fi
    wait "$pid" 2>/dev/null
    wait_until 10 gone
    check "the killed render's processes are gone" $?
    n=$(entries)
    [ "$n" -ge 1 ] && [ "$n" -gt "$before" ]
    check "$how at $at of $want entries: at least one, more than the $before before (found $n)" $?
    before=$n
    if [ "$n" -ge 1 ]; then
        python3 "$src/tests/data/check_cache_wav.py" "$cache"/*.wav
        check "$how at $at: all $n finished entries read back complete" $?
    fi
done
"$bin" render "$src/content" --cache "$cache" --jobs 2 --manifest --quiet --rate 120 \
    >"$tmp/m"; rc=$?
check "the next render completes (exit $rc)" $rc
[ "$(wc -l <"$tmp/m")" -eq "$want" ]
check "its manifest lists all $want units" $?
python3 "$src/tests/data/check_cache_wav.py" "$cache"/*.wav
check "every entry then reads back complete" $?
exit $fail
