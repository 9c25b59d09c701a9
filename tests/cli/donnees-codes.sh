#!/usr/bin/env bash
# tests/cli/donnees-codes.sh: every data-file error code (C08xx) triggered by a real bad folder: printed "file[:line]: error[C08NN]: …", also in JSON, with its page in French and English.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
AMP=$ROOT/examples/amp/amp.charte
fail=0
# Under the sanitizer build (*/san/charte), a French text run that repeats expect_code's first
# run on the same folder (the same command, or it with --lang fr: the same reader, error and
# message) is the normal build's, beside it: 8 of 55 runs. Every folder, every error code, both
# languages, the JSON diagnostics and the workbook, device and FIFO cases stay the sanitized
# binary's, so every path the normal pass takes is taken under ASan/UBSan.
. "$ROOT/tests/cli/lib/builds.sh"
AGAIN=$(charte_normal) || exit 1

good() {  # good DIR: the three files of a run that succeeds
  mkdir -p "$1"
  printf 'marche;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\nM1;nettoyage;13 Habitat;air_bel;100 000;01/03/2022;4800\n' > "$1/marches.csv"
  printf 'participant;sexe;date_naissance;qpv;date_entree;rsa\nP1;F;01/05/1990;QN01305M;10/01/2022;oui\n' > "$1/participants.csv"
  printf 'marche;participant;mois;heures;modalite\nM1;P1;04/2022;720;embauche_directe\n' > "$1/heures.csv"
}

# expect_code CODE WHERE DIR: eval on DIR exits 2 with "WHERE: error[CODE]: " on stderr
# (WHERE is the file, with ":LINE" when the error is about a line), the same
# code in the JSON diagnostics on stdout, and the code's two pages.
expect_code() {
  local code=$1 where=$2 dir=$3
  "$CHARTE" eval "$AMP" --donnees "$dir" --au 2022-12-31 >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ $rc -ne 2 ] || ! grep -qF -- "$where: error[$code]: " "$tmp/err"; then
    echo "$code : exit $rc, « $where: error[$code]: » attendu sur stderr :"; cat "$tmp/err"; fail=1
  fi
  [ -s "$tmp/out" ] && { echo "$code : sortie standard non vide sans --format json"; fail=1; }
  "$CHARTE" eval "$AMP" --donnees "$dir" --au 2022-12-31 --format json --lang en >"$tmp/out" 2>"$tmp/err"; rc=$?
  if [ $rc -ne 2 ] || ! grep -q "\"code\": \"$code\"" "$tmp/out" || ! grep -q '"severity": "error"' "$tmp/out"; then
    echo "$code : JSON sans le code (exit $rc) :"; cat "$tmp/out"; fail=1
  fi
  for page in "$ROOT/docs/erreurs/$code.md" "$ROOT/docs/en/erreurs/$code.md"; do
    [ -f "$page" ] || { echo "$code : page $page absente"; fail=1; }
  done
  grep -q "($code.md)" "$ROOT/docs/erreurs/README.md" || { echo "$code : absent de docs/erreurs/README.md"; fail=1; }
  grep -q "($code.md)" "$ROOT/docs/en/erreurs/README.md" || { echo "$code : absent de docs/en/erreurs/README.md"; fail=1; }
}

# said_as LABEL DATA WANT_FR WANT_EN: eval on DATA writes exactly WANT_* on stderr, per language.
said_as() {
  local lang want
  for lang in fr en; do
    [ $lang = fr ] && want=$3 || want=$4
    run=$CHARTE; [ $lang = fr ] && run=$AGAIN   # French: expect_code's first run, again
    "$run" eval "$AMP" --donnees "$2" --au 2022-12-31 --lang $lang >/dev/null 2>"$tmp/err"
    [ "$(cat "$tmp/err")" = "$want" ] || { echo "$1 ($lang) : attendu « $want » :"; cat "$tmp/err"; fail=1; }
  done
}

good "$tmp/ok"
"$CHARTE" eval "$AMP" --donnees "$tmp/ok" --au 2022-12-31 >/dev/null 2>&1 || { echo "le dossier de référence échoue"; fail=1; }

# C0801: no such folder.
expect_code C0801 "$tmp/nulle-part" "$tmp/nulle-part"
# C0801: a workbook that is not there is said to be a workbook, not a folder, in both languages.
for lang in fr en; do
  "$CHARTE" eval "$AMP" --donnees "$tmp/absent.xlsx" --au 2022-12-31 --lang $lang >/dev/null 2>"$tmp/err"
  [ $lang = fr ] && want="$tmp/absent.xlsx: error[C0801]: classeur introuvable" || want="$tmp/absent.xlsx: error[C0801]: workbook not found"
  [ "$(cat "$tmp/err")" = "$want" ] || { echo "C0801 classeur absent ($lang) : attendu « $want » :"; cat "$tmp/err"; fail=1; }
