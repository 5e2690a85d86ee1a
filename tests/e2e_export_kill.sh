#!/usr/bin/env bash
# e2e_export_kill: an export folder holds one complete export, the old or the new, whatever
# happens to a re-export: killed (SIGKILL) at every step of its work (AUDIOLEAF_TEST_KILL_AT)
# and from outside while it writes, the folder is byte for byte the old export or the new
# one (every file in the manifest with its hash, nothing else), and the next export leaves
# the new one and no staging folder.  Files of units that no longer exist and stray files
# of older versions go; a folder that is not an audioleaf export is never replaced; another
# run's staging folder in use, and look-alikes that are not ours, are left alone.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
cd "$tmp" || exit 1
mkdir v1 v2
# Version 1: three sections and three questions; version 2 changes a section's words and
# drops a question (its files must go).
cat > v1/ankle.txt <<'EOF2'
# Sprained ankle

What is a sprain?
A sprain is a stretched or torn ligament. It often happens when the foot turns over.

When should I get help?
Call us if you cannot put any weight on the foot.

Questions to ask

- How long will it take to heal?
- Can I walk on it?
- Do I need an X-ray?
EOF2
sed -e 's/It often happens when the foot turns over./Rest it and keep it raised./' \
    -e '/Do I need an X-ray/d' v1/ankle.txt > v2/ankle.txt
ex() { "$bin" export "$1" --phone "$2" --cache "$tmp/cache" --quiet; }

# verify DIR: every file the manifest names is there with its hash, and nothing else.
verify() {
    python3 - "$1" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
want = {"manifest.json", m["asterisk"]["dialplan"], m["freeswitch"]["ivr_menus"],
        m["freeswitch"]["dialplan"]}
bad = []
for f in m["files"]:
    want.update(f["paths"])
    h = hashlib.sha256(open(os.path.join(d, f["paths"][0]), "rb").read()).hexdigest()
    if h != f["sha256"]:
        bad.append("hash of " + f["paths"][0])
have = set()
for root, dirs, files in os.walk(d):
    have.update(os.path.relpath(os.path.join(root, x), d) for x in files)
bad += ["missing " + x for x in sorted(want - have)] + ["extra " + x for x in sorted(have - want)]
print("; ".join(bad[:4]))
sys.exit(1 if bad else 0)
PY
}
staging_left() { find "$tmp" -maxdepth 1 -name '.*.audioleaf-staging-*' | head -n 3; }

ex v1/ankle.txt A && ex v2/ankle.txt B
check "the old (A) and new (B) exports are made" $?
verify A && verify B
check "A and B hold exactly the files of their manifests, with their hashes" $?
q3=asterisk/en/audioleaf/ankle-s04-q03.ulaw
[ -f "A/$q3" ] && [ ! -e "B/$q3" ] && ! diff -rq A B >/dev/null
check "B differs from A and has no files of the dropped question" $?

# Killed at a step: the folder is A or B; the next export gives B and no staging folder.
# Every step of the start and of the end (making the staging folder, the swap, removing
# the old export) and every sixth file written in between (each run takes seconds).
odd=0 dirty=0 kills=0
kill_at() { # N: kill the re-export of v2 over A at its Nth step; 0 when it finished first
    rm -rf out && cp -a A out
    AUDIOLEAF_TEST_KILL_AT=$1 "$bin" export v2/ankle.txt --phone out --cache "$tmp/cache" \
        --quiet 2>/dev/null
    rc=$?
    [ $rc -eq 0 ] && return 0
    [ $rc -eq 137 ] || { echo "step $1: exit $rc"; odd=$((odd + 1)); }
    kills=$((kills + 1))
    if ! diff -r A out >/dev/null && ! diff -r B out >/dev/null; then
        echo "step $1: out is neither A nor B: $(diff -rq A out | head -n 2)"
        odd=$((odd + 1))
    fi
    if [ $((kills % 4)) -eq 1 ]; then
        ex v2/ankle.txt out && diff -r B out >/dev/null && [ -z "$(staging_left)" ] ||
            { echo "step $1: the next export left $(staging_left)"; dirty=$((dirty + 1)); }
    fi
    return 1
}
steps=0
for n in $(seq 1 400); do
    [ $n -le 8 ] || [ $((n % 6)) -eq 0 ] || continue
    kill_at $n && break
    steps=$n
done
tried=$steps
# The run of step $n finished: the steps between are tried one by one, then the skipped
# ones among the last ten.
for m in $(seq $((steps + 1)) $((n - 1))); do
    kill_at $m && break
    steps=$m
done
for m in $(seq $((steps - 9)) $tried); do
    [ $((m % 6)) -ne 0 ] && [ $m -gt 8 ] && { kill_at $m && odd=$((odd + 1)); }
