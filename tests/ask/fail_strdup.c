/*
 * fail_strdup.c - a library preloaded (LD_PRELOAD) into `triage ask` by
 * pty_test.c: strdup of a string that starts with "fail-alloc" returns
 * NULL, as when memory runs out. libedit's readline copies each line it
 * read with strdup, so typing that word makes the copy of the line fail:
 * the test checks that this is said, not taken for the end of input.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

char *strdup(const char *s)
{
    static char *(*real)(const char *);
    if (!strncmp(s, "fail-alloc", 10))
        return NULL;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "strdup");
    return real(s);
}
