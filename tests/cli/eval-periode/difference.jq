# tests/cli/eval-periode/difference.jq: every *_periode figure of $p (a JSON report with --depuis) is
# its cumulative figure in $a (the report at the same --au) less the same in $b (the report at the
# day before --depuis), 0 when $b has no such row; prints each figure that is not, and each row of
# $p without its figure. jq -n --argfile p P --argfile a A --argfile b B -f difference.jq
def idx(k): map({key: (.[k] | tostring), value: .}) | from_entries;
def close(x; y): ((x - y) | if . < 0 then -. else . end) < 0.000001;
def check(what; list_p; list_a; list_b; k; f; fp):
  (list_a | idx(k)) as $A | (list_b | idx(k)) as $B |
  list_p[] | . as $row | ($row[k] | tostring) as $key | select($row | has(fp)) |
  {what: what, key: $key, got: $row[fp], want: ($A[$key][f] - (($B[$key][f]) // 0))} |
  select(close(.got; .want) | not);
def check_missing(what; list_p; fp):
  list_p[] | select(has(fp) | not) | {what: what, missing: fp, row: .};
[
  check("marche"; $p.marches; $a.marches; $b.marches; "marche"; "heures_realisees"; "heures_realisees_periode"),
  check_missing("marche"; $p.marches; "heures_realisees_periode"),
  check("mutualisation"; $p.mutualisations; $a.mutualisations; $b.mutualisations; "mutualisation"; "heures_realisees"; "heures_realisees_periode"),
  check_missing("mutualisation"; $p.mutualisations; "heures_realisees_periode"),
  (["familles", "perimetres", "maitres_ouvrage"][] as $g |
    check($g; $p.agregats[$g]; $a.agregats[$g]; $b.agregats[$g]; "cle"; "heures_realisees"; "heures_realisees_periode"),
    check_missing($g; $p.agregats[$g]; "heures_realisees_periode")),
  (if $p.embauches then
    ($p.embauches.objectifs | to_entries | map(.value + {i: .key})) as $po |
    ($a.embauches.objectifs | to_entries | map(.value + {i: .key})) as $ao |
    ($b.embauches.objectifs | to_entries | map(.value + {i: .key})) as $bo |
    check("objectif embauches"; $po; $ao; $bo; "i"; "embauches"; "embauches_periode"),
    check("objectif embauches"; $po; $ao; $bo; "i"; "eligibles"; "eligibles_periode"),
    check("objectif embauches"; $po; $ao; $bo; "i"; "objectif"; "objectif_periode"),
    (if close($p.embauches.comptees_periode; $a.embauches.comptees - $b.embauches.comptees) and
        close($p.embauches.eligibles_periode; $a.embauches.eligibles - $b.embauches.eligibles) then empty
     else {what: "embauches total"} end),
    (["perimetres", "maitres_ouvrage"][] as $g |
      check("embauches " + $g; $p.embauches[$g]; $a.embauches[$g]; $b.embauches[$g]; "cle"; "embauches"; "embauches_periode"),
      check("embauches " + $g; $p.embauches[$g]; $a.embauches[$g]; $b.embauches[$g]; "cle"; "eligibles"; "eligibles_periode"))
   else empty end)
] | .[]
