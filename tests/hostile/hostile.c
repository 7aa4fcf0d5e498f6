/*
 * hostile.c - hostile inputs through the `triage` command, each in bounded
 * time, output and memory.
 *
 * Usage: hostile TRIAGE CASE WORKDIR
 *
 * Generates the input of CASE under WORKDIR/CASE, runs TRIAGE on it with
 * standard input from /dev/null (or, for `ask`, from a pipe that a feeder
 * process fills, so that a gigabyte of input is never stored, or from a
 * file) and standard output and error in a file,
 * and checks: the exit status, a line the output must hold, the size of the
 * output, the wall time (the child is killed at the limit) and the child's
 * peak resident set (getrusage through wait4). The bounds are generous
 * (each case took minutes, gigabytes or forever before its fix), so that
 * a loaded machine or a sanitizer build does not make them flaky. Needs
 * nothing beyond POSIX.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Under AddressSanitizer (TRIAGE_SANITIZE, which builds this program too) the runtime
 * itself takes about 26 MB: the bounds are for the ordinary build, plus that. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_SLACK_MB 40
#else
#define RSS_SLACK_MB 0
#endif

static char dir[4096];

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("hostile: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static char *path(const char *name)
{
    static char buf[2][4200];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", dir, name);
    return buf[which];
}

static FILE *create(const char *name)
{
    FILE *f = fopen(path(name), "w");
    if (!f)
        die("cannot create %s: %s", path(name), strerror(errno));
    return f;
}

static const char small_rules[] =
    "questions:\n"
    "  - id: timing\n"
    "    type: choice\n"
    "    text: When?\n"
    "    options: [{id: sleep_onset, text: As I fall asleep}, {id: awake_only, text: Awake}]\n"
    "  - {id: note, type: text, text: Notes?}\n"
    "conditions:\n"
    "  - {id: hypnic_jerks, name: Sleep starts, summary: Jerks as you fall asleep., level: "
    "self_care, self_care: Rest., references: ['https://example.org']}\n"
    "rules:\n"
    "  - {id: hj, when: {timing: sleep_onset}, then: [{support: {hypnic_jerks: 0.6}}], because: "
    "It happens as you fall asleep.}\n";

static void write_small_rules(const char *name)
{
    FILE *f = create(name);
    fputs(small_rules, f);
    fclose(f);
}

/* ---- the cases -------------------------------------------------------------- */

typedef struct hostile_case {
    const char *name;
    void (*make)(void);
    const char *args[8]; /* after the program; "@NAME" is NAME in the work directory */
    int status;
    const char *expect;  /* a substring of the output */
    long max_output;     /* bytes */
    int max_seconds;
    long max_rss_mb;     /* 0: not checked */
    void (*feed)(FILE *in); /* writes standard input through a pipe, or NULL */
    const char *stdin_path; /* "@NAME" or a path: standard input, or NULL for /dev/null */
} hostile_case;

static void make_answers_54k(void)
{
    /* one line of unknown questions: each error used to repeat the whole line */
    FILE *f = create("answers.yaml");
    fputs("answers: {", f);
    long n = 10;
    for (int i = 0; n < 54000; i++)
        n += fprintf(f, "%sq%d: x", i ? ", " : "", i);
    fputs("}\n", f);
    fclose(f);
}

static void make_rules_40k_errors(void)
{
    FILE *f = create("rules.yaml");
    fputs("questions:\n  - {id: q, type: yes_no, text: Q?}\nrules:\n", f);
    for (int i = 0; i < 40000; i++)
        fprintf(f, "  - {when: {zz%d: yes}}\n", i % 10);
    fclose(f);
}

static void make_answers_150k_keys(void)
{
    FILE *f = create("answers.yaml");
    fputs("answers:\n", f);
    for (int i = 0; i < 150000; i++)
        fprintf(f, "  k%d: x\n", i);
    fclose(f);
}

