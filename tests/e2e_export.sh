#!/usr/bin/env bash
# 'audioleaf export FILE --phone DIR' end to end through eSpeak NG: the Asterisk
# dialplan names only files that exist and has every key, t and i; the FreeSWITCH XML
# is well formed (xmllint) with the entries and files it names; sox reads the files
# and agrees on rate, format and peak; a second export is byte-identical; a bad
# folder or a full disk gives an error, exit 1 and no folder (e2e_export_kill: kills).
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
for tool in sox xmllint python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

# Our own words, not the seed leaflet's.
cat >"$tmp/Broken Wrist.txt" <<'EOF'
# Broken wrist

What happens now?
Your wrist is in a cast for about six weeks. Keep it raised for the first few days.

When should I get help?
Call us if your fingers turn blue, feel numb, or the cast feels too tight.

Questions to ask

- How long will the cast stay on?
- Can I drive?
- When can I go back to sport?

Last updated April 2025
EOF
cat >"$tmp/muneca.txt" <<'EOF'
---
language: es
---
# Muñeca rota

¿Qué pasa ahora?
La muñeca estará escayolada unas seis semanas.

Preguntas

- ¿Cuánto tiempo llevaré la escayola?
- ¿Puedo conducir?
EOF

name=broken-wrist
out=$tmp/out
"$bin" export "$tmp/Broken Wrist.txt" --phone "$out" --cache "$tmp/cache" >"$tmp/log" 2>&1
rc=$?
check "export exits 0 (got $rc: $(tail -n 1 "$tmp/log"))" $rc
lines=$(grep -c "dBov" "$tmp/log")
[ "$lines" -gt 20 ]
check "one progress line per file written ($lines)" $?
ast=$out/asterisk/en/audioleaf
[ -f "$out/manifest.json" ] && [ -f "$out/asterisk/extensions_audioleaf.conf" ] &&
    [ -f "$ast/$name-s01.ulaw" ] && [ -f "$ast/$name-s01.wav" ] &&
    [ -f "$ast/$name-s04-q02.ulaw" ] && [ -f "$ast/$name-welcome.ulaw" ]
check "the Asterisk layout: asterisk/en/audioleaf/$name-s01.ulaw, -s04-q02, -welcome" $?
fsd=$out/freeswitch/en/gb/en-clear/audioleaf/8000
[ -f "$fsd/$name-s01.wav" ] && [ -f "$out/freeswitch/ivr_audioleaf.xml" ] &&
    [ -f "$out/freeswitch/dialplan_audioleaf.xml" ]
check "the FreeSWITCH layout, default voice en-clear: freeswitch/en/gb/en-clear/audioleaf/8000/$name-s01.wav" $?
# An explicit --voice wins over the phone default (en-clear).
"$bin" export "$tmp/Broken Wrist.txt" --phone "$tmp/voice-en" --voice en --cache "$tmp/cache" \
    --quiet
[ -d "$tmp/voice-en/freeswitch/en/gb/en/audioleaf/8000" ] &&
    grep -q '"voice":[[:space:]]*"en"' "$tmp/voice-en/manifest.json"
check "--voice en: the export uses en, not the default en-clear" $?
# A question heading before ". From the start" (or any text) reads "?", never "?.".
dbl=$(grep -o '[^ ]*[?!]\.' "$out/manifest.json" | head -n 3)
[ -z "$dbl" ] && grep -q '?' "$out/manifest.json"
check "no doubled punctuation in the prompt texts (found: $dbl)" $?
bad=$(find "$out" -type f | sed 's|.*/||' | grep -v '^[a-z0-9_.-]*$')
[ -z "$bad" ]
check "every file name is lowercase [a-z0-9_-] (odd: $bad)" $?

# sox reads the files and agrees with the manifest on format, rate and peak.
info=$(soxi "$ast/$name-s02.wav" 2>&1)
grep -q "Sample Rate *: 8000" <<<"$info" && grep -q "Channels *: 1" <<<"$info" &&
    grep -q "16-bit Signed Integer PCM" <<<"$info"
