#!/usr/bin/env bash
# e2e_asterisk.sh: the phone export in a real, private Asterisk: every bundled leaflet (and a
# short one) installed in its own language's sounds folder, one codec each; calls over Local
# channels send keys at set times, Asterisk's verbose log tells which prompt was played next,
# and each call's recording (MixMonitor) must be those exported prompts, sample for sample
# (tests/phone_match.py).
# Needs /opt/audioleaf-asterisk, or $AUDIOLEAF_ASTERISK (tools/test builds it with
# ../shared/vendor/build-asterisk);
# skips without it unless AUDIOLEAF_ASTERISK_REQUIRED is set, then it fails.
. "$(dirname "$0")/lib.sh"
e2e_setup
prefix=${AUDIOLEAF_ASTERISK:-/opt/audioleaf-asterisk}
ast=$prefix/sbin/asterisk
if [ ! -x "$ast" ]; then
    if [ -n "${AUDIOLEAF_ASTERISK_REQUIRED:-}" ]; then
        echo "FAIL - no Asterisk at $ast (AUDIOLEAF_ASTERISK_REQUIRED is set)"
        exit 1
    fi
    echo "skip: no Asterisk at $ast (tools/test builds it)"
    exit 77
fi
command -v python3 >/dev/null || { echo "skip: needs python3"; exit 77; }
match=$src/tests/phone_match.py

# The installs: LEAFLET CODEC, one codec's files only in each (WAV: the .wav files only), so
# that the log and the recording show which files Asterisk found and played.
cat >"$tmp/Short Note.txt" <<'TXT'
Short Note

What is this?

A short leaflet for a phone test.

Questions to ask

