#!/usr/bin/env bash
# tests/cli/eval-json-long.sh: the JSON report gathers its pieces in a buffer of its own (runtime/report_json.c): texts longer than the buffer, escapes on its edges and thousands of rows come out whole, in order, as a document that parses.
set -u
: "${CHARTE:?}" "${ROOT:?}"
command -v python3 >/dev/null || { echo "python3 absent"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$ROOT"/examples/amp/donnees/*.csv "$tmp/"
# Owners of 40 000 bytes (quotes, backslashes and tabs every few bytes: escapes fall on
# every offset of the buffer), of 16 383 and 16 385 bytes, 3 000 more contracts, and
# 3 000 rejected rows (a formatted piece each, some across the buffer's end).
python3 - "$tmp/marches.csv" <<'PY'
import sys
path = sys.argv[1]
rows = []
owners = {"MLONG1": ('ab"\\\t' * 8000) + "z", "MLONG2": "x" * 16383, "MLONG3": "é" * 8192 + "y"}
for i, (cid, owner) in enumerate(owners.items()):
    rows.append(f'{cid};Essai;nettoyage;"{owner.replace(chr(34), chr(34) * 2)}";amp;100 000;0{i + 1}/02/2023;1 000')
for i in range(3000):
    rows.append(f"MX{i:05d};Essai;nettoyage;Métropole AMP;amp;{50000 + i};15/03/2023;{500 + i}")
with open(path, "a", encoding="utf-8") as f:
    f.write("\n".join(rows) + "\n")
with open(path + ".owners", "w", encoding="utf-8") as f:
    f.write(repr(owners))
first = open(path.replace("marches", "participants"), encoding="utf-8-sig").read().splitlines()[1]
with open(path.replace("marches", "participants"), "a", encoding="utf-8") as f:
    f.write((first + "\n") * 3000)
PY
"$CHARTE" eval "$ROOT/examples/amp/amp.charte" --donnees "$tmp" --au 2025-12-31 --format json -o "$tmp/r.json" 2>"$tmp/err" \
  || { cat "$tmp/err"; exit 1; }
python3 - "$tmp/r.json" "$tmp/marches.csv.owners" <<'PY'
import ast, json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
owners = ast.literal_eval(open(sys.argv[2], encoding="utf-8").read())
by_id = {c["marche"]: c for c in report["marches"]}
for cid, owner in owners.items():
    got = by_id[cid]["maitre_ouvrage"]
    if got != owner:
        sys.exit(f"{cid}: maitre_ouvrage of {len(got)} characters, {len(owner)} written")
ids = [c["marche"] for c in report["marches"]]
if ids != sorted(ids) or sum(i.startswith("MX") for i in ids) != 3000:
    sys.exit("contracts missing or out of order")
lines = [r["ligne"] for r in report["rejets"] if r["fichier"] == "participants.csv"]
if len(lines) < 3000 or lines != sorted(lines) or len(set(lines)) != len(lines):
    sys.exit(f"{len(lines)} rejected participants, not in order")
PY
