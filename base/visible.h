/* base/visible.h: text that came from a file, written for people: control characters shown as visible symbols, never sent raw to a terminal. */
#ifndef CHARTE_VISIBLE_H
#define CHARTE_VISIBLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
** The rule, the same in every text output (diagnostics, reports, messages),
** whether it goes to a terminal or to a file read in one later:
**   - a C0 control U+0000–U+001F becomes its Unicode control picture
**     U+2400–U+241F (ESC is ␛), DEL U+007F becomes ␡ (U+2421);
**   - a C1 control U+0080–U+009F (CSI is U+009B) and a byte that is not
**     UTF-8 become U+FFFD (�).
** Each replacement is one code point for one code point (one byte for an
** invalid byte), so a column counted in code points stays the same: a caret
** under a source line stays aligned. Flags keep a tab or a line break.
*/
enum {
    VISIBLE_KEEP_TAB = 1,
    VISIBLE_KEEP_NEWLINE = 2
};

/* Writes s[0..n) with the rule above. */
void visible_write(FILE *out, const char *s, size_t n, unsigned flags);

/* A stream that writes to out with the rule above (a UTF-8 sequence split
** between two writes is put back together). fclose flushes it and leaves
** out open; a write error on out is an error of this stream. NULL when the
** stream cannot be made (then write to out directly, unfiltered). */
FILE *visible_stream(FILE *out, unsigned flags);

/* s[0..n) to be quoted inside a message (GC memory): a character that shows nothing on
** a page or a terminal (a byte order mark, a zero-width space or joiner, a soft hyphen,
** a direction mark) written as its code point and its name, "[U+FEFF (byte order mark)]",
** in French or English; the rest as is (the rule above still applies when it is written).
** The source line under it keeps the character: there a column must stay a column. */
char *visible_named(const char *s, size_t n, bool english);

#endif
