#!/usr/bin/env bash
# tools/install.sh: `make install` and `make uninstall`: the program, its man pages and completions (made from its help), the stdlib and the editor files, under PREFIX (and DESTDIR).
#
#   tools/install.sh install BUILD DESTDIR PREFIX
#   tools/install.sh uninstall BUILD DESTDIR PREFIX
#
#   PREFIX/bin/charte
#   PREFIX/share/man/man1/charte.1, charte-COMMAND.1         English pages
#   PREFIX/share/man/fr/man1/charte.1, charte-COMMAND.1      French pages (man with LANG=fr…)
#   PREFIX/share/bash-completion/completions/charte         bash
#   PREFIX/share/zsh/site-functions/_charte                 zsh
#   PREFIX/share/charte/stdlib/*.charte                     the stdlib (charte lsp opens it)
#   PREFIX/share/charte/editors/{vscode,vim}/…              editors/ (docs/editeurs.md)
set -eu
action=$1 build=$2 destdir=$3 prefix=$4
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case $prefix in
  /*) ;;
  *) echo "install: PREFIX must be an absolute path (not '$prefix')" >&2; exit 2 ;;
esac
dest=$destdir$prefix

# Every file to install: "SOURCE<TAB>TARGET<TAB>MODE", TARGET relative to PREFIX.
manifest() {
  local gen=$build/share f
  printf '%s\tbin/charte\t755\n' "$build/charte"
  for f in "$gen"/man/man1/*.1; do printf '%s\tshare/man/man1/%s\t644\n' "$f" "${f##*/}"; done
  for f in "$gen"/man/fr/man1/*.1; do printf '%s\tshare/man/fr/man1/%s\t644\n' "$f" "${f##*/}"; done
  printf '%s\tshare/bash-completion/completions/charte\t644\n' "$gen/completion/charte.bash"
  printf '%s\tshare/zsh/site-functions/_charte\t644\n' "$gen/completion/_charte"
  for f in "$root"/stdlib/*.charte; do printf '%s\tshare/charte/stdlib/%s\t644\n' "$f" "${f##*/}"; done
  (cd "$root" && find editors -type f -not -path '*/node_modules/*' | sort) |
    while read -r f; do printf '%s\tshare/charte/%s\t644\n' "$root/$f" "$f"; done
}

# Removes the folders left empty below dest, from the deepest, never dest itself.
prune() {
  local d=$1
  while [ "$d" != "$dest" ] && [ "${d#"$dest"/}" != "$d" ] && rmdir "$d" 2>/dev/null; do d=${d%/*}; done
}

case $action in
  install)
    [ -x "$build/charte" ] || { echo "install: $build/charte missing (make first)" >&2; exit 2; }
    rm -rf "$build/share"
    "$root/tools/man-pages.sh" "$build/charte" "$build/share/man"
    "$root/tools/completions.sh" "$build/charte" "$build/share/completion"
    manifest | while IFS=$'\t' read -r src target mode; do
      install -D -m "$mode" "$src" "$dest/$target"
    done
    echo "charte installed in $dest"
    ;;
  uninstall)
    # By name, not from the build: an uninstall works with the build gone.
    targets=("$dest/bin/charte" "$dest"/share/man/man1/charte.1 "$dest"/share/man/man1/charte-*.1
             "$dest"/share/man/fr/man1/charte.1 "$dest"/share/man/fr/man1/charte-*.1
             "$dest/share/bash-completion/completions/charte" "$dest/share/zsh/site-functions/_charte")
    for t in "${targets[@]}"; do
      [ -e "$t" ] || continue
      rm -f "$t"
      prune "${t%/*}"
    done
    if [ -d "$dest/share/charte" ]; then
      rm -rf "$dest/share/charte"
      prune "$dest/share"
    fi
    echo "charte uninstalled from $dest"
    ;;
  *) echo "install: install or uninstall, not '$action'" >&2; exit 2 ;;
esac
