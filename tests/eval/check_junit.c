/*
 * check_junit.c - checks that the counts of `triage eval --format junit` add up, which no
 * schema can say (the schema itself, Jenkins' junit-10.xsd, is checked by xmllint in the test
 * eval/junit-xsd).
 *
 * Usage: check_junit FILE [MIN_FAILURES [MIN_ERRORS]]
 *
 * A small well-formedness check (matching tags, quoted attributes, known entities, no raw '<'
 * or '&' in text) and the schema's structure: <testsuites> holds only <testsuite>; a
 * <testsuite> has `name` and `tests` and holds <properties>, <testcase>, <system-out>,
 * <system-err>; a <testcase> has `name` and `classname` and holds at most one <failure> or
 * <error> (each with optional `message` and `type`) and <skipped>, <system-out>, <system-err>.
 * The counts in `tests`, `failures` and `errors` must match the elements, at every level.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16
#define MAX_ATTRS 16

typedef struct attr {
    char name[32];
    char value[4096];
} attr;

typedef struct elem {
    char name[32];
    long tests, failures, errors; /* as written (-1 when absent) */
    long n_cases, n_failed, n_errors; /* as counted */
    bool has_failure;
} elem;

static const char *src, *p;
static int failures_seen;

static void fail(const char *what)
{
    int line = 1;
    for (const char *q = src; q < p; q++)
        line += *q == '\n';
    fprintf(stderr, "junit: line %d: %s\n", line, what);
    exit(1);
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == ':' || c == '.';
}

/* Checks entities and characters of text up to stop (exclusive). */
static void check_text(const char *s, const char *end)
{
    for (; s < end; s++) {
        if (*s == '<')
            fail("a raw '<' in text");
        if (*s == '&') {
            static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
            bool ok = false;
            for (int i = 0; i < 5; i++)
                if (!strncmp(s, ents[i], strlen(ents[i])))
                    ok = true;
            if (!ok && s[1] == '#') {
                const char *e = strchr(s, ';');
                ok = e && e < end;
            }
            if (!ok)
                fail("an unknown entity or a raw '&'");
        }
        if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r')
            fail("a control character XML 1.0 does not allow");
    }
}

static const char *get(const attr *a, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(a[i].name, name))
            return a[i].value;
    return NULL;
}

static long get_count(const attr *a, int n, const char *name, bool required)
{
    const char *v = get(a, n, name);
    if (!v) {
        if (required) {
            char msg[96];
            snprintf(msg, sizeof msg, "missing required attribute '%s'", name);
            fail(msg);
        }
        return -1;
    }
    char *end;
    long x = strtol(v, &end, 10);
    if (*end || end == v || x < 0)
        fail("a count attribute that is not a whole number");
    return x;
}

static bool allowed_child(const char *parent, const char *child)
{
    static const char *const rules[][8] = {
        {"", "testsuites", "testsuite", NULL},
        {"testsuites", "testsuite", NULL},
        {"testsuite", "properties", "testcase", "system-out", "system-err", NULL},
        {"properties", "property", NULL},
        {"testcase", "failure", "error", "skipped", "system-out", "system-err", NULL},
    };
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
        if (!strcmp(rules[r][0], parent)) {
            for (int i = 1; rules[r][i]; i++)
                if (!strcmp(rules[r][i], child))
                    return true;
            return false;
        }
    return false; /* failure, error, property, system-*: no child elements */
}