static void make_rules_150k_keys(void)
{
    FILE *f = create("rules.yaml");
    for (int i = 0; i < 150000; i++)
        fprintf(f, "k%d: x\n", i);
    fclose(f);
}

static void make_cases_40k_errors(void)
{
    FILE *f = create("cases.yaml");
    fputs("cases:\n", f);
    for (int i = 0; i < 40000; i++)
        fprintf(f, "  - {id: c%d, answers: {zz: y}}\n", i);
    fclose(f);
}

static void make_jsonl_errors(void)
{
    /* 40 records of 110 KB, each with 9,000 errors: eval kept every
     * diagnostic with the whole record, 2.1 GB for one record */
    FILE *f = create("records.jsonl");
    for (int r = 0; r < 40; r++) {
        fputc('{', f);
        for (int i = 0; i < 9000; i++)
            fprintf(f, "%s\"zz%d\": \"x\"", i ? ", " : "", i);
        fputs("}\n", f);
    }
    fclose(f);
}

static void make_fifo(void)
{
    unlink(path("fifo.yaml"));
    if (mkfifo(path("fifo.yaml"), 0600) != 0)
        die("mkfifo: %s", strerror(errno));
}

static void make_symlink_loop(void)
{
    /* rules/ holds one rule file and links back to itself and its parent:
     * the walk followed them 16 levels deep, exponentially */
    mkdir(path("rules"), 0700);
    write_small_rules("rules/small.yaml");
    const char *links[][2] = {{".", "rules/self1"}, {".", "rules/self2"}, {".", "rules/self3"},
                              {"..", "rules/parent"}};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        unlink(path(links[i][1]));
        if (symlink(links[i][0], path(links[i][1])) != 0)
            die("symlink: %s", strerror(errno));
    }
}

static void make_fact_chain(void)
{
    FILE *f = create("rules.yaml");
    fputs("questions:\n  - {id: q, type: yes_no, text: Q?}\nfacts:\n", f);
    for (int i = 0; i < 4000; i++)
        fprintf(f, "  - {id: f%d}\n", i);
    fputs("red_flags: [{id: rf, text: Red, level: emergency, safety_net: call now}]\n"
          "rules:\n  - {id: r0, when: {q: yes}, then: [{set: f0}], because: b}\n",
          f);
    for (int i = 1; i < 4000; i++)
        fprintf(f, "  - {id: r%d, when: {fact: f%d}, then: [{set: f%d}], because: b}\n", i, i - 1,
                i);
    fputs("  - {id: rr, when: {fact: f3999}, then: [{red_flag: rf}], because: b, safety_net: "
          "call now}\n",
          f);
    fclose(f);
    f = create("answers.yaml");
    fputs("answers: {q: yes}\n", f);
    fclose(f);
}

static void make_catastrophic_tests(void)
{
    FILE *f = create("rules.yaml");
    fputs("questions:\n  - {id: note, type: text, text: Notes?}\n"
          "conditions: [{id: c, name: C, summary: c, level: routine, self_care: Rest., "
          "references: [\"https://example.org/c\"]}]\nrules:\n",
          f);
    for (int i = 0; i < 2000; i++)
        fprintf(f,
                "  - {id: r%d, when: {note: {matches: '^(a|aa)+$'}}, then: [{support: {c: 0.5}}], "
                "because: b}\n",
                i);
    fclose(f);
    f = create("answers.yaml");
    fputs("answers:\n  note: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n", f);
    fclose(f);
}

/* ---- what `triage ask` reads ---------------------------------------------------- */

