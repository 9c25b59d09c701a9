/* lang/schema.h: the data schema (données blocks): tables, typed columns, the standard columns the evaluator needs. */
#ifndef CHARTE_SCHEMA_H
#define CHARTE_SCHEMA_H

#include "checker.h"

/*
** Builds Model.tables from every `données` block (stdlib first, then local
** additions), fills Model.std, and reports unknown tables, columns declared
** twice, unknown types, references to unknown tables, repeated choices, bad
** bounds, defaults of the wrong type, and standard columns missing or of the
** wrong type. Participants' columns other than the id are personal.
*/
void schema_check(Checker *ck);

/* Index of the column of table whose name matches name (utf8_key), or -1: as a
** data file's header or an example row's field names it, blind to case and accents. */
int schema_column(const Checker *ck, int table, const char *name);
/* The same, for a name the charter's text uses (a condition, a breakdown): spelt as
** the column is declared (after NFC), like every other name of the charter. */
int schema_column_named(const Checker *ck, int table, const char *name);
/* Its type in expressions (types.h). */
const Type *schema_column_type(const Checker *ck, int table, int column);
/* "marches", "participants", "heures". */
const char *schema_table_name(int table);
/* Type names as written in a données block: "montant", "choix"… (English with english). */
const char *schema_coltype_name(MColType t, bool english);

#endif
