/* base/dynlib.c: a shared library opened on first use (dlopen), its functions looked up by name (dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static bool dynlib_open(DynLib *l)
{
    /* RTLD_NOW: a missing function is said here, not as a crash at its first call. */
    void *handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    const char *missing = NULL;
    for (int i = 0; handle && i < l->n && !missing; i++) {
        l->fns[i] = dlsym(handle, l->names[i]);
        if (!l->fns[i])
            missing = l->names[i];
    }
    if (handle && !missing)
        return true;
    /* dlerror names the file and says why in the loader's words; a missing
    ** function is named with its library, as the loader would. */
    const char *err = handle ? NULL : dlerror();
    if (handle)
        snprintf(l->why, sizeof l->why, "%s: undefined symbol: %s", l->soname, missing);
    else
        snprintf(l->why, sizeof l->why, "%s", err ? err : l->soname);
    if (handle)
        dlclose(handle);
    return false;
}

const char *dynlib_why(const DynLib *l)
{
    return l->why;
}

bool dynlib_ready(DynLib *l)
{
    int state = atomic_load_explicit(&l->state, memory_order_acquire);
    if (state != 0)
        return state > 0;
    pthread_mutex_lock(&l->mutex);
    state = atomic_load_explicit(&l->state, memory_order_relaxed);
    if (state == 0) {
        state = dynlib_open(l) ? 1 : -1;
        atomic_store_explicit(&l->state, state, memory_order_release);
    }
    pthread_mutex_unlock(&l->mutex);
    return state > 0;
}
