#!/usr/bin/env bash
# render: every unit of a leaflet lands in the cache through the real eSpeak NG and
# libsndfile; the manifest matches the script and the files (frames checked with soxi);
# a second run reuses everything; options change the keys; errors are clear and leave
# nothing behind; markup in a leaflet is spoken as text and runs nothing.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
for tool in soxi python3; do
    if ! command -v $tool >/dev/null; then
        echo "SKIP: $tool not installed"
        exit 77
    fi
done
leaflet="$src/content/hepatic-calcification.txt"
if [ ! -f "$leaflet" ]; then
    echo "SKIP: $leaflet missing"
    exit 77
fi
export AUDIOLEAF_VOICES="$src/voices"
cache="$tmp/cache"

# Cold run: one manifest line per script unit, in script order, nothing cached.
"$bin" script "$leaflet" | cut -f1 >"$tmp/ids"
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet >"$tmp/m1"; rc=$?
check "render exits 0 (got $rc)" $rc
python3 - "$tmp/m1" "$tmp/ids" >"$tmp/table" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
ids = open(sys.argv[2]).read().split()
rows = [json.loads(l) for l in lines]
assert [r["id"] for r in rows] == ids, "ids differ from the script"
for r in rows:
    assert set(r) == {"id", "path", "frames", "rate", "cached"}, sorted(r)
    print(r["id"], r["path"], r["frames"], r["rate"], str(r["cached"]).lower())
