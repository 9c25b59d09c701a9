/* cli/help.c: the help of every command, in French and English, from one table (`charte help`, `charte COMMAND --help`). */
#include "help.h"
#include "cli.h"
#include "report.h"

#include <string.h>

/* A text of the help made at run time from another table (eval's formats, runtime/report.c). */
typedef Say HelpMade(void);

typedef struct HelpOption {
    const char *spellings; /* every spelling the command's parser accepts, ", "-separated */
    Say arg;          /* the value it takes ("" for none) */
    Say what;         /* { NULL, NULL } for both when help_made makes them */
} HelpOption;

typedef struct HelpCommand {
    const char *name;
    const char *aliases[3]; /* other spellings of the command, NULL-terminated */
    Say summary;       /* one line, for the overview */
    Say synopsis;
    Say description;
    const HelpOption *options; /* HELP_OPTIONS(...): as long as it needs, ended by a zero entry */
    Say exit_codes[3]; /* 0, 1, 2; NULL when the code is never returned */
    const char *examples[3];
} HelpCommand;

/* A command's options: the list has the length of its entries and always ends with the
** zero entry help_print_command stops at (a fixed array once filled up lost its end and
** `charte help eval` read past it). */
#define HELP_OPTIONS(...) ((const HelpOption[]){ __VA_ARGS__, { NULL, { NULL, NULL }, { NULL, NULL } } })

#define HELP_LANG_OPTION \
    { "--langue, --lang", { "fr|en", "fr|en" }, \
      { "langue des messages (défaut : $CHARTE_LANG, sinon fr)", \
        "language of messages (default: $CHARTE_LANG, else fr)" } }
#define HELP_HELP_OPTION \
    { "--help, -h", { "", "" }, { "affiche cette aide", "show this help" } }

/* eval's --format: its values, then a line per format, what it is and its extensions. */
static Say help_eval_format_arg(void)
{
    return report_format_names("|");
}

static Say help_eval_format_what(void)
{
    Say s = say("le format du rapport, et les extensions de -o qui le demandent :",
                "the report's format, and the extensions of -o that ask for it:");
    for (int f = 0; f < REPORT_NFORMATS; f++) {
        const ReportFormatInfo *i = report_format_info((ReportFormat)f);
        const char *exts = i->ext[1] ? rt_sprintf("%s %s", i->ext[0], i->ext[1]) : i->ext[0];
        s = SAYF(("%s\n%-5s %-11s %s", s.fr, i->name, exts, i->what.fr), ("%s\n%-5s %-11s %s", s.en, i->name, exts, i->what.en));
    }
    return SAYF(("%s\nhtml : docs/rapport-html.md ; xlsx et ods (avec -o) : docs/sortie.md", s.fr),
                ("%s\nhtml: docs/en/rapport-html.md; xlsx and ods (with -o): docs/en/sortie.md", s.en));
}

/* eval's -o: the extensions that say a format. */
static Say help_eval_output_what(void)
{
    Say exts = report_format_extensions(" ");
    return SAYF(("écrit le rapport dans FICHIER (remplacé seulement s'il est écrit en entier), au format de\n"
                 "son extension sans --format (%s ; sans extension, le texte) ;\n"
                 "jusqu'à 8 fois : un rapport par fichier, tous de la même évaluation, tous écrits ou aucun\n"
                 "(docs/sortie.md)", exts.fr),
                ("write the report to FILE (replaced only once fully written), in the format of its\n"
                 "extension without --format (%s; no extension, text);\n"
                 "up to 8 times: a report per file, all of one evaluation, all written or none\n"
                 "(docs/en/sortie.md)", exts.en));
}

/* The texts of the table made at run time (an option's arg or what left { NULL, NULL }). */
static const struct {
    const char *command, *spellings;
    HelpMade *arg, *what;
} help_made[] = {
    { "eval", "--format", help_eval_format_arg, help_eval_format_what },
    { "eval", "-o, --output, --sortie", NULL, help_eval_output_what },
};