done
# C0801: a table's file given for the folder, then a device: said to be no folder, never "not found", in both languages.
expect_code C0801 "$tmp/ok/heures.csv" "$tmp/ok/heures.csv"
for lang in fr en; do
  run=$CHARTE; [ $lang = fr ] && run=$AGAIN   # French: expect_code's first run, again
  "$run" eval "$AMP" --donnees "$tmp/ok/heures.csv" --au 2022-12-31 --lang $lang >/dev/null 2>"$tmp/err"
  [ $lang = fr ] && want="$tmp/ok/heures.csv: error[C0801]: est un fichier, pas un dossier : donnez le dossier des tables marches, participants et heures, ou un classeur .xlsx ou .ods" \
                 || want="$tmp/ok/heures.csv: error[C0801]: is a file, not a folder: give the folder of the tables marches, participants and heures, or an .xlsx or .ods workbook"
  [ "$(cat "$tmp/err")" = "$want" ] || { echo "C0801 fichier pour dossier ($lang) : attendu « $want » :"; cat "$tmp/err"; fail=1; }
  "$CHARTE" eval "$AMP" --donnees /dev/null --au 2022-12-31 --lang $lang >/dev/null 2>"$tmp/err"
  [ $lang = fr ] && want="/dev/null: error[C0801]: n'est pas un dossier : donnez le dossier des tables marches, participants et heures, ou un classeur .xlsx ou .ods" \
                 || want="/dev/null: error[C0801]: is not a folder: give the folder of the tables marches, participants and heures, or an .xlsx or .ods workbook"
  [ "$(cat "$tmp/err")" = "$want" ] || { echo "C0801 périphérique ($lang) : attendu « $want » :"; cat "$tmp/err"; fail=1; }
done

