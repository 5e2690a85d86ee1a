#!/usr/bin/env bash
# render killed with SIGKILL part-way (parent and workers) leaves no cache entry that
# reads back wrong, and the next render completes and checks out.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
for tool in python3 setsid; do
    command -v $tool >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
[ -d "$src/content" ] || { echo "SKIP: $src/content missing"; exit 77; }
export AUDIOLEAF_VOICES="$src/voices"

# The whole content takes about 0.5-1 s cold on 2 cores; kill at several points of it.
want=0
for f in "$src"/content/*.txt; do
    want=$((want + $("$bin" script "$f" | wc -l)))
done
total=0
for delay in 0.05 0.15 0.3; do
    cache="$tmp/cache-$delay"
    setsid "$bin" render "$src/content" --cache "$cache" --jobs 2 --quiet --rate 120 \
        >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL -- -"$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    sleep 0.1   # let the killed workers go
    n=$(find "$cache" -name '*.wav' 2>/dev/null | wc -l)
    total=$((total + n))
    if [ "$n" -gt 0 ]; then
        python3 "$src/tests/data/check_cache_wav.py" "$cache"/*.wav
        check "killed after ${delay} s: all $n finished entries read back complete" $?
    else
        echo "ok - killed after ${delay} s: no entry yet"
    fi
    "$bin" render "$src/content" --cache "$cache" --jobs 2 --manifest --quiet --rate 120 \
        >"$tmp/m"; rc=$?
    check "the next render completes (exit $rc)" $rc
    [ "$(wc -l <"$tmp/m")" -eq "$want" ]
    check "its manifest lists all $want units" $?
    python3 "$src/tests/data/check_cache_wav.py" "$cache"/*.wav
    check "every entry then reads back complete" $?
done
echo "# entries found after the kills: $total"
exit $fail
