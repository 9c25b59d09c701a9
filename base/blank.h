/* base/blank.h: what a blank is around a number or a date written in data (a space or a tab), and such a text trimmed of its blanks at both ends. */
#ifndef CHARTE_BLANK_H
#define CHARTE_BLANK_H

#include <stdbool.h>
#include <stddef.h>

/* Line ends are not blanks here: a value never holds one once its table has cut it. */
static inline bool blank_is(char c) { return c == ' ' || c == '\t'; }

/* Narrows s[0..*n) to its text between leading and trailing blanks. */
static inline void blank_trim(const char **s, size_t *n)
{
    while (*n > 0 && blank_is((*s)[0])) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && blank_is((*s)[*n - 1]))
        (*n)--;
}

#endif
