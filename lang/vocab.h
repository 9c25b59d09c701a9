/* lang/vocab.h: the language's vocabulary (lang/vocab.def) as data: each word by id, token or spelling, and all of them in turn. */
#ifndef CHARTE_VOCAB_H
#define CHARTE_VOCAB_H

#include "ast.h"

#include <stdbool.h>
#include <stddef.h>

/*
** One entry per keyword token (VOCAB_SEUIL is TOK_SEUIL), per second sense
** of a token and per unit. Iterate with
**     for (int i = 0; i < VOCAB_COUNT; i++) { const VocabWord *w = vocab_get(i); … }
** The id of a keyword is its token's name, and the name of the same word in
** the syntax tree (AST_KEY_SEUIL, AST_LEVEL_PROJET): one name per word.
*/
typedef enum {
#define VOCAB_KEYWORD(id, fr, en) VOCAB_##id,
#define VOCAB_SENSE(id, token, fr, en) VOCAB_##id,
#define VOCAB_UNIT(id, unit, fr, en) VOCAB_##id,
#include "vocab.def"
    VOCAB_COUNT
} VocabId;

typedef enum { VOCAB_KIND_KEYWORD, VOCAB_KIND_SENSE, VOCAB_KIND_UNIT } VocabKind;

typedef struct VocabWord {
    VocabId id;
    VocabKind kind;
    const char *name;        /* "SEUIL": the id without its prefix */
    int token;               /* TOK_… of lang/parser.y; TOK_NUMBER for a unit */
    LexUnit unit;            /* LEX_UNIT_NONE except for a unit */
    const char *fr, *en;     /* the canonical spellings, the ones to write back */
} VocabWord;

/* The entry of id (0 <= id < VOCAB_COUNT). */
const VocabWord *vocab_get(VocabId id);

/* Its canonical spelling in the charter's language. */
const char *vocab_in(VocabId id, bool english);

/* The keyword a token stands for; NULL for a token that is no keyword
** (a name, a number, punctuation). */
const VocabWord *vocab_by_token(int token);

/* Every spelling of id the scanner accepts, up to the folding below:
** French, English, then the others, each once. Returns how many, writes at
** most max of them. */
int vocab_spellings(VocabId id, const char **out, int max);

/* The entry one of whose spellings text is, NULL when none; a keyword is
** preferred to a second sense of its token. Compares folded texts. */
const VocabWord *vocab_find(const char *text, size_t len);

/* A keyword misspelt in a line of charter text: the line's words (at), whose
** one word is a few edits away from the word of a keyword's spelling. */
typedef struct VocabGuess {
    const VocabWord *word;   /* the keyword meant */
    size_t at, len;          /* the misspelt word, in bytes from the start of the text */
    const char *fix;         /* that word as the spelling has it: "vigueur" */
} VocabGuess;

/* The keyword, among those of tokens[0..n), that the words at the start of
** text (up to its end of line) spell within two edits in all (case, accents
** and blanks do not count), at least one edit; only_phrases: keywords of
** several words only (the first word was read as another keyword); between
** two as close, the spelling of the charter's language (english). */
bool vocab_guess(const char *text, size_t len, const int *tokens, int n, bool only_phrases, bool english,
                 VocabGuess *out);

/* The text as the scanner compares it: ASCII letters in lower case, é è à û î
** and their capitals without accent (ù keeps its: où is not ou), œ as oe,
** ’ as ', runs of blanks as one space, no blank at either end. */
char *vocab_fold(const char *text, size_t len);

#endif