check "soxi: $name-s02.wav is 8000 Hz mono 16-bit PCM" $?
python3 - "$out" "$ast" <<'PY'
import json, math, subprocess, sys
out, ast = sys.argv[1], sys.argv[2]
m = json.load(open(out + "/manifest.json"))
bad = []
for f in m["files"]:
    for path, args in ((ast + "/" + f["id"] + ".wav", []),
                       (ast + "/" + f["id"] + ".ulaw", ["-t", "ul", "-r", "8000", "-c", "1"])):
        r = subprocess.run(["sox"] + args + [path, "-n", "stat"], capture_output=True, text=True)
        st = dict((k.strip(), v.strip()) for k, v in
                  (l.split(":", 1) for l in r.stderr.splitlines() if ":" in l))
        top = max(float(st["Maximum amplitude"]), -float(st["Minimum amplitude"]))
        peak = 20 * math.log10(top)
        if not peak < -3.0 or abs(peak - f["peak_dbfs"]) > 0.02:
            bad.append("%s: sox peak %.2f dBFS, manifest %.2f" % (path, peak, f["peak_dbfs"]))
        secs = float(st["Length (seconds)"])
        if abs(secs - f["duration"]) > 0.001:
            bad.append("%s: sox length %.3f, manifest %.3f" % (path, secs, f["duration"]))
    if not -27.0 <= f["level_dbov"] <= -25.0:
        bad.append("%s: level %.2f" % (f["id"], f["level_dbov"]))
print("\n".join(bad[:5]))
worst = max(f["peak_dbfs"] for f in m["files"])
print("sox checked %d files, worst peak %.2f dBFS" % (2 * len(m["files"]), worst))
sys.exit(1 if bad else 0)
PY
check "sox stat: every .wav and .ulaw peaks under -3 dBFS and is as long as the manifest says" $?

# The Asterisk dialplan: every file it plays exists, every key, t and i are there, and
# every Goto lands on an extension (AL_LEVEL in s/i, AL_UNIT in 1..units).
python3 - "$out" "$name" <<'PY'
import re, sys, os
out, name = sys.argv[1], sys.argv[2]
text = open(out + "/asterisk/extensions_audioleaf.conf").read()
ctx, exts = None, {}
for line in text.splitlines():
    line = line.split(";", 1)[0].strip()
    m = re.match(r"\[(.+)\]$", line)
    if m:
        ctx = m.group(1); exts[ctx] = {}; continue
    m = re.match(r"exten => ([^,]+),1,", line)
    if m:
        exts[ctx][m.group(1)] = True
main = "audioleaf-" + name
errors = []
for k in list("1234567890*#") + ["t", "i", "s"]:
    if k not in exts.get(main, {}):
        errors.append("no extension %s in [%s]" % (k, main))
units = sorted(int(e[1:]) for e in exts[main] if re.fullmatch(r"u\d+", e))
# u0 is the place before the first unit (the welcome): 6 and 5 lead to u1 from there.
if units != list(range(0, len(units))) or len(units) < 5:
    errors.append("units %s" % units)
paused = main + "-paused"
for k in list("1234567890*#") + ["t", "i", "s"]:
    if k not in exts.get(paused, {}):
        errors.append("no extension %s in [%s]" % (k, paused))
# The paused context must not include the main one: WaitExten's timeout goes on at the
# next priority of s when one exists, and the main s would restart the leaflet.
if re.search(r"^\[%s\][^[]*include =>" % re.escape(paused), text, re.M):
    errors.append("[%s] includes another context" % paused)
played = re.findall(r"(?:Background|Playback)\((audioleaf/[^)]+)\)", text)
for p in set(played):
    for ext in ("ulaw", "wav"):
        f = "%s/asterisk/en/%s.%s" % (out, p, ext)
        if not os.path.isfile(f):
            errors.append("missing " + f)
for tgt in re.findall(r"Goto\(([^)]*)\)|GotoIf\([^?]*\?([^)]*)\)", text):
    t = tgt[0] or tgt[1]
    c, e, p = t.split(",")
    for lv in "si":
        for u in units:
            ee = e.replace("${AL_LEVEL}", lv).replace("${AL_UNIT}", str(u))
            if ee not in exts.get(c, {}):
                errors.append("Goto(%s) lands nowhere (%s)" % (t, ee))
                break
