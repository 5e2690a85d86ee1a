#!/usr/bin/env bash
# script of the example leaflet (../shared/seeds): alternatives spoken as "this leaflet",
# never "slash" or "/", one unit per section, question and the last-updated line.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
seed="$src/../shared/seeds/hepatic-calcification-leaflet.txt"
if [ ! -e "$seed" ]; then
    echo "SKIP: no seed leaflet at $seed"
    exit 77
fi
out=$("$bin" script "$seed"); rc=$?
[ $rc -eq 0 ]
check "script of the seed exits 0" $?
! grep -qi 'slash' <<<"$out" && ! grep -q '/' <<<"$out"
check "no 'slash' and no '/' in the seed's script" $?
grep -q 'content of this leaflet is provided' <<<"$out"
check "the seed's disclaimer says 'this leaflet'" $?
units=$(wc -l <<<"$out")
[ "$units" -eq 18 ]
check "18 units: 8 sections, 9 questions, the updated line (got $units)" $?
ids=$(cut -f1 <<<"$out" | tr '\n' ' ')
want="s1 s2 s3 s4 s5 s6 s7 s7.q1 s7.q2 s7.q3 s7.q4 s7.q5 s7.q6 s7.q7 s7.q8 s7.q9 s8 updated "
[ "$ids" = "$want" ]
check "units in playing order: $ids" $?

json=$("$bin" outline --json "$seed")
python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["title"] == "What is a Hepatic (Liver) Calcification?", d["title"]
assert d["updated"] == "December 2024"
kinds = [s["kind"] for s in d["sections"]]
assert kinds == ["question"] * 7 + ["disclaimer"], kinds
assert [i["id"] for i in d["sections"][6]["items"]] == ["s7.q%d" % k for k in range(1, 10)]
' "$json"
check "outline --json of the seed: title, updated, 7 questions + disclaimer, s7.q1..s7.q9" $?
exit $fail
