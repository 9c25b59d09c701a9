/* lang/module.h: loading a charter and its imports (stdlib modules by name, files inside the main file's folder tree), each once. */
#ifndef CHARTE_MODULE_H
#define CHARTE_MODULE_H

#include "checker.h"

/*
** Parses src and, depth first, every module it imports: `utilise anru` takes
** the embedded stdlib module, `utilise « x.charte »` the file x.charte beside
** the importing file. Files must stay inside the folder of the main file (no
** absolute path, no `..` or symbolic link leading out of it: checked on the
** real path). A module imported twice is loaded once; a cycle of imports is
** reported with the files that form it.
**
** Fills ck->modules and Model.modules, imports first, main last. Returns
** false when the main file or an import has syntax errors, or an import could
** not be loaded: checking would only repeat those errors as unknown names.
*/
bool module_load_all(Checker *ck, Source *src);

#endif
