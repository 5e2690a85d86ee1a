#!/usr/bin/env bash
# tree.sh: the source tree holds only what belongs there: the bundled library (content/)
# holds leaflets (*.txt) and nothing else, so a fuzzer's corpus or a stray file never ships
# as a "leaflet".  Prints each stray file; exits 1 when there is any, else 0.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bad=0
for f in "$top"/content/*; do
    case $f in
        *.txt) ;;
        *) echo "content/${f##*/}: not a leaflet (content/ holds *.txt leaflets only)"; bad=1 ;;
    esac
done
exit $bad
