/*
 * pty_test.c - drives `triage ask` on a pseudo-terminal, as a person would,
 * and checks the screen: colours on a terminal (and none with NO_COLOR),
 * texts wrapped to the terminal's width, tab completion of option words
 * (when built with libedit), questions phrased for a parent after
 * `about: child`, Ctrl-D ending the interview with exit status 5 and what
 * the answers already show, Ctrl-C in the middle of a line ending it with
 * exit status 130 after saying where the answers are kept, an emergency
 * in words stopping it with the advice in the alarm colours (exit 6), and
 * SIGTERM while typing ending it by that signal with the terminal's settings
 * restored, and (with libedit) a line the editor cannot allocate said as
 * such, not taken for the end of input (FAIL_STRDUP is preloaded for that).
 * The answers are kept in a temporary XDG_STATE_HOME.
 *
 * Usage: pty_test TRIAGE RULES FAIL_STRDUP
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define COLS 60

static char screen[1 << 16];
static char state_dir[] = "/tmp/triage-pty-XXXXXX";
static size_t used;
static int failures;

static void check(bool ok, const char *fmt, ...)
{
    if (ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    fflush(stdout);
    va_end(ap);
    failures++;
}

/* Reads from fd until text appears in what was read since `from`, or 5 s pass. */
static bool wait_for(int fd, size_t from, const char *text)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        screen[used] = '\0';
        if (strstr(screen + from, text))
            return true;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (ms > 5000)
            return false;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t n = read(fd, screen + used, sizeof screen - 1 - used);
        if (n <= 0)
            return false;
        used += (size_t)n;
    }
}

/* With libedit, keys typed before it has put the terminal in raw mode are
 * read as a cooked line (a tab is then just a tab): wait for raw mode. The
 * master side of a pseudo-terminal reports the slave's settings. */
static void wait_raw(int fd)
{
#ifdef TRIAGE_HAVE_LIBEDIT
    for (int i = 0; i < 500; i++) {
        struct termios t;
        if (tcgetattr(fd, &t) == 0 && !(t.c_lflag & ICANON))
            return;
        usleep(10000);
    }
    check(false, "the terminal never left canonical mode (is libedit reading?)");
#else
    (void)fd;
#endif
}

static void send(int fd, const char *keys)
{
    wait_raw(fd);
    size_t n = strlen(keys);
    if (write(fd, keys, n) != (ssize_t)n)
        check(false, "cannot write to the terminal");
}

static const char *preload; /* set for the next start only */

/* Starts triage ask on a COLS x 24 terminal; returns the master fd. */
static int start(const char *triage, const char *rules, bool no_color, pid_t *pid)
{
    struct winsize ws = {24, COLS, 0, 0};
    int fd;
    *pid = forkpty(&fd, NULL, NULL, &ws);
    if (*pid < 0) {
        perror("forkpty");
        exit(2);
    }
    if (*pid == 0) {
        setenv("TERM", "xterm", 1);
        setenv("XDG_STATE_HOME", state_dir, 1);
        if (no_color)
            setenv("NO_COLOR", "1", 1);
        else
            unsetenv("NO_COLOR");
        if (preload) {
            setenv("LD_PRELOAD", preload, 1);
            setenv("ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=1", 1);
        }
        execl(triage, triage, "ask", "--rules", rules, (char *)NULL);
        _exit(127);
    }
    used = 0;
    return fd;
}

/* As start, but the parent keeps the terminal's slave side open too (*slave),
 * so that its settings can still be read after the child has ended. */
static int start_keeping_slave(const char *triage, const char *rules, pid_t *pid, int *slave)
{
    struct winsize ws = {24, COLS, 0, 0};
    int fd;
    if (openpty(&fd, slave, NULL, NULL, &ws) != 0) {
        perror("openpty");
        exit(2);
    }
    *pid = fork();
    if (*pid < 0) {
        perror("fork");
        exit(2);
    }
    if (*pid == 0) {
        close(fd);
        setsid();
        ioctl(*slave, TIOCSCTTY, 0);
        dup2(*slave, 0);
        dup2(*slave, 1);
        dup2(*slave, 2);
        if (*slave > 2)
            close(*slave);
        setenv("TERM", "xterm", 1);
        setenv("XDG_STATE_HOME", state_dir, 1);
        setenv("NO_COLOR", "1", 1);
        execl(triage, triage, "ask", "--rules", rules, (char *)NULL);
        _exit(127);
    }
    used = 0;
    return fd;
}