print("\n".join(sorted(set(errors))[:8]))
print("dialplan: %d contexts, %d units, %d files played, %d Goto targets checked" %
      (len(exts), len(units), len(set(played)), len(re.findall("Goto", text))))
sys.exit(1 if errors else 0)
PY
check "Asterisk dialplan: keys 1-9 0 * #, t, i; every played file exists; every Goto lands" $?
grep -q "exten => wait,1,WaitExten(8)" "$out/asterisk/extensions_audioleaf.conf" &&
    grep -q 'GotoIf(\$\[\${AL_TRIES} > 3\]' "$out/asterisk/extensions_audioleaf.conf"
check "Asterisk waits 8 s for a key and says goodbye after the third re-prompt" $?

# FreeSWITCH: well-formed XML, a key entry of every digit in every menu, sounds that
# exist, transfers that land on extensions and ivr apps that name menus.
ivr=$out/freeswitch/ivr_audioleaf.xml
dp=$out/freeswitch/dialplan_audioleaf.xml
xmllint --noout "$ivr" "$dp"
check "xmllint --noout: both FreeSWITCH files are well formed" $?
menus=$(xmllint --xpath "count(/include/menu)" "$ivr")
missing=0
for d in 1 2 3 4 5 6 7 8 9 0 '*' '#' A B C D; do
    q="count(/include/menu[not(entry[@action='menu-exec-app' and @digits='$d'])])"
    n=$(xmllint --xpath "$q" "$ivr")
    [ "$n" = 0 ] || missing=1
done
[ "$menus" -gt 20 ] && [ $missing -eq 0 ]
check "XPath: all $menus menus have a menu-exec-app entry for each of 1-9 0 * # A-D" $?
# '#' is FreeSWITCH's default menu terminator (switch_ivr_menu.c, play_and_collect(),
# unless the channel variable ivr_menu_terminator is set): the entry sets one with no
# keypad character, and a transfer budget for the keys (max_session_transfers,
# switch_ivr_session_transfer()).
entry="//extension[@name='audioleaf-$name']/condition/action"
term=$(xmllint --xpath "string($entry[starts-with(@data,'ivr_menu_terminator=')]/@data)" "$dp")
mst=$(xmllint --xpath "string($entry[starts-with(@data,'max_session_transfers=')]/@data)" "$dp")
[ -n "$term" ] && ! grep -q '[0-9*#A-D]' <<<"${term#ivr_menu_terminator=}" &&
    [ "${mst#max_session_transfers=}" -ge 500 ]
check "the entry sets a terminator no key sends ($term) and a transfer budget ($mst)" $?
# Listening without keys spends no transfer: no extension transfers, only key entries do.
ntr=$(xmllint --xpath "count(//action[@application='transfer'])" "$dp")
[ "$ntr" = 0 ]
check "no dialplan action transfers ($ntr): a part leads to the next in place" $?
u1="/include/menu[@name='audioleaf-$name-u1']"
p6=$(xmllint --xpath "string($u1/entry[@digits='6']/@param)" "$ivr")
[ "$p6" = "transfer audioleaf-$name-n\${al_level}\${al_unit} XML audioleaf-$name" ]
check "XPath: key 6 of the first unit's menu transfers to the next element ($p6)" $?
help="/include/menu[@name='audioleaf-$name-help']"
w=$(xmllint --xpath "string($help/@timeout)" "$ivr")
mt=$(xmllint --xpath "string($help/@max-timeouts)" "$ivr")
idt=$(xmllint --xpath "string($help/@inter-digit-timeout)" "$ivr")
[ "$w" -ge 5000 ] && [ "$w" -le 10000 ] && [ "$mt" = 4 ] && [ -n "$idt" ]
check "waiting menus: timeout $w ms, max-timeouts $mt (3 re-prompts), inter-digit $idt ms" $?
python3 - "$out" "$name" <<'PY'
import os, re, sys
import xml.etree.ElementTree as ET
out, name = sys.argv[1], sys.argv[2]
ivr = ET.parse(out + "/freeswitch/ivr_audioleaf.xml").getroot()
dp = ET.parse(out + "/freeswitch/dialplan_audioleaf.xml").getroot()
sounds = out + "/freeswitch/en/gb/en-clear"
errors = []
menus = {m.get("name") for m in ivr.iter("menu")}
exts = {}
for ctx in dp.iter("context"):
    for e in ctx.iter("extension"):
        cond = e.find("condition")
        exts[(ctx.get("name"), cond.get("expression").strip("^$"))] = e
