#!/usr/bin/env bash
# tests/cli/demo-lignes.sh: every row of the demo data sets (examples/amp, examples/belvance, hires included) is accounted for: per table, read = counted + not counted (each with a reason) + rejected (each listed), and every table file present is read.
set -u
cd "$ROOT" || exit 1
bad=0
complain() { printf 'demo-lignes: %s\n' "$*"; bad=1; }
check() { # CHARTER DIR
  local json
  json=$("$CHARTE" eval "$1" --donnees "$2" --au 2025-12-31 --format json 2>/dev/null) || { complain "$2: eval a échoué"; return; }
  local f t
  for f in "$2"/*.csv "$2"/*.json; do
    [ -f "$f" ] || continue
    t=$(basename "${f%.*}")
    jq -e --arg t "$t" --arg f "$(basename "$f")" '
      .lignes[$t] as $l
      | $l != null and $l.lues > 0
        and $l.lues == $l.comptees + $l.non_comptees + $l.rejetees
        and $l.non_comptees == ([(.non_comptees[$t] // {})[]] | add // 0)
        and $l.rejetees == ([.rejets[] | select(.fichier == $f)] | length)' <<<"$json" >/dev/null \
      || complain "$2: la table $t ne se retrouve pas (lues ≠ comptées + non comptées + rejetées, ou motifs manquants)"
  done
}
check examples/amp/amp.charte examples/amp/donnees
check examples/amp/amp.charte examples/amp/donnees-json
check examples/belvance/belvance.charte examples/belvance/donnees
[ -f examples/belvance/donnees/embauches.csv ] || complain "examples/belvance/donnees n'a pas d'embauches"
exit $bad
