/* tests/fuzz/replay_main.c: runs a fuzz harness on stored inputs (files, or folders of them) without libFuzzer. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
** Usage: fuzz-replay-HARNESS [-v] PATH…; a folder is read recursively, in
** name order. Exit 0 when every input ran; a sanitizer report or an abort()
** ends the process on the first bad input, after naming it. Only the
** currently replayed path is global: the death callbacks have no argument.
*/
static const char *replay_current;

static void replay_name_culprit(void)
{
    if (!replay_current)
        return;
    static const char pre[] = "fuzz-replay: échec sur ";
    /* async-signal-safe: write(2) only. */
    ssize_t ignored = write(STDERR_FILENO, pre, sizeof pre - 1);
    ignored = write(STDERR_FILENO, replay_current, strlen(replay_current));
    ignored = write(STDERR_FILENO, "\n", 1);
    (void)ignored;
}

static void replay_on_abort(int sig)
{
    replay_name_culprit();
    signal(sig, SIG_DFL);
    raise(sig);
}

static unsigned char *replay_read(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    bool failed = !buf || ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        return NULL;
    }
    /* Exactly len bytes, as libFuzzer does, so that ASan sees a read past
    ** the end (malloc(0) still gives a distinct pointer). */
    unsigned char *exact = malloc(len ? len : 1);
    if (exact)
        memcpy(exact, buf, len);
    free(buf);
    *size = len;
    return exact;
}

static bool replay_path(const char *path, bool verbose, unsigned long *count);

static bool replay_dir(const char *path, bool verbose, unsigned long *count)
{
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "fuzz-replay: %s : %s\n", path, strerror(errno));
        return false;
    }
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (name[0] != '.') {
            size_t len = strlen(path) + strlen(name) + 2;
            char *child = malloc(len);
            if (!child)
                abort();
            snprintf(child, len, "%s/%s", path, name);
            ok = replay_path(child, verbose, count) && ok;
            free(child);
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

static bool replay_path(const char *path, bool verbose, unsigned long *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "fuzz-replay: %s : %s\n", path, strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode))
        return replay_dir(path, verbose, count);
    size_t size = 0;
    unsigned char *data = replay_read(path, &size);
    if (!data) {
        fprintf(stderr, "fuzz-replay: %s : illisible\n", path);
        return false;
    }
    if (verbose)
        fprintf(stderr, "fuzz-replay: %s (%zu octets)\n", path, size);
    replay_current = path;
    LLVMFuzzerTestOneInput(data, size);
    replay_current = NULL;
    free(data);
    (*count)++;
    return true;
}

int main(int argc, char **argv)
{
    __sanitizer_set_death_callback(replay_name_culprit);
    signal(SIGABRT, replay_on_abort);
    LLVMFuzzerInitialize(&argc, &argv);
    bool verbose = false, ok = true;
    unsigned long count = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = true;
        else
            ok = replay_path(argv[i], verbose, &count) && ok;
    }
    printf("fuzz-replay: %lu entrée(s) rejouée(s)\n", count);
    return ok ? 0 : 2;
}
