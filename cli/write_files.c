/*
 * write_files.c - see write_files.h.
 *
 * The temporary file is PATH.XXXXXX (mkstemp), in the target's own folder so
 * that the rename stays on one file system and is atomic. A replaced file is
 * renamed over; a new file is hard-linked to its name, which fails with
 * EEXIST instead of overwriting a file that appeared meanwhile (on a file
 * system without hard links, the name is checked and then renamed to).
 * The termination signals are blocked from the creation of the temporary
 * file to its rename or removal: their handlers (or their default action)
 * run afterwards, when no temporary file is left.
 */
#include "write_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

/* Creates the missing folders of path (all of it when whole, else all but
 * its last part) with mode. On failure fills why. */
static bool create_dirs(const char *path, bool whole, mode_t mode, char *why, size_t why_size)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        snprintf(why, why_size, "cannot create '%s': name too long", path);
        return false;
    }
    memcpy(buf, path, n + 1);
    if (!whole) {
        char *slash = strrchr(buf, '/');
        if (!slash || slash == buf)
            return true;
        *slash = '\0';
        n = (size_t)(slash - buf);
    }
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char keep = buf[i];
        buf[i] = '\0';
        struct stat st;
        if (stat(buf, &st) != 0) {
            if (mkdir(buf, mode) != 0 && errno != EEXIST) {
                snprintf(why, why_size, "cannot create '%s': %s", buf, strerror(errno));
                return false;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            snprintf(why, why_size, "cannot create '%s': a file of that name is in the way", buf);
            return false;
        }
        buf[i] = keep;
    }
    return true;
}

bool make_dirs(const char *path)
{
    char why[512];
    if (create_dirs(path, true, 0777, why, sizeof why))
        return true;
    cli_error("%s", why);
    return false;
}

/* Holds the signals that end the program while a temporary file exists. */
static void hold_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void release_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

/* Writes data to a new temporary file beside target; *tmp (malloc'd) is its
 * name. private_file: mode 0600, else 0666 less the umask. On failure nothing
 * is left, *tmp is NULL and why says why (about target). */
static bool write_temporary(const char *target, const char *data, size_t len, bool private_file,
                            char **tmp, char *why, size_t why_size)
{
    size_t n = strlen(target) + sizeof ".XXXXXX";
    *tmp = malloc(n);
    if (!*tmp) {
        snprintf(why, why_size, "cannot write '%s': out of memory", target);
        return false;
    }
    snprintf(*tmp, n, "%s.XXXXXX", target);
    int fd = mkstemp(*tmp); /* beside the target, so the rename stays on one file system */
    if (fd < 0) {
        snprintf(why, why_size, "cannot write '%s': %s", target, strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return false;
    }
    int err = 0;
    if (!private_file) { /* mkstemp makes the file private; other files get the usual mode */
        mode_t mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) != 0)
            err = errno;
    }
    for (size_t done = 0; !err && done < len;) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            err = w < 0 ? errno : EIO;
        else
            done += (size_t)w;
    }
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (err) {
        snprintf(why, why_size, "cannot write '%s': %s", target, strerror(err));
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
        return false;
    }
    return true;
}

/* The file path names: the target of a symbolic link (malloc'd into *owned),
 * or path itself. */
static const char *resolve(const char *path, char **owned)
{
    struct stat st;
    *owned = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        *owned = realpath(path, NULL);
    return *owned ? *owned : path;
}

char *write_target_new(const char *path)
{
    char *owned;
    const char *target = resolve(path, &owned);
    return owned ? owned : strdup(target);
}

/* False (why filled) when target exists and is not a regular file (nor, with
 * links, a symbolic link, which rename replaces). */
static bool is_replaceable(const char *target, bool links, char *why, size_t why_size)
{
    struct stat st;
    if ((links ? lstat(target, &st) : stat(target, &st)) != 0 || S_ISREG(st.st_mode) ||
        (links && S_ISLNK(st.st_mode)))
        return true;
    snprintf(why, why_size, "cannot write '%s': %s", target,
             S_ISDIR(st.st_mode) ? "it is a folder" : "it is not a regular file");
    return false;
}

bool write_file_atomic(const char *path, const char *data, size_t len, unsigned flags, char *why,
                       size_t why_size)
{
    bool private_file = flags & WRITE_PRIVATE, no_follow = flags & WRITE_NO_FOLLOW;
    if (private_file && !create_dirs(path, false, 0700, why, why_size))
        return false;
    char *owned = NULL;
    const char *target = no_follow ? path : resolve(path, &owned);
    bool ok = is_replaceable(target, no_follow, why, why_size);
    if (ok) {
        sigset_t old;
        hold_signals(&old);
        char *tmp;
        ok = write_temporary(target, data, len, private_file, &tmp, why, why_size);
        if (ok && rename(tmp, target) != 0) {
            snprintf(why, why_size, "cannot write '%s': %s", target, strerror(errno));
            unlink(tmp);
            ok = false;
        }
        free(tmp);
        release_signals(&old);
    }
    free(owned);
    return ok;
}

bool check_writable(const char *path, char *why, size_t why_size)
{
    char *owned;
    const char *target = resolve(path, &owned);
    bool ok = is_replaceable(target, false, why, why_size);
    if (ok) {
        sigset_t old;
        hold_signals(&old);
        char *tmp;
        ok = write_temporary(target, "", 0, false, &tmp, why, why_size);
        if (ok)
            unlink(tmp);
        free(tmp);
        release_signals(&old);
    }
    free(owned);
    return ok;
}

bool write_new_file(const char *dir, const char *name, const char *data, size_t size)
{
    char path[4096], why[4200];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        cli_error("cannot create '%s/%s': name too long", dir, name);
        return false;
    }
    if (!create_dirs(path, false, 0777, why, sizeof why)) {
        cli_error("%s", why);
        return false;
    }
    struct stat st;
    if (lstat(path, &st) == 0) { /* the common case, said before any work */
        cli_error("'%s' exists already; not overwritten", path);
        return false;
    }
    sigset_t old;
    hold_signals(&old);
    char *tmp;
    bool ok = write_temporary(path, data, size, false, &tmp, why, sizeof why);
    if (ok && link(tmp, path) != 0) {
        int err = errno;
        /* no hard links on this file system: check the name, then rename */
        if (err != EEXIST && lstat(path, &st) != 0 && rename(tmp, path) == 0)
            err = 0;
        if (err == EEXIST || (err && lstat(path, &st) == 0))
            snprintf(why, sizeof why, "'%s' exists already; not overwritten", path);
        else if (err)
            snprintf(why, sizeof why, "cannot create '%s': %s", path, strerror(err));
        ok = err == 0;
    }
    if (tmp)
        unlink(tmp); /* after link, the new name stays; after rename, nothing is there */
    free(tmp);
    release_signals(&old);
    if (!ok)
        cli_error("%s", why);
    return ok;
}

bool is_empty_or_missing_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = false;
    closedir(d);
    return empty;
}