# C0801: the file a user meant is there under another name (capitals and accents
# as Windows writes them, another extension) or is a link to nothing: the error
# names it and says what to do, in both languages.
good "$tmp/noms"
for case in "Heures.CSV|heures|« Heures.CSV » y est : renommez-le heures.csv|“Heures.CSV” is there: rename it heures.csv" \
            "Marchés.json|marches|« Marchés.json » y est : renommez-le marches.json|“Marchés.json” is there: rename it marches.json" \
            "heures.xls|heures|« heures.xls » y est, mais seuls les fichiers .csv et .json et les classeurs .xlsx et .ods sont lus : enregistrez-le sous le nom heures.csv|“heures.xls” is there, but only .csv and .json files and .xlsx and .ods workbooks are read: save it as heures.csv" \
            "heures-2025-T1.csv|heures|« heures-2025-T1.csv » y est, mais une table n'est lue que de son fichier, heures.csv ou heures.json : mettez-y ses exports bout à bout, sous un seul en-tête|“heures-2025-T1.csv” is there, but a table is read only from its file, heures.csv or heures.json: put its exports end to end in it, under one header" \
            "@heures.csv|heures|« heures.csv » est un lien symbolique vers « $tmp/absent.csv », qui n'existe pas|“heures.csv” is a symbolic link to “$tmp/absent.csv”, which does not exist"; do
  IFS='|' read -r file table fr en <<<"$case"
  d=$tmp/noms-$table-${file//[^a-zA-Z]/}; rm -rf "$d"; cp -r "$tmp/noms" "$d"
  if [ "${file:0:1}" = @ ]; then rm "$d/${file#@}"; ln -s "$tmp/absent.csv" "$d/${file#@}"; else mv "$d/$table.csv" "$d/$file"; fi
  expect_code C0801 "$d" "$d"
  said_as "C0801 $file" "$d" "$d: error[C0801]: fichier introuvable : ni $table.csv ni $table.json dans ce dossier ; $fr" \
    "$d: error[C0801]: file not found: neither $table.csv nor $table.json in this folder; $en"
done

# A folder that holds a table's file and other exports named after a table (a quarter's hours in a
# file of its own, a copy): the run reads the table's file only, and its note names the others,
# sorted, in every format and both languages; a workbook (read), a subfolder and other names are
# not named. With no table file at all, C0801 names the first such export (the loop above).
d=$tmp/exports; good "$d"
cp "$d/heures.csv" "$d/heures-2025-T1.csv"; cp "$d/heures.csv" "$d/Heures 2024.json"; cp "$d/heures.csv" "$d/heures.csv.bak"
cp "$d/participants.csv" "$d/participants_ancien.csv"; mkdir "$d/heures-archives"; echo x >"$d/notes.txt"; echo x >"$d/heure.csv"
unread_fr="fichiers « Heures 2024.json », « heures-2025-T1.csv », « heures.csv.bak », « participants_ancien.csv » non lus : une table n'est lue que de son fichier (marches, participants, heures, embauches, en .csv ou en .json) ou d'une feuille de classeur ; mettez les exports d'une table bout à bout dans son fichier, sous un seul en-tête"
unread_en="files “Heures 2024.json”, “heures-2025-T1.csv”, “heures.csv.bak”, “participants_ancien.csv” not read: a table is read only from its file (marches, participants, heures, embauches, as .csv or .json) or from a workbook's sheet; put a table's exports end to end in its file, under one header"
"$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 -o "$tmp/exports.txt" -o "$tmp/exports.json" -o "$tmp/exports.csv" 2>"$tmp/err" \
  || { echo "exportations à côté : exit $?"; cat "$tmp/err"; fail=1; }
"$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 --lang en >"$tmp/exports.en" 2>&1
grep -qxF "  Note : $d : $unread_fr" "$tmp/exports.txt" || { echo "exportations à côté : note attendue :"; grep -i note "$tmp/exports.txt"; fail=1; }
grep -qxF "  Note: $d: $unread_en" "$tmp/exports.en" || { echo "exportations à côté (en) : note attendue :"; grep -i note "$tmp/exports.en"; fail=1; }
grep -qF "\"$d : $unread_fr\"" "$tmp/exports.json" || { echo "exportations à côté : note absente du JSON"; fail=1; }
grep -qF "note;\"$d : $unread_fr\"" "$tmp/exports.csv" || { echo "exportations à côté : note absente du CSV"; fail=1; }
good "$tmp/seul"; "$CHARTE" eval "$AMP" --donnees "$tmp/seul" --au 2022-12-31 | grep -q 'non lu' && { echo "note sans autre fichier"; fail=1; }

# C0802: heures.csv is a folder.
good "$tmp/c0802"; rm "$tmp/c0802/heures.csv"; mkdir "$tmp/c0802/heures.csv"
expect_code C0802 "$tmp/c0802/heures.csv" "$tmp/c0802"
# The folder, then a FIFO, said as the charter's and -o's reader say them, in both languages,
# without ever opening the FIFO (base/regular_file.c: a FIFO with no writer would block its
# reader's open for good). Nothing here waits on time. The FIFO is served by a writer of this
# script, as many times as it is opened: the hours file of good(), whole, then its end; so a
# charte that opened it, blocking or not, goes on at once rather than hang. And every run
# goes through opened.py, which watches the FIFO with inotify (IN_OPEN, queued within the
# open call, so before charte ends) and prints "ouvert" when anything opened it: the writer's
# own open returns only once a reader came, so any event is charte's. A charte that opened
# the FIFO, then refused it by fstat with the right words, still fails.
cat >"$tmp/opened.py" <<'PY'
import ctypes, os, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
if fd < 0 or libc.inotify_add_watch(fd, os.fsencode(sys.argv[1]), 0x20) < 0:   # IN_OPEN
    sys.exit("inotify : " + os.strerror(ctypes.get_errno()))
rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)
try:
    opened = len(os.read(fd, 65536)) > 0
except BlockingIOError:
    opened = False
print("ouvert" if opened else "")
sys.exit(rc)
PY
good "$tmp/c0802-fifo"; rm "$tmp/c0802-fifo/heures.csv"; mkfifo "$tmp/c0802-fifo/heures.csv"
good "$tmp/c0802-fifo-data"; hours=$(cat "$tmp/c0802-fifo-data/heures.csv")
# A builtin in a group, not a command in a subshell: the process blocked in the FIFO's open is
# the one that kill ends, never a child left behind; SIGPIPE ignored, so that a reader gone
# before the bytes leaves it serving the next.
{ trap '' PIPE; while [ -p "$tmp/c0802-fifo/heures.csv" ]; do
    printf '%s\n' "$hours" >"$tmp/c0802-fifo/heures.csv"; done; } >/dev/null 2>&1 &
