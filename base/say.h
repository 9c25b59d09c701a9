/* base/say.h: a message for the user in French and in English, each language formatted with its own arguments. */
#ifndef CHARTE_SAY_H
#define CHARTE_SAY_H

#include "gc.h"

#include <stdbool.h>

/*
** Every text a user reads (diagnostics, data errors, rejection reasons,
** report notes) exists in both languages until it is printed; the language
** is chosen only there, with say_in. One value instead of a _fr/_en pair: a
** pair cannot be half passed or swapped, and a third language or a message
** catalogue would be a change here.
**
** Each language has its own format and its own arguments, because word
** order and the words themselves differ (« seuil » / "threshold"):
**     Say s = SAYF(("colonne « %s » absente", c), ("column %s is missing", say_q_en(c)));
**
** A name, a word or a value quoted in a message is quoted by say_q_fr or
** say_q_en, never by hand, so that every message of a language quotes alike
** (the checker, the data layer and the command line).
*/
typedef enum { SAY_FR, SAY_EN } SayLang;

typedef struct Say {
    const char *fr, *en;     /* both NULL: no message */
} Say;

#define SAY_NONE ((Say){ NULL, NULL })

/* Texts already formatted; en NULL means the same text in English. */
Say say(const char *fr, const char *en);

/* Each language formatted from its own parenthesised printf arguments. */
#define SAYF(fr_args, en_args) say(rt_sprintf fr_args, rt_sprintf en_args)

/* The text in a language (French when English is missing), NULL for SAY_NONE. */
const char *say_in(Say s, SayLang lang);
/* The same, for callers that carry the language as "english or not". */
const char *say_english(Say s, bool english);

/* A word or a piece of text quoted in a message: « nom » in French, “name” in
** English (a charter's own « » inside stays as written). */
const char *say_q_fr(const char *s);
const char *say_q_en(const char *s);

/* The n words (n >= 1) as alternatives: "a, b ou c" / "a, b or c" (the
** formats an option accepts). */
Say say_either(const char *const *words, int n);

/* Inline: the readers ask it of every row. */
static inline bool say_is_set(Say s) { return s.fr != NULL; }

#endif
