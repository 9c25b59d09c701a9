/* cli/cli.c: what the subcommands share: messages to the user (control characters made visible) and --lang. */
#include "cli.h"

#include "gc.h"
#include "visible.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Paths and values in messages come from files and the command line: their
** control characters are made visible (base/visible.h). */
__attribute__((format(printf, 2, 0)))
static void print_error_in(DiagLang lang, const char *fmt, va_list ap)
{
    fputs(lang == DIAG_LANG_EN ? "charte: error: " : "charte: erreur : ", stderr);
    char *msg = NULL;
    int n = vasprintf(&msg, fmt, ap);
    if (n >= 0) {
        visible_write(stderr, msg, (size_t)n, 0);
        free(msg);
    }
    fputc('\n', stderr);
}

void cli_print_line(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n >= 0) {
        visible_write(out, text, (size_t)n, 0);
        free(text);
    }
    fputc('\n', out);
}

void cli_error(DiagLang lang, const char *fr, const char *en, ...)
{
    va_list ap;
    va_start(ap, en);
    print_error_in(lang, lang == DIAG_LANG_EN ? en : fr, ap);
    va_end(ap);
}

bool cli_parse_lang(const char *s, DiagLang *out)
{
    if (!s)
        return false;
    if (strcasecmp(s, "fr") == 0) {
        *out = DIAG_LANG_FR;
        return true;
    }
    if (strcasecmp(s, "en") == 0) {
        *out = DIAG_LANG_EN;
        return true;
    }
    return false;
}

DiagLang cli_default_lang(void)
{
    DiagLang lang;
    const char *env = getenv("CHARTE_LANG");
    return cli_parse_lang(env, &lang) ? lang : DIAG_LANG_FR;
}