static const char ask_rules[] =
    "questions:\n"
    "  - id: timing\n"
    "    type: choice\n"
    "    text: When does it happen?\n"
    "    options: [{id: sleep_onset, text: As I fall asleep}, {id: awake_only, text: Awake}]\n"
    "  - {id: age, type: number, text: How old are you?, min: 0, max: 120}\n"
    "conditions:\n"
    "  - {id: hypnic_jerks, name: Sleep starts, summary: Jerks as you fall asleep., level: "
    "self_care, self_care: Rest., references: ['https://example.org']}\n"
    "rules:\n"
    "  - {id: hj, when: {timing: sleep_onset}, then: [{support: {hypnic_jerks: 0.6}}], because: "
    "It happens as you fall asleep.}\n"
    "  - {id: hj-age, when: {age: {gt: 60}}, then: [{support: {hypnic_jerks: 0.1}}], because: "
    "Older.}\n";

static void make_ask_rules(void)
{
    FILE *f = create("rules.yaml");
    fputs(ask_rules, f);
    fclose(f);
}

/* n bytes of 'a', without a line end */
static void feed_bytes(FILE *in, unsigned long long n)
{
    static char block[1 << 16];
    memset(block, 'a', sizeof block);
    while (n) {
        size_t k = n < sizeof block ? (size_t)n : sizeof block;
        if (fwrite(block, 1, k, in) != k)
            return; /* triage stopped reading */
        n -= k;
    }
}

static void feed_1gb_line(FILE *in)
{
    feed_bytes(in, 1ull << 30);
    fputs("\nsleep_onset\n", in);
}

static void feed_8mb_line(FILE *in)
{
    feed_bytes(in, 8u << 20);
    fputs("\nsleep_onset\nquit\n", in);
}

static void feed_json_1mb_line(FILE *in)
{
    fputs("{\"answer\": \"", in);
    feed_bytes(in, 1u << 20);
    fputs("\"}\n{\"answer\": \"sleep_onset\"}\n", in);
}

static void feed_nul(FILE *in)
{
    fwrite("sleep\0_onset\nsleep_onset\nquit\n", 1, 31, in);
}

static void feed_20_lines_of_1mb(FILE *in)
{
    for (int i = 0; i < 20; i++) {
        feed_bytes(in, 1u << 20);
        fputc('\n', in);
    }
}

static void feed_150_wrong_answers(FILE *in)
{
    for (int i = 0; i < 150; i++)
        fputs("zzz\n", in);
}

static void make_dir(void)
{
    mkdir(path("a-folder"), 0700);
    make_ask_rules();
}

