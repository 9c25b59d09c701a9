#!/usr/bin/env bash
# tests/cli/sortie-signaux.sh: SIGINT, SIGTERM or SIGHUP (and SIGKILL) in the middle of writing the report leaves nothing behind and the previous report intact, with O_TMPFILE and with the named fallback (after SIGKILL, a temporary that names its run, removed by the next write when abandoned); the same for eval's several reports of one run (-o three times), and for explain -o.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
. "$ROOT/tests/cli/lib/hostile.sh"

# 20 000 contracts: a JSON report of about 12 MB, written in 4 KB pieces.
n=20000
charte_in_san_pass && n=8000
mkdir -p "$tmp/d" "$tmp/out"
perl -e 'print "marche;intitule;famille;maitre_ouvrage;perimetre;montant_ht;date_notification;heures_travaillees\n";
         print "M$_;Marché $_;nettoyage;Bailleur $_;aix;100000;01/02/2024;1000\n" for 1..$ARGV[0]' "$n" >"$tmp/d/marches.csv"
printf 'participant;sexe;date_naissance;qpv;date_entree\n' >"$tmp/d/participants.csv"
printf 'marche;participant;mois;heures;modalite\n' >"$tmp/d/heures.csv"
printf 'rapport précédent\n' >"$tmp/out/r.json"

