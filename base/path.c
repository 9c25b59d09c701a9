/* base/path.c: file paths as text (no file system access): the folder of a path, its last part, a folder joined to a name. */
#include "path.h"

#include "gc.h"

#include <string.h>

const char *path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return rt_strndup(path, (size_t)(slash - path));
}

const char *path_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    return rt_sprintf("%s%s%s", dir, n == 0 || dir[n - 1] == '/' ? "" : "/", name);
}
