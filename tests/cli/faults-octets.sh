#!/usr/bin/env bash
# tests/cli/faults-octets.sh: random bytes, invalid UTF-8 and NUL bytes in a charter: messages, exit 1, never a signal.
set -u
. "$ROOT/tests/cli/lib/hostile.sh"

# Random bytes, from fixed seeds so that a failure can be reproduced.
for seed in 1 2 3 4 5; do
  perl -e "srand($seed); print map { chr(int(rand(256))) } 1..($seed * 20000)" >"$tmp/aleatoire-$seed.charte"
  hostile "octets aléatoires (graine $seed)" "$tmp/aleatoire-$seed.charte" 'error|erreur'
done
# Random printable text with line breaks: gets further into the grammar.
perl -e 'srand(7); my @w = ("charte", "article", "«", "»", "(", ")", "|", ":", "1", "%", "non", "et", "\n", " ", "constante", "public", "-"); print map { $w[int(rand(@w))] . " " } 1..200000' >"$tmp/mots.charte"
hostile "mots-clés au hasard" "$tmp/mots.charte" 'error|erreur'

# Invalid UTF-8, one form per line: a lone continuation byte, an overlong
# '/', a surrogate, a code point past U+10FFFF, a truncated sequence at the
# end of the file, Latin-1 text.
printf 'charte « x »\n\narticle 1 « c »\n  constante a\x80 : 1\n  constante b : « \xc0\xaf »\n  constante c\xed\xa0\x80 : 1\n  constante d : « \xf4\x90\x80\x80 »\n  constante \xe9t\xe9 : 1\n  constante e : \xe2\x82' >"$tmp/utf8.charte"
hostile "UTF-8 invalide" "$tmp/utf8.charte" 'C0002'
printf 'charte \xab Charte d\x27\xe9t\xe9 \xbb\n' >"$tmp/latin1.charte"
hostile "charte en Latin-1" "$tmp/latin1.charte" 'C0002'

# NUL bytes: in a name, in a string, in a comment, and a file of NULs.
printf 'charte « x »\n\narticle 1 « c »\n  constante a\x00b : 1\n  constante c : « d\x00e »\n  -- f\x00g\n' >"$tmp/nul.charte"
hostile "octets nuls" "$tmp/nul.charte" 'C0002'
head -c 100000 /dev/zero >"$tmp/zeros.charte"
hostile "100 000 octets nuls" "$tmp/zeros.charte" 'C0002|C0702'

# UTF-16 (what a spreadsheet calls "Unicode text"): refused, with a message.
printf '\xff\xfec\x00h\x00a\x00r\x00t\x00e\x00\n\x00' >"$tmp/utf16.charte"
hostile "charte en UTF-16" "$tmp/utf16.charte" 'error|erreur'

[ $failures -eq 0 ]
