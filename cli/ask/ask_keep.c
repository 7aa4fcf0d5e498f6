/*
 * ask_keep.c - keeping a person's answers between runs of `triage ask`, where
 * they are kept, and saving them on every way out (the base of the ask wing).
 *
 * The text front end keeps the answers given so far in the user's state
 * folder ($XDG_STATE_HOME/triage/, by default ~/.local/state/triage/), in
 * last-answers.yaml, rewritten after every answer: leaving early, by quit,
 * end of input, Ctrl-C, a closed terminal or a crash, loses nothing, and
 * `triage ask --resume` goes on from there. The folder is private to the
 * user (mode 0700, files 0600): the answers are about someone's health.
 * The file is written whole or not at all (write_files.c).
 *
 * Also the promise of --save: the signals that end `ask` (SIGTERM, SIGHUP,
 * and SIGPIPE with --save) write the last copy of the answers to --save,
 * whole (a temporary file named in advance, renamed over it), give the
 * terminal back its settings and colours, and end the process by that
 * signal. SIGINT only sets ask_interrupted.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
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

void ask_keep(ask_run *r)
{
    if (!r->keep_path)
        return;
    size_t len;
    const char *y = tri_session_answers_yaml(r->s, &len);
    char why[512];
    if (y && write_file_atomic(r->keep_path, y, len, WRITE_PRIVATE, why, sizeof why)) {
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
static char *save_target;       /* --save, symbolic links followed (write_target_new) */
static char *snap_tmp;          /* the temporary file beside it, named before any signal */
static volatile sig_atomic_t snap_armed; /* the handlers may write to save_target */
static bool restore_tty;        /* stdin is a terminal: its settings at the start are in tty */
static struct termios tty;
static bool reset_colors;       /* colours are on: a reset ends any that was left on */
static struct sigaction old_int;

/* Writes snap[k] to save_target through snap_tmp; only async-signal-safe calls. */
static void write_snapshot(int k)
{
    unlink(snap_tmp); /* left by a run with this process id that was killed */
    int fd = open(snap_tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0)
        return;
    const char *p = snap[k];
    size_t left = snap_len[k];
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        p += w;
        left -= (size_t)w;
    }
    bool ok = left == 0 && fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(snap_tmp, save_target) != 0)
        unlink(snap_tmp);
}

static void on_signal(int sig)
{
    int saved = errno;
    int k = snap_ready;
    if (snap_armed && save_target && snap_tmp && k >= 0)
        write_snapshot(k);
    if (reset_colors)
        (void)!write(STDOUT_FILENO, RESET "\n", sizeof RESET);
    if (restore_tty)
        tcsetattr(STDIN_FILENO, TCSANOW, &tty);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    errno = saved;
    raise(sig); /* delivered when this handler returns: the process ends by sig */
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

bool ask_save_quietly(ask_run *r, const char *path, unsigned flags, char *why, size_t why_size)
{
    size_t len;
    const char *y = tri_session_answers_yaml(r->s, &len);
    if (!y) {
        snprintf(why, why_size, "out of memory while saving the answers");
        return false;
    }
    return write_file_atomic(path, y, len, flags, why, why_size);
}

bool ask_save(ask_run *r, const char *path)
{
    char why[4200];
    if (ask_save_quietly(r, path, 0, why, sizeof why))
        return true;
    cli_error("%s", why);
    return false;
}

bool ask_save_prepare(const char *save)
{
    save_target = write_target_new(save);
    size_t n = save_target ? strlen(save_target) + 32 : 0;
    snap_tmp = n ? malloc(n) : NULL;
    if (!snap_tmp) {
        ask_snapshots_free();
        return false;
    }
    snprintf(snap_tmp, n, "%s.signal-%ld", save_target, (long)getpid());
    return true;
}

void ask_signals_start(bool with_save, bool terminal, bool colors)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_interrupt; /* no SA_RESTART: a read in progress returns */
    ask_interrupted = 0;
    sigaction(SIGINT, &sa, &old_int);
    snap_armed = with_save && save_target;
    restore_tty = terminal && tcgetattr(STDIN_FILENO, &tty) == 0;
    reset_colors = colors;
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (with_save)
        sigaction(SIGPIPE, &sa, NULL); /* a program driving --format json went away */
}

void ask_signals_stop(void)
{
    sigaction(SIGINT, &old_int, NULL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    snap_armed = 0;
}

void ask_snapshots_free(void)
{
    free(snap[0]);
    free(snap[1]);
    snap[0] = snap[1] = NULL;
    snap_ready = -1;
    free(save_target);
    free(snap_tmp);
    save_target = snap_tmp = NULL;
    snap_armed = 0;
}