EOF
check "manifest: one JSON object per script unit, in order, with the spec's fields" $?
n=$(wc -l <"$tmp/ids")
[ "$n" -gt 5 ] && [ "$(wc -l <"$tmp/table")" -eq "$n" ]
check "manifest has $n units" $?
ok=0
while read -r id path frames rate cached; do
    [ -f "$path" ] || { echo "  $id: $path missing"; ok=1; continue; }
    s=$(soxi -s "$path"); r=$(soxi -r "$path"); c=$(soxi -c "$path"); b=$(soxi -b "$path")
    if [ "$s" != "$frames" ] || [ "$r" != "$rate" ] || [ "$c" != 1 ] || [ "$b" != 16 ]; then
        echo "  $id: soxi says $s frames $r Hz $c ch $b bit, manifest $frames $rate"
        ok=1
    fi
    [ "$cached" = false ] || { echo "  $id: cached on a cold run"; ok=1; }
    [ "$rate" = 22050 ] || ok=1
    case "$path" in "$cache"/*.wav) ;; *) echo "  $id: $path outside the cache"; ok=1 ;; esac
done <"$tmp/table"
check "every manifest path exists, is 16-bit mono, and soxi agrees on frames and rate" $ok
python3 "$src/tests/data/check_cache_wav.py" "$cache"/*.wav
check "every cache file is complete, with its frame count and marks" $?
perm=$(stat -c %a "$cache")
[ "$perm" = 700 ]
check "the cache folder is private (mode $perm)" $?
[ -z "$(find "$cache" -name '.tmp-*')" ]
check "no temporary files left" $?

# Warm run: same paths, all cached.
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet >"$tmp/m2"; rc=$?
check "second render exits 0 (got $rc)" $rc
python3 - "$tmp/m1" "$tmp/m2" <<'EOF'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert [(r["id"], r["path"], r["frames"]) for r in a] == \
       [(r["id"], r["path"], r["frames"]) for r in b]
assert all(r["cached"] is True for r in b)
EOF
check "second run: same ids, paths and frames, every unit cached" $?

# only_rendered MANIFEST PATH: PATH is the one unit the manifest says was not cached.
only_rendered() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["path"] for r in rows if not r["cached"]] == [sys.argv[2]], rows
EOF
}

# A damaged entry is noticed and rendered again.
victim=$(sed -n 2p "$tmp/table" | cut -d' ' -f2)
printf 'XXXXXXXX' | dd of="$victim" bs=1 seek=3000 conv=notrunc 2>/dev/null
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet >"$tmp/m3"
only_rendered "$tmp/m3" "$victim"
check "a damaged entry is rendered again, the others reused" $?

# Options that change the sound change the keys.
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet --rate 200 >"$tmp/m4"
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet --voice en-clear >"$tmp/m5"
python3 - "$tmp/m1" "$tmp/m4" "$tmp/m5" <<'EOF'
import json, sys
sets = [set(json.loads(l)["path"] for l in open(p)) for p in sys.argv[1:]]
assert not (sets[0] & sets[1]) and not (sets[0] & sets[2]) and not (sets[1] & sets[2])
slow = [json.loads(l)["frames"] for l in open(sys.argv[3])]
norm = [json.loads(l)["frames"] for l in open(sys.argv[1])]
assert sum(slow) > sum(norm) * 1.1, (sum(slow), sum(norm))
EOF
check "--rate and --voice give new entries; en-clear is slower" $?

# Once entries are older than 2 s, a render checks them in full and remembers them
# (CACHE/checked), with the engine's id (CACHE/engine.memo).  A run after that trusts the
# unchanged entries and loads neither eSpeak NG nor its module; it still notices an entry
# damaged since (its ctime moved, though its size and mtime are put back).
newest=$(find "$cache" -type f -exec stat -c '%Y
%Z' {} + | sort -n | tail -n 1)
settled() { [ "$(date +%s)" -ge $((newest + 2)) ]; }
wait_until 5 settled
check "the entries are 2 s old (in whole seconds) within 5 s" $?
"$bin" render "$leaflet" --cache "$cache" --quiet; rc=$?
[ $rc -eq 0 ] && [ -s "$cache/checked" ] && [ -s "$cache/engine.memo" ] &&
    [ "$(grep -c '^[0-9a-f]\{64\} ' "$cache/checked")" -ge "$n" ]
check "entries checked in full are remembered in CACHE/checked, the engine id in engine.memo" $?
LD_DEBUG=files "$bin" render "$leaflet" --cache "$cache" --manifest --quiet >"$tmp/m7" 2>"$tmp/ld7"
rc=$?
[ $rc -eq 0 ] && grep -q 'file=libsndfile' "$tmp/ld7" && ! grep -q 'libespeak-ng' "$tmp/ld7" &&
    ! grep -q 'audioleaf-espeak' "$tmp/ld7" && [ "$(grep -c '"cached":true' "$tmp/m7")" -eq "$n" ]
check "a fully cached render loads neither eSpeak NG nor its module, all $n units cached" $?
victim=$(sed -n 3p "$tmp/table" | cut -d' ' -f2)
cp -p "$victim" "$tmp/victim.ref"
printf 'XXXXXXXX' | dd of="$victim" bs=1 seek=5000 conv=notrunc 2>/dev/null
touch -r "$tmp/victim.ref" "$victim"
[ "$(stat -c '%s %Y' "$victim")" = "$(stat -c '%s %Y' "$tmp/victim.ref")" ]
check "the damaged entry keeps its size and mtime" $?
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet >"$tmp/m8"
only_rendered "$tmp/m8" "$victim"
check "an entry damaged after its check is rendered again, the others trusted" $?
! cmp -s "$victim" "$tmp/victim.ref" && python3 "$src/tests/data/check_cache_wav.py" "$victim"
check "the entry rendered again is whole" $?
"$bin" render "$leaflet" --cache "$cache" --manifest --quiet --verify >"$tmp/m9"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '"cached":true' "$tmp/m9")" -eq "$n" ]
check "--verify reads every entry in full: all $n cached and sound" $?

# A folder renders every leaflet in it; several files are told apart in the manifest.
"$bin" render "$src/content" --cache "$cache" --manifest --quiet >"$tmp/m6"; rc=$?
want=0
for f in "$src"/content/*.txt; do
    want=$((want + $("$bin" script "$f" | wc -l)))
done
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/m6")" -eq "$want" ] && grep -q '"leaflet"' "$tmp/m6"
check "a folder renders all its leaflets ($want units)" $?

# Errors: a bad leaflet gives FILE:LINE:COL and exit 1, and renders nothing.
printf 'Title:\n\nGood text.\nbad \377 byte\n' >"$tmp/bad.txt"
before=$(find "$cache" -name '*.wav' | wc -l)
err=$("$bin" render "$tmp/bad.txt" --cache "$cache" 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && grep -Eq "^$tmp/bad.txt:4:[0-9]+: " <<<"$err"
check "a bad leaflet: exit 1 and FILE:LINE:COL (got $rc: $err)" $?
"$bin" render "$leaflet" "$tmp/bad.txt" --cache "$cache" >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && [ "$(find "$cache" -name '*.wav' | wc -l)" -eq "$before" ]
check "one bad leaflet among several: exit 1 before anything is rendered" $?
err=$("$bin" render "$tmp/missing.txt" --cache "$cache" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "missing.txt" <<<"$err"
check "a missing file: exit 1 naming it" $?
err=$("$bin" render "$leaflet" --cache /dev/null/sub 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "^audioleaf render: cache /dev/null/sub: " <<<"$err"
check "an unusable cache folder: exit 1 and a clear message ($err)" $?
# A full disk (here a file size limit): exit 1 with the reason, no entry left broken,
# no temporary file left behind.
err=$(ulimit -f 100; "$bin" render "$leaflet" --cache "$tmp/full" --quiet 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "cannot write to the cache folder: File too large" <<<"$err" &&
    [ -z "$(find "$tmp/full" -name '.tmp-*')" ] &&
    { [ -z "$(find "$tmp/full" -name '*.wav')" ] ||
        python3 "$src/tests/data/check_cache_wav.py" "$tmp/full"/*.wav; }
check "a full disk: exit 1 saying why, nothing broken or temporary left (got $rc)" $?
err=$("$bin" render "$leaflet" --voice nosuch --cache "$cache" 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "nosuch" <<<"$err"
check "an unknown voice: exit 2 (a bad command line) naming it" $?
"$bin" render "$leaflet" --rate 5 --cache "$cache" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "--rate out of range: usage error 2" $?
"$bin" render --cache "$cache" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ]
check "no FILE: usage error 2" $?

# Markup is text: no 90 s pause, no audio fetched, no program run.  A fake sox first on
# PATH would leave a file behind if eSpeak NG ever ran it.
mkdir "$tmp/bin"
printf '#!/bin/sh\ntouch "%s/ran"\n' "$tmp" >"$tmp/bin/sox"
chmod +x "$tmp/bin/sox"
cat >"$tmp/markup.txt" <<'EOF'
Markup test:

Wait <break time="90s"/> for the nurse. Then <audio src="x.wav">listen</audio> & relax.
EOF
PATH="$tmp/bin:$PATH" "$bin" render "$tmp/markup.txt" --cache "$cache" --manifest --quiet \
    >"$tmp/m7"; rc=$?
frames=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["frames"])' \
    "$tmp/m7")
secs=$(( frames / 22050 ))
# Measured: about 8 s of speech (the markup is read out); a 90 s break would dwarf it.
[ $rc -eq 0 ] && [ "$secs" -ge 3 ] && [ "$secs" -le 20 ] && [ ! -e "$tmp/ran" ]
check "markup is spoken as text in ordinary time ($secs s) and runs nothing" $?

exit $fail
