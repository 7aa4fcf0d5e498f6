/*
 * files.c - finding the YAML files under a path, in a stable order, and
 * reading a whole file (or standard input) within the size limit.
 *
 * Rule directories and case directories are read the same way: recursively,
 * each directory's entries in name order, hidden entries skipped, only
 * .yaml and .yml files. The order is part of the contract: it fixes rule
 * order (and so rule ids' positions and output order) across machines.
 */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "vec.h"

#define MAX_DIR_DEPTH 16

static bool has_yaml_suffix(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Calls fn for the case files under dir, recursively, each directory's
 * entries in name order. Returns false when stopped (by fn or an error). */
static bool walk_dir(const char *dir, int depth, tri_path_fn fn, void *ctx,
                     const tri_allocator *a, diag_sink *d)
{
    if (depth > MAX_DIR_DEPTH) {
        diag_fail(d, TRI_ERR_LIMIT, dir, "directories nested more than %d deep under '%s'",
                  MAX_DIR_DEPTH, dir);
        return false;
    }
    DIR *dp = opendir(dir);
    if (!dp) {
        diag_fail(d, TRI_ERR_IO, dir, "cannot open '%s': %s", dir, strerror(errno));
        return false;
    }
    vec names;
    vec_init(&names, a, sizeof(char *));
    bool ok = true;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.')
            continue;
        char **slot = vec_push(&names);
        size_t len = strlen(e->d_name) + 1;
        if (slot && (*slot = mem_alloc(a, len)))
            memcpy(*slot, e->d_name, len);
        if (!slot || !*slot) {
            if (slot)
                names.n--;
            diag_fail(d, TRI_ERR_NOMEM, dir, "out of memory while listing '%s'", dir);
            ok = false;
            break;
        }
    }
    closedir(dp);
    if (names.n)
        qsort(names.data, names.n, sizeof(char *), compare_names);
    size_t dl = strlen(dir);
    for (uint32_t i = 0; ok && i < names.n; i++) {
        const char *nm = *(char **)vec_at(&names, i);
        size_t len = dl + strlen(nm) + 2;
        char *path = mem_alloc(a, len);
        if (!path) {
            diag_fail(d, TRI_ERR_NOMEM, dir, "out of memory while listing '%s'", dir);
            ok = false;
            break;
        }
        snprintf(path, len, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", nm);
        struct stat st;
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                ok = walk_dir(path, depth + 1, fn, ctx, a, d);
            else if (S_ISREG(st.st_mode) && has_yaml_suffix(nm))
                ok = fn(path, ctx);
        }
        mem_free(a, path);
    }
    for (uint32_t i = 0; i < names.n; i++)
        mem_free(a, *(char **)vec_at(&names, i));
    vec_fini(&names);
    return ok;
}

tri_status files_each_yaml(const char *path, tri_path_fn fn, void *ctx,
                             const tri_allocator *a, diag_sink *d)
{
    struct stat st;
    if (!path || stat(path, &st) != 0) {
        diag_fail(d, TRI_ERR_IO, path, "cannot open '%s': %s", path ? path : "",
                  path ? strerror(errno) : "no path");
        return diag_status(d);
    }
    if (S_ISDIR(st.st_mode))
        walk_dir(path, 0, fn, ctx, a, d);
    else
        fn(path, ctx);
    return diag_status(d);
}


tri_status files_read(const char *path, const tri_allocator *a, char **data, size_t *size,
                      diag_sink *d)
{
    *data = NULL;
    *size = 0;
    bool is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        diag_fail(d, TRI_ERR_IO, path, "cannot open '%s': %s", path, strerror(errno));
        return TRI_ERR_IO;
    }
    size_t cap = 16384, n = 0;
    char *buf = mem_alloc(a, cap);
    tri_status st = buf ? TRI_OK : TRI_ERR_NOMEM;
    while (st == TRI_OK) {
        if (n == cap) {
            if (cap > TRI_MAX_FILE_BYTES) {
                st = TRI_ERR_LIMIT;
                break;
            }
            char *nb = mem_realloc(a, buf, cap * 2);
            if (!nb) {
                st = TRI_ERR_NOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = TRI_ERR_IO;
            break;
        }
    }
    int read_errno = errno;
    if (!is_stdin)
        fclose(f);
    if (st == TRI_OK && n > TRI_MAX_FILE_BYTES)
        st = TRI_ERR_LIMIT;
    if (st != TRI_OK) {
        mem_free(a, buf);
        if (st == TRI_ERR_NOMEM)
            diag_fail(d, st, path, "out of memory while reading '%s'", path);
        else if (st == TRI_ERR_LIMIT)
            diag_fail(d, st, path, "'%s' is over the limit of %u bytes", path,
                      (unsigned)TRI_MAX_FILE_BYTES);
        else
            diag_fail(d, st, path, "cannot read '%s': %s", path, strerror(read_errno));
        return st;
    }
    *data = buf;
    *size = n;
    return TRI_OK;
}
