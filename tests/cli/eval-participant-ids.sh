#!/usr/bin/env bash
# tests/cli/eval-participant-ids.sh: a participant's id is taken once: a duplicate is said as such even when its dates contradict each other, a row born after its entry leaves its id free for a later valid row, which a third one then duplicates.
set -u
: "${CHARTE:?}" "${ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$ROOT"/examples/amp/donnees/*.csv "$tmp/"
n=$(($(wc -l <"$tmp/participants.csv")))
# rows n+1…n+5, from the example's own: P00001 again; P00002 again, its dates swapped;
# PNEW1 with its dates swapped; PNEW1 valid; PNEW1 again.
awk -F';' -v OFS=';' '
  NR == 2 || NR == 3 || NR == 4 { row[NR] = $0; b[NR] = $3; en[NR] = $5 }
  END {
    print row[2]
    $0 = row[3]; $3 = en[3]; $5 = b[3]; print
    $0 = row[4]; $1 = "PNEW1"; $3 = en[4]; $5 = b[4]; print
    $0 = row[4]; $1 = "PNEW1"; print
    print
  }' "$tmp/participants.csv" >>"$tmp/participants.csv"
"$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp" --au 2025-12-31 >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
want="participants.csv:$((n + 1)) : participant en double (déjà lu ligne 2)
participants.csv:$((n + 2)) : participant en double (déjà lu ligne 3)
participants.csv:$((n + 3)) : date_naissance postérieure à date_entree
participants.csv:$((n + 5)) : participant en double (déjà lu ligne $((n + 4)))"
got=$(grep -E "participants\.csv:($((n + 1))|$((n + 2))|$((n + 3))|$((n + 4))|$((n + 5))) " "$tmp/out" | sed 's/^ *//')
if [ "$got" != "$want" ]; then
  echo "rejets attendus :"; echo "$want"; echo "obtenus :"; echo "$got"
  exit 1
fi
