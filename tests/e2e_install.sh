#!/usr/bin/env bash
# install: 'cmake --install' puts the program, its three modules, the voices, the
# leaflets and the man page under a prefix; the installed program, moved elsewhere, finds
# its modules beside it and speaks (eSpeak NG module), plays through ALSA (PortAudio
# module) and hears tones (spandsp module); without a module it says which and exits 1.
set -u
. "$(dirname "$0")/lib.sh"
play_setup
build=$(dirname "$bin")
if [ ! -f "$build/cmake_install.cmake" ] || ! command -v sox >/dev/null; then
    echo "skip: needs the build tree of $bin and sox"; exit 77
fi

cmake --install "$build" --prefix "$tmp/inst" >"$tmp/install.log" 2>&1
check "cmake --install into a prefix (rc $?)" $?
ok=0
for f in bin/audioleaf share/audioleaf/voices/en.ini share/audioleaf/content/hepatic-calcification.txt \
    share/man/man1/audioleaf.1; do
    [ -f "$tmp/inst/$f" ] || { echo "  missing $f"; ok=1; }
done
n=$(find "$tmp/inst" -path '*/audioleaf/audioleaf-*.so' | wc -l)
[ "$n" -eq 3 ] || { echo "  $n modules installed"; ok=1; }
check "installed: the program, 3 modules, voices, leaflets, man page" $ok

# Moved: nothing is where the build configured it; the modules are found beside bin/.
mv "$tmp/inst" "$tmp/moved"
inst=$tmp/moved
export AUDIOLEAF_VOICES=$inst/share/audioleaf/voices
unset AUDIOLEAF_MODULES
"$inst/bin/audioleaf" render "$leaflet" --cache "$cache" --manifest --quiet >"$tmp/m"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '"cached":false' "$tmp/m")" -eq "$("$inst/bin/audioleaf" script "$leaflet" | wc -l)" ] &&
    python3 "$src/tests/data/check_cache_wav.py" "$cache"/*.wav
check "the moved program renders through its eSpeak NG module (rc $rc)" $?

alsa_file_conf "$tmp/capture.raw"
"$inst/bin/audioleaf" play "$leaflet" --cache "$cache" --no-resume --quiet \
    --keys "wait=0.5 q" >"$tmp/play.log" 2>&1; rc=$?
size=$(stat -c %s "$tmp/capture.raw" 2>/dev/null || echo 0)
[ $rc -eq 0 ] && [ "$size" -ge 22050 ]
check "the moved program plays through its PortAudio module ($size bytes captured, rc $rc)" $?

# play with no argument: the installed leaflets, not the source tree's it was built from
# (one more is added there to tell them apart).
printf '# Only in the installed copy\n\nThis leaflet was installed.\n' \
    > "$inst/share/audioleaf/content/zz-installed.txt"
n=$(ls "$inst"/share/audioleaf/content/*.txt | wc -l)
(unset AUDIOLEAF_CONTENT; "$inst/bin/audioleaf" play --cache "$cache" --no-resume --device null \
    --keys "wait=0.2" >"$tmp/play.out" 2>&1); rc=$?
[ $rc -eq 0 ] && grep -qx "Welcome. There are $n leaflets." "$tmp/play.out" &&
    grep -qx "Leaflet $n of $n. Only in the installed copy." "$tmp/play.out"
st=$?
check "play with no argument plays the installed content/ ($n leaflets, rc $rc)" $st
[ $st -eq 0 ] || cat "$tmp/play.out"

# Key 5: 770 + 1336 Hz for 100 ms.
sox -n -r 8000 -b 16 -c 1 "$tmp/five.wav" synth 0.1 sine 770 sine 1336 channels 1 \
    pad 0.1 0.1 2>/dev/null
out=$("$inst/bin/audioleaf" dtmf "$tmp/five.wav" 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$out" = 5 ]
check "the moved program hears a DTMF 5 through its spandsp module ($out)" $?

# A module gone: a clear message naming it, exit 1, no entry written.
rm "$inst"/lib*/audioleaf/audioleaf-espeak.so 2>/dev/null ||
    rm "$inst"/lib/*/audioleaf/audioleaf-espeak.so
err=$("$inst/bin/audioleaf" render "$leaflet" --cache "$tmp/cache2" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "audioleaf-espeak.so" <<<"$err" && grep -q "AUDIOLEAF_MODULES" <<<"$err" &&
    [ -z "$(find "$tmp/cache2" -name '*.wav' 2>/dev/null)" ]
check "without the eSpeak NG module: exit 1 naming it ($err)" $?
exit $fail