writer=$!
for case in "c0802:est un dossier, pas un fichier:is a folder, not a file" \
            "c0802-fifo:n'est pas un fichier ordinaire (tube, socket ou périphérique):not a regular file (a pipe, a socket or a device)"; do
  IFS=: read -r d fr en <<<"$case"
  for lang in fr en; do
    run=$CHARTE; [ $lang$d = frc0802 ] && run=$AGAIN   # expect_code's first run on c0802, again
    witness=()
    [ $d = c0802-fifo ] && witness=(python3 "$tmp/opened.py" "$tmp/$d/heures.csv")
    opened=$("${witness[@]}" "$run" eval "$AMP" --donnees "$tmp/$d" --au 2022-12-31 --lang $lang 2>"$tmp/err")
    [ $lang = fr ] && want="$tmp/$d/heures.csv: error[C0802]: $fr" || want="$tmp/$d/heures.csv: error[C0802]: $en"
    [ "$(cat "$tmp/err")" = "$want" ] || { echo "C0802 $d ($lang) : attendu « $want » :"; cat "$tmp/err"; fail=1; }
    [ -z "$opened" ] || { echo "C0802 $d ($lang) : le tube a été ouvert, refusé sans l'ouvrir attendu"; fail=1; }
  done
done
kill $writer; wait $writer 2>/dev/null

# C0802: a read error (/proc/self/mem fails with EIO at offset 0), in a CSV and a workbook: the errno
# said in the user's language, with its name (base/sys_errors.c), never the C library's English.
good "$tmp/c0802-eio"; ln -sf /proc/self/mem "$tmp/c0802-eio/heures.csv"
expect_code C0802 "$tmp/c0802-eio/heures.csv:1" "$tmp/c0802-eio"
ln -s /proc/self/mem "$tmp/eio.xlsx"
expect_code C0802 "$tmp/eio.xlsx" "$tmp/eio.xlsx"
for d in "$tmp/c0802-eio" "$tmp/eio.xlsx"; do
  "$AGAIN" eval "$AMP" --donnees "$d" --au 2022-12-31 >/dev/null 2>"$tmp/err.fr"   # expect_code's first run, again
  CHARTE_LANG=en "$CHARTE" eval "$AMP" --donnees "$d" --au 2022-12-31 >/dev/null 2>"$tmp/err.en"
  grep -q "error\[C0802\]: illisible : erreur d'entrée-sortie (EIO)$" "$tmp/err.fr" \
    && grep -q "error\[C0802\]: unreadable: input/output error (EIO)$" "$tmp/err.en" && ! grep -q 'Input/output' "$tmp/err.fr" \
    || { echo "C0802 ($d) : EIO dans la langue de l'utilisateur attendu :"; cat "$tmp/err.fr" "$tmp/err.en"; fail=1; }
done

# C0803: heures.csv and heures.json both present.
good "$tmp/c0803"; printf '[]\n' > "$tmp/c0803/heures.json"
expect_code C0803 "$tmp/c0803/heures.csv" "$tmp/c0803"

# C0804: saved as UTF-16.
good "$tmp/c0804"; printf '\xff\xfem\x00a\x00' > "$tmp/c0804/heures.csv"
expect_code C0804 "$tmp/c0804/heures.csv" "$tmp/c0804"

# C0805: an empty file.
good "$tmp/c0805"; : > "$tmp/c0805/heures.csv"
expect_code C0805 "$tmp/c0805/heures.csv" "$tmp/c0805"

# C0806: a required column missing.
good "$tmp/c0806"; printf 'marche;participant;mois;heures\nM1;P1;04/2022;720\n' > "$tmp/c0806/heures.csv"
expect_code C0806 "$tmp/c0806/heures.csv" "$tmp/c0806"

# C0807: a quote opened on line 2 and never closed.
good "$tmp/c0807"; printf 'marche;participant;mois;heures;modalite\nM1;P1;04/2022;"720;etti\nM1;P1;05/2022;10;etti\n' > "$tmp/c0807/heures.csv"
expect_code C0807 "$tmp/c0807/heures.csv:2" "$tmp/c0807"

# C0807 in JSON: not an array of objects.
good "$tmp/c0807j"; rm "$tmp/c0807j/heures.csv"; printf '{"marche": "M1"}\n' > "$tmp/c0807j/heures.json"
expect_code C0807 "$tmp/c0807j/heures.json:1" "$tmp/c0807j"

# C0808: a header of 300 columns.
good "$tmp/c0808"; { printf 'marche;participant;mois;heures;modalite'; for i in $(seq 1 295); do printf ';x%d' "$i"; done; printf '\n'; } > "$tmp/c0808/heures.csv"
expect_code C0808 "$tmp/c0808/heures.csv:1" "$tmp/c0808"

exit $fail
