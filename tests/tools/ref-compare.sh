# tests/tools/ref-compare.sh: sourced by tests/cli/eval-*-ref.sh: compares every figure of charte's JSON report with the independent build/amp-ref --complet.
# ref_compare CHARTER CHARTE_NAME DIR AU LABEL: prints the first differences and sets status=1
# when they differ. Rejections are compared by file and line only (the two word their reasons
# differently). Needs B (the build folder with amp-ref and eval-canon), CHARTE and tmp.
ref_compare() {
  "$B/amp-ref" --charte "$2" --donnees "$3" --au "$4" --complet \
    | sed 's/^\(rejet;[^;]*;[0-9]*\);.*/\1/' > "$tmp/ref" || { echo "$5: amp-ref a échoué"; status=1; return; }
  "$CHARTE" eval "$1" --donnees "$3" --au "$4" --format json > "$tmp/json" 2> "$tmp/err"
  local rc=$?
  if [ $rc -ne 0 ]; then echo "$5: exit $rc"; cat "$tmp/err"; status=1; return; fi
  "$B/eval-canon" --lines-only --complet < "$tmp/json" > "$tmp/mine" || { status=1; return; }
  if ! diff -q "$tmp/ref" "$tmp/mine" >/dev/null; then
    echo "$5: charte et amp-ref diffèrent (< amp-ref, > charte)"
    diff "$tmp/ref" "$tmp/mine" | head -20
    status=1
  fi
}
