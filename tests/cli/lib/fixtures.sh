# tests/cli/lib/fixtures.sh: sourced by the tests whose generated inputs (and an oracle's answers) both passes of make test read: made once, by whichever pass asks first.
# Sourced, not run: tests/run.sh runs only tests/cli/*.sh. Needs $ROOT.
#
# fixture NAME INPUT... -- COMMAND...: prints the folder that COMMAND filled (COMMAND is run with
# that folder, empty, under a temporary name, as its last argument), made once for one content of the INPUT
# files and one COMMAND line. List as INPUT everything the result depends on: the generator
# script, its data, the binaries it runs (an oracle's binary: a mutant's build then gets answers
# of its own). The normal and the sanitizer passes run the same script side by side: the second
# waits on the first's lock and reads its folder, rather than spending the processor again.
# The folder is shared: a test never changes a file in it (it copies the file first). It lives in
# build/fixtures/NAME/KEY; making a new key of NAME removes the older ones. A COMMAND that fails
# leaves nothing, and the next call tries again. Returns 1 (printing nothing) when COMMAND failed.
# The rule that keeps the passes sharing: no INPUT or COMMAND word may name a path of one pass's
# own, under the temporary folder (${TMPDIR:-/tmp}, where each pass makes its $tmp) or the caller's
# $tmp outside $ROOT, or a sanitizer build of charte (…/san/charte, …/tsan/charte: lib/builds.sh;
# the fuzz replay binaries beside it in build/san/ are both passes'); such a word would make each
# pass a key of its own, never shared, each removing the other's folder: it is refused, said on
# stderr, with status 1 and nothing made.
. "${BASH_SOURCE[0]%/*}/builds.sh"   # charte_kind (beside this file: a test may set a ROOT of its own)
fixture() {
  local name=$1 inputs=() key dir f w rest store=$ROOT/build/fixtures temp=${TMPDIR:-/tmp}
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do inputs+=("$1"); shift; done
  [ $# -gt 1 ] || { echo "fixture $name : commande absente" >&2; return 1; }
  shift
  for w in "${inputs[@]}" "$@"; do
    rest=${w//"$ROOT"/}   # the repository is both passes', wherever it lies (a clone under /tmp)
    charte_kind "$rest"
    case $charte_kind:$rest in
      san:*|tsan:*|*:*"${temp%/}"/*) ;;
      *) [ -n "${tmp:-}" ] && [[ $rest == *"$tmp"* ]] || continue ;;
    esac
    echo "fixture $name : « $w » est propre à une passe (dossier temporaire ou build sanitizer) : les deux passes ne partageraient rien et effaceraient chacune le dossier de l'autre" >&2
    return 1
  done
  for f in "${inputs[@]}"; do [ -f "$f" ] || { echo "fixture $name : $f introuvable" >&2; return 1; }; done
  key=$({ printf '%s\0' "$@"; cat "${inputs[@]}"; } | sha256sum) || return 1
  dir=$store/$name/${key:0:16}
  mkdir -p "$store/$name" || return 1
  (
    flock 9
    [ -d "$dir" ] && exit 0
    # An older key of NAME, or a folder left by a run that was stopped while it made it.
    rm -rf "${store:?}/$name"/*
    mkdir "$dir.tmp" && "$@" "$dir.tmp" && mv "$dir.tmp" "$dir" || { rm -rf "$dir.tmp"; exit 1; }
  ) 9>"$store/$name.lock" || return 1
  printf '%s\n' "$dir"
}
