/* lang/vocab.c: the vocabulary table compiled from lang/vocab.def, and its look-ups. */
#include "vocab.h"

#include "gc.h"
#include "parser.h"
#include "utf8.h"

#include <string.h>

static const VocabWord vocab_words[VOCAB_COUNT] = {
#define VOCAB_KEYWORD(id, fr, en) \
    [VOCAB_##id] = { VOCAB_##id, VOCAB_KIND_KEYWORD, #id, TOK_##id, LEX_UNIT_NONE, fr, en },
#define VOCAB_SENSE(id, token, fr, en) \
    [VOCAB_##id] = { VOCAB_##id, VOCAB_KIND_SENSE, #id, TOK_##token, LEX_UNIT_NONE, fr, en },
#define VOCAB_UNIT(id, unit, fr, en) \
    [VOCAB_##id] = { VOCAB_##id, VOCAB_KIND_UNIT, #id, TOK_NUMBER, LEX_UNIT_##unit, fr, en },
#include "vocab.def"
};

typedef struct VocabAlso {
    VocabId id;
    const char *spelling;
} VocabAlso;

static const VocabAlso vocab_also[] = {
#define VOCAB_ALSO(id, spelling) { VOCAB_##id, spelling },
#include "vocab.def"
};

const VocabWord *vocab_get(VocabId id)
{
    return (unsigned)id < VOCAB_COUNT ? &vocab_words[id] : NULL;
}

const char *vocab_in(VocabId id, bool english)
{
    const VocabWord *w = vocab_get(id);
    return w ? (english ? w->en : w->fr) : "?";
}

const VocabWord *vocab_by_token(int token)
{
    for (int i = 0; i < VOCAB_COUNT; i++)
        if (vocab_words[i].kind == VOCAB_KIND_KEYWORD && vocab_words[i].token == token)
            return &vocab_words[i];
    return NULL;
}

static int vocab_add_spelling(const char **out, int n, int max, const char *s)
{
    for (int i = 0; i < n && i < max; i++)
        if (strcmp(out[i], s) == 0)
            return n;
    if (n < max)
        out[n] = s;
    return n + 1;
}

int vocab_spellings(VocabId id, const char **out, int max)
{
    const VocabWord *w = vocab_get(id);
    if (!w)
        return 0;
    int n = vocab_add_spelling(out, 0, max, w->fr);
    n = vocab_add_spelling(out, n, max, w->en);
    for (size_t i = 0; i < sizeof vocab_also / sizeof vocab_also[0]; i++)
        if (vocab_also[i].id == id)
            n = vocab_add_spelling(out, n, max, vocab_also[i].spelling);
    return n;
}

/* The ASCII letter that an accented Latin-1 letter folds to, or 0: the two
** bytes are C3 xx. */
static char vocab_fold_c3(unsigned char b)
{
    switch (b) {
    case 0xA9: case 0x89: case 0xA8: case 0x88: return 'e';   /* é É è È */
    case 0xA0: case 0x80: return 'a';                         /* à À */
    case 0xBB: case 0x9B: return 'u';                         /* û Û */
    case 0xAE: case 0x8E: return 'i';                         /* î Î */
    default: return 0;
    }
}

char *vocab_fold(const char *text, size_t len)
{
    char *out = rt_alloc_atomic(len + 1);
    size_t o = 0;
    bool blank = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\t') {
            blank = o > 0;
            continue;
        }
        if (blank)
            out[o++] = ' ';
        blank = false;
        if (c == 0xC3 && i + 1 < len && vocab_fold_c3((unsigned char)text[i + 1])) {
            out[o++] = vocab_fold_c3((unsigned char)text[++i]);
        } else if (c == 0xC3 && i + 1 < len && (unsigned char)text[i + 1] == 0x99) {
            out[o++] = (char)0xC3;                                /* Ù to ù */
            out[o++] = (char)0xB9;
            i++;
        } else if (c == 0xC5 && i + 1 < len && ((unsigned char)text[i + 1] == 0x93 ||
                                                (unsigned char)text[i + 1] == 0x92)) {
            out[o++] = 'o';                                       /* œ Œ */
            out[o++] = 'e';
            i++;
        } else if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
                   (unsigned char)text[i + 2] == 0x99) {
            out[o++] = '\'';                                      /* ’ */
            i += 2;
        } else {
            out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : (char)c;
        }
    }
    out[o] = '\0';
    return out;
}

