/* tests/unit/test_sys_errors.c: errno said in the user's words (base/sys_errors.c), and so inside libzip's read errors (runtime/zip_errors.c), never in the C library's English under French. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <zip.h>

#include "gc.h"
#include "sys_errors.h"
#include "zip_errors.h"

static void assert_said(Say s, const char *fr, const char *en)
{
    assert_string_equal(s.fr, fr);
    assert_string_equal(s.en, en);
}

static void test_read_errnos_in_both_languages(void **state)
{
    assert_said(sys_errors_say(EIO), "erreur d'entrée-sortie (EIO)", "input/output error (EIO)");
    assert_said(sys_errors_say(EISDIR), "est un dossier, pas un fichier (EISDIR)", "is a folder, not a file (EISDIR)");
    assert_said(sys_errors_say(ENOENT), "fichier ou dossier introuvable (ENOENT)", "no such file or folder (ENOENT)");
    assert_said(sys_errors_say(EACCES), "permission refusée (EACCES)", "permission denied (EACCES)");
    assert_said(sys_errors_say(ENOMEM), "mémoire insuffisante (ENOMEM)", "out of memory (ENOMEM)");
    assert_said(sys_errors_say(ENOSPC), "plus de place sur le disque (ENOSPC)", "no space left on the disk (ENOSPC)");
}

/* An errno not in the table is still a system error, named; one the C library
** does not name either, by its number. Never strerror's text. */
static void test_other_errnos_still_named(void **state)
{
    assert_said(sys_errors_say(EXDEV), "erreur système EXDEV (n° 18)", "system error EXDEV (no. 18)");
    assert_said(sys_errors_say(4000), "erreur système n° 4000", "system error no. 4000");
    assert_null(strstr(sys_errors_say(EXDEV).fr, strerror(EXDEV)));
}

static void test_libzip_read_errors_say_the_errno(void **state)
{
    assert_said(zip_errors_say(ZIP_ER_READ, EIO, "Read error: Input/output error"),
                "erreur de lecture : erreur d'entrée-sortie (EIO)", "read error: input/output error (EIO)");
    assert_said(zip_errors_say(ZIP_ER_OPEN, EACCES, "Can't open file: Permission denied"),
                "impossible d'ouvrir le fichier : permission refusée (EACCES)",
                "cannot open the file: permission denied (EACCES)");
    assert_said(zip_errors_say(ZIP_ER_SEEK, EISDIR, NULL), "erreur de positionnement dans le fichier : est un dossier, pas un fichier (EISDIR)",
                "seek error in the file: is a folder, not a file (EISDIR)");
    /* No errno: the code's words alone; an errno with a code that has none: not said. */
    assert_said(zip_errors_say(ZIP_ER_READ, 0, NULL), "erreur de lecture", "read error");
    assert_said(zip_errors_say(ZIP_ER_CRC, EIO, NULL), "somme de contrôle (CRC) fausse : le contenu est altéré",
                "checksum (CRC) mismatch: the content is altered");
}

int main(void)
{
    rt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_errnos_in_both_languages),
        cmocka_unit_test(test_other_errnos_still_named),
        cmocka_unit_test(test_libzip_read_errors_say_the_errno),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
