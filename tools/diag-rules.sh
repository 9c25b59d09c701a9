#!/bin/sh
# tools/diag-rules.sh: writes the table of diagnostic codes (lang/diag_rules.c) from the error pages: docs/erreurs/CNNNN.md, and docs/en/erreurs/CNNNN.md when it exists.
# Usage: tools/diag-rules.sh FR_DIR EN_DIR > diag_rules.inc
# Each line: { "C0401", DIAG_ERROR, "title fr", "title en", "summary fr", "summary en" },
# The title is the text after the dash of the page's first line ("fr / en" when
# one page carries both); the summary is the first paragraph after the
# severity line; the severity is that line's first word.
set -eu
fr_dir=$1 en_dir=$2

# page FILE: prints "severity<TAB>title<TAB>summary" of one page.
page() {
  awk '
    function esc(s,   out, i, c) {
      out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\" || c == "\"") out = out "\\" c
        else if (c == "\t") out = out " "
        else out = out c
      }
      return out
    }
    NR == 1 { t = $0; sub(/^# *C[0-9][0-9][0-9][0-9] *(—|-+) */, "", t); title = t; next }
    sev == "" && /^\*\*(Severity|Gravité)/ {
      s = $0; sub(/^\*\*[^*]*\*\* */, "", s); sub(/[. ].*/, "", s); sev = s; state = 1; next }
    state == 1 && /^[[:space:]]*$/ { next }
    state == 1 { state = 2 }
    state == 2 && (/^[[:space:]]*$/ || /^```/ || /^\*\*/) { state = 3 }
    state == 2 { line = $0; sub(/^[[:space:]]+/, "", line); text = text (text == "" ? "" : " ") line }
    END { printf "%s\t%s\t%s\n", esc(sev), esc(title), esc(text) }
  ' "$1"
}

severity_enum() {
  case $1 in
    error|erreur) echo DIAG_ERROR ;;
    warning|avertissement) echo DIAG_WARNING ;;
    note) echo DIAG_NOTE ;;
    *) echo "diag-rules: $2: unknown severity '$1'" >&2; exit 1 ;;
  esac
}

for f in "$fr_dir"/C[0-9][0-9][0-9][0-9].md; do
  code=$(basename "$f" .md)
  IFS='	' read -r sev title_fr text_fr <<EOT
$(page "$f")
EOT
  [ -n "$title_fr" ] && [ -n "$text_fr" ] || { echo "diag-rules: $f: no title or no first paragraph" >&2; exit 1; }
  title_en=$title_fr text_en=$text_fr
  case $title_fr in *" / "*) title_en=${title_fr#* / } title_fr=${title_fr%% / *} ;; esac
  if [ -f "$en_dir/$code.md" ]; then
    IFS='	' read -r sev_en title_en text_en <<EOT
$(page "$en_dir/$code.md")
EOT
  fi
  printf '{ "%s", %s, "%s", "%s", "%s", "%s" },\n' "$code" "$(severity_enum "$sev" "$f")" \
    "$title_fr" "$title_en" "$text_fr" "$text_en"
done
