/* base/path.h: file paths as text (no file system access): the folder of a path, its last part, a folder joined to a name. */
#ifndef CHARTE_PATH_H
#define CHARTE_PATH_H

/* The folder part of path: "a/b/c" -> "a/b", "c" -> ".", "/c" -> "/" (GC string or literal). */
const char *path_dir(const char *path);

/* The part after the last '/': "a/b/c" -> "c", "c" -> "c" (points into path). */
const char *path_base(const char *path);

/* dir/name, without doubling a '/' that dir already ends with; an empty dir
** gives name alone (GC string). */
char *path_join(const char *dir, const char *name);

#endif
