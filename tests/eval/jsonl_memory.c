/*
 * jsonl_memory.c - `triage eval --jsonl` streams in bounded memory.
 *
 * Usage: eval_jsonl_memory TRIAGE RULES N
 *
 * Runs `TRIAGE eval --rules RULES --jsonl --jobs J` on N/100 and on N generated records (for
 * J = 1 and 2),
 * writing them to its standard input through a pipe while reading its standard output (so
 * neither side ever holds the whole stream), and checks that:
 *   - every record is answered by exactly one line, in order: a `triage run --format json`
 *     object, or for each deliberately bad record (one in 1000) an {"error": ...} object that
 *     names its line number;
 *   - the exit status is 4 (some records were bad);
 *   - the peak resident set of the long run (getrusage of the child, through wait4) exceeds
 *     the short run's by less than GROWTH_LIMIT_KB: memory does not grow with the input.
 * Needs nothing beyond POSIX.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define GROWTH_LIMIT_KB (16 * 1024)
#define BAD_EVERY 1000

/* Records for rules/basic.yaml (a fixture of these tests, so that changes to the shipped
 * knowledge base cannot break this test). */
static const char *const records[] = {
    "{\"timing\": \"asleep\", \"place\": [\"eyelid\", \"leg\"], \"duration\": \"0.5-4 s\", "
    "\"age\": 25}",
    "{\"weak\": \"yes\", \"place\": \"leg\"}",
    "{}",
    "{\"place\": [\"leg\"], \"age\": 70, \"weak\": \"no\"}",
    "{\"timing\": \"awake\", \"duration\": \"3-8 min\", \"place\": null}",
    "{\"timing\": \"unknown\", \"place\": [\"none\"], \"duration\": \"half a second to four "
    "seconds\"}",
};
#define NRECORDS (sizeof records / sizeof records[0])

typedef struct run_result {
    long maxrss_kb;
    int status;
    unsigned long lines, errors;
} run_result;

/* True when the n bytes at s contain word. */
static bool contains(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if (!memcmp(s + i, word, w))
            return true;
    return false;
}

static const char *record_for(unsigned long i, char *tmp, size_t size)
{
    if (i % BAD_EVERY == BAD_EVERY - 1) {
        snprintf(tmp, size, "{\"timng\": \"sleep_onset\", \"n\": %lu}\n", i);
        return tmp;
    }
    snprintf(tmp, size, "%s\n", records[i % NRECORDS]);
    return tmp;
}

/* Checks output line number no (1-based) of length len. */
static void check_line(const char *line, size_t len, unsigned long no, run_result *r)
{
    bool bad = no % BAD_EVERY == 0; /* record no - 1 (0-based) was a bad one */
    if (bad) {
        char want[64];
        snprintf(want, sizeof want, "\"line\":%lu,", no);
        if (len < 22 || strncmp(line, "{\"format\":1,\"error\":", 20) ||
            !contains(line, len, want)) {
            fprintf(stderr, "line %lu: expected an error object naming line %lu: %.*s\n", no, no,
                    (int)(len > 200 ? 200 : len), line);
            exit(1);
        }
        r->errors++;
    } else if (len < 30 || strncmp(line, "{\"format\":1,\"rules_version\":", 28) ||
               line[len - 1] != '}') {
        fprintf(stderr, "line %lu: expected a result object: %.*s\n", no,
                (int)(len > 200 ? 200 : len), line);
        exit(1);
    }
}

static run_result run(const char *triage, const char *rules, unsigned long n, const char *jobs)
{
    int in[2], out[2];
    if (pipe(in) || pipe(out)) {
        perror("pipe");
        exit(2);
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(triage, triage, "eval", "--rules", rules, "--jsonl", "--jobs", jobs, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    run_result r = {0, 0, 0, 0};
    unsigned long sent = 0;
    char rec[512];
    const char *pending = NULL;
    size_t pending_len = 0;
    static char acc[1 << 20];
    size_t acc_len = 0;
    bool in_open = true;
    for (;;) {
        struct pollfd fds[2] = {{out[0], POLLIN, 0}, {in_open ? in[1] : -1, POLLOUT, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            perror("poll");
            exit(2);
        }
        if (in_open && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            if (!pending && sent < n) {
                pending = record_for(sent++, rec, sizeof rec);
                pending_len = strlen(pending);
            }
            if (pending) {
                ssize_t w = write(in[1], pending, pending_len);
                if (w < 0) {
                    perror("write");
                    exit(2);
                }
                pending += w;
                pending_len -= (size_t)w;
                if (!pending_len)
                    pending = NULL;
            }
            if (!pending && sent == n) {
                close(in[1]);
                in_open = false;
            }
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            ssize_t got = read(out[0], acc + acc_len, sizeof acc - acc_len);
            if (got < 0) {
                perror("read");
                exit(2);
            }
            if (got == 0)
                break;
            acc_len += (size_t)got;
            size_t start = 0;
            for (size_t i = acc_len - (size_t)got; i < acc_len; i++)
                if (acc[i] == '\n') {
                    check_line(acc + start, i - start, ++r.lines, &r);
                    start = i + 1;
                }
            memmove(acc, acc + start, acc_len - start);
            acc_len -= start;
            if (acc_len == sizeof acc) {
                fprintf(stderr, "an output line longer than %zu bytes\n", sizeof acc);
                exit(1);
            }
        }
    }
    close(out[0]);
    if (in_open)
        close(in[1]);
    struct rusage ru;
    if (wait4(pid, &r.status, 0, &ru) < 0) {
        perror("wait4");
        exit(2);
    }
    r.maxrss_kb = ru.ru_maxrss;
    if (acc_len) {
        fprintf(stderr, "the output ends without a newline\n");
        exit(1);
    }
    if (r.lines != n) {
        fprintf(stderr, "%lu records, %lu output lines\n", n, r.lines);
        exit(1);
    }
    if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != (n >= BAD_EVERY ? 4 : 0)) {
        fprintf(stderr, "exit status %d, expected %d\n",
                WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1, n >= BAD_EVERY ? 4 : 0);
        exit(1);
    }
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: eval_jsonl_memory TRIAGE RULES N\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    unsigned long n = strtoul(argv[3], NULL, 10);
    int rc = 0;
    static const char *const jobs[] = {"1", "2"};
    for (int j = 0; j < 2; j++) {
        run_result small = run(argv[1], argv[2], n / 100, jobs[j]);
        run_result large = run(argv[1], argv[2], n, jobs[j]);
        long growth = large.maxrss_kb - small.maxrss_kb;
        printf("--jobs %s: %lu records: peak RSS %ld KB; %lu records: peak RSS %ld KB "
               "(%lu errors answered in place); growth %ld KB (limit %d KB)\n",
               jobs[j], n / 100, small.maxrss_kb, n, large.maxrss_kb, large.errors, growth,
               GROWTH_LIMIT_KB);
        if (growth > GROWTH_LIMIT_KB) {
            fprintf(stderr, "memory grows with the input\n");
            rc = 1;
        }
    }
    return rc;
}
