#!/usr/bin/env bash
# tests/cli/help.sh: `charte help` and `charte COMMAND --help` in both languages, for every command, listing exactly the options its parser accepts.
set -u
export CHARTE_LANG=fr
cd "$ROOT" || exit 1
bad=0
complain() { printf 'help: %s\n' "$*"; bad=1; }
# Under the sanitizer build (*/san/charte) every command's help, French and English, the overview,
# the --langue spellings and every error are the sanitized binary's, and each of the three other
# ways to ask a command's help (CHARTE_LANG=en, COMMAND --help, COMMAND -h --lang en) runs it for
# one command in three, in turn, so that each is taken under ASan three times; the other commands'
# answers to those, and the texts asked twice for a comparison (help eval --lang en, help check,
# help eval), come from the normal build beside it: the same printing code with another
# command's text, which the normal pass checks for every command. 49 sanitized runs, not 71.
. "$ROOT/tests/cli/lib/builds.sh"
AGAIN=$(charte_normal) || exit 1
turn=0

# The parser of each command: its source file (the option spellings are its "--…" literals).
declare -A parser=([diff]=cli/cmd_diff.c [check]=cli/cmd_check.c [eval]=cli/cmd_eval.c [explain]=cli/cmd_explain.c [test]=cli/cmd_test.c [fmt]=cli/cmd_fmt.c [render]=cli/cmd_render.c [lsp]=cli/cmd_lsp.c)

# shared_options PARSER: the options of cli/cli_options.c that the parser takes: those tagged
# "always", and those whose CliOptions field (.data_dir, .au, .output, .since) the parser sets.
shared_options() {
  grep -q 'cli_options_parse' "$1" || return 0
  local tags='always'
  for field in data_dir au output since; do grep -q "\.$field = &" "$1" && tags="$tags|\\.$field"; done
  grep -E "/\* ($tags) \*/" cli/cli_options.c | grep -o '"--*[a-z][a-z-]*"' | tr -d '"'
}

# lang_options PARSER-TEXT: the language option's spellings (cli/cli.c's list, tagged "lang"),
# when the parser reads the option through the shared reader, cli_lang_value (directly or
# in cli_options_parse).
lang_options() {
  grep -q 'cli_lang_value\|cli_options_parse' <<<"$1" || return 0
  grep -E '/\* lang \*/' cli/cli.c | grep -o '"--*[a-z][a-z-]*"' | tr -d '"'
}

# listed_options TEXT: the spellings in the left column of the Options section.
listed_options() {
  awk '/^Options ?:$/ { on = 1; next } /^[^ ]/ { on = 0 } on && /^  -/ {
         left = substr($0, 3); sub(/  .*/, "", left); n = split(left, w, /, | /)
         for (i = 1; i <= n; i++) if (w[i] ~ /^-/) print w[i] }' <<<"$1" | sort -u
}

overview_fr=$("$CHARTE" help) || complain "charte help: exit $?"
overview_en=$("$CHARTE" help --lang en) || complain "charte help --lang en: exit $?"
grep -q '^Commandes :$' <<<"$overview_fr" || complain "charte help is not in French"
grep -q '^Commands:$' <<<"$overview_en" || complain "charte help --lang en is not in English"
[ "$("$CHARTE" --help)" == "$overview_fr" ] || complain "charte --help differs from charte help"

