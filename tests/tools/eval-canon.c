/* tests/tools/eval-canon.c: reads `charte eval --format json` and prints it in the output format of tests/bench/amp-ref, so the two can be diffed. */
#include <fnmatch.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
** Usage: charte eval … --format json | eval-canon [--lines-only] [--complet]
**
** Numbers must come out exactly as charte wrote them, and jansson reads
** non-integers as doubles: so every number token is first turned into a
** string carrying a marker byte, and printed back from its text with ','
** as the decimal mark. --lines-only prints rejections as "rejet;FILE;LINE"
** (the reasons of two implementations are worded differently). --complet
** adds the aggregates, the reasons of rows not counted and the indicators,
** as `amp-ref --complet` prints them, and refuses a report that holds a field
** it neither prints nor knows to be text (check_fields below): a figure added
** to the report later cannot escape the comparison unnoticed.
*/

#define MARK '\x01'

static char *read_all(FILE *in, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    if (!buf)
        return NULL;
    *len = n;
    return buf;
}

static bool starts_number(char c) { return c == '-' || (c >= '0' && c <= '9'); }

static bool number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Copies the JSON text, quoting every number token outside strings. */
static char *quote_numbers(const char *s, size_t n)
{
    char *out = malloc(n * 3 + 1);
    size_t o = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            out[o++] = c;
            if (c == '\\' && i + 1 < n)
                out[o++] = s[++i];
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            out[o++] = c;
        } else if (starts_number(c)) {
            out[o++] = '"';
            out[o++] = '\\';
            out[o++] = 'u';
            memcpy(out + o, "0001", 4);
            o += 4;
            while (i < n && number_char(s[i]))
                out[o++] = s[i++];
            i--;
            out[o++] = '"';
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    return out;
}

/* A field as amp-ref prints it: numbers with ',' and text quoted when needed. */
static void put_value(json_t *v)
{
    if (!v || json_is_null(v))
        return;
    if (json_is_integer(v)) {
        printf("%lld", (long long)json_integer_value(v));
        return;
    }
    if (!json_is_string(v))
        return;
    const char *s = json_string_value(v);
    if (s[0] == MARK) {
        for (s++; *s; s++)
            putchar(*s == '.' ? ',' : *s);
        return;
    }
    if (!strpbrk(s, ";\"\r\n")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static const char *plain(json_t *v)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    return s[0] == MARK ? s + 1 : s;
}

/* PREFIX;F1;F2…: the fields of one object, no end of line. */
static void put_fields(const char *prefix, json_t *o, const char *const *fields, size_t n)
{
    fputs(prefix, stdout);
    for (size_t f = 0; f < n; f++) {
        putchar(';');
        put_value(json_object_get(o, fields[f]));
    }
}

#define NFIELDS(a) (sizeof (a) / sizeof (a)[0])

static void put_aggregates(json_t *agg, const char *axis)
{
    static const char *const fields[] = { "cle", "marches", "soumis", "atteints", "heures_objectif",
                                          "heures_realisees", "taux_realisation" };
    char prefix[64];
    snprintf(prefix, sizeof prefix, "agregat;%s", axis);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(agg, axis), i, a) {
        put_fields(prefix, a, fields, NFIELDS(fields));
        putchar('\n');
    }
}

static void put_complete(json_t *root)
{
    puts("agregat;axe;cle;marches;soumis;atteints;heures_objectif;heures_realisees;taux_realisation");
    json_t *agg = json_object_get(root, "agregats");
    put_aggregates(agg, "familles");
    put_aggregates(agg, "perimetres");
    put_aggregates(agg, "maitres_ouvrage");
    puts("exemption;famille;perimetre;marches;montant_ht;heures_base;heures_base_inconnues;heures_objectif");
    static const char *const forgone[] = { "famille", "perimetre", "marches", "montant_ht", "heures_base",
                                           "heures_base_inconnues", "heures_objectif" };
    size_t k;
    json_t *x;
    json_array_foreach(json_object_get(root, "exemptions_seuils"), k, x) {
        put_fields("exemption", x, forgone, NFIELDS(forgone));
        putchar('\n');
    }
    puts("non_comptees;table;motif;lignes");
    static const char *const tables[] = { "marches", "participants", "heures", "embauches" };
    for (int t = 0; t < 4; t++) {
        const char *code;
        json_t *n;
        json_object_foreach(json_object_get(json_object_get(root, "non_comptees"), tables[t]), code, n) {
            printf("non_comptees;%s;%s;", tables[t], code);
            put_value(n);
            putchar('\n');
        }
    }
    json_t *ind = json_object_get(root, "indicateurs");
    fputs("indicateurs;secret_statistique;", stdout);
    put_value(json_object_get(ind, "secret_statistique"));
    fputs("\nindicateurs;participants;", stdout);
    put_value(json_object_get(ind, "participants"));
    putchar('\n');
    size_t i, j;
    json_t *d, *c;
    json_array_foreach(json_object_get(ind, "liste"), i, d) {
        const char *id = plain(json_object_get(d, "indicateur"));
        printf("indicateur;%s;%s;%s;", id, plain(json_object_get(d, "type")), plain(json_object_get(d, "par")));
        put_value(json_object_get(d, "valeur"));
        putchar('\n');
        json_array_foreach(json_object_get(d, "cases"), j, c) {
            printf("case;%s;", id);
            put_value(json_object_get(c, "categorie"));
            putchar(';');
            put_value(json_object_get(c, "valeur"));
            putchar('\n');
        }
    }
}

