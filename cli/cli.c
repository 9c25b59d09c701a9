/* cli/cli.c: what the subcommands share: messages to the user (control characters made visible), --lang and the early read of --lang/--format. */
#include "cli.h"

#include "diag.h"
#include "gc.h"
#include "visible.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cli_error(SayLang lang, const char *code, Say msg)
{
    diag_print_run_error(stderr, lang, code, msg);
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

const char *cli_option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *s = argv[*i];
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0 || (s[n] != '=' && s[n] != '\0'))
        return NULL;
    if (s[n] == '=')
        return s + n + 1;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* The language option's spellings, the French first as every option's (cli/cli_options.c);
** every reader of the option takes them through cli_lang_value. */
static const char *const lang_spellings[] = { "--langue", "--lang", NULL };   /* lang */

const char *cli_lang_value(int argc, char **argv, int *i, bool *missing)
{
    for (const char *const *n = lang_spellings; *n; n++) {
        const char *v = cli_option_value(argc, argv, i, *n, missing);
        if (v || *missing)
            return v;
    }
    return NULL;
}

bool cli_parse_lang(const char *s, SayLang *out)
{
    if (!s)
        return false;
    if (strcasecmp(s, "fr") == 0) {
        *out = SAY_FR;
        return true;
    }
    if (strcasecmp(s, "en") == 0) {
        *out = SAY_EN;
        return true;
    }
    return false;
}

/* The language option as the user wrote it, --langue or --lang: argv[i] is the value when
** it came apart from the option, else the option itself, with "=value" or without one. */
const char *cli_option_spelled(const char *arg)
{
    return rt_strndup(arg, strcspn(arg, "="));
}

static const char *lang_option_written(char **argv, int i, const char *value)
{
    return cli_option_spelled(value && value == argv[i] && i > 0 ? argv[i - 1] : argv[i]);
}

const char *cli_value_said(const char *v, SayLang lang)
{
    if (!v)
        return lang == SAY_FR ? "rien n'est donné après l'option" : "nothing is given after the option";
    if (!*v)   /* --au= : « pas «  » » would read as a typo of ours */
        return lang == SAY_FR ? "pas une valeur vide" : "not an empty value";
    return lang == SAY_FR ? rt_sprintf("pas « %s »", v) : rt_sprintf("not %s", say_q_en(v));
}

Say cli_lang_refused(char **argv, int i, const char *value)
{
    const char *opt = lang_option_written(argv, i, value);
    return SAYF(("%s attend fr ou en (%s)", opt, cli_value_said(value, SAY_FR)),
                ("%s expects fr or en (%s)", opt, cli_value_said(value, SAY_EN)));
}

SayLang cli_default_lang(void)
{
    SayLang lang;
    const char *env = getenv("CHARTE_LANG");
    return cli_parse_lang(env, &lang) ? lang : SAY_FR;
}

void cli_read_early(int argc, char **argv, SayLang *lang, CliFormatParser *parse, void *format, bool json_flag)
{
    *lang = cli_default_lang();
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = cli_lang_value(argc, argv, &i, &missing)))
            cli_parse_lang(v, lang);
        else if ((v = cli_option_value(argc, argv, &i, "--format", &missing)))
            parse(v, format);
        else if (json_flag && strcmp(argv[i], "--json") == 0)
            parse("json", format);
    }
}