- Is it short?
- Is it clear?
TXT
installs="content/hepatic-calcification.txt:ulaw content/echogenic-bowel.txt:slin
content/intestino-ecogenico.txt:wav content/madoa-ya-ini.txt:alaw Short-Note:alaw"
run=$tmp/ast
mkdir -p "$run"/{etc,lib,db,spool,run,log,keys,cache,data/sounds}
n=0
pids=()
for i in $installs; do    # the exports at once, each with its own cache
    n=$((n + 1))
    leaf=${i%:*} codec=${i#*:}
    [ "$leaf" = Short-Note ] && leaf="$tmp/Short Note.txt" || leaf=$src/$leaf
    { "$bin" export "$leaf" --phone "$tmp/x$n" --codec "${codec/wav/ulaw}" --cache "$tmp/cache$n" \
        --quiet; echo $? >"$tmp/x$n.rc"; } &
    pids+=($!)
done
wait "${pids[@]}"
n=0
for i in $installs; do
    n=$((n + 1))
    leaf=${i%:*} codec=${i#*:}
    st=$(cat "$tmp/x$n.rc")
    check "export of ${leaf#content/}, $codec (exit $st)" $st
    keep=${codec/slin/sln}
    for d in "$tmp/x$n"/asterisk/*/audioleaf; do
        lang=$(basename "$(dirname "$d")")
        mkdir -p "$run/data/sounds/$lang/audioleaf"
        cp "$d"/*."$keep" "$run/data/sounds/$lang/audioleaf/"
    done
    # The dialplan as exported, unchanged.
    cp "$tmp/x$n/asterisk/extensions_audioleaf.conf" "$run/etc/extensions_x$n.conf"
done
# Per sounds folder, each leaflet's files and their kinds: one kind per leaflet.
(cd "$run/data/sounds" && ls */audioleaf/* | sed -E 's#/audioleaf/(.*)-[^.]*\.# \1 #' |
    sed -E 's/ (hepatic-calcification|echogenic-bowel|intestino-ecogenico|madoa-ya-ini|short-note)-.* / \1 /' |
    sort -u | tr '\n' ' ') >"$tmp/kinds"
[ "$(cat "$tmp/kinds")" = "en echogenic-bowel sln en hepatic-calcification ulaw en short-note alaw es intestino-ecogenico wav sw madoa-ya-ini alaw " ]
st=$?
check "installed: $(cat "$tmp/kinds")" $st
# One more copy of the example leaflet's dialplan, its contexts renamed audioleaf-quick-…,
# whose waits are shortened (8 s -> 3 s, the pause's 60 s -> 4 s) so that a pause left to
# run out (four "Paused", goodbye) fits in the test's time; the other calls use the real
# dialplans, with the real waits.
sed -e 's/WaitExten(8)/WaitExten(3)/; s/WaitExten(60)/WaitExten(4)/' \
    -e 's/audioleaf-hepatic-calcification/audioleaf-quick-hepatic-calcification/g' \
    "$tmp/x1/asterisk/extensions_audioleaf.conf" >"$run/etc/extensions_quick.conf"
grep -q 'WaitExten(4)' "$run/etc/extensions_quick.conf" && grep -q 'WaitExten(3)' "$run/etc/extensions_quick.conf" &&
    grep -q 'WaitExten(60)' "$run/etc/extensions_x1.conf" && grep -q 'WaitExten(8)' "$run/etc/extensions_x1.conf"
st=$?
check "the quick copy waits 3 s and, paused, 4 s; the installed dialplans 8 s and 60 s" $st

cat >"$run/etc/asterisk.conf" <<CONF
[directories]
astetcdir => $run/etc
astmoddir => $prefix/lib/asterisk/modules
astvarlibdir => $run/lib
astdbdir => $run/db
astkeydir => $run/keys
astdatadir => $run/data
astagidir => $run/data/agi-bin
astspooldir => $run/spool
astrundir => $run/run
astlogdir => $run/log
astcachedir => $run/cache
[options]
verbose = 3
CONF
# Asterisk checks its configuration against its XML documentation, kept in astdatadir.
ln -s "$prefix/var/lib/asterisk/documentation" "$run/data/documentation"
printf '[modules]\nautoload = yes\n' >"$run/etc/modules.conf"
# Milliseconds in the log: the real waits are measured from it.
printf '[general]\ndateformat = %%F %%T.%%3q\n[logfiles]\nfull => notice,warning,error,verbose\n' \
    >"$run/etc/logger.conf"

# The calls: NAME CONTEXT KEYS, KEYS being "SECONDS:DIGITS" (seconds after the answer) and
# "SECONDS:hangup"; EXPECT is, per key, the prompt played next (A-D reach the 'i'
# extension); HEARD is every prompt the caller hears, in order: the log's plays and the
# recording must be exactly these.  Welcomes last 15-22 s; parts 2.5 s or more.
python3 - "$run" "$tmp/matches" >"$tmp/plan.json" <<'PY'
import json, sys
run, matches = sys.argv[1:]
H, N = "hepatic-calcification", "short-note"
# Leaflet: (language, file extension, the format Asterisk names when it plays such a file:
# format_wav and format_sln both give 16-bit linear, "slin"), as installed above.
inst = {H: ("en", "ulaw", "ulaw"), "echogenic-bowel": ("en", "sln", "slin"),
        "intestino-ecogenico": ("es", "wav", "slin"), "madoa-ya-ini": ("sw", "alaw", "alaw"),
        N: ("en", "alaw", "alaw")}
S = [
  # 6 in the welcome goes to part 1; 6 next section; 4 back; 5 again.
  dict(name="six", leaf=H, keys=[(3, "6"), (6, "6"), (9, "4"), (12, "5"), (15, "hangup")],
       expect=[("6", "s01"), ("6", "s02"), ("4", "s01"), ("5", "s01")],
       heard="welcome s01 s02 s01 s01"),
  # 4 in the welcome: "first section", then the wait.
  dict(name="four", leaf=H, keys=[(3, "4"), (8, "hangup")], expect=[("4", "first-section")],
       heard="welcome first-section"),
  # 1 acts at once: 6 during "from the start" goes to part 1, not past the old place.
  dict(name="start", leaf=H, keys=[(3, "6"), (6, "6"), (9, "1"), (11, "6"), (14, "hangup")],
       expect=[("6", "s01"), ("6", "s02"), ("1", "welcome-short"), ("6", "s01")],
       heard="welcome s01 s02 welcome-short s01"),
  # 3 questions, 8 items, 6 the first question, 2 sections, 6 the next section.
  dict(name="levels", leaf=H,
       keys=[(3, "3"), (5, "8"), (9, "6"), (12, "2"), (16, "6"), (19, "hangup")],
       expect=[("3", "s07"), ("8", "level-items"), ("6", "s07-q01"), ("2", "level-sections"),
               ("6", "s08")],
       heard="welcome s07 level-items s07-q01 level-sections s08"),
  # The place survives every key: in part 3, each of * # 8 2 0 A 7 9 B C D, then 5 plays
  # part 3 again.
  dict(name="keep", leaf=H,
       keys=[(3, "6"), (5, "6"), (7, "6"), (10, "*"), (13, "#"), (16, "5"), (19, "8"),
             (22, "5"), (25, "2"), (28, "5"), (31, "0"), (35, "0"), (38, "A"), (41, "5"),
             (44, "7"), (47, "9"), (50, "B"), (53, "C"), (56, "D"), (59, "5"), (62, "hangup")],
       expect=[("6", "s01"), ("6", "s02"), ("6", "s03"), ("*", "help"), ("#", "where-s03"),
               ("5", "s03"), ("8", "level-items"), ("5", "s03"), ("2", "level-sections"),
               ("5", "s03"), ("0", "paused"), ("0", "s03"), ("A", "invalid"), ("5", "s03"),
               ("7", "invalid"), ("9", "invalid"), ("B", "invalid"), ("C", "invalid"),
               ("D", "invalid"), ("5", "s03")],
       heard="welcome s01 s02 s03 help where-s03 s03 level-items s03 level-sections s03 "
             "paused s03 invalid s03 invalid invalid invalid invalid invalid s03"),
  # 0 pauses; after the real 60 s "Paused" again; 0 goes on with the part.
  dict(name="pause", leaf=H, keys=[(3, "6"), (5, "0"), (74, "0"), (77, "hangup")],
       expect=[("6", "s01"), ("0", "paused"), ("0", "s01")],
       heard="welcome s01 paused paused s01", waits=["60"]),
  # Paused with no key (the quick copy): "Paused" three times more, goodbye, hang-up.
  dict(name="pausequick", leaf=H, ctx="audioleaf-quick-" + H,
       keys=[(3, "6"), (5, "0"), (80, "hangup")], expect=[("6", "s01"), ("0", "paused")],
       heard="welcome s01 paused paused paused paused goodbye", ends=True, waits=["4"] * 4),
  # # where am I; the real 8 s wait, a re-prompt; # again while it plays; 5 the part.
  dict(name="where", leaf=H,
       keys=[(3, "6"), (5, "#"), (25, "#"), (28, "5"), (31, "hangup")],
       expect=[("6", "s01"), ("#", "where-s01"), ("#", "where-s01"), ("5", "s01")],
       heard="welcome s01 where-s01 timeout where-s01 s01", waits=["8"]),
  # Fast keys: three 6s in one burst move three parts.
  dict(name="fast", leaf=H, keys=[(3, "666"), (9, "hangup")],
       expect=[("6", "s01"), ("6", "s02"), ("6", "s03")], heard="welcome s01 s02 s03"),
  # Hang-ups in the middle of the welcome and of a part.
  dict(name="hangup", leaf=H, keys=[(4, "hangup")], expect=[], heard="welcome"),
  dict(name="hangup2", leaf=H, keys=[(3, "6"), (6, "hangup")], expect=[("6", "s01")],
       heard="welcome s01"),
  # No keys, the short leaflet: every part, the end, the real 8 s waits with three
  # re-prompts, goodbye, hang-up.
  dict(name="nokeys", leaf=N, keys=[(170, "hangup")], expect=[],
       heard="welcome s01 s02 s03 s03-q01 s03-q02 end timeout timeout timeout goodbye",
       ends=True, waits=["8"] * 4),
]
# Each bundled leaflet in its language: next, back, questions, items, where am I, again.
for leaf, q in (("echogenic-bowel", "s08"), ("intestino-ecogenico", "s08"),
                ("madoa-ya-ini", "s07")):
    S.append(dict(name="tour-" + leaf, leaf=leaf,
                  keys=[(3, "6"), (6, "6"), (9, "4"), (12, "3"), (13.5, "8"), (17, "6"),
                        (18.5, "#"), (22, "5"), (23.5, "hangup")],
                  expect=[("6", "s01"), ("6", "s02"), ("4", "s01"), ("3", q),
                          ("8", "level-items"), ("6", q + "-q01"), ("#", "where-%s-q01" % q),
                          ("5", q + "-q01")],
                  heard="welcome s01 s02 s01 %s level-items %s-q01 where-%s-q01 %s-q01"
                        % (q, q, q, q)))
ctx = ["[audioleaf-test]"]
m = open(matches, "w")
for s in S:
    s.setdefault("ctx", "audioleaf-" + s["leaf"])
    s["heard"] = s["heard"].split()
    s["lang"], s["ext"], s["fmt"] = inst[s["leaf"]]
    # The recording and the files of the prompts heard, for tests/phone_match.py.
    print(s["name"], "%s/rec-%s.wav" % (run, s["name"]),
          " ".join("%s/data/sounds/%s/audioleaf/%s-%s.%s" % (run, s["lang"], s["leaf"], h, s["ext"])
                   for h in s["heard"]), file=m)
    ctx.append("exten => %s,1,NoOp(scenario %s)" % (s["name"], s["name"]))
    ctx.append(" same => n,MixMonitor(%s/rec-%s.wav)" % (run, s["name"]))
    t = 0
    for at, k in s["keys"]:
        ctx.append(" same => n,Wait(%g)" % (at - t))
        t = at
        ctx.append(" same => n,Hangup()" if k == "hangup" else " same => n,SendDTMF(%s)" % k)
inc = "".join('#include "extensions_%s.conf"\n' % x for x in
              ("x1", "x2", "x3", "x4", "x5", "quick"))
open(run + "/etc/extensions.conf", "w").write(
    "[general]\nstatic=yes\n\n" + inc + "\n" + "\n".join(ctx) + "\n")
json.dump(S, sys.stdout)
PY
st=$?
check "the test dialplan is written" $st

"$ast" -C "$run/etc/asterisk.conf" -f >"$run/console.log" 2>&1 &
apid=$!
stop_asterisk() {
    "$ast" -C "$run/etc/asterisk.conf" -rx "core stop now" >/dev/null 2>&1
    wait_until 10 bash -c "! kill -0 $apid 2>/dev/null" || kill "$apid" 2>/dev/null
}
trap 'stop_asterisk; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
rx() { "$ast" -C "$run/etc/asterisk.conf" -rx "$1" 2>&1; }
booted() { "$ast" -C "$run/etc/asterisk.conf" -rx "core waitfullybooted" >/dev/null 2>&1; }
answered() { [ "$(grep -c 'Executing \[s@audioleaf-[a-z-]*:1\] Answer' "$run/log/full")" -ge "$1" ]; }
all_ended() { rx "core show channels count" | grep -q '^0 active channels'; }
wait_until 60 booted
st=$?
check "a private Asterisk starts (pid $apid)" $st
[ $st -eq 0 ] || { tail -20 "$run/console.log"; exit 1; }
for c in hepatic-calcification echogenic-bowel intestino-ecogenico madoa-ya-ini short-note \
    quick-hepatic-calcification; do
    show=$(rx "dialplan show audioleaf-$c-paused")
    grep -q "'audioleaf-$c-paused'" <<<"$show" && ! grep -qi "include" <<<"$show" &&
        rx "dialplan show s@audioleaf-$c" | grep -q "Answer()"
    st=$?
    check "the contexts audioleaf-$c load; the paused one includes nothing" $st
done
warn=$(grep -E "WARNING|ERROR" "$run/log/full" | grep -i "extensions\|pbx_config\|audioleaf" | head -3)
[ -z "$warn" ]
st=$?
check "no warning while loading the dialplans ($warn)" $st

python3 - "$tmp/plan.json" <<'PY' >"$tmp/calls"
import json, sys
for s in json.load(open(sys.argv[1])):
    print("channel originate Local/s@%s extension %s@audioleaf-test" % (s["ctx"], s["name"]))
PY
# Each call's recording is compared with the exported prompts as soon as it is closed
# (MixMonitor says "End MixMonitor Recording" after closing it), while the longer calls go
# on: tests/phone_match.py, in the background at the lowest priority (Asterisk must not
# fall behind: its recording thread then drops audio), pids kept (a plain `wait` would wait
# for Asterisk too).  Three calls are compared a second time with a wrong prompt in the list.
wrongs="six:s01:s02 tour-intestino-ecogenico:where-s08-q01:where-s08-q02 nokeys:s03-q01:s03-q02"
pids=()
started=" "
compare() { # OUT REC FILES...: phone_match's output in OUT, its status in OUT.rc
    local out=$1
    shift
    { nice -n 19 python3 "$match" "$@" >"$out" 2>&1 </dev/null; echo $? >"$out.rc"; } &
    pids+=($!)
}
start_matches() {
    local name rec files num w n from to
    while read -r name rec files; do
        [[ $started == *" $name "* ]] && continue
        num=$(grep -o "Executing \[$name@audioleaf-test:1\] NoOp(\"Local/[^\"]*;1" "$run/log/full" |
            grep -o -- '-[0-9a-f]*;1$')
        [ -n "$num" ] && grep -q -- "End MixMonitor Recording Local/.*$num\$" "$run/log/full" ||
            continue
        started+="$name "
        # shellcheck disable=SC2086 # the files are one word each
        compare "$tmp/match-$name" "$rec" $files
        for w in $wrongs; do
            IFS=: read -r n from to <<<"$w"
            # shellcheck disable=SC2046
            [ "$n" = "$name" ] && compare "$tmp/wrong-$name" "$rec" $(sed "s#-$from\.#-$to.#" <<<"$files")
        done
    done <"$tmp/matches"
}
start=$EPOCHREALTIME
while read -r c; do rx "$c" >/dev/null; done <"$tmp/calls"
ncalls=$(wc -l <"$tmp/calls")
wait_until 15 answered "$ncalls"
st=$?
check "$ncalls calls answered at once" $st
# Every call ends by itself (its hang-up, or goodbye); bounded by the longest scenario.
until all_ended || [ $(( (${EPOCHREALTIME/./} - ${start/./}) / 1000000 )) -ge 175 ]; do
    start_matches
    sleep 0.5
done
all_ended
st=$?
secs=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000000 ))
check "every call has ended (after $secs s)" $st
start_matches

# What the log says: per call, the prompt played after each key, every prompt heard, the
# files' codec and language, the real waits measured, and how the call ended.
python3 - "$tmp/plan.json" "$run/log/full" <<'PY'
import datetime, json, re, sys
plan = json.load(open(sys.argv[1]))
log = open(sys.argv[2], errors="replace").read().splitlines()
ts = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\]")
ex = re.compile(r'Executing \[([^@\]]+)@([^:]+):(\d+)\] (\w+)\("Local/s@[^"]*-([0-9a-f]{8});([12])"'
                r'(?:, "([^"]*)")?')
pl = re.compile(r"<Local/s@[^>]*-([0-9a-f]{8});2> Playing 'audioleaf/([^.']+)\.(\w+)' "
                r"\(language '(\w+)'\)")
scen, events = {}, {}
for line in log:
    m = ts.search(line)
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp() if m else 0
    m = ex.search(line)
    if m:
        exten, ctx, pri, app, num, leg, args = m.groups()
        if leg == "1" and ctx == "audioleaf-test" and pri == "1":
            scen[exten] = num
        elif leg == "2" and ctx.startswith("audioleaf-") and ctx != "audioleaf-test":
            ev = events.setdefault(num, [])
            if pri == "1" and (len(exten) == 1 or exten in ("i", "t")):
                ev.append(("key", exten, t))
            if app == "Hangup":
                ev.append(("hangup", "", t))
            if app == "WaitExten":
                ev.append(("wait", args, t))
        continue
    m = pl.search(line)
    if m:
        num, f, ext, lang = m.groups()
        events.setdefault(num, []).append(("play", (f, ext, lang), t))
fail = 0
def check(desc, ok):
    global fail
    print(("ok - " if ok else "FAIL - ") + desc)
    fail |= not ok
for s in plan:
    name, leaf = s["name"], s["leaf"]
    lang, ext, fmt = s["lang"], s["ext"], s["fmt"]
    num = scen.get(name)
    if not num:
        check("%s: the call ran" % name, False)
        continue
    ev = events.get(num, [])
    plays = [(v[0][len(leaf) + 1:], v[1], v[2], t) for k, v, t in ev if k == "play"]
    got, i = [], 0
    for key, want in s["expect"]:
        kev = "i" if key in "ABCD" else key
        j = next((j for j in range(i, len(ev)) if ev[j][:2] == ("key", kev)), None)
        if j is None:
            got.append("%s->(no key)" % key)
            break
        nxt = next((v[0][len(leaf) + 1:] for k, v, _ in ev[j + 1:] if k == "play"),
                   "(nothing)")
        got.append("%s->%s" % (key, nxt))
        i = j + 1
    want = ["%s->%s" % tuple(kw) for kw in s["expect"]]
    if want:
        check("%s: %s (heard %s)" % (name, " ".join(want), " ".join(got)), got == want)
    heard = [p[0] for p in plays]
    check("%s: the prompts played are %s (%s)" % (name, " ".join(s["heard"]), " ".join(heard)),
          heard == s["heard"])
    fl = sorted(set((p[1], p[2]) for p in plays))
    check("%s: .%s files (%s), from sounds/%s (%s)" % (name, ext, fmt, lang, fl),
          fl == [(fmt, lang)])
    if s.get("ends"):
        check("%s: the dialplan hung up after goodbye" % name,
              ev[-1][0] == "hangup" and heard[-1:] == ["goodbye"])
    # The waits that ran out: WaitExten(N) to its 't' extension, measured in the log.
    waits = [(v, ev[k + 1][2] - t) for k, (kind, v, t) in enumerate(ev[:-1])
             if kind == "wait" and ev[k + 1][:2] == ("key", "t")]
    want = s.get("waits", [])
    check("%s: the waits that ran out: %s (%s)" % (
              name, " ".join("%s s" % w for w in want) or "none",
              " ".join("WaitExten(%s) %.2f s" % w for w in waits) or "none"),
          [w for w, _ in waits] == want
          and all(float(w) - 0.05 <= d <= float(w) + 1.5 for w, d in waits))
missing = [l for l in log if "does not exist" in l or "Unable to find" in l]
check("no prompt file missing (%s)" % missing[:1], not missing)
sys.exit(fail)
PY
st=$?
check "per key, the prompt played next is the one the README promises" $st

# What the caller heard: each call's recording must be the exported prompts heard, in order
# (tests/phone_match.py: decoded to linear, found from their speech onsets, at least 40 ms of
# speech of each at a normalised cross-correlation of 0.95 or more; nothing else spoken).
wait "${pids[@]}"
while read -r name rec files; do
    st=$(cat "$tmp/match-$name.rc" 2>/dev/null || echo 1)
    [ "$st" = 0 ] || sed 's/^/# /' "$tmp/match-$name" 2>/dev/null || echo "# no recording closed"
    low=$(sed -n 's/^ok - .* NCC \([0-9.]*\).*/\1/p' "$tmp/match-$name" 2>/dev/null | sort -n | head -1)
    check "$name: the recording is the prompts heard ($(grep -c '^ok - ' "$tmp/match-$name" 2>/dev/null) of $(wc -w <<<"$files"), lowest NCC ${low:-none}, $(grep -c 'recording lost' "$tmp/match-$name" 2>/dev/null) gap(s) in the recording)" $st
done <"$tmp/matches"

# A wrong expectation must fail: the recording of "six" against part 2 where part 1 was
# heard (ulaw), the Spanish tour against "where am I" of item 2 where item 1's was heard
# (WAV: both begin with the same words), the short leaflet with its two items swapped (alaw).
for w in "six:part 2 for part 1:^FAIL - hepatic-calcification-s02.ulaw" \
    "tour-intestino-ecogenico:where am I of item 2 for item 1:^FAIL - intestino-ecogenico-where-s08-q02.wav" \
    "nokeys:the short leaflet's item 2 for item 1:^FAIL - short-note-s03-q02.alaw"; do
    IFS=: read -r name desc want <<<"$w"
    [ "$(cat "$tmp/wrong-$name.rc" 2>/dev/null)" = 1 ] && grep -q "$want" "$tmp/wrong-$name"
    st=$?
    check "a swapped prompt fails: $name, $desc ($(grep -m1 '^FAIL' "$tmp/wrong-$name" 2>/dev/null))" $st
done
lowest=$(sed -n 's/^ok - .* NCC \([0-9.]*\).*/\1/p' "$tmp"/match-* | sort -n | head -1)
highest=$(sed -n 's/^FAIL - .* NCC \([0-9.]*\).*/\1/p' "$tmp"/wrong-* | sort -n | tail -1)
echo "# NCC: the prompts heard $lowest or more; a wrong prompt at most ${highest:-none}"
exit $fail