/* The figures of a contract and of a pool that the lines above leave out, as amp-ref prints
** them: the amount and the notification date as read, whether base hours are estimated, the fixed target, the hours a threshold waives, the
** national floor applied (its key only appears when true); per owner or not, members of
** unknown base hours. */
static void put_details(json_t *root)
{
    puts("detail;marche;montant_ht;date_notification;heures_base_estimees;objectif_fixe;heures_objectif_exemptees;"
         "plancher_national_applique");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(root, "marches"), i, c) {
        fputs("detail;", stdout);
        put_value(json_object_get(c, "marche"));
        putchar(';');
        put_value(json_object_get(c, "montant_ht"));
        putchar(';');
        put_value(json_object_get(c, "date_notification"));
        printf(";%s;", json_is_true(json_object_get(c, "heures_base_estimees")) ? "true" : "false");
        put_value(json_object_get(c, "objectif_fixe"));
        putchar(';');
        put_value(json_object_get(c, "heures_objectif_exemptees"));
        printf(";%s\n", json_is_true(json_object_get(c, "plancher_national_applique")) ? "true" : "false");
    }
    json_t *pools = json_object_get(root, "mutualisations");
    if (json_array_size(pools) == 0)
        return;
    puts("detail_mutualisation;id;par_maitre_ouvrage;heures_base_inconnues;plancher_national_applique");
    json_array_foreach(pools, i, c) {
        fputs("detail_mutualisation;", stdout);
        put_value(json_object_get(c, "mutualisation"));
        printf(";%s;", json_is_true(json_object_get(c, "par_maitre_ouvrage")) ? "true" : "false");
        put_value(json_object_get(c, "heures_base_inconnues"));
        printf(";%s\n", json_is_true(json_object_get(c, "plancher_national_applique")) ? "true" : "false");
    }
}

/* Pools (issue 10 §1): one line per pool in the report's order (by id), its members joined by
** ',', then each member's contribution, as amp-ref prints them. Nothing without pools. */
static void put_pools(json_t *root)
{
    json_t *pools = json_object_get(root, "mutualisations");
    if (json_array_size(pools) == 0)
        return;
    static const char *const fields[] = { "mutualisation", "famille", "perimetre", "maitre_ouvrage", "statut",
                                          "heures_base", "heures_objectif", "heures_realisees", "ecart" };
    puts("mutualisation;id;famille;perimetre;maitre_ouvrage;statut;heures_base;heures_objectif;heures_realisees;"
         "ecart;membres");
    size_t i, j;
    json_t *p, *m;
    json_array_foreach(pools, i, p) {
        put_fields("mutualisation", p, fields, NFIELDS(fields));
        putchar(';');
        json_array_foreach(json_object_get(p, "membres"), j, m) {
            if (j)
                putchar(',');
            put_value(m);
        }
        putchar('\n');
    }
    puts("membre;marche;mutualisation;contribution");
    json_array_foreach(json_object_get(root, "marches"), i, m) {
        if (!json_object_get(m, "mutualisation"))
            continue;
        fputs("membre;", stdout);
        put_value(json_object_get(m, "marche"));
        putchar(';');
        put_value(json_object_get(m, "mutualisation"));
        putchar(';');
        put_value(json_object_get(m, "contribution"));
        putchar('\n');
    }
}

static void put_hire_counts(json_t *list, const char *axis)
{
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a) {
        printf("embauches_agregat;%s;", axis);
        put_value(json_object_get(a, "cle"));
        printf(";%s;%s;", plain(json_object_get(a, "embauches")), plain(json_object_get(a, "eligibles")));
        put_value(json_object_get(a, "part"));
        putchar('\n');
    }
}

