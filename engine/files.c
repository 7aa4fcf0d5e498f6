/*
 * files.c - finding the YAML files under a path, in a stable order, and
 * reading a whole file (or standard input) within the size limit.
 *
 * Rule directories and case directories are read the same way: recursively,
 * each directory's entries in name order, hidden entries skipped, only
 * .yaml and .yml files. The order is part of the contract: it fixes rule
 * order (and so rule ids' positions and output order) across machines.
 *
 * Bounds: symbolic links are followed, but each directory (device and
 * inode) is read once, so a link back up the tree ends the walk there
 * instead of looping; at most MAX_DIR_DEPTH levels, MAX_WALK_DIRS
 * directories and MAX_WALK_ENTRIES names in one walk. Only regular files
 * are read: a FIFO or a device named directly is refused at once (it is
 * opened without blocking and checked before any read), and one inside a
 * directory is skipped.
 */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "vec.h"

#define MAX_DIR_DEPTH 16
#define MAX_WALK_DIRS 1024
#define MAX_WALK_ENTRIES 65536

static bool has_yaml_suffix(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One walk: the directories read so far and the names listed. */
typedef struct walk {
    tri_path_fn fn;
    void *ctx;
    const tri_allocator *a;
    diag_sink *d;
    const char *root;
    struct {
        dev_t dev;
        ino_t ino;
    } seen[MAX_WALK_DIRS];
    size_t nseen, entries;
} walk;

/* True the first time the directory st is met; false when it was read
 * already (a link back up the tree, or a second path to it). */
static bool first_visit(walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return false;
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;
    return true;
}

/* Calls fn for the YAML files under dir (whose status is st), recursively,
 * each directory's entries in name order. Returns false when stopped (by fn
 * or an error). */
static bool walk_dir(walk *w, const char *dir, const struct stat *st, int depth)
{
    diag_sink *d = w->d;
    const tri_allocator *a = w->a;
    if (!first_visit(w, st))
        return true;
    if (depth > MAX_DIR_DEPTH) {
        diag_fail(d, TRI_ERR_LIMIT, dir, "directories nested more than %d deep under '%s'",
                  MAX_DIR_DEPTH, w->root);
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
        if (++w->entries > MAX_WALK_ENTRIES) {
            diag_fail(d, TRI_ERR_LIMIT, dir, "more than %d entries under '%s'",
                      MAX_WALK_ENTRIES, w->root);
            ok = false;
            break;
        }
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
        struct stat sub;
        if (stat(path, &sub) == 0) {
            if (S_ISDIR(sub.st_mode)) {
                if (w->nseen == MAX_WALK_DIRS) {
                    diag_fail(d, TRI_ERR_LIMIT, path, "more than %d directories under '%s'",
                              MAX_WALK_DIRS, w->root);
                    ok = false;
                } else {
                    ok = walk_dir(w, path, &sub, depth + 1);
                }
            } else if (S_ISREG(sub.st_mode) && has_yaml_suffix(nm)) {
                ok = w->fn(path, w->ctx);
            }
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
    if (S_ISDIR(st.st_mode)) {
        walk *w = mem_alloc(a, sizeof *w);
        if (!w) {
            diag_fail(d, TRI_ERR_NOMEM, path, "out of memory while listing '%s'", path);
            return diag_status(d);
        }
        w->fn = fn;
        w->ctx = ctx;
        w->a = a;
        w->d = d;
        w->root = path;
        w->nseen = w->entries = 0;
        walk_dir(w, path, &st, 0);
        mem_free(a, w);
    } else {
        fn(path, ctx);
    }
    return diag_status(d);
}

/* What kind of file st is, for a message ("a directory", "a FIFO", ...). */
static const char *file_kind(const struct stat *st)
{
    if (S_ISDIR(st->st_mode))
        return "a directory";
    if (S_ISFIFO(st->st_mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(st->st_mode))
        return "a socket";
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return "a device";
    return "a special file";
}

tri_status files_read(const char *path, const tri_allocator *a, char **data, size_t *size,
                      diag_sink *d)
{
    *data = NULL;
    *size = 0;
    bool is_stdin = !strcmp(path, "-");
    /* O_NONBLOCK: opening a FIFO with no writer must not wait for one */
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        diag_fail(d, TRI_ERR_IO, path, "cannot open '%s': %s", path, strerror(errno));
        return TRI_ERR_IO;
    }
    if (!is_stdin) {
        struct stat st;
        if (fstat(fd, &st) != 0) {
            int e = errno;
            close(fd);
            diag_fail(d, TRI_ERR_IO, path, "cannot read '%s': %s", path, strerror(e));
            return TRI_ERR_IO;
        }
        if (!S_ISREG(st.st_mode)) {
            close(fd);
            diag_fail(d, TRI_ERR_IO, path, "cannot read '%s': it is %s, not a file", path,
                      file_kind(&st));
            return TRI_ERR_IO;
        }
        if (st.st_size > (off_t)TRI_MAX_FILE_BYTES) {
            close(fd);
            diag_fail(d, TRI_ERR_LIMIT, path, "'%s' is over the limit of %u bytes", path,
                      (unsigned)TRI_MAX_FILE_BYTES);
            return TRI_ERR_LIMIT;
        }
    }
    size_t cap = 16384, n = 0;
    char *buf = mem_alloc(a, cap);
    tri_status st = buf ? TRI_OK : TRI_ERR_NOMEM;
    int read_errno = 0;
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
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            read_errno = errno;
            st = TRI_ERR_IO;
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (!is_stdin)
        close(fd);
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
