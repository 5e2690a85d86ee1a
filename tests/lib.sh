# lib.sh: what the end-to-end test scripts share; source it with
#   . "$(dirname "$0")/lib.sh"
# check DESCRIPTION STATUS: prints "ok - DESCRIPTION" when STATUS is 0, else
# "FAIL - DESCRIPTION" and sets fail=1 (the script exits with $fail at its end).
check() { # description, condition result
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "FAIL - $1"; fail=1; fi
}
