#!/usr/bin/env bash
# The number-heavy leaflets of tests/data/numbers (written for these tests, in English and
# in Spanish without a language line): what a listener must hear for the numbers to dial,
# the doses, dates and times, and no sign left for the engine to misread.
set -u
. "$(dirname "$0")/lib.sh"
e2e_setup
d=$src/tests/data/numbers
has() { # name phrase: the script of leaflet NAME says PHRASE
    grep -qF -- "$2" "$tmp/$1.script"; st=$?
    check "$1 says '$2'" $st
}
for f in "$d"/*.txt; do
    name=$(basename "$f" .txt)
    "$bin" script "$f" >"$tmp/$name.script" 2>"$tmp/err"; st=$?
    check "script $name exits 0 (got $st: $(head -c 200 "$tmp/err"))" $st
    # Signs eSpeak NG reads wrongly or drops: none may be left between or after numbers.
    ! grep -nP '[0-9][:/^][0-9]|~[0-9]|[0-9] ?(°|º)|[£€$][0-9]|<[a-z/]+>|[0-9](am|pm)\b' \
        "$tmp/$name.script" >"$tmp/left"; st=$?
    check "$name: no clock, date, ratio, unit or money sign left ($(head -c 200 "$tmp/left"))" $st
done

has gestational-diabetes "oh one six one, four nine six, oh seven one eight"
has gestational-diabetes "extension four four seven one"
has gestational-diabetes "call nine nine nine"
has gestational-diabetes "ring N-H-S one one one"
has gestational-diabetes "Monday to Friday, 8 o'clock to 16 hundred"
has gestational-diabetes "5.6 millimoles per litre"
has gestational-diabetes "500 milligrams, starting with 1 tablet a day"
has gestational-diabetes "40 weeks and 6 days"
has gestational-diabetes "at 38 weeks to 39 weeks"
has gestational-diabetes "the 4th of March 2025"
has gestational-diabetes "at 14 15 on Thursday the 12th of June"
has gestational-diabetes "10 PM the night before"
has fever-in-children "120 milligrams per 5 millilitres"
has fever-in-children "every 4 to 6 hours"
has fever-in-children "38 degrees Celsius or higher (100.4 degrees Fahrenheit)"
has fever-in-children "30 milligrams per kilogram in 24 hours"
has fever-in-children "oh three oh oh, one two three, four five six seven"
has fever-in-children "advice 24 hours a day, 7 days a week"
has fever-in-children "Saturday 10 o'clock to 12 o'clock"
has fever-in-children "for example 7 15 PM"
has fever-in-children "nine four three, four seven six, five nine one nine"
has fever-in-children "3.2 kilograms (7 pounds 1 ounce)"
# Spanish, detected (no language line)
has anemia-embarazo "11 gramos por decilitro"
has anemia-embarazo "1 comprimido de 80 miligramos al día"
has anemia-embarazo "durante 8 a 12 semanas"
has anemia-embarazo "nueve uno, cinco cinco cinco, uno dos, tres cuatro"
has anemia-embarazo "de lunes a viernes de 8 en punto a 15 horas"
has anemia-embarazo "nueve cero cero, uno dos tres, cuatro cinco seis"
has anemia-embarazo "el 15 de septiembre de 2025"
has anemia-embarazo "planta tercera, calle Mayor 12"
has vacunas-infantiles "37,5 a 38,5 grados durante 24 a 48 horas"
has vacunas-infantiles "15 miligramos por kilo cada 6 horas"
has vacunas-infantiles "nueve uno, uno dos tres, cuatro cinco, seis siete"
has vacunas-infantiles "al uno uno dos si es urgente"
has vacunas-infantiles "el 15 de octubre de 2025 a las 9 y 30, en la consulta número 3, segunda planta"
has vacunas-infantiles "del cuarto mes"
exit $fail