static const hostile_case cases[] = {
    {"answers-54k-one-line", make_answers_54k, {"run", "@answers.yaml"}, 4,
     "too many errors in", 200000, 30, 0, NULL, NULL},
    {"rules-40k-errors", make_rules_40k_errors, {"lint", "--rules", "@rules.yaml"}, 1,
     "too many errors in", 200000, 30, 0, NULL, NULL},
    {"answers-150k-keys", make_answers_150k_keys, {"run", "@answers.yaml"}, 4,
     "too many errors in", 200000, 30, 0, NULL, NULL},
    {"rules-150k-keys", make_rules_150k_keys, {"lint", "--rules", "@rules.yaml"}, 1,
     "too many errors in", 200000, 30, 0, NULL, NULL},
    {"cases-40k-errors", make_cases_40k_errors, {"eval", "@cases.yaml"}, 4,
     "too many errors in", 200000, 30, 0, NULL, NULL},
    {"jsonl-records-with-many-errors", make_jsonl_errors, {"eval", "--jsonl", "@records.jsonl"},
     4, "too many errors in", 8000000, 60, 200, NULL, NULL},
    {"fifo-answers", make_fifo, {"run", "@fifo.yaml"}, 4, "it is a FIFO (named pipe), not a file",
     1000, 10, 0, NULL, NULL},
    {"fifo-rules", make_fifo, {"lint", "--rules", "@fifo.yaml"}, 3,
     "it is a FIFO (named pipe), not a file", 1000, 10, 0, NULL, NULL},
    {"fifo-cases", make_fifo, {"eval", "@fifo.yaml"}, 4, "it is a FIFO (named pipe), not a file",
     2000, 10, 0, NULL, NULL},
    {"symlink-loop", make_symlink_loop, {"lint", "--rules", "@rules"}, 0, "in 1 file", 1000, 10,
     0, NULL, NULL},
    {"fact-chain-4000", make_fact_chain, {"run", "--rules", "@rules.yaml", "@answers.yaml"}, 0,
     "TRIAGE: EMERGENCY", 4000, 30, 0, NULL, NULL},
    {"catastrophic-tests-2000", make_catastrophic_tests,
     {"run", "--rules", "@rules.yaml", "@answers.yaml"}, 0, "TRIAGE: ROUTINE", 4000, 30, 0, NULL,
     NULL},
    /* a line of 1 GiB: read and dropped as it comes; reading stops at 16 MiB in all */
    {"ask-1gb-line", make_ask_rules, {"ask", "--rules", "@rules.yaml"}, 5,
     "Line 1 is too long (over 65536 bytes): it was ignored.|The input is over 16 MiB "
     "(16777216 bytes) in all, at line 1|The interview was not completed.",
     4000, 60, 20, feed_1gb_line, NULL},
    /* under the total: the line is dropped, the question comes again and is answered */
    {"ask-8mb-line", make_ask_rules, {"ask", "--rules", "@rules.yaml"}, 0,
     "Line 1 is too long (over 65536 bytes): it was ignored. Please answer again.|> sleep_onset|"
     "TRIAGE: SELF CARE",
     4000, 60, 20, feed_8mb_line, NULL},
    {"ask-json-1mb-line", make_ask_rules, {"ask", "--rules", "@rules.yaml", "--format", "json"},
     0,
     "{\"type\":\"error\",\"message\":\"Line 1 is too long (over 65536 bytes): it was ignored. "
     "Please answer again.\"}|{\"type\":\"result\",\"complete\":true",
     8000, 60, 20, feed_json_1mb_line, NULL},
    {"ask-nul-byte", make_ask_rules, {"ask", "--rules", "@rules.yaml"}, 0,
     "Line 1 holds a NUL byte (at byte 6): it was ignored. Please answer again.|> sleep_onset|"
     "TRIAGE: SELF CARE",
     4000, 10, 0, feed_nul, NULL},
    {"ask-input-over-16mib", make_ask_rules, {"ask", "--rules", "@rules.yaml"}, 5,
     "Line 15 is too long|Line 16 is too long|The input is over 16 MiB (16777216 bytes) in all, "
     "at line 16|The interview was not completed.",
     8000, 60, 20, feed_20_lines_of_1mb, NULL},
    {"ask-100-lines-at-one-question", make_ask_rules, {"ask", "--rules", "@rules.yaml"}, 5,
     "100 lines at this question without an answer, up to line 100|"
     "The interview was not completed.",
     60000, 10, 0, feed_150_wrong_answers, NULL},
    {"ask-stdin-a-folder", make_dir, {"ask", "--rules", "@rules.yaml"}, 5,
     "Cannot read standard input: Is a directory.|The interview was not completed.", 4000, 10,
     0, NULL, "@a-folder"},
};

