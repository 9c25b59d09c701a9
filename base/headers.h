/* base/headers.h: the one normalised form of a column header or a sheet name, so that exports' spellings match declared names. */
#ifndef CHARTE_HEADERS_H
#define CHARTE_HEADERS_H

#include <stddef.h>

/*
** Exports name their columns as people write them: "Maître d'ouvrage",
** "Date de notification", "MONTANT HT (€)", "Nombre d'heures". headers_key
** reduces a header (or a declared column name, or a workbook's sheet name) to
** the key that matching compares, so that two spellings of one name give one
** key:
**
**   1. a part in brackets, ( ) [ ] or { }, is dropped: it holds a unit or a
**      remark ("(€)", "[h]", "(en euros)"); unless nothing else is left;
**   2. the rest is cut into words at every character that is neither a
**      letter nor a digit (spaces, '_', '-', apostrophes, '/', '.', '°'…);
**   3. each word is folded as utf8_key folds it: NFKC, case folded, accents
**      stripped, œ and æ spelt oe and ae;
**   4. the joining words de, du, des, and d before an apostrophe, are
**      dropped, unless nothing else is left;
**   5. the words are joined without separator.
**
** "Maître d'ouvrage", "maitre_ouvrage" and "MAITRE-OUVRAGE" all give
** "maitreouvrage"; "Montant HT (€)" gives "montantht". The result is GC
** memory; "" for a header with no letter or digit.
*/
char *headers_key(const char *s, size_t n);

#endif
