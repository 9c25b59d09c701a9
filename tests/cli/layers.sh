#!/usr/bin/env bash
# tests/cli/layers.sh: every #include points down a layer (tools/layers.sh), and the check fails on a planted upward include.
# runs no charte: tests/run.sh runs it in the normal pass only (the sanitizer pass would repeat it as is).
set -u
"$ROOT/tools/layers.sh" "$ROOT" || { echo "layers: an include points up (above)"; exit 1; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r "$ROOT/base" "$ROOT/lang" "$ROOT/runtime" "$ROOT/cli" "$tmp/"
for plant in 'base/num.c:model.h' 'lang/ast.c:eval.h' 'runtime/eval.c:cli.h'; do
  file=${plant%%:*} header=${plant#*:}
  cp "$ROOT/$file" "$tmp/$file"
  printf '#include "%s"\n' "$header" >> "$tmp/$file"
  out=$("$ROOT/tools/layers.sh" "$tmp"); rc=$?
  [ $rc -eq 1 ] || { echo "layers: planted $header in $file not refused (exit $rc)"; exit 1; }
  grep -q "^$file:[0-9]*: includes \"$header\"" <<<"$out" || { echo "layers: wrong report for $plant: $out"; exit 1; }
  cp "$ROOT/$file" "$tmp/$file"
done
"$ROOT/tools/layers.sh" "$tmp" || { echo "layers: the restored copy fails"; exit 1; }
