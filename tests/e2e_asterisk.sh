#!/usr/bin/env bash
# e2e_asterisk.sh: the phone export in a real, private Asterisk: calls over Local channels
# send keys at set times, and Asterisk's verbose log tells which prompt was played next.
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

# Two installs: the example leaflet with .ulaw prompts only, a short leaflet with .alaw
# only (so each codec's files are what Asterisk finds), then no WAV of either.
cat >"$tmp/Short Note.txt" <<'EOF'
Short Note

What is this?

A short leaflet for a phone test.

Questions to ask

- Is it short?
- Is it clear?
EOF
"$bin" export "$src/content/hepatic-calcification.txt" --phone "$tmp/x1" --cache "$tmp/cache" \
    --quiet
st=$?
check "export of the example leaflet, ulaw (exit $st)" $st
"$bin" export "$tmp/Short Note.txt" --phone "$tmp/x2" --codec alaw --cache "$tmp/cache" --quiet
st=$?
check "export of a short leaflet, alaw (exit $st)" $st

run=$tmp/ast
mkdir -p "$run"/{etc,lib,db,spool,run,log,keys,cache,data/sounds/en}
for x in x1 x2; do
    cp -r "$tmp/$x/asterisk/en/audioleaf" "$run/data/sounds/en/"
done
rm -f "$run"/data/sounds/en/audioleaf/*.wav
# Asterisk checks its configuration against its XML documentation, kept in astdatadir.
ln -s "$prefix/var/lib/asterisk/documentation" "$run/data/documentation"
# The waits are shortened for the run (8 s -> 3 s, the pause's 60 s -> 4 s) so that the
# three re-prompts and the goodbye fit in the test's time; nothing else is changed.
for x in x1 x2; do
    sed -e 's/WaitExten(8)/WaitExten(3)/; s/WaitExten(60)/WaitExten(4)/' \
        "$tmp/$x/asterisk/extensions_audioleaf.conf" >"$run/etc/extensions_$x.conf"
done
grep -q 'WaitExten(4)' "$run/etc/extensions_x1.conf" && grep -q 'WaitExten(3)' "$run/etc/extensions_x1.conf"
st=$?
check "the installed copies wait 3 s and, paused, 4 s" $st

cat >"$run/etc/asterisk.conf" <<EOF
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
EOF
cat >"$run/etc/modules.conf" <<'EOF'
[modules]
autoload = yes
EOF
cat >"$run/etc/logger.conf" <<'EOF'
[logfiles]
full => notice,warning,error,verbose
EOF

# The scenarios: NAME INSTALL KEYS, KEYS being "SECONDS:DIGITS" (seconds after the answer)
# and "SECONDS:hangup"; EXPECT is, per key event in the audioleaf context, the prompt played
# next.  The welcome of the example leaflet lasts about 19 s, its first part 16 s.
python3 - "$run" "$tmp/x1" "$tmp/x2" >"$tmp/plan.json" <<'PY'
import json, sys
run, x1, x2 = sys.argv[1:]
n1 = "hepatic-calcification"
n2 = "short-note"
S = [
  # 6 in the welcome goes to part 1; 6 next section; 4 back; 5 again.
  ("six", n1, [(3, "6"), (6, "6"), (9, "4"), (12, "5"), (15, "hangup")],
   [("6", "s01"), ("6", "s02"), ("4", "s01"), ("5", "s01")]),
  # 4 in the welcome: "first section".
  ("four", n1, [(3, "4"), (8, "hangup")], [("4", "first-section")]),
  # 1 acts at once: 6 during "from the start" goes to part 1, not past the old place.
  ("start", n1, [(3, "6"), (6, "6"), (9, "1"), (11, "6"), (14, "hangup")],
   [("6", "s01"), ("6", "s02"), ("1", "welcome-short"), ("6", "s01")]),
  # 3 questions, 8 items, 6 the first question, 2 sections, 6 the next section.
  ("levels", n1, [(3, "3"), (5, "8"), (9, "6"), (12, "2"), (16, "6"), (19, "hangup")],
   [("3", "s07"), ("8", "level-items"), ("6", "s07-q01"), ("2", "level-sections"),
    ("6", "s08")]),
  # 0 pauses; no key: "Paused" three times more, then goodbye, and the line hangs up.
  ("pause", n1, [(3, "6"), (5, "0"), (60, "hangup")],
   [("6", "s01"), ("0", "paused")]),
  # 0, a re-prompt, 0 again: the place is kept.
  ("resume", n1, [(3, "6"), (5, "0"), (14, "0"), (17, "hangup")],
   [("6", "s01"), ("0", "paused"), ("0", "s01")]),
  # An unbound key and 7: "that key does nothing", the place kept (5), * help.
  ("invalid", n1, [(3, "6"), (5, "A"), (12, "7"), (19, "5"), (22, "*"), (25, "hangup")],
   [("6", "s01"), ("i", "invalid"), ("7", "invalid"), ("5", "s01"), ("*", "help")]),
  # # where am I, during the part and again while its answer waits.
  ("where", n1, [(3, "6"), (5, "#"), (16, "#"), (20, "hangup")],
   [("6", "s01"), ("#", "where-s01"), ("#", "where-s01")]),
  # Fast keys: three 6s in one burst move three parts.
  ("fast", n1, [(3, "666"), (9, "hangup")],
   [("6", "s01"), ("6", "s02"), ("6", "s03")]),
  # Hang-up in the middle of the welcome.
  ("hangup", n1, [(4, "hangup")], []),
  # No keys, the short leaflet in alaw: every part, the end, three re-prompts, goodbye.
  ("nokeys", n2, [(150, "hangup")], []),
]
ctx = ["[audioleaf-test]"]
for name, leaf, keys, _ in S:
    ctx.append("exten => %s,1,NoOp(scenario %s)" % (name, name))
    ctx.append(" same => n,MixMonitor(%s/rec-%s.wav)" % (run, name))
    t = 0
    for at, k in keys:
        ctx.append(" same => n,Wait(%d)" % (at - t))
        t = at
        ctx.append(" same => n,Hangup()" if k == "hangup" else " same => n,SendDTMF(%s)" % k)
open(run + "/etc/extensions.conf", "w").write(
    "[general]\nstatic=yes\n\n#include \"extensions_x1.conf\"\n#include \"extensions_x2.conf\"\n\n"
    + "\n".join(ctx) + "\n")
json.dump([{"name": s[0], "leaflet": s[1], "expect": s[3]} for s in S], sys.stdout)
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
show=$(rx "dialplan show audioleaf-hepatic-calcification-paused")
grep -q "audioleaf-hepatic-calcification-paused" <<<"$show" && ! grep -qi "include" <<<"$show"
st=$?
check "the generated contexts load; the paused one includes nothing" $st
warn=$(grep -E "WARNING|ERROR" "$run/log/full" | grep -i "extensions\|pbx_config\|audioleaf" | head -3)
[ -z "$warn" ]
st=$?
check "no warning while loading the dialplan ($warn)" $st

python3 - "$tmp/plan.json" <<'PY' >"$tmp/calls"
import json, sys
for s in json.load(open(sys.argv[1])):
    print("channel originate Local/s@audioleaf-%s extension %s@audioleaf-test"
          % (s["leaflet"], s["name"]))
PY
while read -r c; do rx "$c" >/dev/null; done <"$tmp/calls"
ncalls=$(wc -l <"$tmp/calls")
wait_until 15 answered "$ncalls"
st=$?
check "$ncalls calls answered" $st
# Every call ends by itself (its hang-up, or goodbye); bounded by the longest scenario.
wait_until 170 all_ended
st=$?
check "every call has ended" $st

python3 - "$tmp/plan.json" "$run/log/full" "$tmp/x2" <<'PY'
import json, re, sys
plan = json.load(open(sys.argv[1]))
log = open(sys.argv[2], errors="replace").read().splitlines()
ex = re.compile(r'Executing \[([^@\]]+)@([^:]+):(\d+)\] (\w+)\("Local/s@[^"]*-([0-9a-f]{8});([12])"'
                r'(?:, "([^"]*)")?')
pl = re.compile(r'<Local/s@[^>]*-([0-9a-f]{8});2> Playing \'audioleaf/([^.\']+)\.(\w+)\'')
scen, events, fmts = {}, {}, {}
for line in log:
    m = ex.search(line)
    if m:
        exten, ctx, pri, app, num, leg, args = m.groups()
        if leg == "1" and ctx == "audioleaf-test" and pri == "1":
            scen[exten] = num
        elif leg == "2" and ctx.startswith("audioleaf-") and ctx != "audioleaf-test":
            ev = events.setdefault(num, [])
            if pri == "1" and (len(exten) == 1 or exten in ("i", "t")):
                ev.append(("key", exten))
            if app == "Hangup":
                ev.append(("hangup", ""))
        continue
    m = pl.search(line)
    if m:
        num, f, ext = m.groups()
        f = re.sub(r"^(hepatic-calcification|short-note)-", "", f)
        events.setdefault(num, []).append(("play", f))
        fmts.setdefault(num, set()).add(ext)
fail = 0
def check(desc, ok):
    global fail
    print(("ok - " if ok else "FAIL - ") + desc)
    fail |= not ok
for s in plan:
    name = s["name"]
    num = scen.get(name)
    ev = events.get(num, [])
    plays = [v for k, v in ev if k == "play"]
    if not num:
        check("%s: the call ran" % name, False)
        continue
    got, i = [], 0
    for key, want in s["expect"]:
        j = next((j for j in range(i, len(ev)) if ev[j] == ("key", key)), None)
        if j is None:
            got.append("%s->(no key)" % key)
            break
        nxt = next((v for k, v in ev[j + 1:] if k == "play"), "(nothing)")
        got.append("%s->%s" % (key, nxt))
        i = j + 1
    want = ["%s->%s" % tuple(kw) for kw in s["expect"]]
    if want:
        check("%s: %s (heard %s)" % (name, " ".join(want), " ".join(got)), got == want)
    if name == "pause":
        after = plays[plays.index("paused"):] if "paused" in plays else []
        check("pause: no key for 4x4 s: %s, then hang-up" % " ".join(after),
              after == ["paused"] * 4 + ["goodbye"] and ev[-1] == ("hangup", ""))
    if name == "hangup":
        check("hangup: only the welcome began (%s)" % " ".join(plays), plays == ["welcome"])
    if name == "nokeys":
        units = [p for p in plays if re.fullmatch(r"s\d\d(-[qp]\d\d)?|updated", p)]
        check("nokeys: welcome, %d parts, end, 3 re-prompts, goodbye, hang-up (%s)"
              % (len(units), " ".join(plays)),
              plays == ["welcome"] + units + ["end"] + ["timeout"] * 3 + ["goodbye"]
              and len(units) >= 3 and ev[-1] == ("hangup", ""))
        check("nokeys: the alaw files were played (%s)" % sorted(fmts.get(num, [])),
              fmts.get(num) == {"alaw"})
    if name == "six":
        check("six: the ulaw files were played (%s)" % sorted(fmts.get(num, [])),
              fmts.get(num) == {"ulaw"})
# What the caller heard of the no-key call (MixMonitor on the calling leg): as long as the
# prompts the log names, and speech most of that time (20 ms frames above -50 dBFS).
import wave, array, json as js, math
try:
    w = wave.open(sys.argv[2].rsplit("/log/", 1)[0] + "/rec-nokeys.wav")
    a = array.array("h", w.readframes(w.getnframes()))
    secs = len(a) / w.getframerate()
except (OSError, wave.Error):
    a, secs = array.array("h"), 0.0
man = js.load(open(sys.argv[3] + "/manifest.json"))
dur = {f["id"].replace("short-note-", ""): f["duration"] for f in man["files"]}
ev = events.get(scen.get("nokeys"), [])
played = sum(dur.get(v, 0) for k, v in ev if k == "play")
fr = [a[i:i + 160] for i in range(0, len(a) - 159, 160)]
loud = sum(1 for f in fr if math.sqrt(sum(x * x for x in f) / 160) > 32768 * 10 ** (-50 / 20))
check("nokeys recording: %.1f s, %.0f %% speech; the prompts played last %.1f s (+ waits)"
      % (secs, 100 * loud / max(len(fr), 1), played),
      played > 20 and secs >= played - 1 and loud >= 0.5 * played * 50)
missing = [l for l in log if "does not exist" in l or "Unable to find" in l]
check("no prompt file missing (%s)" % missing[:1], not missing)
sys.exit(fail)
PY
st=$?
check "per key, the prompt played next is the one the README promises" $st
exit $fail