const VocabWord *vocab_find(const char *text, size_t len)
{
    const char *want = vocab_fold(text, len);
    const VocabWord *found = NULL;
    for (int i = 0; i < VOCAB_COUNT; i++) {
        const char *all[16];
        int n = vocab_spellings((VocabId)i, all, 16);
        for (int k = 0; k < n && k < 16; k++) {
            if (strcmp(vocab_fold(all[k], strlen(all[k])), want) != 0)
                continue;
            if (vocab_words[i].kind != VOCAB_KIND_SENSE)
                return &vocab_words[i];
            if (!found)
                found = &vocab_words[i];
        }
    }
    return found;
}

/* ---- guesses: keywords misspelt ------------------------------------------------------------ */

enum { VOCAB_GUESS_WORDS = 8 };

typedef struct VocabSpan {
    size_t at, len;
} VocabSpan;

/* Punctuation and quotes end a word: "artcle 3 « Titre »" has two. */
static bool vocab_word_ends(const char *t, size_t len, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || strchr("|:,()\"=<>", c))
        return true;
    return c == 0xC2 && i + 1 < len && ((unsigned char)t[i + 1] == 0xAB || (unsigned char)t[i + 1] == 0xBB);
}

static int vocab_split_line(const char *t, size_t len, VocabSpan *words)
{
    int n = 0;
    size_t i = 0;
    while (n < VOCAB_GUESS_WORDS && i < len && t[i] != '\n') {
        while (i < len && (t[i] == ' ' || t[i] == '\t'))
            i++;
        size_t start = i;
        while (i < len && !vocab_word_ends(t, len, i))
            i++;
        if (i == start)
            break;
        words[n++] = (VocabSpan){ start, i - start };
    }
    return n;
}

/* Edits between the spelling's words and the text's, INT_MAX past two. */
static int vocab_phrase_distance(const char *spelling, const char *t, const VocabSpan *words, int nwords,
                                 int *bad, const char **fix)
{
    int total = 0, k = 0;
    *bad = -1;
    const char *p = spelling;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        if (k >= nwords)
            return 3;
        const char *want = vocab_fold(p, wl), *got = vocab_fold(t + words[k].at, words[k].len);
        if (strcmp(want, got) != 0) {
            int d = utf8_edit_distance(got, want, 2);
            if (d > 2 || (size_t)d >= utf8_count(got, strlen(got)))
                return 3;
            if (*bad < 0) {
                *bad = k;
                *fix = rt_strndup(p, wl);
            }
            total += d;
        }
        k++;
        p = sp ? sp + 1 : p + wl;
    }
    return total;
}

bool vocab_guess(const char *text, size_t len, const int *tokens, int n, bool only_phrases, bool english,
                 VocabGuess *out)
{
    bool best_native = false;
    VocabSpan words[VOCAB_GUESS_WORDS];
    int nwords = vocab_split_line(text, len, words), best = 3;
    for (int i = 0; i < n; i++) {
        const VocabWord *w = vocab_by_token(tokens[i]);
        if (!w)
            continue;
        const char *all[16];
        int ns = vocab_spellings(w->id, all, 16);
        for (int s = 0; s < ns && s < 16; s++) {
            if (only_phrases && !strchr(all[s], ' '))
                continue;
            int bad;
            const char *fix = NULL;
            int d = vocab_phrase_distance(all[s], text, words, nwords, &bad, &fix);
            bool native = all[s] == (english ? w->en : w->fr);
            if (d < 1 || d > 2 || d > best || (d == best && (best_native || !native)))
                continue;
            best = d;
            best_native = native;
            *out = (VocabGuess){ w, words[bad].at, words[bad].len, fix };
        }
    }
    return best < 3;
}
