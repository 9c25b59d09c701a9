/* tools/gen-donnees/main.c: command line of the data generator: options, territories, profiles, output directory, and the four tables written in order. */
#include "gen-donnees.h"

/* ====================================================================== */
/* Command line                                                           */
/* ====================================================================== */

static void usage(void)
{
    fputs("usage: gen-donnees [--territoire amp|belvance] [--profil demo|medium|large] [--graine N]\n"
          "                   [--format csv-fr|csv|csv-1252|json] [--invalides N] --sortie DIR\n",
          stderr);
    exit(2);
}

static void make_dirs(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            gen_die(strerror(errno), path);
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        gen_die(strerror(errno), path);
}

static long parse_count(const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0 || v > 1000000000LL)
        usage();
    return (long)v;
}

static void warn_other_format(const Gen *g)
{
    for (int t = 0; t < N_TABLE; t++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s.%s", g->dir, TABLE_FILE[t], g->fmt == FMT_JSON ? "csv" : "json");
        if (stat(path, &st) == 0)
            fprintf(stderr, "gen-donnees: warning: %s also exists; readers will find two %s tables\n", path,
                    TABLE_FILE[t]);
    }
}

int main(int argc, char **argv)
{
    Gen g;
    memset(&g, 0, sizeof g);
    g.t = &gen_territory_amp;
    g.seed = 2026;
    g.fmt = FMT_CSV_FR;
    g.size = (Profile){48, 300, 5000};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *val = argv[++i];
        if (strcmp(a, "--territoire") == 0) {
            if (strcmp(val, "amp") == 0)
                g.t = &gen_territory_amp;
            else if (strcmp(val, "belvance") == 0)
                g.t = &gen_territory_belvance;
            else
                usage();
        } else if (strcmp(a, "--profil") == 0) {
            if (strcmp(val, "demo") == 0)
                g.size = (Profile){48, 300, 5000};
            else if (strcmp(val, "medium") == 0)
                g.size = (Profile){2000, 20000, 1000000};
            else if (strcmp(val, "large") == 0)
                g.size = (Profile){10000, 100000, 10000000};
            else
                usage();
        } else if (strcmp(a, "--graine") == 0) {
            char *end;
            errno = 0;
            g.seed = strtoull(val, &end, 10);
            if (errno || *end || !*val)
                usage();
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(val, "csv-fr") == 0)
                g.fmt = FMT_CSV_FR;
            else if (strcmp(val, "csv") == 0)
                g.fmt = FMT_CSV;
            else if (strcmp(val, "csv-1252") == 0)
                g.fmt = FMT_CSV_1252;
            else if (strcmp(val, "json") == 0)
                g.fmt = FMT_JSON;
            else
                usage();
        } else if (strcmp(a, "--invalides") == 0) {
            g.invalid = parse_count(val);
        } else if (strcmp(a, "--sortie") == 0) {
            g.dir = val;
        } else {
            usage();
        }
    }
    if (!g.dir)
        usage();
    make_dirs(g.dir);
    warn_other_format(&g);
    gen_make_contracts(&g);
    gen_make_participants(&g);
    gen_make_hires(&g);
    gen_write_contracts(&g);
    gen_write_participants(&g);
    gen_write_hours(&g);
    gen_write_hires(&g);
    free(g.ct);
    free(g.pt);
    free(g.hi);
    free(g.weight_cum);
    return 0;
}
