/*
 * check_tap.c - checks `triage eval --format tap` against the TAP version 13 grammar
 * (https://testanything.org/tap-version-13-specification.html), the version
 * that TAP::Harness (prove) and most CI readers accept.
 *
 * Usage: check_tap FILE [MIN_NOT_OK]
 *
 * The first line is "TAP version 13"; exactly one plan "1..N" (optionally "# reason"), right
 * after it or as the last line; each test point is "ok" or "not ok", its number (checked to
 * run 1, 2, 3, ...) and an optional "- description" in which '#' only starts a directive
 * (SKIP or TODO) unless escaped; a YAML diagnostics block may follow a test point only, opens
 * with "  ---", is indented two spaces and closes with "  ..."; other lines are comments
 * ("# ..."), "Bail out!" or empty (no TAP 14 pragmas or subtests). The number of test points
 * must equal the plan. This producer also promises that every "not ok" carries a diagnostics block with a
 * message and a location.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int lineno;

static void fail(const char *what, const char *line)
{
    fprintf(stderr, "tap: line %d: %s: %s\n", lineno, what, line);
    exit(1);
}

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* Parses "1..N" with an optional " # reason"; -1 if line is not a plan. */
static long plan_of(const char *line)
{
    if (!starts(line, "1.."))
        return -1;
    const char *q = line + 3;
    if (!isdigit((unsigned char)*q))
        return -1;
    char *end;
    long n = strtol(q, &end, 10);
    if (*end && !starts(end, " #"))
        return -1;
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: check_tap FILE [MIN_NOT_OK]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f)
        return perror(argv[1]), 2;
    static char line[1 << 16];
    long plan = -1, points = 0, not_ok = 0;
    bool plan_first = false, after_point = false, in_yaml = false, last_was_plan = false;
    bool need_yaml = false, yaml_message = false, yaml_at = false;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        if (lineno == 1) {
            if (strcmp(line, "TAP version 13"))
                fail("the first line must be \"TAP version 13\"", line);
            continue;
        }
        if (in_yaml) {
            if (!strcmp(line, "  ...")) {
                in_yaml = false;
                if (need_yaml && (!yaml_message || !yaml_at))
                    fail("a \"not ok\" diagnostics block without message and at", line);
                need_yaml = false;
                continue;
            }
            if (!starts(line, "  "))
                fail("a YAML diagnostics line not indented by two spaces", line);
            if (starts(line, "  message: "))
                yaml_message = true;
            if (starts(line, "  at:"))
                yaml_at = true;
            continue;
        }
        if (!strcmp(line, "  ---")) {
            if (!after_point)
                fail("a YAML diagnostics block that does not follow a test point", line);
            in_yaml = true;
            after_point = false;
            yaml_message = yaml_at = false;
            continue;
        }
        if (need_yaml)
            fail("a \"not ok\" without a diagnostics block", line);
        after_point = false;
        long pl = plan_of(line);
        if (pl >= 0) {
            if (plan >= 0)
                fail("a second plan", line);
            plan = pl;
            plan_first = points == 0;
            last_was_plan = true;
            continue;
        }
        bool ok = starts(line, "ok"), nok = starts(line, "not ok");
        if (ok || nok) {
            const char *q = line + (ok ? 2 : 6);
            if (*q && *q != ' ')
                fail("a test point must be \"ok\" or \"not ok\" then a space", line);
            while (*q == ' ')
                q++;
            if (!isdigit((unsigned char)*q))
                fail("a test point without its number", line);
            char *end;
            long num = strtol(q, &end, 10);
            if (num != points + 1)
                fail("test points must be numbered 1, 2, 3, ... in order", line);
            q = end;
            if (*q && *q != ' ')
                fail("a malformed test point", line);
            if (starts(q, " - "))
                q += 3;
            /* an unescaped '#' starts a directive, which must be SKIP or TODO */
            for (const char *h = q; *h; h++) {
                if (*h == '\\' && h[1]) {
                    h++;
                    continue;
                }
                if (*h == '#') {
                    const char *d = h + 1;
                    while (*d == ' ')
                        d++;
                    if (strncasecmp(d, "skip", 4) && strncasecmp(d, "todo", 4))
                        fail("an unescaped '#' that starts no SKIP or TODO directive", line);
                    break;
                }
            }
            points++;
            after_point = true;
            last_was_plan = false;
            if (nok) {
                not_ok++;
                need_yaml = true;
            }
            continue;
        }
        if (line[0] == '\0' || starts(line, "#") || starts(line, "Bail out!"))
            continue;
        fail("a line that is no part of TAP 13", line);
    }
    fclose(f);
    if (in_yaml)
        fail("a diagnostics block left open at the end", "");
    if (need_yaml)
        fail("a \"not ok\" without a diagnostics block", "");
    if (plan < 0)
        fail("no plan (1..N)", "");
    if (!plan_first && !last_was_plan)
        fail("the plan must come first or last", "");
    if (plan != points) {
        fprintf(stderr, "tap: the plan says %ld tests, found %ld\n", plan, points);
        return 1;
    }
    long min_not_ok = argc > 2 ? atol(argv[2]) : 0;
    if (not_ok < min_not_ok) {
        fprintf(stderr, "tap: %ld \"not ok\", expected at least %ld\n", not_ok, min_not_ok);
        return 1;
    }
    printf("tap: valid TAP 13; %ld test points, %ld not ok\n", points, not_ok);
    return 0;
}
