#!/usr/bin/env bash
# Two renders of the same leaflets into one empty cache at the same time both succeed,
# name the same files, and leave only complete entries.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
[ -d "$src/content" ] || { echo "SKIP: $src/content missing"; exit 77; }
export AUDIOLEAF_VOICES="$src/voices"
cache="$tmp/cache"

"$bin" render "$src/content" --cache "$cache" --manifest --quiet >"$tmp/a" 2>"$tmp/ea" &
a=$!
"$bin" render "$src/content" --cache "$cache" --manifest --quiet >"$tmp/b" 2>"$tmp/eb" &
b=$!
wait $a; ra=$?
wait $b; rb=$?
check "first render exits 0 (got $ra$(head -c 300 "$tmp/ea"))" $ra
check "second render exits 0 (got $rb$(head -c 300 "$tmp/eb"))" $rb
python3 - "$tmp/a" "$tmp/b" <<'PY'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert len(a) > 10 and [(r["id"], r["path"]) for r in a] == [(r["id"], r["path"]) for r in b]
PY
check "both manifests name the same ids and paths" $?
python3 "$src/tests/data/check_cache_wav.py" "$cache"/*.wav
check "every entry reads back complete" $?
[ -z "$(find "$cache" -name '.tmp-*')" ]
check "no temporary files left" $?
"$bin" render "$src/content" --cache "$cache" --manifest --quiet >"$tmp/c"
! grep -q '"cached":false' "$tmp/c"
check "a third render finds everything cached" $?
exit $fail