/* Targets of hires (issue 10 §2) and the hires counted by scope and owner. Nothing when the
** report has no hires section. */
static void put_hires(json_t *root)
{
    json_t *h = json_object_get(root, "embauches");
    if (!h)
        return;
    static const char *const fields[] = { "perimetre", "maitre_ouvrage", "nature", "statut", "taux",
                                          "embauches", "eligibles", "part", "objectif", "ecart" };
    puts("embauches;perimetre;maitre_ouvrage;nature;statut;taux;embauches;eligibles;part;objectif;ecart");
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(h, "objectifs"), i, t) {
        put_fields("embauches", t, fields, NFIELDS(fields));
        putchar('\n');
    }
    printf("embauches_comptees;%s;%s\n", plain(json_object_get(h, "comptees")), plain(json_object_get(h, "eligibles")));
    puts("embauches_agregat;axe;cle;embauches;eligibles;part");
    put_hire_counts(json_object_get(h, "perimetres"), "perimetres");
    put_hire_counts(json_object_get(h, "maitres_ouvrage"), "maitres_ouvrage");
}

/* Every field of the report, as a path (`-` for an array's element): the ones printed above,
** then those that are text and not figures (names and labels from the charter, articles,
** notes, the files read and their encodings, the rejection reasons, worded differently by the
** two programs). Indicator targets (`objectif`, `objectif_atteint`) are in neither list: the
** two charters amp-ref knows set none, and a report that had them would not be compared. */
static const char *const COMPARED[] = {
    "/marches/-/marche", "/marches/-/famille", "/marches/-/perimetre", "/marches/-/maitre_ouvrage",
    "/marches/-/statut", "/marches/-/taux", "/marches/-/seuil", "/marches/-/heures_base",
    "/marches/-/heures_objectif", "/marches/-/heures_realisees", "/marches/-/ecart", "/marches/-/mutualisation",
    "/marches/-/contribution", "/marches/-/montant_ht", "/marches/-/date_notification",
    "/marches/-/heures_base_estimees", "/marches/-/objectif_fixe", "/marches/-/heures_objectif_exemptees",
    "/marches/-/plancher_national_applique",
    "/lignes/*/lues", "/lignes/*/comptees", "/lignes/*/non_comptees", "/lignes/*/rejetees",
    "/non_comptees/*/*", "/rejets/-/fichier", "/rejets/-/ligne",
    "/marches_non_evalues/-/marche", "/marches_non_evalues/-/date_notification", "/marches_non_evalues/-/ligne",
    "/mutualisations/-/mutualisation", "/mutualisations/-/famille", "/mutualisations/-/perimetre",
    "/mutualisations/-/maitre_ouvrage", "/mutualisations/-/statut", "/mutualisations/-/heures_base",
    "/mutualisations/-/heures_objectif", "/mutualisations/-/heures_realisees", "/mutualisations/-/ecart",
    "/mutualisations/-/membres/-", "/mutualisations/-/par_maitre_ouvrage", "/mutualisations/-/heures_base_inconnues",
    "/mutualisations/-/plancher_national_applique",
    "/embauches/objectifs/-/perimetre", "/embauches/objectifs/-/maitre_ouvrage", "/embauches/objectifs/-/nature",
    "/embauches/objectifs/-/statut", "/embauches/objectifs/-/taux", "/embauches/objectifs/-/embauches",
    "/embauches/objectifs/-/eligibles", "/embauches/objectifs/-/part", "/embauches/objectifs/-/objectif",
    "/embauches/objectifs/-/ecart", "/embauches/comptees", "/embauches/eligibles",
    "/embauches/perimetres/-/cle", "/embauches/perimetres/-/embauches", "/embauches/perimetres/-/eligibles",
    "/embauches/perimetres/-/part", "/embauches/maitres_ouvrage/-/cle", "/embauches/maitres_ouvrage/-/embauches",
    "/embauches/maitres_ouvrage/-/eligibles", "/embauches/maitres_ouvrage/-/part",
    "/agregats/*/-/cle", "/agregats/*/-/marches", "/agregats/*/-/soumis", "/agregats/*/-/atteints",
    "/agregats/*/-/heures_objectif", "/agregats/*/-/heures_realisees", "/agregats/*/-/taux_realisation",
    "/exemptions_seuils/-/*",
    "/indicateurs/secret_statistique", "/indicateurs/participants", "/indicateurs/liste/-/indicateur",
    "/indicateurs/liste/-/type", "/indicateurs/liste/-/par", "/indicateurs/liste/-/valeur",
    "/indicateurs/liste/-/cases/-/categorie", "/indicateurs/liste/-/cases/-/valeur",
};
static const char *const TEXT[] = {
    "/format_version", "/charte", "/empreinte_charte", "/au", "/notes/-", "/fichiers/-/*", "/rejets/-/motif",
    "/marches/-/articles/-", "/marches/-/intitule", "/marches/-/note",
    "/mutualisations/-/articles/-", "/mutualisations/-/note", "/embauches/objectifs/-/articles/-",
    "/embauches/perimetres/-/nom", "/embauches/maitres_ouvrage/-/nom", "/agregats/*/-/nom",
    "/indicateurs/liste/-/nom",
};