# catch PID: stops PID (SIGSTOP) as soon as one of its descriptors is a file
# of out/ other than r.json itself (the temporary: named, or unnamed and shown
# as deleted) with bytes written into it (its offset, from /proc). Exit 0
# when caught, 1 when PID ended first. It looks every millisecond, not in a
# loop that never rests: the run computes for a while before its first
# bytes, and writing the report takes far longer than a millisecond (a loop
# without rest spent more processor reading /proc than charte did running).
catch() {
  perl -e '
    my ($pid, $dir) = @ARGV;
    while (kill 0, $pid) {
      for my $fd (glob "/proc/$pid/fd/*") {
        my $link = readlink $fd or next;
        next if index($link, "$dir/") != 0 || $link eq "$dir/r.json";
        (my $info = $fd) =~ s{/fd/}{/fdinfo/};
        open my $f, "<", $info or next;
        my ($pos) = map { /^pos:\s*(\d+)/ ? $1 : () } <$f>;
        if (($pos // 0) > 0) { kill "STOP", $pid; exit 0 }
      }
      select undef, undef, undef, 0.001;
    }
    exit 1' "$1" "$tmp/out"
}

# What is interrupted: eval's report (then explain's explanation, below).
more=()
run=(eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/d" --au 31/12/2025 --format json)

# interrupt SIGNAL [ENV]: starts charte "${run[@]}" -o out/r.json, stops it in the middle
# of writing the report, sends SIGNAL, and checks that out/ holds only the
# previous r.json. A run that ends before it is caught is tried again.
interrupt() {
  local sig=$1 env=${2:-} pid rc try
  for try in 1 2 3; do
    # A background job of a script starts with SIGINT ignored, and a run under
    # nohup with SIGHUP ignored (charte keeps a signal ignored as it found it):
    # perl puts the default actions back before running charte.
    env $env perl -e '$SIG{$_} = "DEFAULT" for qw(INT TERM HUP); exec @ARGV or die' "$CHARTE" "${run[@]}" \
        -o "$tmp/out/r.json" "${more[@]}" >/dev/null 2>&1 &
    pid=$!
    catch $pid && break
    wait $pid 2>/dev/null
    printf 'rapport précédent\n' >"$tmp/out/r.json"
    [ $try -eq 3 ] && { echo "$sig $env : écriture du rapport jamais saisie"; failures=$((failures + 1)); return; }
  done
  kill -s "$sig" $pid; kill -CONT $pid 2>/dev/null
  wait $pid 2>/dev/null; rc=$?
  [ $rc -ge 128 ] || { echo "$sig $env : code $rc (tué par le signal attendu)"; failures=$((failures + 1)); }
  left=$(cd "$tmp/out" && ls -A)
  if [ "$left" != r.json ] || [ "$(cat "$tmp/out/r.json")" != 'rapport précédent' ]; then
    echo "$sig $env : reste après le signal : $left ($(head -c 80 "$tmp/out/r.json"))"; failures=$((failures + 1))
    find "$tmp/out" -mindepth 1 ! -name r.json -delete
    printf 'rapport précédent\n' >"$tmp/out/r.json"
  fi
}

for sig in INT TERM HUP; do
  interrupt $sig
  interrupt $sig CHARTE_OUTPUT_NO_TMPFILE=1
done
# An unnamed file disappears with the process, however it dies.
interrupt KILL

# SIGKILL with the named temporary: no handler runs, so the temporary stays, named
# .charte-PID-r.json.XXXXXX (the run, the file it was to become). The next write of
# r.json removes it, since its run is over and its lock gone; it leaves alone the
# same name held by a live process's lock (flock), of a process that still exists,
# and another target's.
env CHARTE_OUTPUT_NO_TMPFILE=1 perl -e 'exec @ARGV or die' "$CHARTE" "${run[@]}" -o "$tmp/out/r.json" >/dev/null 2>&1 &
pid=$!
if catch $pid; then
  kill -KILL $pid; wait $pid 2>/dev/null
  left=$(cd "$tmp/out" && ls -A | grep -v '^r\.json$')
  [[ $left =~ ^\.charte-$pid-r\.json\.[A-Za-z0-9]{6}$ ]] || { echo "KILL sans O_TMPFILE : reste « $left », .charte-$pid-r.json.XXXXXX attendu"; failures=$((failures + 1)); }
  gone=$(sh -c 'echo $$')                       # a process number that no longer runs
  : >"$tmp/out/.charte-$gone-r.json.verrou"     # its lock held by a live process: kept
  : >"$tmp/out/.charte-$$-r.json.vivant"        # a process of that number exists: kept
  : >"$tmp/out/.charte-$gone-autre.json.Ab12Cd" # another target's: kept
  # flock runs sleep as its child: the holder's output goes nowhere (a sleep holding the
  # test's stdout kept tests/run.sh waiting for it) and both are ended below.
  flock "$tmp/out/.charte-$gone-r.json.verrou" sleep 60 >/dev/null 2>&1 & holder=$!
  for _ in $(seq 200); do flock -n "$tmp/out/.charte-$gone-r.json.verrou" true || break; sleep 0.05; done   # until it holds it
  "$CHARTE" "${run[@]}" -o "$tmp/out/r.json" >/dev/null 2>&1
  left=$(cd "$tmp/out" && ls -A | sort | tr '\n' ' ')
  want=$(printf '%s\n' ".charte-$gone-autre.json.Ab12Cd" ".charte-$gone-r.json.verrou" ".charte-$$-r.json.vivant" r.json | sort | tr '\n' ' ')
  [ "$left" = "$want" ] ||
    { echo "après l'écriture suivante : $left"; failures=$((failures + 1)); }
  pkill -P $holder 2>/dev/null; kill $holder 2>/dev/null; wait $holder 2>/dev/null
  rm -f "$tmp/out"/.charte-*
else
  echo "KILL sans O_TMPFILE : écriture du rapport jamais saisie"; failures=$((failures + 1))
fi

# And the report, once written whole, replaces the previous one.
"$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/d" --au 31/12/2025 --format json -o "$tmp/out/r.json" 2>/dev/null
grep -q '"marche": "M1"' "$tmp/out/r.json" && [ "$(ls -A "$tmp/out")" = r.json ] ||
  { echo "rapport complet absent"; ls -la "$tmp/out"; failures=$((failures + 1)); }

# Several reports of one run (-o three times, each format by its extension): all prepared
# before any work, so that the two others' temporaries exist while the JSON one is written;
# a signal leaves none of them, each named one removed by the handler (a slot each).
run=(eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp/d" --au 31/12/2025)
more=(-o "$tmp/out/a.csv" -o "$tmp/out/b.html")
printf 'rapport précédent\n' >"$tmp/out/r.json"
interrupt TERM
interrupt INT CHARTE_OUTPUT_NO_TMPFILE=1
interrupt HUP CHARTE_OUTPUT_NO_TMPFILE=1
more=()

# explain -o writes through the same file: one contract with as many hour lines, an
# explanation of a few MB, interrupted the same way.
mkdir -p "$tmp/e"
head -2 "$tmp/d/marches.csv" >"$tmp/e/marches.csv"; cp "$tmp/d/participants.csv" "$tmp/e/"
perl -e 'print "marche;participant;mois;heures;modalite\n"; print "M1;P$_;03/2024;7;etti\n" for 1..$ARGV[0]' "$n" >"$tmp/e/heures.csv"
run=(explain "$ROOT/examples/amp/amp.charte" --donnees "$tmp/e" --au 31/12/2025 --format json M1)
printf 'rapport précédent\n' >"$tmp/out/r.json"
interrupt INT
interrupt TERM CHARTE_OUTPUT_NO_TMPFILE=1
interrupt KILL
"$CHARTE" "${run[@]}" -o "$tmp/out/r.json" 2>/dev/null
[ "$(jq '[.. | objects | select(.etape == "ligne")] | length' "$tmp/out/r.json")" = "$n" ] && [ "$(ls -A "$tmp/out")" = r.json ] ||
  { echo "explication complète absente"; ls -la "$tmp/out"; failures=$((failures + 1)); }

[ $failures -eq 0 ]