/* ---- running one ------------------------------------------------------------ */

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        die("usage: hostile TRIAGE CASE WORKDIR");
    const hostile_case *c = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (!strcmp(cases[i].name, argv[2]))
            c = &cases[i];
    if (!c)
        die("no case '%s'", argv[2]);
    mkdir(argv[3], 0700);
    snprintf(dir, sizeof dir, "%s/%s", argv[3], c->name);
    mkdir(dir, 0700);
    c->make();

    char *args[12], owned[8][4200], out_path[4200];
    int n = 0;
    args[n++] = argv[1];
    for (int i = 0; i < 8 && c->args[i]; i++) {
        if (c->args[i][0] == '@') {
            snprintf(owned[i], sizeof owned[i], "%s", path(c->args[i] + 1));
            args[n++] = owned[i];
        } else {
            args[n++] = (char *)c->args[i];
        }
    }
    args[n] = NULL;
    snprintf(out_path, sizeof out_path, "%s", path("output"));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int feed_pipe[2] = {-1, -1};
    pid_t feeder = -1;
    if (c->feed) {
        if (pipe(feed_pipe) != 0)
            die("pipe: %s", strerror(errno));
        feeder = fork();
        if (feeder < 0)
            die("fork: %s", strerror(errno));
        if (feeder == 0) {
            signal(SIGPIPE, SIG_IGN); /* triage may stop reading: fwrite then fails */
            close(feed_pipe[0]);
            FILE *in = fdopen(feed_pipe[1], "w");
            if (!in)
                _exit(1);
            c->feed(in);
            fclose(in);
            _exit(0);
        }
        close(feed_pipe[1]);
    }
    char in_path[4200] = "/dev/null";
    if (c->stdin_path)
        snprintf(in_path, sizeof in_path, "%s",
                 c->stdin_path[0] == '@' ? path(c->stdin_path + 1) : c->stdin_path);
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        int in = c->feed ? feed_pipe[0] : open(in_path, O_RDONLY);
        int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0)
            _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        setenv("NO_COLOR", "1", 1);
        setenv("XDG_STATE_HOME", dir, 1); /* where `ask` keeps answers: not the real home */
        execv(args[0], args);
        _exit(127);
    }
    if (c->feed)
        close(feed_pipe[0]); /* triage's alone: the feeder sees the end when triage stops */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm((unsigned)c->max_seconds);
    int status;
    struct rusage ru;
    pid_t got;
    while ((got = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
        if (timed_out)
            kill(pid, SIGKILL);
    alarm(0);
    if (got < 0)
        die("wait4: %s", strerror(errno));
    if (feeder > 0) {
        kill(feeder, SIGKILL);
        waitpid(feeder, NULL, 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    struct stat st;
    long size = stat(out_path, &st) == 0 ? (long)st.st_size : -1;
    char head[4096] = "";
    char *all = NULL;
    FILE *f = fopen(out_path, "r");
    if (f) {
        all = malloc((size_t)(size > 0 ? size : 0) + 1);
        size_t k = all ? fread(all, 1, (size_t)(size > 0 ? size : 0), f) : 0;
        if (all)
            all[k] = '\0';
        fclose(f);
        snprintf(head, sizeof head, "%.2000s", all ? all : "");
    }
    bool ok = true;
    printf("%s: exit %d, %.2f s, %ld bytes of output, peak RSS %ld MB\n", c->name,
           WIFEXITED(status) ? WEXITSTATUS(status) : -1, secs, size, ru.ru_maxrss / 1024);
    if (timed_out) {
        printf("killed after %d s\n", c->max_seconds);
        ok = false;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != c->status) {
        printf("expected exit %d\n", c->status);
        ok = false;
    }
    if (size > c->max_output) {
        printf("output over %ld bytes\n", c->max_output);
        ok = false;
    }
    /* expect: substrings separated by '|', each of which the output must hold */
    for (const char *e = c->expect; e && *e;) {
        const char *bar = strchr(e, '|');
        size_t len = bar ? (size_t)(bar - e) : strlen(e);
        char want[512];
        snprintf(want, sizeof want, "%.*s", (int)len, e);
        if (!all || !strstr(all, want)) {
            printf("output lacks '%s'\n", want);
            ok = false;
        }
        e += len + (bar != NULL);
    }
    if (c->max_rss_mb && ru.ru_maxrss / 1024 > c->max_rss_mb + RSS_SLACK_MB) {
        printf("peak RSS over %ld MB\n", c->max_rss_mb + RSS_SLACK_MB);
        ok = false;
    }
    if (!ok)
        printf("output begins:\n%s\n", head);
    free(all);
    return ok ? 0 : 1;
}