static bool path_in(const char *path, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fnmatch(list[i], path, FNM_PATHNAME) == 0)
            return true;
    return false;
}

/* Walks the report and names the first leaf field that is in neither list (false then). */
static bool check_fields(json_t *v, char *path, size_t len, size_t cap)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *sub;
        json_object_foreach(v, key, sub) {
            int n = snprintf(path + len, cap - len, "/%s", key);
            if (n < 0 || (size_t)n >= cap - len)
                return false;
            if (!check_fields(sub, path, len + (size_t)n, cap))
                return false;
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *sub;
        if (len + 3 > cap)
            return false;
        memcpy(path + len, "/-", 3);
        json_array_foreach(v, i, sub) {
            if (!check_fields(sub, path, len + 2, cap))
                return false;
        }
    } else {
        path[len] = '\0';
        if (!path_in(path, COMPARED, NFIELDS(COMPARED)) && !path_in(path, TEXT, NFIELDS(TEXT))) {
            fprintf(stderr, "eval-canon: champ du rapport que la comparaison ignore : %s\n", path);
            return false;
        }
    }
    path[len] = '\0';
    return true;
}

int main(int argc, char **argv)
{
    bool lines_only = false, complete = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lines-only") == 0)
            lines_only = true;
        else if (strcmp(argv[i], "--complet") == 0)
            complete = true;
        else {
            fputs("usage: eval-canon [--lines-only] [--complet] < report.json\n", stderr);
            return 2;
        }
    }
    size_t len;
    char *text = read_all(stdin, &len);
    if (!text) {
        fputs("eval-canon: cannot read standard input\n", stderr);
        return 2;
    }
    json_error_t err;
    json_t *root = json_loads(quote_numbers(text, len), JSON_PRESERVE_ORDER, &err);
    if (!root) {
        fprintf(stderr, "eval-canon: invalid JSON, line %d: %s\n", err.line, err.text);
        return 2;
    }
    static const char *const fields[] = { "marche", "famille", "perimetre", "maitre_ouvrage", "statut", "taux",
                                          "seuil", "heures_base", "heures_objectif", "heures_realisees", "ecart" };
    enum { NFIELDS = sizeof fields / sizeof fields[0] };
    for (int f = 0; f < NFIELDS; f++)
        printf("%s%s", f ? ";" : "", fields[f]);
    putchar('\n');
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(root, "marches"), i, c) {
        for (int f = 0; f < NFIELDS; f++) {
            if (f)
                putchar(';');
            put_value(json_object_get(c, fields[f]));
        }
        putchar('\n');
    }
    puts("lignes;table;lues;comptees;non_comptees;rejetees");
    static const char *const tables[] = { "marches", "participants", "heures", "embauches" };
    json_t *lignes = json_object_get(root, "lignes");
    for (int t = 0; t < 4; t++) {
        json_t *k = json_object_get(lignes, tables[t]);
        if (!k)
            continue;
        printf("lignes;%s;%s;%s;%s;%s\n", tables[t], plain(json_object_get(k, "lues")),
               plain(json_object_get(k, "comptees")), plain(json_object_get(k, "non_comptees")),
               plain(json_object_get(k, "rejetees")));
    }
    json_t *r;
    json_array_foreach(json_object_get(root, "rejets"), i, r) {
        printf("rejet;%s;%s", plain(json_object_get(r, "fichier")), plain(json_object_get(r, "ligne")));
        if (!lines_only) {
            putchar(';');
            fputs(plain(json_object_get(r, "motif")), stdout);
        }
        putchar('\n');
    }
    json_t *late = json_object_get(root, "marches_non_evalues");
    if (json_array_size(late))
        puts("non_evalue;marche;date_notification;ligne");
    json_array_foreach(late, i, r) {
        fputs("non_evalue;", stdout);
        put_value(json_object_get(r, "marche"));
        printf(";%s;%s\n", plain(json_object_get(r, "date_notification")), plain(json_object_get(r, "ligne")));
    }
    put_pools(root);
    put_hires(root);
    if (complete) {
        put_complete(root);
        put_details(root);
        char path[256] = "";
        if (!check_fields(root, path, 0, sizeof path))
            return 2;
    }
    return fflush(stdout) == 0 ? 0 : 2;
}