done
[ $steps -gt 40 ] && [ $odd -eq 0 ]
check "killed at $kills of its $steps steps: the folder is always the old or the new export" $?
[ $dirty -eq 0 ]
check "after a kill the next export gives the new export and no staging folder" $?
rm -rf out && cp -a A out
AUDIOLEAF_TEST_KILL_AT=$steps "$bin" export v2/ankle.txt --phone out --cache "$tmp/cache" \
    --quiet 2>/dev/null
diff -r B out >/dev/null && [ -n "$(staging_left)" ]
check "killed at its last step ($steps), after the swap: the new export is in place" $?
ex v2/ankle.txt out && [ -z "$(staging_left)" ]
check "... and the next export removes the staging folder that held the old one" $?

# Killed from outside while writing: wait until the staging folder holds K files.
odd=0 killed=0
for k in 1 40; do
    rm -rf out && cp -a A out
    "$bin" export v2/ankle.txt --phone out --cache "$tmp/cache" --quiet 2>/dev/null &
    pid=$!
    for _ in $(seq 1 3000); do
        kill -0 $pid 2>/dev/null || break
        got=$(find "$tmp"/.out.audioleaf-staging-*/new -type f 2>/dev/null | wc -l)
        [ "$got" -ge $k ] && break
        sleep 0.01
    done
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    [ $? -eq 137 ] && killed=$((killed + 1))
    diff -r A out >/dev/null || diff -r B out >/dev/null || { echo "k=$k: mixed"; odd=1; }
    ex v2/ankle.txt out && diff -r B out >/dev/null && [ -z "$(staging_left)" ] || odd=1
done
[ $odd -eq 0 ] && [ $killed -ge 1 ]
check "kill -9 from outside after 1 and 40 files ($killed killed): old or new, then new" $?

# Strays of older versions (a hidden temporary file, a file of a unit gone) are removed.
rm -rf out && cp -a A out
touch out/asterisk/en/audioleaf/.ankle-s01.ulaw.Ab12Cd out/freeswitch/.stray
ex v2/ankle.txt out && diff -r B out >/dev/null
check "a re-export leaves exactly the new export (strays and dropped units gone)" $?

# What is not ours is never replaced or removed.
mkdir notes && echo "my notes" > notes/todo.txt
err=$(ex v1/ankle.txt notes 2>&1)
rc=$?
[ $rc -eq 1 ] && [[ "$err" == *"notes is not empty and holds no audioleaf export"* ]] &&
    [ "$(cat notes/todo.txt)" = "my notes" ] && [ "$(ls -A notes)" = todo.txt ] &&
    [ -z "$(staging_left)" ]
check "a folder with other files is refused, untouched: '$err' (exit $rc)" $?
mkdir web && echo '{"name": "my web app", "start_url": "/"}' > web/manifest.json
err=$(ex v1/ankle.txt web 2>&1)
rc=$?
[ $rc -eq 1 ] && [ "$(ls -A web)" = manifest.json ]
check "a folder with another program's manifest.json is refused (exit $rc)" $?
mkdir empty && ex v1/ankle.txt empty && diff -r A empty >/dev/null
check "an empty folder is filled" $?
mkdir -p real/prompts && ln -s real/prompts link && ex v1/ankle.txt link &&
    [ -L link ] && diff -r A real/prompts >/dev/null && ex v2/ankle.txt link &&
    [ -L link ] && diff -r B real/prompts >/dev/null && [ -z "$(find real -name '.*')" ]
check "a symbolic link to the folder stays a link; the folder it names is replaced" $?
ex v1/ankle.txt ./out/ && diff -r A out >/dev/null
check "DIR given with ./ and a trailing slash" $?

# Look-alikes: not a folder of ours (no marker, not empty), or one in use (locked).
mkdir .out.audioleaf-staging-keepme && echo x > .out.audioleaf-staging-keepme/file
ex v2/ankle.txt out && [ -f .out.audioleaf-staging-keepme/file ]
check "a look-alike staging folder without our marker is left alone" $?
rm -rf .out.audioleaf-staging-keepme
if command -v flock >/dev/null; then
    rm -rf out && cp -a A out
    AUDIOLEAF_TEST_KILL_AT=20 "$bin" export v2/ankle.txt --phone out --cache "$tmp/cache" \
        --quiet 2>/dev/null
    busy=$(staging_left)
    # Hold its marker's lock, as the run that made it would while running.
    flock "$busy/audioleaf-staging" -c "'$bin' export v2/ankle.txt --phone out \
        --cache '$tmp/cache' --quiet && [ -d '$busy/new' ]"
    check "a staging folder whose marker is locked (a run in progress) is left alone" $?
    ex v2/ankle.txt out && [ ! -e "$busy" ] && diff -r B out >/dev/null
    check "... and removed by the next export once it is free" $?
fi
exit $fail
