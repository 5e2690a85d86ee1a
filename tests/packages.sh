#!/usr/bin/env bash
# packages.sh: a device that only plays installs only what builds and runs audioleaf:
# tools/play and tools/kiosk/install install tools/packages.txt (and the kiosk its
# alsa-utils), never a test tool (compilers and checkers such as clang, LLVM, valgrind;
# the tools the tests measure with), and build without the tests; tools/test installs
# everything and builds the tests.  Prints "ok - ..." or "FAIL - ..." per check; exits 1
# on any failure.
set -u
. "$(dirname "$0")/lib.sh" # check
top=$(cd "$(dirname "$0")/.." && pwd)
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# Test-only tools: none may be in what a player installs.
test_only='^(clang.*|llvm.*|lld.*|libclang.*|valgrind.*|gdb|sox|python3.*|libxml2-utils|'
test_only+='groff.*|bsdextrautils|espeak-ng|cppcheck|shellcheck|lcov|gcovr|strace)$'

bash "$top/tools/install-deps" --print > "$tmp/play"
st=$?
check "install-deps --print lists the packages (exit $st)" $st
bash "$top/tools/install-deps" --print --kiosk > "$tmp/kiosk"
bash "$top/tools/install-deps" --print --test > "$tmp/test"
for list in play kiosk; do
    bad=$(grep -E "$test_only" "$tmp/$list" | tr '\n' ' ')
    [ -z "$bad" ]
    check "the $list packages hold no test-only tool (found: ${bad:-none})" $?
done
grep -qx libespeak-ng-dev "$tmp/play" && grep -qx cmake "$tmp/play"
check "the play packages build audioleaf (libespeak-ng-dev, cmake)" $?
grep -qx alsa-utils "$tmp/kiosk" && ! grep -qx alsa-utils "$tmp/play"
check "the kiosk adds alsa-utils" $?
both=$(grep -vE '^#|^\s*$' "$top/tools/packages-test.txt" | grep -xF -f - "$tmp/play" | tr '\n' ' ')
[ -z "$both" ]
check "no package is both a test tool and a build/run one (${both:-none})" $?
for p in clang valgrind sox python3; do
    grep -qx "$p" "$tmp/test" || { echo "  $p missing"; false; }
done
check "install-deps --test adds the test tools" $?
bash "$top/tools/install-deps" --bogus >/dev/null 2>&1
[ $? -eq 2 ]
check "install-deps refuses an unknown option" $?

# Who installs what, and builds with or without the tests.
grep -qE '^"\$top/tools/install-deps"$' "$top/tools/play" &&
    grep -q -- '-DAUDIOLEAF_TESTS=OFF' "$top/tools/play"
check "tools/play installs build/run packages only and builds no tests" $?
grep -qE 'run "\$top/tools/install-deps" --kiosk$' "$top/tools/kiosk/install" &&
    grep -q -- '-DAUDIOLEAF_TESTS=OFF' "$top/tools/kiosk/install"
check "the kiosk installer installs build/run packages and alsa-utils, builds no tests" $?
grep -qE '"\$top/tools/install-deps" --test$' "$top/tools/test" &&
    [ "$(grep -c -- '-DAUDIOLEAF_TESTS=ON' "$top/tools/test")" -eq 2 ]
check "tools/test installs everything and builds the tests (normal and sanitizer builds)" $?

# The CMake option: OFF configures no test at all.
if command -v cmake >/dev/null && command -v ctest >/dev/null; then
    cmake -S "$top" -B "$tmp/b" -DAUDIOLEAF_TESTS=OFF >"$tmp/cmake.log" 2>&1
    st=$?
    n=$(cd "$tmp/b" 2>/dev/null && ctest -N 2>/dev/null | sed -n 's/^Total Tests: //p')
    [ $st -eq 0 ] && [ ! -d "$tmp/b/tests" ] && [ "${n:-0}" -eq 0 ]
    check "-DAUDIOLEAF_TESTS=OFF configures (exit $st) without tests (${n:-0})" $?
fi
exit $fail