static const HelpCommand help_commands[] = {
    { "check", { "verifier", "vérifier", NULL },
      { "lit et vérifie des chartes", "parse and check charters" },
      { "charte check [OPTION]... FICHIER...", "charte check [OPTION]... FILE..." },
      { "Lit et vérifie chaque charte et les modules qu'elle utilise : syntaxe, noms, types\n"
        "et unités, planchers nationaux, conflits et lacunes entre règles, avenants,\n"
        "obligations de gouvernance de l'ANRU, exemples. Chaque constat est affiché sous la\n"
        "forme fichier:ligne:colonne, avec son code (une page par code dans docs/erreurs/).",
        "Parses and checks each charter and the modules it uses: syntax, names, types and\n"
        "units, national floors, conflicts and gaps between rules, amendments, ANRU\n"
        "governance obligations, examples. Each finding is printed as file:line:column,\n"
        "with its code (one page per code in docs/en/erreurs/)." },
      HELP_OPTIONS({ "--strict", { "", "" },
          { "les avertissements font échouer la vérification, sauf ceux que la charte accepte\n"
            "(avertissement accepté CODE : « raison », docs/langage.md)",
            "warnings fail the check too, but those the charter accepts\n"
            "(accepted warning CODE: \"reason\", docs/en/langage.md)" } },
        { "--format", { "text|json|sarif|github", "text|json|sarif|github" },
          { "text pour une personne (défaut), json pour un outil, sarif pour l'analyse de code\n"
            "de GitHub, github pour les annotations d'un workflow (docs/integration-continue.md)",
            "text for a person (default), json for a tool, sarif for GitHub code scanning,\n"
            "github for workflow annotations (docs/en/integration-continue.md)" } },
        { "--json", { "", "" }, { "comme --format json", "same as --format json" } },
        { "--dump-ast", { "", "" },
          { "affiche l'arbre syntaxique (pour les contributeurs)", "print the syntax tree (for contributors)" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "aucune erreur (ni, avec --strict, aucun avertissement non accepté)",
          "no error (and, with --strict, no warning not accepted)" },
        { "au moins une erreur (ou un avertissement non accepté avec --strict)",
          "at least one error (or a warning not accepted with --strict)" },
        { "erreur d'usage ou fichier illisible", "bad usage or unreadable file" } },
      { "charte check examples/amp/amp.charte",
        "charte check --strict --format json examples/amp/amp.charte",
        NULL } },
    { "eval", { "evaluer", "évaluer", NULL },
      { "évalue des données de marchés au regard d'une charte", "evaluate contract data against a charter" },
      { "charte eval CHARTE --donnees DOSSIER [OPTION]...", "charte eval CHARTER --donnees FOLDER [OPTION]..." },
      { "Vérifie la charte, lit les tables marches, participants et heures du dossier (CSV,\n"
        "JSON ou classeur) et donne, pour chaque marché, son objectif, les heures retenues, son statut\n"
        "et les articles qui fondent la règle ; puis les totaux, les indicateurs et le compte\n"
        "de chaque ligne lue : comptée, non comptée (motif) ou rejetée (fichier, ligne, motif).\n"
        "Voir docs/evaluation.md et docs/donnees.md.",
        "Checks the charter, reads the tables marches, participants and heures of the folder\n"
        "(CSV, JSON or workbook) and gives, for each contract, its target, the hours that count, its\n"
        "status and the articles behind the rule; then the totals, the indicators and the\n"
        "account of every row read: counted, not counted (reason) or rejected (file, line,\n"
        "reason). See docs/en/evaluation.md and docs/en/donnees.md." },
      HELP_OPTIONS({ "--donnees, --data", { "DOSSIER", "FOLDER" },
          { "le dossier des trois tables, ou un classeur .xlsx ou .ods (obligatoire)",
            "the folder of the three tables, or an .xlsx or .ods workbook (required)" } },
        { "--au, --as-of", { "DATE", "DATE" },
          { "date d'évaluation, jj/mm/aaaa ou aaaa-mm-jj (défaut : aujourd'hui)",
            "evaluation date, dd/mm/yyyy or yyyy-mm-dd (default: today)" } },
        { "--depuis, --since", { "DATE", "DATE" },
          { "début d'une période, le premier jour d'un mois (avec --au) : les heures et les embauches\n"
            "de la période à côté des chiffres cumulés (docs/evaluation.md §13)",
            "start of a period, the first day of a month (with --au): the period's hours and hires\n"
            "beside the cumulative figures (docs/en/evaluation.md §13)" } },
        { "--format", { NULL, NULL }, { NULL, NULL } },
        { "-o, --output, --sortie", { "FICHIER", "FILE" }, { NULL, NULL } },
        { "--threads, --fils", { "N", "N" },
          { "lit les lignes d'heures sur N fils, N de 1 à 256 (défaut : les cœurs disponibles, au plus 4) ;\n"
            "le rapport est le même, octet pour octet, quel que soit N (docs/sortie.md)",
            "read the hour lines on N threads, N from 1 to 256 (default: the cores available, at most 4);\n"
            "the report is the same, byte for byte, whatever N (docs/en/sortie.md)" } },
        { "--derivations", { "", "" },
          { "avec --format json, la dérivation de chaque marché et objectif mutualisé (docs/explain.md)",
            "with --format json, the derivation of every contract and pooled target (docs/en/explain.md)" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "rapport écrit, même si des marchés ne sont pas atteints ou des lignes rejetées",
          "report written, even when contracts are not met or rows were rejected" },
        { "la charte a des erreurs (rien n'est évalué)", "the charter has errors (nothing evaluated)" },
        { "erreur d'usage, données absentes ou illisibles, colonne obligatoire absente,\n"
          "      rapport impossible à écrire",
          "bad usage, data missing or unreadable, required column missing,\n"
          "      report cannot be written" } },
      { "charte eval examples/amp/amp.charte --donnees examples/amp/donnees --au 31/12/2025",
        "charte eval amp.charte --donnees donnees --format csv -o resultats.csv",
        "charte eval amp.charte --donnees donnees --au 31/12/2025 --depuis 01/01/2025 -o bilan-2025.html" } },
    { "explain", { "expliquer", NULL, NULL },
      { "explique le résultat d'un marché, d'un objectif mutualisé ou d'embauches",
        "explain the result of a contract, a pooled target or a hires target" },
      { "charte explain CHARTE --donnees DOSSIER [OPTION]... MARCHÉ",
        "charte explain CHARTER --donnees FOLDER [OPTION]... CONTRACT" },
      { "Évalue les données comme charte eval, puis montre comment un marché a obtenu son\n"
        "résultat : les périmètres parcourus, chaque règle de sa famille retenue ou écartée\n"
        "(et pourquoi), le taux et le seuil avec l'article qui les fixe, les heures de base,\n"
        "les heures objectif et leur arrondi, chaque ligne d'heures comptée ou non (et\n"
        "pourquoi), chaque plafond, le statut ; pour un objectif non atteint, les heures qui\n"
        "manquent. Chaque chiffre nomme sa source (fichier:ligne:colonne d'un article,\n"
        "fichier:ligne d'une donnée). Voir docs/explain.md.",
        "Evaluates the data as charte eval does, then shows how a contract got its result:\n"
        "the scopes walked, each rule of its family applied or set aside (and why), the\n"
        "rate and threshold with the article that sets them, the base hours, the target\n"
        "hours and their rounding, each hour line counted or not (and why), each cap, the\n"
        "status; for a target not met, the hours still missing. Every figure names its\n"
        "source (file:line:column of an article, file:line of a data row). See\n"
        "docs/en/explain.md." },
      HELP_OPTIONS({ "--donnees, --data", { "DOSSIER", "FOLDER" },
          { "le dossier des tables, ou un classeur .xlsx ou .ods (obligatoire)",
            "the folder of the tables, or an .xlsx or .ods workbook (required)" } },
        { "--au, --as-of", { "DATE", "DATE" },
          { "date d'évaluation, jj/mm/aaaa ou aaaa-mm-jj (défaut : aujourd'hui)",
            "evaluation date, dd/mm/yyyy or yyyy-mm-dd (default: today)" } },
        { "--depuis, --since", { "DATE", "DATE" },
          { "début d'une période, le premier jour d'un mois (avec --au) : les chiffres de la période,\n"
            "comme eval --depuis les donne, et chaque ligne dans la période ou avant (docs/explain.md)",
            "start of a period, the first day of a month (with --au): the period's figures, as\n"
            "eval --since gives them, and each line in the period or before it (docs/en/explain.md)" } },
        { "--mutualisation, --pool", { "ID", "ID" },
          { "explique un objectif mutualisé (périmètre/famille[/maître d'ouvrage], comme eval l'écrit)",
            "explain a pooled target (scope/family[/owner], as eval writes it)" } },
        { "--embauches, --hires", { "ID", "ID" },
          { "explique un objectif d'embauches (périmètre/nature[/maître d'ouvrage])",
            "explain a hires target (scope/nature[/owner])" } },
        { "--format", { "text|json", "text|json" },
          { "text pour une personne (défaut), json pour un outil (le même arbre)",
            "text for a person (default), json for a tool (the same tree)" } },
        { "-o, --output, --sortie", { "FICHIER", "FILE" },
          { "écrit l'explication dans FICHIER (remplacé seulement s'il est écrit en entier)",
            "write the explanation to FILE (replaced only once fully written)" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "explication écrite, quel que soit le statut expliqué", "explanation written, whatever the status it explains" },
        { "la charte a des erreurs (rien n'est évalué)", "the charter has errors (nothing evaluated)" },
        { "erreur d'usage, données absentes ou illisibles, identifiant inconnu (C0920)\n"
          "      ou marché rejeté (C0921)",
          "bad usage, data missing or unreadable, unknown id (C0920)\n"
          "      or rejected contract (C0921)" } },
      { "charte explain examples/amp/amp.charte --donnees examples/amp/donnees --au 31/12/2025 M0003",
        "charte explain belvance.charte --donnees donnees --mutualisation belvance/nettoyage",
        "charte explain amp.charte --donnees donnees --au 31/12/2025 --depuis 01/01/2025 M0003" } },
    { "test", { "tester", NULL, NULL },
      { "exécute les exemples des chartes", "run the charters' examples" },
      { "charte test [OPTION]... FICHIER...", "charte test [OPTION]... FILE..." },
      { "Exécute les blocs « exemple » de chaque charte : leurs lignes de données passent par\n"
        "la même lecture et la même évaluation que charte eval, et chaque « attendu » est\n"
        "comparé exactement. Affiche chaque échec, puis « N passed, N failed ».",
        "Runs the “exemple” blocks of each charter: their data rows go through the same\n"
        "reading and evaluation as charte eval, and each “attendu” is compared exactly.\n"
        "Prints each failure, then “N passed, N failed”." },
      HELP_OPTIONS({ "--strict", { "", "" },
          { "une charte sans exemple est un échec", "a charter without examples fails" } },
        { "--format", { "text|json|junit|github", "text|json|junit|github" },
          { "text pour une personne (défaut), json pour un outil, junit pour GitLab ou Jenkins, "
            "github pour les annotations d'un workflow (docs/integration-continue.md)",
            "text for a person (default), json for a tool, junit for GitLab or Jenkins, "
            "github for workflow annotations (docs/en/integration-continue.md)" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "tous les exemples passent", "every example passes" },
        { "au moins un exemple échoue", "at least one example fails" },
        { "erreur d'usage, fichier illisible ou charte en erreur",
          "bad usage, unreadable file or a charter with errors" } },
      { "charte test examples/amp/amp.charte", NULL, NULL } },
    { "fmt", { "formater", NULL, NULL },
      { "met des chartes en forme canonique", "print charters in the canonical layout" },
      { "charte fmt [OPTION]... FICHIER...", "charte fmt [OPTION]... FILE..." },
      { "Affiche des chartes dans leur mise en forme canonique : mots-clés dans leur\n"
        "graphie canonique, nombres en 40 000 € et 12,5 %, chaînes entre « », tables\n"
        "alignées, retrait de deux espaces, une ligne vide avant chaque article ; les\n"
        "commentaires restent à leur place. Le résultat est relu et doit dire la même\n"
        "chose que le fichier, sinon rien n'est écrit. Voir docs/fmt.md.",
        "Prints charters in the canonical layout: keywords in their canonical spelling,\n"
        "numbers as 40 000 € and 12,5 %, strings in « », aligned tables, two spaces of\n"
        "indentation, one blank line before each article; comments stay where they are.\n"
        "The result is read again and must mean the same as the file, or nothing is\n"
        "written. See docs/en/fmt.md." },
      HELP_OPTIONS({ "-w, --write, --ecrire", { "", "" },
          { "réécrit chaque fichier sur place (seulement s'il change)",
            "rewrite each file in place (only when it changes)" } },
        { "--check, --verifier", { "", "" },
          { "n'écrit rien ; nomme chaque fichier qui changerait", "write nothing; name each file that would change" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "fait (--check : tout est déjà en forme)", "done (--check: every file already formatted)" },
        { "(--check) un fichier changerait", "(--check) a file would change" },
        { "erreur d'usage, fichier illisible, qui ne se lit pas ou ne s'écrit pas",
          "bad usage, a file that cannot be read, parsed or written" } },
      { "charte fmt examples/amp/amp.charte", "charte fmt --check stdlib/*.charte examples/amp/*.charte", NULL } },
    { "render", { "rendu", "rendre", NULL },
      { "écrit une charte comme un document à lire et signer", "write a charter as a document to read and sign" },
      { "charte render [OPTION]... CHARTE", "charte render [OPTION]... CHARTER" },
      { "Vérifie la charte, puis l'écrit en phrases et en tableaux : l'en-tête, un sommaire,\n"
        "chaque article avec son titre (périmètres, familles, objectifs, publics,\n"
        "gouvernance, comptage, indicateurs), les avenants là où ils s'appliquent. Avec\n"
        "--au, le texte consolidé : l'objectif et le seuil en vigueur pour chaque famille\n"
        "et chaque périmètre, et l'article ou l'avenant qui les fixe. Une charte\n"
        "littéraire (.charte.md) garde sa prose. Voir docs/rendu.md.",
        "Checks the charter, then writes it in sentences and tables: the header, a table\n"
        "of contents, each article with its title (scopes, families, targets, publics,\n"
        "governance, counting, indicators), the amendments where they apply. With --au,\n"
        "the consolidated text: the target and threshold in force for each family and\n"
        "scope, and the article or amendment that sets them. A literate charter\n"
        "(.charte.md) keeps its prose. See docs/en/rendu.md." },
      HELP_OPTIONS({ "--format", { "md|html", "md|html" },
          { "md pour Markdown (défaut), html pour une page autonome à imprimer",
            "md for Markdown (default), html for a self-contained page to print" } },
        { "--au, --as-of", { "DATE", "DATE" },
          { "le texte consolidé à cette date (jj/mm/aaaa ou aaaa-mm-jj)",
            "the consolidated text at that date (dd/mm/yyyy or yyyy-mm-dd)" } },
        { "-o, --output, --sortie", { "FICHIER", "FILE" },
          { "écrit dans FICHIER, jamais à moitié (défaut : sortie standard)",
            "write to FILE, never half-written (default: standard output)" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "document écrit", "document written" },
        { "la charte a des erreurs (rien n'est écrit)", "the charter has errors (nothing written)" },
        { "erreur d'usage, charte illisible ou sortie impossible à écrire",
          "bad usage, unreadable charter or output that cannot be written" } },
      { "charte render examples/amp/amp.charte --format html -o charte.html",
        "charte render examples/amp/amp.charte --au 01/07/2024", NULL } },
    { "diff", { "comparer", NULL, NULL },
      { "compare deux versions d'une charte", "compare two versions of a charter" },
      { "charte diff [OPTION]... ANCIENNE NOUVELLE", "charte diff [OPTION]... OLD NEW" },
      { "Vérifie les deux chartes, puis dit ce qui change de l'une à l'autre : objectifs,\n"
        "seuils et niveaux d'appréciation en vigueur par famille, périmètre et maître\n"
        "d'ouvrage, éligibilité, comptage, familles, périmètres, indicateurs, avenants ;\n"
        "chaque règle reconnue à ce qu'elle est, non à sa place. Chaque changement a son\n"
        "effet : plus strict, moins strict, neutre ou indéterminé. Avec --donnees, les deux\n"
        "versions sont évaluées sur les mêmes lignes. Voir docs/diff.md.",
        "Checks both charters, then says what changes from one to the other: targets,\n"
        "thresholds and assessment levels in force by family, scope and contracting\n"
        "authority, eligibility, counting, families, scopes, indicators, amendments; each\n"
        "rule matched by what it is, not where it is. Each change has its effect:\n"
        "stricter, less strict, neutral or undetermined. With --donnees, both versions are\n"
        "evaluated on the same rows. See docs/en/diff.md." },
      HELP_OPTIONS({ "--donnees, --data", { "DOSSIER", "FOLDER" },
          { "évalue les deux versions sur ces données (dossier ou classeur, comme eval)",
            "evaluate both versions on these data (folder or workbook, as eval)" } },
        { "--au, --as-of", { "DATE", "DATE" },
          { "date d'évaluation des données (défaut : aujourd'hui)", "evaluation date of the data (default: today)" } },
        { "--fail-on, --echec-si", { "tout|effet|moins-strict|jamais", "any|effect|less-strict|never" },
          { "quels changements donnent le code 1 : tous (défaut), ceux qui ne sont pas neutres,\n"
            "ceux qui sont moins stricts ou indéterminés, aucun",
            "which changes give exit code 1: any (default), those not neutral,\n"
            "those less strict or undetermined, none" } },
        { "--format", { "text|json|md", "text|json|md" },
          { "text pour une personne (défaut), json pour un outil, md pour un commentaire de\n"
            "demande de fusion",
            "text for a person (default), json for a tool, md for a merge-request comment" } },
        { "-o, --output, --sortie", { "FICHIER", "FILE" },
          { "écrit dans FICHIER, jamais à moitié (défaut : sortie standard)",
            "write to FILE, never half-written (default: standard output)" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "aucun changement (au niveau de --fail-on)", "no change (at the level of --fail-on)" },
        { "des changements (au niveau de --fail-on)", "changes (at the level of --fail-on)" },
        { "erreur d'usage, charte illisible ou en erreur, territoires différents, données\n"
          "      illisibles, sortie impossible à écrire",
          "bad usage, charter unreadable or with errors, different territories, data\n"
          "      unreadable, output that cannot be written" } },
      { "charte diff amp-2023.charte amp.charte",
        "charte diff amp.charte amp-avenant.charte --donnees donnees --au 31/12/2025 --format md",
        "charte comparer a.charte b.charte --fail-on moins-strict" } },
    { "lsp", { NULL, NULL, NULL },
      { "serveur de langage pour les éditeurs (LSP)", "language server for editors (LSP)" },
      { "charte lsp [OPTION]...", "charte lsp [OPTION]..." },
      { "Serveur du Language Server Protocol sur l'entrée et la sortie standard, lancé par\n"
        "l'éditeur : diagnostics à chaque frappe (les mêmes que charte check), survol d'un\n"
        "nom (déclaration, type, article ; taux et seuil en vigueur d'une famille), aller à\n"
        "la définition (imports et bibliothèque standard compris), plan du document,\n"
        "complétion, mise en forme par charte fmt. Voir docs/editeurs.md.",
        "Language Server Protocol server on standard input and output, started by the\n"
        "editor: diagnostics as you type (the same as charte check), hover on a name\n"
        "(declaration, type, article; a family's rate and threshold in force), go to\n"
        "definition (imports and the standard library included), document outline,\n"
        "completion, formatting through charte fmt. See docs/en/editeurs.md." },
      HELP_OPTIONS({ "--stdio", { "", "" },
          { "accepté et sans effet : l'entrée et la sortie standard sont le seul transport",
            "accepted, no effect: standard input and output are the only transport" } },
        HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "session terminée par shutdown puis exit", "session ended by shutdown then exit" },
        { "exit sans shutdown, ou flux fermé", "exit without shutdown, or stream closed" },
        { "erreur d'usage", "bad usage" } },
      { "charte lsp", NULL, NULL } },
    { "help", { "aide", NULL, NULL },
      { "affiche l'aide d'une commande", "show the help of a command" },
      { "charte help [COMMANDE]", "charte help [COMMAND]" },
      { "Sans commande, liste les commandes ; avec une commande, affiche son aide (comme\n"
        "charte COMMANDE --help). En français par défaut, en anglais avec --lang en ou\n"
        "CHARTE_LANG=en.",
        "Without a command, lists the commands; with one, shows its help (as charte\n"
        "COMMAND --help does). In French by default, in English with --lang en or\n"
        "CHARTE_LANG=en." },
      HELP_OPTIONS(HELP_LANG_OPTION,
        HELP_HELP_OPTION),
      { { "aide affichée", "help shown" },
        { NULL, NULL },
        { "commande inconnue", "unknown command" } },
      { "charte help eval", "charte help check --lang en", NULL } },
};

enum { HELP_NCOMMANDS = sizeof help_commands / sizeof help_commands[0] };

static const char *help_pick(Say p, SayLang lang)
{
    return say_in(p, lang);
}

static const HelpCommand *help_find(const char *spelling)
{
    for (int i = 0; i < HELP_NCOMMANDS; i++) {
        const HelpCommand *c = &help_commands[i];
        if (strcmp(spelling, c->name) == 0)
            return c;
        for (int a = 0; a < 3 && c->aliases[a]; a++)
            if (strcmp(spelling, c->aliases[a]) == 0)
                return c;
    }
    return NULL;
}

const char *help_command_name(const char *spelling)
{
    const HelpCommand *c = help_find(spelling);
    return c ? c->name : NULL;
}

/* French puts a space before the colon of a heading; English does not. */
static void help_heading(FILE *out, const char *fr, const char *en, SayLang lang)
{
    fprintf(out, "\n%s%s\n", lang == SAY_EN ? en : fr, lang == SAY_EN ? ":" : " :");
}

void help_print_overview(FILE *out, SayLang lang)
{
    bool en = lang == SAY_EN;
    fputs(en ? "Usage: charte COMMAND [OPTION]... FILE...\n"
               "Check a local insertion charter and evaluate contract data against it.\n"
             : "Usage : charte COMMANDE [OPTION]... FICHIER...\n"
               "Vérifie une charte locale d'insertion et évalue des données de marchés.\n",
          out);
    help_heading(out, "Commandes", "Commands", lang);
    for (int i = 0; i < HELP_NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", help_commands[i].name, help_pick(help_commands[i].summary, lang));
    help_heading(out, "Options de toutes les commandes", "Options of every command", lang);
    fputs(en ? "  --lang fr|en    language of messages (default: $CHARTE_LANG, else fr)\n"
               "  --help, -h      show the help (of the command, when one is given)\n"
               "  --version       show the version\n"
             : "  --lang fr|en    langue des messages (défaut : $CHARTE_LANG, sinon fr)\n"
               "  --help, -h      affiche l'aide (de la commande, si elle est donnée)\n"
               "  --version       affiche la version\n",
          out);
    fputs(en ? "\nExit status: 0 clean, 1 findings (errors in a charter, failed examples),\n"
               "2 usage or I/O error.\n"
               "The help of one command: charte help COMMAND (or charte COMMAND --help).\n"
               "Language reference: docs/en/langage.md; error codes: docs/en/erreurs/.\n"
             : "\nCode de sortie : 0 sans problème, 1 constats (erreurs dans une charte,\n"
               "exemples en échec), 2 erreur d'usage ou d'entrée-sortie.\n"
               "L'aide d'une commande : charte help COMMANDE (ou charte COMMANDE --help).\n"
               "Référence du langage : docs/langage.md ; codes d'erreur : docs/erreurs/.\n",
          out);
}

/* An option's description, each of its lines in the description column. */
static void help_print_column(FILE *out, const char *what)
{
    for (;;) {
        size_t n = strcspn(what, "\n");
        fprintf(out, "%.*s\n", (int)n, what);
        if (!what[n])
            return;
        what += n + 1;
        fprintf(out, "%30s", "");
    }
}

/* An option's arg and what, made by help_made's function when the table leaves them out. */
static Say help_text(const char *command, const HelpOption *o, Say given, bool arg)
{
    if (given.fr)
        return given;
    for (size_t i = 0; i < sizeof help_made / sizeof help_made[0]; i++)
        if (strcmp(help_made[i].command, command) == 0 && strcmp(help_made[i].spellings, o->spellings) == 0)
            return (arg ? help_made[i].arg : help_made[i].what)();
    return say("", "");
}

static void help_print_option(FILE *out, const char *command, const HelpOption *o, SayLang lang)
{
    char left[64];
    const char *arg = help_pick(help_text(command, o, o->arg, true), lang);
    snprintf(left, sizeof left, "%s%s%s", o->spellings, *arg ? " " : "", arg);
    /* A long left column gets its description on the next line; a full one too, so that
    ** three spaces always part the two columns (tools/completions.sh, tools/man-pages.sh). */
    if (strlen(left) >= 26)
        fprintf(out, "  %s\n  %-26s  ", left, "");
    else
        fprintf(out, "  %-26s  ", left);
    help_print_column(out, help_pick(help_text(command, o, o->what, false), lang));
}

bool help_print_command(FILE *out, const char *name, SayLang lang)
{
    const HelpCommand *c = help_find(name);
    if (!c)
        return false;
    bool en = lang == SAY_EN;
    fprintf(out, "%s %s\n", en ? "Usage:" : "Usage :", help_pick(c->synopsis, lang));
    fprintf(out, "%s\n", help_pick(c->description, lang));
    if (c->aliases[0]) {
        fputs(en ? "Also spelt:" : "Autres graphies :", out);
        for (int a = 0; a < 3 && c->aliases[a]; a++)
            fprintf(out, " %s", c->aliases[a]);
        fputc('\n', out);
    }
    help_heading(out, "Options", "Options", lang);
    for (int i = 0; c->options[i].spellings; i++)
        help_print_option(out, c->name, &c->options[i], lang);
    help_heading(out, "Codes de sortie", "Exit codes", lang);
    for (int i = 0; i < 3; i++)
        if (c->exit_codes[i].fr)
            fprintf(out, "  %d   %s\n", i, help_pick(c->exit_codes[i], lang));
    help_heading(out, "Exemples", "Examples", lang);
    for (int i = 0; i < 3 && c->examples[i]; i++)
        fprintf(out, "  %s\n", c->examples[i]);
    return true;
}

/* Skips the language option and its value, which main has already read. */
static const char *help_topic(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_lang_value(argc, argv, &i, &missing) || missing)
            continue;
        if (argv[i][0] != '-')
            return argv[i];
    }
    return NULL;
}

int help_main(int argc, char **argv, SayLang lang)
{
    const char *topic = help_topic(argc, argv);
    if (!topic) {
        help_print_overview(stdout, lang);
        return CLI_OK;
    }
    if (help_print_command(stdout, topic, lang))
        return CLI_OK;
    cli_error(lang, CLI_CODE_USAGE, SAYF(("commande inconnue « %s » (voir charte help)", topic),
                         ("unknown command %s (see charte help)", say_q_en(topic))));
    return CLI_ERROR;
}

bool help_requested(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}
