#!/usr/bin/env bash
# tests/cli/docs-typo.sh: French typography of the French user pages (no-break spaces before : ; ! ? %, inside « », in figures of 5 digits and more), outside code.
# runs no charte: tests/run.sh runs it in the normal pass only (the sanitizer pass would repeat it as is).
set -u
cd "$ROOT" || exit 1

# typo FILE...: prints FILE:LINE: problem, one per mistake; exit 1 when any.
# Skipped: fenced code blocks, inline `code`, HTML comments, link targets, URLs, table rules (|---|:--|).
typo() {
  perl -CSD -Mutf8 -e '
    my $bad = 0;
    for my $file (@ARGV) {
      open(my $fh, "<:encoding(UTF-8)", $file) or die "$file: $!";
      my ($fence, $comment) = (0, 0);
      while (my $l = <$fh>) {
        chomp $l;
        if ($l =~ /^\s*```/) { $fence = !$fence; next }
        next if $fence;
        if ($comment) { next unless $l =~ s/^.*?-->//; $comment = 0 }
        $l =~ s/<!--.*?-->//g;
        if ($l =~ s/<!--.*$//) { $comment = 1 }
        next if $l =~ /^\s*\|[\s|:-]+\|\s*$/;          # a table rule
        $l =~ s/`[^`]*`/C/g;                            # inline code stands for one word
        $l =~ s/\]\([^)]*\)/]/g;                        # link targets
        $l =~ s{<?https?://\S+}{U}g;                    # bare URLs
        my @p;
        push @p, "espace ordinaire avant « $1 » (espace insécable attendue)" while $l =~ /[ \t]([:;!?%])/g;
        push @p, "pas d’espace avant « $2 » (espace insécable attendue)"    while $l =~ /([\w»)\]*])([;!?])(?=[\s*_).,]|$)/g;
        push @p, "pas d’espace avant « % » (espace insécable attendue)"    while $l =~ /\d%/g;
        push @p, "pas d’espace avant « : » (espace insécable attendue)"     while $l =~ /[\w»)*]:(?=[\s*_]|$)/g;
        push @p, "« sans espace insécable après"                          while $l =~ /«(?![\x{A0}\x{202F}])/g;
        push @p, "» sans espace insécable avant"                          while $l =~ /(?<![\x{A0}\x{202F}])»/g;
        push @p, "nombre « $1 » sans séparateur des milliers"             while $l =~ /(?<![\w.,\/-])(\d{5,})(?![\w])/g;
        push @p, "espace ordinaire dans le nombre « $1 »"                 while $l =~ /(?<![\w.,])(\d{1,3}(?: \d{3})+)(?![\d])/g;
        for (@p) { print "$file:$.: $_\n"; $bad = 1 }
      }
    }
    exit $bad' "$@"
}

pages=(README.md examples/*/REFERENCE.md docs/erreurs/*.md)
for en in docs/en/*.md; do pages+=("docs/$(basename "$en")"); done
out=$(typo "${pages[@]}") || { printf '%s\n' "$out" | head -60; echo "docs-typo: $(printf '%s\n' "$out" | wc -l) problems"; exit 1; }

# The check must catch each mistake and stay quiet on code, links and tables.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0
# In these samples ~ stands for U+00A0.
for wrong in 'Objectif : atteint.' 'Le taux est de 10 %.' 'Le taux est de 10%.' 'Vraiment !' 'Lequel ?' 'un ; deux' \
             'le « marché~»' 'le «~marché »' 'soit 12345 heures' 'soit 12 345 heures' 'Correction: rien' '**Fix:** rien'; do
  printf '# Page\n\n%s\n' "$wrong" | sed 's/~/\xc2\xa0/g' > "$tmp/p$n.md"
  typo "$tmp/p$n.md" >/dev/null && { echo "docs-typo: not caught: $wrong"; exit 1; }
  n=$((n + 1))
done
sed 's/~/\xc2\xa0/g' > "$tmp/ok.md" <<'EOF'
# Page correcte

Objectif~: atteint~; taux de 10~%~; soit 12~345 heures, «~marché~»~! Pourquoi~?
Voir [la page](https://example.org/a?b=c:d) et `charte check --format json FILE: x ;`.
| code | titre |
|:---|---:|
| C0401 | 2024 |

```
objectifs à l'échelle amp :
| nettoyage | 10 % | 40000 € |
```
<!-- a comment: in English; fine -->
EOF
out=$(typo "$tmp/ok.md") || { echo "docs-typo: false alarm on a correct page:"; echo "$out"; exit 1; }
exit 0
