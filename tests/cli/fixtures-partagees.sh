#!/usr/bin/env bash
# tests/cli/fixtures-partagees.sh: lib/fixtures.sh, the inputs both passes share: made once when two scripts ask at the same time, made again when an input changes (the older key removed), nothing kept from a command that failed, a missing input refused.
# runs no charte: tests/run.sh runs it in the normal pass only (the sanitizer pass would repeat it as is).
set -u
: "${ROOT:?}"
real_root=$ROOT
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A ROOT of its own: the fixtures of this test never meet the suite's.
ROOT=$tmp/racine
mkdir -p "$ROOT/build"
. "$real_root/tests/cli/lib/fixtures.sh"
fail=0
bad() { echo "$*"; fail=1; }

printf 'un\n' > "$tmp/entree"
# make DIR: counts its runs, takes its time, so that a second caller comes while the first works.
cat > "$tmp/make.sh" <<'SH'
echo run >> "$(dirname "$0")/runs"
sleep 0.3
cp "$(dirname "$0")/entree" "$1/copie"
SH
fixture essai "$tmp/entree" -- bash "$tmp/make.sh" > "$tmp/a" &
fixture essai "$tmp/entree" -- bash "$tmp/make.sh" > "$tmp/b" &
wait
a=$(cat "$tmp/a") b=$(cat "$tmp/b")
[ -n "$a" ] && [ "$a" = "$b" ] || bad "deux appels simultanés : « $a » et « $b »"
[ "$(wc -l < "$tmp/runs")" = 1 ] || bad "deux appels simultanés : $(wc -l < "$tmp/runs") fabrications au lieu d'une"
[ "$(cat "$a/copie" 2>/dev/null)" = un ] || bad "contenu fabriqué absent de $a"

printf 'deux\n' > "$tmp/entree"
c=$(fixture essai "$tmp/entree" -- bash "$tmp/make.sh")
[ -n "$c" ] && [ "$c" != "$a" ] && [ "$(cat "$c/copie")" = deux ] || bad "entrée changée : dossier « $c » (avant « $a »)"
[ ! -e "$a" ] || bad "entrée changée : l'ancien dossier $a reste"
[ "$(wc -l < "$tmp/runs")" = 2 ] || bad "entrée changée : pas de nouvelle fabrication"
d=$(fixture essai "$tmp/entree" -- bash "$tmp/make.sh")
[ "$d" = "$c" ] && [ "$(wc -l < "$tmp/runs")" = 2 ] || bad "même entrée : refabriqué"

# A command that fails: nothing printed, status 1, nothing kept; the next call tries again.
out=$(fixture rate "$tmp/entree" -- false); rc=$?
[ $rc = 1 ] && [ -z "$out" ] || bad "commande en échec : exit $rc, « $out »"
[ -z "$(ls -A "$ROOT/build/fixtures/rate")" ] || bad "commande en échec : $(ls -A "$ROOT/build/fixtures/rate") reste"
e=$(fixture rate "$tmp/entree" -- bash "$tmp/make.sh")
[ -n "$e" ] && [ -f "$e/copie" ] || bad "après un échec : pas refabriqué"

# A missing input is refused, not hashed as empty.
out=$(fixture manque "$tmp/absente" -- bash "$tmp/make.sh" 2>&1); rc=$?
[ $rc = 1 ] && grep -q 'absente introuvable' <<< "$out" || bad "entrée absente : exit $rc, « $out »"
exit $fail
