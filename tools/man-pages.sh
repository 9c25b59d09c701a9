#!/usr/bin/env bash
# tools/man-pages.sh: writes the man pages (charte.1 and one per command, French and English) in roff from the help of the built program (cli/help.c's table).
#
#   tools/man-pages.sh CHARTE OUTDIR
# Writes OUTDIR/man1/*.1 (English) and OUTDIR/fr/man1/*.1 (French). The help table is the
# one source: a command or an option added there is in the pages at the next build.
set -eu
bin=$1 out=$2
version=$("$bin" --version | sed -n 's/^charte \([^ ]*\).*/\1/p')

# roff: a backslash is \e, a line that starts with . or ' is protected, - in options is \-.
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

# command_page LANG NAME SUMMARY: the page of one command, from `charte help NAME --lang LANG`.
command_page() {
  local lang=$1 name=$2 summary=$3
  CHARTE_LANG=$lang "$bin" help "$name" --lang "$lang" | esc | awk -v lang="$lang" -v name="$name" \
      -v summary="$(printf '%s' "$summary" | esc)" -v version="$version" '
    function heading(fr, en) { return lang == "en" ? en : fr }
    function opt(s) { gsub(/-/, "\\-", s); return s }
    BEGIN {
      up = toupper(name)
      printf ".TH CHARTE-%s 1 \"\" \"charte %s\" \"%s\"\n", up, version, heading("Commandes de charte", "charte commands")
      printf ".SH %s\ncharte-%s \\- %s\n", heading("NOM", "NAME"), name, summary
      section = "usage"
    }
    NR == 1 {
      sub(/^Usage ?: /, "")
      syn = $0; sub(/^charte [^ ]+ ?/, "", syn)
      printf ".SH SYNOPSIS\n.B charte %s\n%s\n.SH DESCRIPTION\n", name, syn
      next
    }
    /^(Options|Codes de sortie|Exit codes|Exemples|Examples) ?:$/ {
      n++
      section = n == 1 ? "options" : n == 2 ? "exit" : "examples"
      if (section == "options") print ".SH OPTIONS"
      if (section == "exit") printf ".SH \"%s\"\n", heading("CODES DE SORTIE", "EXIT STATUS")
      if (section == "examples") printf ".SH %s\n.nf\n", heading("EXEMPLES", "EXAMPLES")
      next
    }
    section == "usage" && /^(Autres graphies|Also spelt)/ { printf ".PP\n%s\n", $0; next }
    section == "usage" && NF > 0 { print; next }
    NF == 0 { next }
    section == "options" && /^  -/ {
      left = substr($0, 3); what = ""
      if (match(left, /   +/)) { what = substr(left, RSTART + RLENGTH); left = substr(left, 1, RSTART - 1) }
      split(left, parts, " ")
      flags = left; arg = ""
      if (match(left, / [^-,][^ ]*$/)) { flags = substr(left, 1, RSTART - 1); arg = substr(left, RSTART + 1) }
      if (arg != "") printf ".TP\n.BI \"%s \" \"%s\"\n", opt(flags), arg
      else printf ".TP\n.B %s\n", opt(flags)
      if (what != "") print what
      next
    }
    section == "options" { sub(/^ +/, ""); print; next }
    section == "exit" && /^  [0-9]/ { printf ".TP\n.B %s\n%s\n", $1, substr($0, 7); next }
    section == "exit" { sub(/^ +/, ""); print; next }
    section == "examples" { sub(/^  /, ""); print; next }
    END {
      if (section == "examples") print ".fi"
      printf ".SH %s\n.BR charte (1)\n", heading("VOIR AUSSI", "SEE ALSO")
    }'
}

# main_page LANG: charte.1, from `charte help` (the commands and the shared options).
main_page() {
  local lang=$1
  CHARTE_LANG=$lang "$bin" help --lang "$lang" | esc | awk -v lang="$lang" -v version="$version" '
    function heading(fr, en) { return lang == "en" ? en : fr }
    function opt(s) { gsub(/-/, "\\-", s); return s }
    BEGIN {
      printf ".TH CHARTE 1 \"\" \"charte %s\" \"%s\"\n", version, heading("Commandes de charte", "charte commands")
      printf ".SH %s\ncharte \\- %s\n", heading("NOM", "NAME"),
             heading("vérifie une charte locale d'\''insertion et évalue des données de marchés",
                     "check a local insertion charter and evaluate contract data against it")
      section = "usage"
    }
    NR == 1 { sub(/^Usage ?: charte /, ""); printf ".SH SYNOPSIS\n.B charte\n%s\n.SH DESCRIPTION\n", $0; next }
    /^[^ ].*:$/ && section != "tail" {
      n++
      section = n == 1 ? "commands" : "options"
      printf ".SH %s\n", n == 1 ? heading("COMMANDES", "COMMANDS") : heading("OPTIONS DE TOUTES LES COMMANDES", "OPTIONS OF EVERY COMMAND")
      next
    }
    section == "usage" { print; next }
    section == "commands" && /^  [a-z]/ {
      cmd = $1; what = $0; sub(/^  [a-z]+ +/, "", what)
      cmds[++ncmds] = cmd
      printf ".TP\n.B %s\n%s (\\fBcharte\\-%s\\fR(1))\n", cmd, what, cmd
      next
    }
    section == "options" && /^  -/ {
      left = substr($0, 3); what = ""
      if (match(left, /   +/)) { what = substr(left, RSTART + RLENGTH); left = substr(left, 1, RSTART - 1) }
      printf ".TP\n.B %s\n%s\n", opt(left), what
      next
    }
    NF == 0 { if (section == "options") { section = "tail"; printf ".SH %s\n", heading("CODES DE SORTIE", "EXIT STATUS") } next }
    section == "tail" { sub(/^(Exit status|Code de sortie) ?: /, ""); print; next }
    END {
      printf ".SH %s\n", heading("ENVIRONNEMENT", "ENVIRONMENT")
      printf ".TP\n.B CHARTE_LANG\n%s\n", heading("langue des messages et de l'\''aide, fr (défaut) ou en", "language of messages and help, fr (default) or en")
      printf ".TP\n.B CHARTE_DOCS_URL\n%s\n", heading("adresse des pages d'\''erreur citées par les sorties SARIF et LSP", "address of the error pages that the SARIF and LSP outputs link to")
      printf ".SH %s\n", heading("FICHIERS", "FILES")
      printf ".TP\n.I PREFIX/share/charte/stdlib/\n%s\n", heading("la bibliothèque standard (anru.charte), copie de celle intégrée au programme", "the standard library (anru.charte), a copy of the one built into the program")
      printf ".TP\n.I PREFIX/share/charte/editors/\n%s\n", heading("grammaire TextMate, extension VS Code et fichiers Vim (voir docs/editeurs.md)", "TextMate grammar, VS Code extension and Vim files (see docs/en/editeurs.md)")
      printf ".SH %s\n", heading("VOIR AUSSI", "SEE ALSO")
      for (i = 1; i <= ncmds; i++) printf ".BR charte\\-%s (1)%s\n", cmds[i], i < ncmds ? "," : ""
    }'
}

for lang in en fr; do
  dir=$out/man1; [ "$lang" = fr ] && dir=$out/fr/man1
  mkdir -p "$dir"
  main_page "$lang" > "$dir/charte.1"
  CHARTE_LANG=$lang "$bin" help --lang "$lang" | awk '/^[^ ].*:$/ { n++; next } n == 1 && /^  [a-z]/' |
  while read -r name summary; do
    command_page "$lang" "$name" "$summary" > "$dir/charte-$name.1"
  done
done