static int finish(int fd, pid_t pid)
{
    int status = 0;
    for (int i = 0; i < 50; i++) {
        char buf[4096];
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 100) > 0 && read(fd, buf, sizeof buf) <= 0)
            break;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            close(fd);
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
    }
    kill(pid, SIGTERM); /* it did not end: the test has failed already */
    waitpid(pid, &status, 0);
    close(fd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The longest line of the screen in columns, not counting escape sequences. */
static unsigned widest_line(void)
{
    unsigned widest = 0, col = 0;
    for (size_t i = 0; i < used; i++) {
        unsigned char c = (unsigned char)screen[i];
        if (c == '\033') {
            i++;
            if (i < used && screen[i] == '[')
                while (i + 1 < used && !(screen[i + 1] >= '@' && screen[i + 1] <= '~'))
                    i++;
            i++;
            continue;
        }
        if (c == '\r' || c == '\n') {
            col = 0;
            continue;
        }
        if (c < 0x20 || (c & 0xC0) == 0x80)
            continue;
        if (++col > widest)
            widest = col;
    }
    return widest;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: pty_test TRIAGE RULES FAIL_STRDUP\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    if (!mkdtemp(state_dir)) {
        perror("mkdtemp");
        return 2;
    }
    pid_t pid;

    /* 1. colours, wrapping, completion, parent phrasing, Ctrl-D */
    int fd = start(argv[1], argv[2], false, &pid);
    check(wait_for(fd, 0, "> "), "no first prompt; screen:\n%s", screen);
    check(strstr(screen, "\033[1m") != NULL, "no bold question on a terminal");
    check(strstr(screen, "\033[36m") != NULL, "no coloured option numbers on a terminal");
    send(fd, "2\r");
    size_t mark = used;
    check(wait_for(fd, mark, "Whose movements"), "no second question; screen:\n%s", screen);
    check(wait_for(fd, mark, "> "), "no second prompt");
    mark = used;
#ifdef TRIAGE_HAVE_LIBEDIT
    send(fd, "chi\t");
    /* libedit redraws the line: "chi", then the cursor moves and "ld" follows */
    check(wait_for(fd, mark, "ld"), "tab did not complete 'chi' to 'child'; screen:\n%s",
          screen + mark);
    send(fd, "\r");
#else
    send(fd, "child\r");
#endif
    mark = used;
    check(wait_for(fd, mark, "Has your child bitten"),
          "the next question is not phrased for a parent; screen:\n%s", screen + mark);
    check(wait_for(fd, mark, "> "), "no third prompt");
    send(fd, "yes\r");
    mark = used;
    check(wait_for(fd, mark, "> "), "no fourth prompt");
    send(fd, "\004"); /* Ctrl-D */
    check(wait_for(fd, mark, "stopped before the end") && wait_for(fd, mark, "SOON") &&
              wait_for(fd, mark, "kept in"),
          "Ctrl-D did not end the interview saying what is known; screen:\n%s", screen + mark);
    int rc = finish(fd, pid);
    check(rc == 5, "exit status after Ctrl-D is %d, expected 5", rc);
    unsigned w = widest_line();
    check(w <= COLS, "a line is %u columns wide on a %d-column terminal", w, COLS);

    /* 2. NO_COLOR: no colours even on a terminal */
    fd = start(argv[1], argv[2], true, &pid);
    check(wait_for(fd, 0, "> "), "no first prompt with NO_COLOR");
    check(strstr(screen, "\033[1m") == NULL && strstr(screen, "\033[36m") == NULL,
          "colours despite NO_COLOR");
    send(fd, "quit\r");
    check(wait_for(fd, 0, "not completed") && wait_for(fd, 0, "kept in"),
          "quit did not say where the answers are kept; screen:\n%s", screen);
    rc = finish(fd, pid);
    check(rc == 5, "exit status after quit is %d, expected 5", rc);

    /* 3. Ctrl-C while typing: the flag stops the read, the answers are kept, exit 130 */
    fd = start(argv[1], argv[2], true, &pid);
    check(wait_for(fd, 0, "> "), "no first prompt (Ctrl-C)");
    send(fd, "2\r");
    mark = used;
    check(wait_for(fd, mark, "Whose movements") && wait_for(fd, mark, "> "), "no second prompt");
    mark = used;
    send(fd, "chi");
    check(wait_for(fd, mark, "chi"), "typing is not echoed");
    send(fd, "\003"); /* Ctrl-C */
    check(wait_for(fd, mark, "not completed") && wait_for(fd, mark, "kept in"),
          "Ctrl-C did not end the interview saying where the answers are; screen:\n%s",
          screen + mark);
    rc = finish(fd, pid);
    check(rc == 130, "exit status after Ctrl-C is %d, expected 130", rc);
    char kept[256];
    snprintf(kept, sizeof kept, "%s/triage/last-answers.yaml", state_dir);
    FILE *f = fopen(kept, "r");
    char text[512] = "";
    if (f) {
        text[fread(text, 1, sizeof text - 1, f)] = '\0';
        fclose(f);
    }
    check(strstr(text, "emergency_signs: [none]") != NULL, "the answers were not kept in %s: %s",
          kept, text);

    /* 4. an emergency in words: the advice at once, in the alarm colours */
    fd = start(argv[1], argv[2], false, &pid);
    check(wait_for(fd, 0, "> "), "no first prompt (emergency)");
    send(fd, "2\r");
    mark = used;
    check(wait_for(fd, mark, "Whose movements") && wait_for(fd, mark, "> "), "no second prompt");
    mark = used;
    send(fd, "my son is fitting\r");
    check(wait_for(fd, mark, "\033[1;41;97m!! EMERGENCY") &&
              wait_for(fd, mark, "emergency number now"),
          "no emergency advice for 'my son is fitting'; screen:\n%s", screen + mark);
    rc = finish(fd, pid);
    check(rc == 6, "exit status after an emergency is %d, expected 6", rc);

    /* 5. SIGTERM while typing, the terminal in raw mode: the process ends by the signal and
     * the terminal gets its settings back (canonical mode, echo); the answers are kept */
    int slave;
    fd = start_keeping_slave(argv[1], argv[2], &pid, &slave);
    struct termios before;
    tcgetattr(slave, &before);
    check(wait_for(fd, 0, "> "), "no first prompt (SIGTERM)");
    send(fd, "2\r");
    mark = used;
    check(wait_for(fd, mark, "Whose movements") && wait_for(fd, mark, "> "), "no second prompt");
    mark = used;
    send(fd, "chi");
    check(wait_for(fd, mark, "chi"), "typing is not echoed");
#ifdef TRIAGE_HAVE_LIBEDIT
    struct termios raw;
    check(tcgetattr(slave, &raw) == 0 && !(raw.c_lflag & ICANON), "not in raw mode while typing");
#endif
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid, &status, WNOHANG) != pid; i++)
        usleep(100000);
    check(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
          "SIGTERM did not end the interview by that signal (status %#x)", status);
    struct termios after;
    check(tcgetattr(slave, &after) == 0 && after.c_lflag == before.c_lflag &&
              after.c_iflag == before.c_iflag && after.c_oflag == before.c_oflag,
          "the terminal was not restored after SIGTERM (lflag %#lx, was %#lx)",
          (unsigned long)after.c_lflag, (unsigned long)before.c_lflag);
    close(slave);
    close(fd);
    f = fopen(kept, "r");
    text[0] = '\0';
    if (f) {
        text[fread(text, 1, sizeof text - 1, f)] = '\0';
        fclose(f);
    }
    check(strstr(text, "emergency_signs: [none]") != NULL, "the answers were not kept after SIGTERM");

#ifdef TRIAGE_HAVE_LIBEDIT
    /* 6. the line editor cannot allocate the line typed: said, not taken for Ctrl-D */
    preload = argv[3];
    fd = start(argv[1], argv[2], true, &pid);
    preload = NULL;
    check(wait_for(fd, 0, "> "), "no first prompt (allocation failure)");
    mark = used;
    send(fd, "fail-alloc\r");
    check(wait_for(fd, mark, "Out of memory in the line editor") &&
              wait_for(fd, mark, "not completed"),
          "a failed allocation in the line editor was not said; screen:\n%s", screen + mark);
    check(strstr(screen + mark, "End of input") == NULL,
          "a failed allocation was taken for the end of input");
    rc = finish(fd, pid);
    check(rc == 5, "exit status after a failed allocation is %d, expected 5", rc);
#endif

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", state_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", state_dir);
    if (failures)
        return 1;
    puts("ok");
    return 0;
}