units = sorted(int(x[1][len("audioleaf-%s-u" % name):]) for x in exts
               if re.fullmatch("audioleaf-%s-u\\d+" % name, x[1]))
def sound(p):  # "audioleaf/X.wav" under sound_prefix, in the 8000 folder
    d, f = p.split("/")
    return os.path.isfile("%s/%s/8000/%s" % (sounds, d, f))
def land(target):
    dest, _, ctx = target.split(" ")
    for lv in "si":
        for u in units:
            d = dest.replace("${al_level}", lv).replace("${al_unit}", str(u))
            if (ctx, d) not in exts:
                errors.append("transfer to %s lands nowhere" % d)
                return
for m in ivr.iter("menu"):
    for a in ("greet-long", "greet-short", "invalid-sound", "exit-sound"):
        if m.get(a) and not sound(m.get(a)):
            errors.append("%s %s: no file %s" % (m.get("name"), a, m.get(a)))
    for e in m.iter("entry"):
        land(e.get("param")[len("transfer "):])
for (ctx, x), e in exts.items():
    for a in e.iter("action"):
        app, data = a.get("application"), a.get("data") or ""
        if app in ("transfer", "execute_extension"):
            land(data)
        elif app == "ivr" and data not in menus:
            errors.append("%s: no menu %s" % (x, data))
        elif app == "playback" and not sound(data):
            errors.append("%s: no file %s" % (x, data))
if not os.path.isfile(sounds + "/audioleaf/8000/%s-s01.wav" % name):
    errors.append("no unit sound")
print("\n".join(sorted(set(errors))[:8]))
print("freeswitch: %d menus, %d extensions, %d units" % (len(menus), len(exts), len(units)))
sys.exit(1 if errors else 0)
PY
check "FreeSWITCH: every sound named exists; every transfer lands; ivr names menus" $?
# What FreeSWITCH reads of a menu (switch_ivr_menu_stack_xml_build() in
# src/switch_ivr_menu.c): any other attribute is ignored without a word, and an entry whose
# action is not one of its six fails the whole menu ("Unable to build xml menu"); an empty
# max-timeouts falls back to max-failures.  The dialplan uses mod_dptools applications only.
python3 - "$ivr" "$dp" <<'PY'
import sys
import xml.etree.ElementTree as ET
ivr, dp = (ET.parse(f).getroot() for f in sys.argv[1:])
menu_attrs = {"name", "greet-long", "greet-short", "invalid-sound", "exit-sound", "timeout",
              "max-failures", "max-timeouts", "confirm-macro", "confirm-key", "tts-engine",
              "tts-voice", "confirm-attempts", "digit-len", "inter-digit-timeout"}
actions = {"menu-exit", "menu-sub", "menu-exec-app", "menu-play-sound", "menu-back", "menu-top"}
apps = {"answer", "set", "ivr", "playback", "hangup", "execute_extension", "transfer"}
bad = []
for m in ivr.iter("menu"):
    bad += ["%s: %s" % (m.get("name"), a) for a in set(m.attrib) - menu_attrs]
    if not all(m.get(a, "0").isdigit() for a in ("timeout", "inter-digit-timeout",
                                                 "digit-len", "max-failures", "max-timeouts")):
        bad.append("%s: a number that is not one" % m.get("name"))
    if not m.get("max-timeouts"):
        bad.append("%s: no max-timeouts" % m.get("name"))
    for e in m.iter("entry"):
        if e.get("action") not in actions or not e.get("digits") or set(e.attrib) - {
                "action", "digits", "param"}:
            bad.append("%s: entry %s" % (m.get("name"), e.attrib))
bad += ["application %s" % a.get("application") for a in dp.iter("action")
        if a.get("application") not in apps]
