#!/usr/bin/env bash
# e2e_stats: 'play --log' (or AUDIOLEAF_LOG=1) writes one JSON line per unit heard to
# $XDG_STATE_HOME/audioleaf/listening.jsonl (skipped or finished, seconds heard, the hour
# only); without it nothing is written; 'audioleaf stats' sums it per leaflet and section
# and reports a damaged line as FILE:LINE:COL without stopping.
set -u
bin=${AUDIOLEAF_BIN:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "skip: AUDIOLEAF_BIN is not set to the audioleaf binary"; exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skip: python3 is needed to read the log"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/xdgcache
unset AUDIOLEAF_LOG
log=$tmp/state/audioleaf/listening.jsonl
fail=0
. "$(dirname "$0")/lib.sh" # check
mkdir -p "$tmp/lib"
cat > "$tmp/lib/cut.txt" <<'EOF2'
# Looking after a small cut

Wash the cut with clean water. Cover it with a clean plaster and keep it dry for a day.

When should I see a nurse?

See a nurse if the cut gets red, hot or swollen.

Questions to ask:

- Does it need stitches?
- When can I swim?
EOF2
cache=$tmp/cache
"$bin" render "$tmp/lib/cut.txt" --cache "$cache" --manifest --quiet > "$tmp/m.jsonl" ||
    { echo "FAIL: render"; exit 1; }
# Seconds of unit s2, from its frames.
s2=$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    m = json.loads(l)
    if m["id"] == "s2": print("%.2f" % (m["frames"] / m["rate"]))' "$tmp/m.jsonl")

# Logging off (the default): nothing is written, not even the folder.
"$bin" play "$tmp/lib/cut.txt" --cache "$cache" --device null --no-resume --quiet \
    --keys "wait=1 6 wait=1 q" > /dev/null 2> "$tmp/err"
check "play without --log exits 0" $?
[ ! -e "$tmp/state" ]
check "without --log nothing is written under XDG_STATE_HOME" $?
AUDIOLEAF_LOG=0 "$bin" play "$tmp/lib/cut.txt" --cache "$cache" --device null --no-resume \
    --quiet --keys "wait=1 q" > /dev/null 2>&1
[ ! -e "$tmp/state" ]
check "AUDIOLEAF_LOG=0 writes nothing" $?

# s1 for 1 s then 6 (skipped); s2 to its end (finished); s3 for about 0.5 s, then q.
wait2=$(python3 -c "print('%.2f' % ($s2 + 0.5))")
"$bin" play "$tmp/lib/cut.txt" --cache "$cache" --device null --no-resume --log --quiet \
    --keys "wait=1 6 wait=$wait2 q" > /dev/null 2> "$tmp/err"
check "play --log exits 0" $?
[ -s "$log" ]
check "play --log writes $log" $?
# With the switch in the environment (as a kiosk's systemd unit would set it): 5 restarts s1.
AUDIOLEAF_LOG=1 "$bin" play "$tmp/lib/cut.txt" --cache "$cache" --device null --no-resume \
    --quiet --keys "wait=0.8 5 wait=0.6 q" > /dev/null 2>> "$tmp/err"
check "AUDIOLEAF_LOG=1 play exits 0" $?
python3 - "$log" "$s2" <<'EOF2'
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "the log ends with a whole line"
recs = [json.loads(l) for l in lines[:-1]]
got = [(r["unit"], r["end"]) for r in recs]
want = [("s1", "skipped"), ("s2", "finished"), ("s3", "skipped"),
        ("s1", "skipped"), ("s1", "skipped")]
assert got == want, "units logged: %s, want %s" % (got, want)
s2 = float(sys.argv[2])
secs = [r["seconds"] for r in recs]
for got_s, want_s in zip(secs, [1.0, s2, 0.5, 0.8, 0.6]):
    assert abs(got_s - want_s) < 0.35, "seconds %s, want about %s" % (secs, want_s)
for r in recs:
    # Nothing about the listener: these fields only, the leaflet's file name (no folder),
    # the time to the hour.
    assert set(r) == {"time", "leaflet", "title", "language", "unit", "section", "seconds",
                      "end"}, sorted(r)
    assert r["leaflet"] == "cut.txt" and r["title"] == "Looking after a small cut", r
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:00Z", r["time"]), r["time"]
assert recs[1]["section"] == "When should I see a nurse?", recs[1]
print("ok - the log holds s1 skipped, s2 finished, s3 skipped, s1 skipped twice; "
      "seconds %s" % secs)
EOF2
check "the log records what was heard" $?

"$bin" stats > "$tmp/out" 2> "$tmp/err"
check "audioleaf stats exits 0" $?
grep -qE "^cut.txt: Looking after a small cut: started 5, finished 1, skipped 4, " "$tmp/out"
check "stats: the leaflet line counts 5 starts, 1 finished, 4 skipped" $?
grep -qE "^  s1 Looking after a small cut: started 3, finished 0, skipped 3, listened [0-9]+ s$" \
    "$tmp/out"
check "stats: s1 started 3 times, skipped 3 times" $?
grep -qE "^  s2 When should I see a nurse\?: started 1, finished 1, skipped 0, " "$tmp/out"
check "stats: s2 finished once" $?
[ ! -s "$tmp/err" ]
check "stats prints nothing on stderr for a good log" $?
"$bin" stats --json > "$tmp/out.json"
python3 - "$tmp/out.json" <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["records"] == 5, d
(l,) = d["leaflets"]
assert (l["leaflet"], l["started"], l["finished"], l["skipped"]) == ("cut.txt", 5, 1, 4), l
assert [s["section"] for s in l["sections"]] == ["s1", "s2", "s3"], l["sections"]
assert abs(l["seconds"] - sum(s["seconds"] for s in l["sections"])) < 0.11, l
EOF2
check "stats --json gives the same counts" $?

# A damaged line (a cut-off write) is reported with its place and skipped.
cp "$log" "$tmp/damaged.jsonl"
printf '{"leaflet":"cut.txt","unit":"s2","seconds":}\n' >> "$tmp/damaged.jsonl"
cat "$log" >> "$tmp/damaged.jsonl"
"$bin" stats --log "$tmp/damaged.jsonl" > "$tmp/out" 2> "$tmp/err"
check "stats with a damaged line still exits 0" $?
# Column counted by hand: the '}' where the value should be is byte 44.
grep -qF "$tmp/damaged.jsonl:6:44: " "$tmp/err"; st=$?
check "the damaged line is reported as FILE:6:44 (got: $(head -1 "$tmp/err"))" $st
grep -qE "^cut.txt: .*started 10, finished 2, skipped 8, " "$tmp/out"
check "the other lines are still summed" $?

"$bin" stats --log "$tmp/none.jsonl" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "no listening log" "$tmp/err"
check "stats without a log says so and exits 1" $?
# Not a regular file: refused at once (a FIFO is not waited on, /dev/zero not read).
mkfifo "$tmp/fifo.jsonl"
for f in /dev/zero "$tmp/fifo.jsonl"; do
    timeout 20 "$bin" stats --log "$f" > /dev/null 2> "$tmp/err"
    st=$?
    first=$(head -n 1 "$tmp/err")
    [ $st -eq 1 ] && [[ "$first" == "audioleaf stats: $f: not a regular file"* ]]
    check "stats --log $f is refused: exit $st, $first" $?
done
"$bin" stats --bogus > /dev/null 2>&1
[ $? -eq 2 ]
check "stats with an unknown option exits 2" $?

[ $fail -eq 0 ] && echo "e2e_stats: ok"
exit $fail