static void check_counts(const elem *e)
{
    char msg[160];
    if (e->tests >= 0 && e->tests != e->n_cases) {
        snprintf(msg, sizeof msg, "<%s tests=\"%ld\"> holds %ld test cases", e->name, e->tests,
                 e->n_cases);
        fail(msg);
    }
    if (e->failures >= 0 && e->failures != e->n_failed) {
        snprintf(msg, sizeof msg, "<%s failures=\"%ld\"> holds %ld failures", e->name,
                 e->failures, e->n_failed);
        fail(msg);
    }
    if (e->errors >= 0 && e->errors != e->n_errors) {
        snprintf(msg, sizeof msg, "<%s errors=\"%ld\"> holds %ld errors", e->name, e->errors,
                 e->n_errors);
        fail(msg);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: check_junit FILE [MIN_FAILURES [MIN_ERRORS]]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return perror(argv[1]), 2;
    static char data[64 << 20];
    size_t n = fread(data, 1, sizeof data - 1, f);
    fclose(f);
    data[n] = '\0';
    src = p = data;

    elem stack[MAX_DEPTH];
    int depth = 0;
    long suites = 0, cases = 0, errors_seen = 0;
    bool root_seen = false;
    if (!strncmp(p, "<?xml ", 6)) {
        const char *e = strstr(p, "?>");
        if (!e || !strstr(p, "encoding=\"UTF-8\""))
            fail("a malformed XML declaration (UTF-8 expected)");
        p = e + 2;
    }
    while (*p) {
        const char *lt = strchr(p, '<');
        const char *text_end = lt ? lt : p + strlen(p);
        check_text(p, text_end);
        if (depth == 0)
            for (const char *s = p; s < text_end; s++)
                if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
                    fail("text outside the root element");
        if (!lt)
            break;
        p = lt + 1;
        if (*p == '/') {
            p++;
            const char *s = p;
            while (is_name_char(*p))
                p++;
            if (*p != '>' || depth == 0 || strncmp(stack[depth - 1].name, s, (size_t)(p - s)) ||
                stack[depth - 1].name[p - s])
                fail("a closing tag that does not match the open element");
            p++;
            elem *e = &stack[--depth];
            check_counts(e);
            if (depth) {
                elem *parent = &stack[depth - 1];
                parent->n_cases += e->n_cases;
                parent->n_failed += e->n_failed;
                parent->n_errors += e->n_errors;
            }
            continue;
        }
        /* an opening or empty tag */
        elem e;
        memset(&e, 0, sizeof e);
        const char *s = p;
        while (is_name_char(*p))
            p++;
        if (p == s || (size_t)(p - s) >= sizeof e.name)
            fail("a malformed tag name");
        memcpy(e.name, s, (size_t)(p - s));
        const char *parent = depth ? stack[depth - 1].name : "";
        if (!allowed_child(parent, e.name)) {
            char msg[128];
            snprintf(msg, sizeof msg, "<%s> is not allowed in <%s>", e.name,
                     depth ? parent : "(document)");
            fail(msg);
        }
        if (!depth) {
            if (root_seen)
                fail("more than one root element");
            root_seen = true;
        }
        attr a[MAX_ATTRS];
        int na = 0;
        for (;;) {
            while (*p == ' ' || *p == '\n' || *p == '\t')
                p++;
            if (*p == '>' || (*p == '/' && p[1] == '>'))
                break;
            if (na == MAX_ATTRS)
                fail("too many attributes");
            s = p;
            while (is_name_char(*p))
                p++;
            if (p == s || (size_t)(p - s) >= sizeof a[na].name || *p != '=' || p[1] != '"')
                fail("a malformed attribute (name=\"value\" expected)");
            memcpy(a[na].name, s, (size_t)(p - s));
            a[na].name[p - s] = '\0';
            if (get(a, na, a[na].name))
                fail("an attribute given twice");
            p += 2;
            const char *v = p;
            while (*p && *p != '"')
                p++;
            if (!*p || (size_t)(p - v) >= sizeof a[na].value)
                fail("an unterminated attribute value");
            check_text(v, p);
            memcpy(a[na].value, v, (size_t)(p - v));
            a[na].value[p - v] = '\0';
            p++;
            na++;
        }
        bool empty = *p == '/';
        p += empty ? 2 : 1;
        e.tests = e.failures = e.errors = -1;
        if (!strcmp(e.name, "testsuites")) {
            e.tests = get_count(a, na, "tests", false);
            e.failures = get_count(a, na, "failures", false);
            e.errors = get_count(a, na, "errors", false);
        } else if (!strcmp(e.name, "testsuite")) {
            if (!get(a, na, "name"))
                fail("<testsuite> without its required 'name'");
            e.tests = get_count(a, na, "tests", true);
            e.failures = get_count(a, na, "failures", false);
            e.errors = get_count(a, na, "errors", false);
            suites++;
        } else if (!strcmp(e.name, "testcase")) {
            if (!get(a, na, "name") || !*get(a, na, "name"))
                fail("<testcase> without its required 'name'");
            if (!get(a, na, "classname"))
                fail("<testcase> without 'classname'");
            e.n_cases = 1;
            cases++;
        } else if (!strcmp(e.name, "failure") || !strcmp(e.name, "error")) {
            elem *tc = &stack[depth - 1];
            if (tc->has_failure)
                fail("a <testcase> with more than one <failure> or <error>");
            tc->has_failure = true;
            if (!strcmp(e.name, "failure")) {
                tc->n_failed = 1;
                failures_seen++;
                if (!get(a, na, "message") || !*get(a, na, "message"))
                    fail("a <failure> without a message");
            } else {
                tc->n_errors = 1;
                errors_seen++;
            }
        }
        if (empty) {
            check_counts(&e);
            if (depth) {
                elem *par = &stack[depth - 1];
                par->n_cases += e.n_cases;
            }
        } else {
            if (depth == MAX_DEPTH)
                fail("nesting too deep");
            stack[depth++] = e;
        }
    }
    if (depth)
        fail("the document ends inside an element");
    if (!root_seen)
        fail("no root element");
    long min_failures = argc > 2 ? atol(argv[2]) : 0, min_errors = argc > 3 ? atol(argv[3]) : 0;
    if (failures_seen < min_failures || errors_seen < min_errors) {
        fprintf(stderr, "junit: %d failures and %ld errors, expected at least %ld and %ld\n",
                failures_seen, errors_seen, min_failures, min_errors);
        return 1;
    }
    printf("junit: well-formed; %ld test suites, %ld test cases, %d failures, %ld errors\n", suites,
           cases, failures_seen, errors_seen);
    return 0;
}
