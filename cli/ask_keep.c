/*
 * ask_keep.c - keeping a person's answers between runs of `triage ask`, and
 * writing files so that a reader never sees half of one.
 *
 * The text front end keeps the answers given so far in the user's state
 * folder ($XDG_STATE_HOME/triage/, by default ~/.local/state/triage/), in
 * last-answers.yaml, rewritten after every answer: leaving early, by quit,
 * end of input, Ctrl-C, a closed terminal or a crash, loses nothing, and
 * `triage ask --resume` goes on from there. The folder is private to the
 * user (mode 0700, files 0600): the answers are about someone's health.
 *
 * Every file is written beside its target under a temporary name, flushed
 * to disk and renamed over the target, so the target is always either the
 * old file or the whole new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ask.h"

static const char keep_name[] = "last-answers.yaml";

char *keep_path_new(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    const char *base, *sub;
    /* the XDG base directory specification: a relative path is ignored */
    if (state && state[0] == '/') {
        base = state;
        sub = "/triage/";
    } else if (home && home[0] == '/') {
        base = home;
        sub = "/.local/state/triage/";
    } else {
        return NULL;
    }
    size_t n = strlen(base) + strlen(sub) + sizeof keep_name;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", base, sub, keep_name);
    return p;
}

/* Creates the folders of path's directory that are missing (mode 0700). */
static bool make_dirs(const char *path, char *why, size_t why_size)
{
    char dir[4096];
    size_t n = strlen(path);
    if (n >= sizeof dir) {
        snprintf(why, why_size, "the path is too long");
        return false;
    }
    memcpy(dir, path, n + 1);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return true;
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char keep = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            snprintf(why, why_size, "cannot create '%s': %s", dir, strerror(errno));
            return false;
        }
        *p = keep;
        if (!keep)
            break;
    }
    return true;
}

bool write_file_atomic(const char *path, const char *data, size_t len, bool private_file,
                       char *why, size_t why_size)
{
    if (private_file && !make_dirs(path, why, why_size))
        return false;
    size_t n = strlen(path) + sizeof ".XXXXXX";
    char *tmp = malloc(n);
    if (!tmp) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp); /* beside the target, so the rename stays on one file system */
    if (fd < 0) {
        snprintf(why, why_size, "cannot write '%s': %s", path, strerror(errno));
        free(tmp);
        return false;
    }
    /* mkstemp makes the file private; other files get the usual mode */
    if (!private_file) {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    bool ok = true;
    for (size_t done = 0; ok && done < len;) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        if (ok)
            done += (size_t)w;
    }
    int saved = errno;
    ok = ok && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (ok && rename(tmp, path) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        snprintf(why, why_size, "cannot write '%s': %s", path, strerror(saved ? saved : EIO));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

void ask_keep(ask_run *r)
{
    if (!r->keep_path)
        return;
    size_t len;
    const char *y = tri_session_answers_yaml(r->s, &len);
    char why[512];
    if (y && write_file_atomic(r->keep_path, y, len, true, why, sizeof why)) {
        r->kept = true;
        return;
    }
    if (!r->keep_warned) /* once: the interview goes on without it */
        cli_error("%s (your answers are not kept between runs)", y ? why : "out of memory");
    r->keep_warned = true;
    r->kept = false;
}
