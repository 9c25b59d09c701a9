#!/usr/bin/env bash
# tests/cli/threads-memoire.sh: eval --threads N holds at most its ring of slices (8 MiB, no more than the table) of the hour table, whatever N: ten times the hour lines cost the same memory with 2 and with 64 threads, and the reports are the same as with one thread.
set -u
. "$ROOT/tests/cli/lib/builds.sh"
. "$ROOT/tests/cli/lib/generees.sh"

# One million hour lines (34 MB, with invalid rows), and the same contracts and
# participants with their first hundred thousand: the big table is four times
# the ring, so a ring that grew with the threads (1 MiB slices, 2N + 2 of them)
# or with the table would show as tens of megabytes more.
# Made once for both passes (lib/fixtures.sh), in $D, read only.
. "$ROOT/tests/cli/lib/fixtures.sh"
D=$(fixture threads-memoire "$B/gen-donnees" -- bash -c \
  '"$1" --profil medium --graine 5 --format csv --invalides 100 --sortie "$2/grand" >/dev/null && mkdir "$2/petit" &&
   cp "$2/grand"/{marches,participants,embauches}.csv "$2/petit/" && head -n 100001 "$2/grand/heures.csv" > "$2/petit/heures.csv"' \
  _ "$B/gen-donnees") || { echo "données non générées"; exit 1; }
[ "$(wc -c < "$D/grand/heures.csv")" -gt 32000000 ] || { echo "table des heures trop petite pour l'essai"; exit 1; }

# Peak memory, except under the sanitizers (their shadow memory is not the reader's).
sanitized=false
charte_kind; [ "$charte_kind" = normal ] || sanitized=true

# run DIR THREADS: the JSON report in $tmp/DIR.THREADS.json, the peak RSS (KB) in $tmp/DIR.THREADS.rss.
run() {
  local dir=$1 n=$2 rc
  if $sanitized; then
    "$CHARTE" eval "$AMP" --donnees "$D/$dir" --au 2025-12-31 --format json --threads "$n" -o "$tmp/$dir.$n.json" 2>"$tmp/err"
  else
    /usr/bin/time -f '%M' -o "$tmp/$dir.$n.rss" \
      "$CHARTE" eval "$AMP" --donnees "$D/$dir" --au 2025-12-31 --format json --threads "$n" -o "$tmp/$dir.$n.json" 2>"$tmp/err"
  fi
  rc=$?
  [ $rc -eq 0 ] || { echo "$dir --threads $n : exit $rc"; cat "$tmp/err"; fail=1; }
}
peak() { tail -1 "$tmp/$1.$2.rss"; }

# Under the sanitizers, which say nothing of the peak, the smaller table only.
dirs="petit grand"; $sanitized && dirs=petit
for dir in $dirs; do
  for n in 1 2 64; do run $dir $n; done
  for n in 2 64; do
    cmp -s "$tmp/$dir.1.json" "$tmp/$dir.$n.json" || { echo "$dir : --threads $n diffère de --threads 1"; fail=1; }
  done
done
grep -q '"rejetees": [1-9]' "$tmp/petit.1.json" || { echo "petit : aucune ligne rejetée, les invalides manquent"; fail=1; }

# The ring is no longer than the table it holds: under ASan (where it is malloc'ed, and its
# shadow written whole) a threaded evaluation of the demo's 216 KB allocates no block over
# 4 MiB; the ring of 8 MiB whatever the table (6 MiB at two threads) cost every such run some
# 500 page faults.
if charte_in_san_pass; then
  for n in 2 7 64; do
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=4 \
      "$CHARTE" eval "$AMP" --donnees "$ROOT/examples/amp/donnees" --au 2025-12-31 --format json --threads "$n" \
      -o "$tmp/demo.$n.json" 2>"$tmp/err" \
      || { echo "démo --threads $n : un bloc de plus de 4 Mio pour 216 Ko de données"; head -3 "$tmp/err"; fail=1; }
  done
fi

if ! $sanitized; then
  # The ring is 8 MiB, and what a slice's rows leave behind is bounded too:
  # 12 MiB between ten times the lines and one time, whatever the threads
  # (measured: +0.4, +3.7 and +9.1 MB with 1, 2 and 64 threads; with the ring
  # uncapped, 64 threads took +14 MB, and more on more cores).
  limit=12288
  for n in 1 2 64; do
    growth=$(( $(peak grand $n) - $(peak petit $n) ))
    echo "# --threads $n : $(peak petit $n) Ko pour 100 000 lignes, $(peak grand $n) Ko pour 1 000 000 (+$growth Ko)"
    [ "$growth" -le "$limit" ] || { echo "--threads $n : la mémoire croît de $growth Ko avec les lignes d'heures ($limit au plus)"; fail=1; }
  done
fi

[ $fail -eq 0 ]
