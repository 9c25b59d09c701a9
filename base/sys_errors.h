/* base/sys_errors.h: the system's error numbers (errno) said in the user's words, French and English, never in the C library's own language. */
#ifndef CHARTE_SYS_ERRORS_H
#define CHARTE_SYS_ERRORS_H

#include "say.h"

/* What errno e means, in both languages, with its name for whoever searches
** it ("erreur d'entrée-sortie (EIO)"); an errno not known here is still said
** as a system error, by name and number ("erreur système EXDEV (n° 18)"). */
Say sys_errors_say(int e);

#endif
