/*
 * eval_progress.c - the progress bar of `triage eval` on standard error.
 *
 * Drawn by the main thread as it writes finished jobs (eval_run.c), only on a
 * terminal and only for runs that take over a second, so that a quick run or
 * a redirected one prints nothing extra. The bar is erased before any other
 * text goes to standard error, and when Ctrl-C, SIGTERM or SIGHUP ends the
 * run while it is shown (the handler erases it and ends the process by the
 * same signal), so the terminal is left as it was.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "eval.h"

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

void progress_start(progress *pg, const char *unit, size_t total)
{
    memset(pg, 0, sizeof *pg);
    pg->enabled = isatty(STDERR_FILENO);
    pg->unit = unit;
    pg->total = total;
    clock_gettime(CLOCK_MONOTONIC, &pg->start);
    pg->last = pg->start;
}

static void erase_and_end(int sig)
{
    static const char erase[] = "\r\033[K";
    (void)!write(STDERR_FILENO, erase, sizeof erase - 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* From the first bar on, the signals that end the run erase it first (a
 * signal that was ignored stays ignored). */
static void erase_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = erase_and_end;
        sigemptyset(&sa.sa_mask);
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            sigaction(sigs[i], &sa, NULL);
    }
}

void progress_draw(progress *pg, size_t cases)
{
    if (!pg->enabled)
        return;
    double t = seconds_since(&pg->start);
    if (t < 1.0 || seconds_since(&pg->last) < 0.1)
        return;
    clock_gettime(CLOCK_MONOTONIC, &pg->last);
    double frac = pg->bytes_total ? (double)pg->bytes / (double)pg->bytes_total
                  : pg->total     ? (double)pg->done / (double)pg->total
                                  : -1;
    char bar[32];
    if (frac >= 0) {
        int w = (int)(frac * 24 + 0.5);
        for (int i = 0; i < 24; i++)
            bar[i] = i < w ? '#' : '.';
        bar[24] = '\0';
        fprintf(stderr, "\r[%s] %3d%%  %zu %s  %.0f/s \033[K", bar, (int)(frac * 100 + 0.5), cases,
                pg->unit, (double)cases / t);
    } else {
        fprintf(stderr, "\r%zu %s  %.0f/s \033[K", cases, pg->unit, (double)cases / t);
    }
    static bool handled;
    if (!handled)
        erase_on_signals();
    handled = pg->shown = true;
}

void progress_clear(progress *pg)
{
    if (pg->shown) {
        fputs("\r\033[K", stderr);
        pg->shown = false;
    }
}
