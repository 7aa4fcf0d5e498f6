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
#include <signal.h>
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

/* ---- saving on every way out ------------------------------------------------ */

volatile sig_atomic_t ask_interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    ask_interrupted = 1;
}

/* Two copies of the answers file: the signal handler writes the one that is
 * complete (snap_ready) while the other is being refilled. */
static char *snap[2];
static size_t snap_len[2];
static volatile sig_atomic_t snap_ready = -1;
static const char *snap_path;

static void on_signal(int sig)
{
    int k = snap_ready;
    if (snap_path && k >= 0) {
        int fd = open(snap_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            const char *p = snap[k];
            size_t left = snap_len[k];
            while (left) {
                ssize_t w = write(fd, p, left);
                if (w <= 0)
                    break;
                p += w;
                left -= (size_t)w;
            }
            close(fd);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void ask_snapshot(ask_run *r)
{
    ask_keep(r);
    if (!r->save_path)
        return;
    size_t len;
    const char *y = tri_session_answers_yaml(r->s, &len);
    if (!y)
        return;
    int k = snap_ready == 0 ? 1 : 0;
    char *copy = malloc(len + 1);
    if (!copy)
        return;
    memcpy(copy, y, len + 1);
    free(snap[k]);
    snap[k] = copy;
    snap_len[k] = len;
    snap_ready = k;
}

bool ask_save(ask_run *r, const char *path)
{
    size_t len;
    const char *y = tri_session_answers_yaml(r->s, &len);
    if (!y) {
        cli_error("out of memory while saving the answers");
        return false;
    }
    char why[512];
    if (!write_file_atomic(path, y, len, false, why, sizeof why)) {
        cli_error("%s", why);
        return false;
    }
    return true;
}

static struct sigaction old_int;

void ask_signals_start(const char *save_path)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_interrupt; /* no SA_RESTART: a read in progress returns */
    ask_interrupted = 0;
    sigaction(SIGINT, &sa, &old_int);
    if (save_path) {
        snap_path = save_path;
        sa.sa_handler = on_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        sigaction(SIGPIPE, &sa, NULL); /* a program driving --format json went away */
    }
}

void ask_signals_stop(void)
{
    sigaction(SIGINT, &old_int, NULL);
    if (snap_path) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        snap_path = NULL;
    }
}

void ask_snapshots_free(void)
{
    free(snap[0]);
    free(snap[1]);
    snap[0] = snap[1] = NULL;
    snap_ready = -1;
}