print("\n".join(sorted(set(bad))[:5]))
sys.exit(1 if bad else 0)
PY
check "FreeSWITCH reads every menu attribute and entry as written (switch_ivr_menu.c)" $?

# Stable: exporting again gives the same bytes (ids, audio and manifest).
"$bin" export "$tmp/Broken Wrist.txt" --phone "$tmp/again" --cache "$tmp/cache" --quiet
rc=$?
diff -r "$out" "$tmp/again" >/dev/null
check "a second export is byte-identical (exit $rc)" $?

"$bin" export "$tmp/Broken Wrist.txt" --phone "$tmp/alaw" --codec alaw --cache "$tmp/cache" \
    --quiet && [ -f "$tmp/alaw/asterisk/en/audioleaf/$name-s01.alaw" ] &&
    sox -t al -r 8000 -c 1 "$tmp/alaw/asterisk/en/audioleaf/$name-s01.alaw" -n 2>/dev/null
check "--codec alaw writes .alaw files sox can read" $?
"$bin" export "$tmp/Broken Wrist.txt" --phone "$tmp/slin" --codec slin --cache "$tmp/cache" \
    --quiet && cmp -s "$tmp/slin/asterisk/en/audioleaf/$name-s01.sln" \
    <(tail -c +45 "$tmp/slin/asterisk/en/audioleaf/$name-s01.wav")
check "--codec slin writes .sln files: the WAV's samples without the header" $?

"$bin" export "$tmp/muneca.txt" --phone "$tmp/es" --cache "$tmp/cache" --quiet
rc=$?
[ $rc -eq 0 ] && [ -f "$tmp/es/asterisk/es/audioleaf/muneca-s02.ulaw" ] &&
    grep -q 'Set(CHANNEL(language)=es)' "$tmp/es/asterisk/extensions_audioleaf.conf" &&
    grep -q '"text":[[:space:]]*"Bienvenido' "$tmp/es/manifest.json" &&
    [ -d "$tmp/es/freeswitch/es/es/es/audioleaf/8000" ]
check "Spanish: asterisk/es/, CHANNEL(language)=es, Spanish prompts, freeswitch/es/es/es" $?

# Errors: a folder that cannot be made, a disk that fills up.
touch "$tmp/afile"
err=$("$bin" export "$tmp/Broken Wrist.txt" --phone "$tmp/afile/out" --cache "$tmp/cache" \
      2>&1 >/dev/null)
rc=$?
[ $rc -eq 1 ] && [[ "$err" == "audioleaf export: $tmp/afile/out: Not a directory" ]]
check "an output folder under a file: '$err', exit $rc" $?

# A full disk, as a 100 KB file size limit (SIGXFSZ ignored so write() fails with EFBIG).
( trap '' XFSZ; ulimit -f 100; exec "$bin" export "$tmp/Broken Wrist.txt" --phone "$tmp/full" \
    --cache "$tmp/cache" --quiet ) 2>"$tmp/full.err"
rc=$?
err=$(cat "$tmp/full.err")
[ $rc -eq 1 ] && [[ "$err" == *"File too large"* ]]
check "a full disk: '$err', exit $rc" $?
[ ! -e "$tmp/full" ] && [ -z "$(find "$tmp" -maxdepth 1 -name '.*audioleaf-staging*')" ]
check "a full disk: no output folder, nothing of its staging folder left" $?

err=$("$bin" export "$tmp/muneca.txt" --phone "$out" --cache "$tmp/cache" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 1 ] && [[ "$err" == *"holds the export of '$name', not 'muneca'"* ]] &&
    [ ! -e "$out/asterisk/es" ]
check "another leaflet into the same folder is refused: '$err', exit $rc" $?

"$bin" export "$tmp/missing.txt" --phone "$tmp/m" --cache "$tmp/cache" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] && [ ! -e "$tmp/m" ]
check "a missing leaflet: exit 1 and no output folder (got $rc)" $?
"$bin" export "$tmp/Broken Wrist.txt" --phone "$tmp/x" --codec gsm >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ]
check "an unknown codec is a usage error (exit $rc)" $?
"$bin" export "$tmp/Broken Wrist.txt" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ]
check "no --phone DIR is a usage error (exit $rc)" $?
exit $fail
