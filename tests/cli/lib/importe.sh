# tests/cli/lib/importe.sh: sourced by the tests of imported files: charte_qui_importe, a whole charter that imports one file, and the file it imports.
# Sourced, not run: tests/run.sh runs only tests/cli/*.sh.

# charte_qui_importe IMPORT: a whole charter, clean under check, that imports IMPORT (utilise « IMPORT »).
charte_qui_importe() {
  cat <<EOT
charte « Import »

utilise anru
utilise « $1 »

article 1 « Cadre »
  périmètre pertuis : intercommunal « Pertuis » dans national
  comité de pilotage « Comité » à l'échelle pertuis
  structure pilote « Maison de l'emploi »
  bilan annuel
EOT
}

# module_commun FILE: the module the charter above imports, one constant.
module_commun() { printf 'charte « Commun »\n\narticle 1 « Constantes »\n  constante seuil_commun : 40 000 €\n' > "$1"; }