# Every command main.c dispatches to is in the overview and has its help.
commands=$(sed -n 's/.*return cmd_\([a-z]*\)(.*/\1/p' cli/main.c | sort -u)
[ -n "$commands" ] || complain "no command found in cli/main.c"
for cmd in $commands help; do
  grep -q "^  $cmd " <<<"$overview_fr" || complain "$cmd is not listed by charte help"
  grep -q "^  $cmd " <<<"$overview_en" || complain "$cmd is not listed by charte help --lang en"
  fr=$("$CHARTE" help "$cmd"); rc=$?
  [ $rc -eq 0 ] || complain "charte help $cmd: exit $rc"
  en=$("$CHARTE" help "$cmd" --lang en)
  grep -q "^Usage : charte $cmd " <<<"$fr" || complain "charte help $cmd: no French synopsis"
  grep -q "^Usage: charte $cmd " <<<"$en" || complain "charte help $cmd --lang en: no English synopsis"
  for section in 'Options :' 'Codes de sortie :' 'Exemples :'; do
    grep -qx "$section" <<<"$fr" || complain "charte help $cmd: no section « $section »"
  done
  for section in 'Options:' 'Exit codes:' 'Examples:'; do
    grep -qx "$section" <<<"$en" || complain "charte help $cmd --lang en: no section '$section'"
  done
  way=("$AGAIN" "$AGAIN" "$AGAIN"); way[turn % 3]=$CHARTE; turn=$((turn + 1))   # all $CHARTE but under san
  [ "$(CHARTE_LANG=en "${way[0]}" help "$cmd")" == "$en" ] || complain "CHARTE_LANG=en charte help $cmd is not the English help"
  [ "$("${way[1]}" "$cmd" --help)" == "$fr" ] || complain "charte $cmd --help differs from charte help $cmd"
  [ "$("${way[2]}" "$cmd" -h --lang en)" == "$en" ] || complain "charte $cmd -h --lang en differs from charte help $cmd --lang en"
  # Options: the help lists what the parser accepts, no more, no less (--help/-h are main's).
  [ "$(listed_options "$fr")" == "$(listed_options "$en")" ] || complain "$cmd: French and English help list different options"
  # An option's description goes on in its own column (30 blanks), never under the options.
  for text in "$fr" "$en"; do
    stray=$(awk '/^Options ?:$/ { on = 1; next } /^[^ ]/ { on = 0 }
                 on && /^ / && !/^  -/ && (substr($0, 1, 30) !~ /^ *$/ || substr($0, 31, 1) == " ")' <<<"$text" | head -1)
    [ -z "$stray" ] || complain "$cmd: a description line out of its column: $stray"
  done
  if [ "$cmd" = help ]; then
    topic=$(sed -n '/^static const char \*help_topic/,/^}/p' cli/help.c)
    accepted=$(lang_options "$topic"; grep -o '"--*[a-z][a-z-]*"' <<<"$topic" | tr -d '"')
    accepted=$(sort -u <<<"$accepted")
  else
    accepted=$(shared_options "${parser[$cmd]}"; lang_options "$(cat "${parser[$cmd]}")"
               grep -o '"--*[a-z][a-z-]*"' "${parser[$cmd]}" | tr -d '"' | sort -u)
    accepted=$(sort -u <<<"$accepted")
  fi
  listed=$(listed_options "$fr" | grep -vx -e '--help' -e '-h')
  [ -n "$accepted" ] || complain "$cmd: no option found in its parser"
  d=$(diff <(printf '%s\n' "$accepted") <(printf '%s\n' "$listed")) || complain "$cmd: parser options (<) and help options (>) differ:"$'\n'"$d"
done
# The language option's French spelling, --langue, does what --lang does, for every command,
# for help's topic and for main's early reading (the help of a command asked in English).
[ "$("$CHARTE" help --langue en)" == "$overview_en" ] || complain "charte help --langue en is not the English overview"
[ "$("$CHARTE" help eval --langue=en)" == "$("$AGAIN" help eval --lang en)" ] || complain "charte help eval --langue=en"
[ "$("$CHARTE" eval --help --langue en)" == "$("$AGAIN" help eval --lang en)" ] || complain "charte eval --help --langue en"
for cmd in check eval explain diff render fmt test; do
  out=$("$CHARTE" "$cmd" --langue en 2>&1 >/dev/null | head -1)
  [ -n "$out" ] && ! grep -q '[àéè«]' <<<"$out" || complain "charte $cmd --langue en: not in English: $out"
  out=$("$CHARTE" "$cmd" --langue xx 2>&1 >/dev/null | head -1)
  grep -q "(pas « xx »)" <<<"$out" || complain "charte $cmd --langue xx: $out"
done
# The spellings of a command give its help; an unknown command is a usage error.
[ "$("$CHARTE" help vérifier)" == "$("$AGAIN" help check)" ] || complain "charte help vérifier is not the help of check"
grep -q -- "^  --help, -h " <<<"$overview_fr" || complain "the overview does not list --help, -h"
out=$("$CHARTE" help inconnue 2>&1); rc=$?
[ $rc -eq 2 ] || complain "charte help inconnue: exit $rc, expected 2"
grep -q 'commande inconnue « inconnue »' <<<"$out" || complain "charte help inconnue: $out"
# The parity check can fail: an option the help does not list is told apart.
[ "$(listed_options "$("$AGAIN" help eval)" | grep -c -- '--sortie')" -eq 1 ] || complain "listed_options misses --sortie"
exit $bad
