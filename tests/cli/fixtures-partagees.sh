#!/usr/bin/env bash
# tests/cli/fixtures-partagees.sh: lib/fixtures.sh, the inputs both passes share: made once when two scripts ask at the same time, made again when an input changes (the older key removed), nothing kept from a command that failed, a missing input refused, and a word that names one pass's own path (its $tmp, the temporary folder, a sanitizer build) refused.
# runs no charte: tests/run.sh runs it in the normal pass only (the sanitizer pass would repeat it as is).
set -u
: "${ROOT:?}"
real_root=$ROOT
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A ROOT of its own: the fixtures of this test never meet the suite's. It lies under $tmp, as a
# clone under /tmp does: its paths are both passes', and accepted.
ROOT=$tmp/racine
mkdir -p "$ROOT/build"
. "$real_root/tests/cli/lib/fixtures.sh"
fail=0
bad() { echo "$*"; fail=1; }

printf 'un\n' > "$ROOT/entree"
# make DIR: counts its runs, takes its time, so that a second caller comes while the first works.
cat > "$ROOT/make.sh" <<'SH'
echo run >> "$(dirname "$0")/runs"
sleep 0.3
cp "$(dirname "$0")/entree" "${!#}/copie"   # the folder: the last argument
SH
fixture essai "$ROOT/entree" -- bash "$ROOT/make.sh" > "$tmp/a" &
fixture essai "$ROOT/entree" -- bash "$ROOT/make.sh" > "$tmp/b" &
wait
a=$(cat "$tmp/a") b=$(cat "$tmp/b")
[ -n "$a" ] && [ "$a" = "$b" ] || bad "deux appels simultanés : « $a » et « $b »"
[ "$(wc -l < "$ROOT/runs")" = 1 ] || bad "deux appels simultanés : $(wc -l < "$ROOT/runs") fabrications au lieu d'une"
[ "$(cat "$a/copie" 2>/dev/null)" = un ] || bad "contenu fabriqué absent de $a"

printf 'deux\n' > "$ROOT/entree"
c=$(fixture essai "$ROOT/entree" -- bash "$ROOT/make.sh")
[ -n "$c" ] && [ "$c" != "$a" ] && [ "$(cat "$c/copie")" = deux ] || bad "entrée changée : dossier « $c » (avant « $a »)"
[ ! -e "$a" ] || bad "entrée changée : l'ancien dossier $a reste"
[ "$(wc -l < "$ROOT/runs")" = 2 ] || bad "entrée changée : pas de nouvelle fabrication"
d=$(fixture essai "$ROOT/entree" -- bash "$ROOT/make.sh")
[ "$d" = "$c" ] && [ "$(wc -l < "$ROOT/runs")" = 2 ] || bad "même entrée : refabriqué"

# A command that fails: nothing printed, status 1, nothing kept; the next call tries again.
out=$(fixture rate "$ROOT/entree" -- false); rc=$?
[ $rc = 1 ] && [ -z "$out" ] || bad "commande en échec : exit $rc, « $out »"
[ -z "$(ls -A "$ROOT/build/fixtures/rate")" ] || bad "commande en échec : $(ls -A "$ROOT/build/fixtures/rate") reste"
e=$(fixture rate "$ROOT/entree" -- bash "$ROOT/make.sh")
[ -n "$e" ] && [ -f "$e/copie" ] || bad "après un échec : pas refabriqué"

# A missing input is refused, not hashed as empty.
out=$(fixture manque "$ROOT/absente" -- bash "$ROOT/make.sh" 2>&1); rc=$?
[ $rc = 1 ] && grep -q 'absente introuvable' <<< "$out" || bad "entrée absente : exit $rc, « $out »"
# A word that names a path of one pass's own would give each pass a key of its own (never shared,
# each removing the other's folder): refused on stderr, status 1, nothing printed or made, in
# COMMAND (the caller's $tmp, inside an option too; the temporary folder; the sanitizer builds of
# charte, the one under test and ThreadSanitizer's, beside a repository's normal build) or as an
# INPUT.
printf 'x\n' > "$tmp/entree"
mkdir -p "$ROOT/build/san" && cp "$ROOT/entree" "$ROOT/build/san/charte"
for word in "$tmp/entree" "--sortie=$tmp/x" "${TMPDIR:-/tmp}/ailleurs" "$ROOT/build/san/charte" "--oracle=$ROOT/build/san/charte" \
  "$real_root/build/tsan/charte"; do
  for where in commande entree; do
    if [ $where = commande ]; then
      out=$(fixture refus "$ROOT/entree" -- bash "$ROOT/make.sh" "$word" 2>"$tmp/err"); rc=$?
    else
      out=$(fixture refus "$ROOT/entree" "$word" -- bash "$ROOT/make.sh" 2>"$tmp/err"); rc=$?
    fi
    [ $rc = 1 ] && [ -z "$out" ] && grep -qF "« $word » est propre à une passe" "$tmp/err" \
      || bad "$where « $word » : exit $rc, « $out », $(cat "$tmp/err")"
  done
done
# The caller's $tmp is refused where the temporary folder is elsewhere (KEEP=… does that).
out=$(TMPDIR=/nulle-part fixture refus "$ROOT/entree" -- bash "$ROOT/make.sh" "$tmp/entree" 2>"$tmp/err"); rc=$?
[ $rc = 1 ] && [ -z "$out" ] && grep -qF "« $tmp/entree » est propre à une passe" "$tmp/err" \
  || bad "\$tmp hors de TMPDIR : exit $rc, « $out », $(cat "$tmp/err")"
[ ! -e "$ROOT/build/fixtures/refus" ] && [ "$(wc -l < "$ROOT/runs")" = 3 ] || bad "refus : quelque chose a été fabriqué"
# The same call, its words the repository's only, is made: the normal build, and a binary of the
# sanitizer build's folder that both passes run (tests/fuzz/replay.sh's build/san/fuzz-replay-*).
out=$(fixture refus "$ROOT/entree" -- bash "$ROOT/make.sh" "$ROOT/build/charte" "$ROOT/build/san/fuzz-replay-charte") \
  && [ -f "$out/copie" ] || bad "refus : l'appel sans mot d'une passe n'est pas fait"
exit $fail
