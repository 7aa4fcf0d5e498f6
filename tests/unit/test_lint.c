/*
 * test_lint.c - the lint checks on small knowledge bases: which `when`s can
 * never be true (and, as important, which can), and that every other check
 * fires on its mistake and stays quiet on a clean file.
 */
#include <stdio.h>
#include <string.h>

#include "support.h"

/* Diagnostics as "check:line" entries, with counts. */
typedef struct seen {
    char text[4096];
    unsigned errors, warnings;
} seen;

static void on_diag(const tri_diag *d, void *ctx)
{
    seen *s = ctx;
    size_t at = strlen(s->text);
    if (d->severity == TRI_SEV_NOTE)
        return;
    if (d->severity == TRI_SEV_ERROR)
        s->errors++;
    else
        s->warnings++;
    snprintf(s->text + at, sizeof s->text - at, "%s:%u %s\n", d->check, d->line, d->message);
}

static void lint_text(const char *yaml, seen *s)
{
    memset(s, 0, sizeof *s);
    tri_options opt = {0};
    opt.on_diag = on_diag;
    opt.diag_ctx = s;
    opt.lint = true;
    tri_source src = {"test.yaml", yaml, strlen(yaml)};
    tri_error err;
    tri_kb_free(tri_kb_load_sources(&src, 1, &opt, &err));
}

/* Questions of every type, one condition, and a rule whose `when` is the
 * row's (on line 39 of the file). */
static const char preamble[] =
    "questions:\n"
    "  - {id: timing, type: choice, text: When?, options: [{id: onset, text: a}, {id: awake, "
    "text: b}, {id: both, text: c}]}\n"
    "  - {id: place, type: multi, text: Where?, options: [{id: face, text: a}, {id: legs, text: "
    "b}, {id: none, text: c}]}\n"
    "  - {id: age, type: number, text: Age?, min: 0, max: 120}\n"
    "  - {id: temp, type: number, text: Temperature?}\n"
    "  - {id: duration, type: duration, text: How long?}\n"
    "  - {id: seen, type: yes_no, text: Seen awake?}\n"
    "  - {id: words, type: text, text: Describe it}\n"
    "facts:\n"
    "  - {id: asleep, text: asleep}\n"
    "conditions:\n"
    "  - id: jerks\n"
    "    name: Jerks\n"
    "    summary: Jerks.\n"
    "    level: self_care\n"
    "    self_care: Rest.\n"
    "    references: [https://example.org]\n"
    "rules:\n"
    "  - id: uses\n"
    "    when:\n"
    "      any:\n"
    "        - timing: onset\n"
    "        - place: face\n"
    "        - age: {gt: 1}\n"
    "        - temp: {gt: 1}\n"
    "        - duration: {gt: 1 s}\n"
    "        - seen: yes\n"
    "        - words: {matches: jerk}\n"
    "        - fact: asleep\n"
    "    then:\n"
    "      - support: {jerks: 0.5}\n"
    "    because: It is used.\n"
    "  - id: sets\n"
    "    when: {timing: both}\n"
    "    then:\n"
    "      - set: asleep\n"
    "    because: It sets.\n"
    "  - id: row\n"
    "    when:\n";

static const struct {
    const char *name;
    const char *when; /* indented under `when:` */
    bool dead;
} whens[] = {
    {"two options of a choice", "      all: [timing: onset, timing: awake]\n", true},
    {"option and none_of it", "      all: [timing: onset, timing: {none_of: [onset]}]\n", true},
    {"one_of and none_of leave one", "      all: [timing: [onset, awake], timing: {none_of: [onset]}]\n",
     false},
    {"none_of every option", "      all: [seen: yes, timing: {none_of: [onset, awake, both]}]\n",
     true},
    {"yes and no", "      all: [seen: yes, seen: no]\n", true},
    {"yes and true", "      all: [seen: yes, seen: true]\n", false},
    {"nested all", "      all: [timing: onset, all: [seen: yes, timing: awake]]\n", true},
    {"three choice tests", "      all: [timing: [onset, awake], timing: [awake, both], timing: [onset, both]]\n",
     true},
    {"any of two options", "      any: [timing: onset, timing: awake]\n", false},
    {"two multi options", "      all: [place: face, place: legs]\n", false},
    {"multi option and none", "      all: [place: face, place: none]\n", true},
    {"multi all_of with none", "      {place: {all_of: [face, none]}}\n", true},
    {"multi none with none_of", "      all: [place: none, place: {none_of: [face, legs]}]\n", false},
    {"multi none_of all", "      all: [seen: yes, place: {none_of: [face, legs, none]}]\n", true},
    {"multi all_of and none_of", "      all: [place: {all_of: [face, legs]}, place: {none_of: [legs]}]\n",
     true},
    {"range inside", "      all: [age: {gt: 5}, age: {lt: 10}]\n", false},
    {"range touching", "      all: [age: {ge: 5}, age: {le: 5}]\n", false},
    {"range open touching", "      all: [age: {gt: 5}, age: {le: 5}]\n", true},
    {"range apart", "      all: [age: {gt: 60}, age: {lt: 18}]\n", true},
    {"between reversed", "      {age: {between: [60, 18]}}\n", true},
    {"above max", "      {age: {gt: 120}}\n", true},
    {"at max", "      {age: {ge: 120}}\n", false},
    {"unbounded number", "      {temp: {gt: 1000}}\n", false},
    {"negative duration", "      {duration: {lt: 0 s}}\n", true},
    {"duration equal", "      {duration: 0.5-4 s}\n", false},
    {"durations apart", "      all: [duration: {gt: 5 min}, duration: {lt: 1 min}]\n", true},
    {"unknown and answered", "      all: [unknown: seen, seen: yes]\n", true},
    {"unknown and unknown", "      all: [unknown: seen, unknown: timing]\n", false},
    {"answered and test", "      all: [answered: seen, seen: yes]\n", false},
    {"not and itself", "      all: [timing: onset, not: {timing: onset}]\n", true},
    {"fact and its negation", "      all: [fact: asleep, not: {fact: asleep}]\n", true},
    {"not of a different test", "      all: [timing: onset, not: {timing: awake}]\n", false},
    {"dead branch of any", "      any: [seen: yes, all: [seen: yes, seen: no]]\n", true},
    {"at_least with a dead item", "      {at_least: 1, of: [seen: yes, all: [seen: yes, seen: no]]}\n",
     true},
    {"text matches twice", "      all: [words: {matches: a}, words: {matches: b}]\n", false},
};

START_TEST(never_true)
{
    char yaml[8192];
    snprintf(yaml, sizeof yaml,
             "%s%s    then:\n      - support: {jerks: 0.5}\n    because: The row.\n", preamble,
             whens[_i].when);
    seen s;
    lint_text(yaml, &s);
    bool flagged = strstr(s.text, "never-true:") != NULL;
    ck_assert_msg(flagged == whens[_i].dead, "%s: expected %s, got:\n%s", whens[_i].name,
                  whens[_i].dead ? "never-true" : "nothing", s.text);
    if (!whens[_i].dead)
        ck_assert_msg(s.errors == 0 && s.warnings == 0, "%s: expected a clean file, got:\n%s",
                      whens[_i].name, s.text);
}
END_TEST

/* A clean knowledge base, and one mistake per row applied to it. */
static const char clean[] =
    "questions:\n"
    "  - id: timing\n"
    "    type: choice\n"
    "    text: When?\n"
    "    options: [{id: onset, text: a}, {id: awake, text: b}]\n"
    "red_flags:\n"
    "  - {id: rf_awake, text: Awake jerks, level: soon}\n"
    "conditions:\n"
    "  - id: jerks\n"
    "    name: Jerks\n"
    "    summary: Jerks.\n"
    "    level: self_care\n"
    "    self_care: Rest.\n"
    "    references: [https://example.org]\n"
    "rules:\n"
    "  - id: onset\n"
    "    when: {timing: onset}\n"
    "    then: [support: {jerks: 0.5}]\n"
    "    because: At onset.\n"
    "  - id: awake\n"
    "    when: {timing: awake}\n"
    "    then: [red_flag: rf_awake]\n"
    "    because: Awake.\n"
    "    safety_net: it spreads\n";

static const struct {
    const char *name, *from, *to, *check;
    unsigned line;
} mistakes[] = {
    {"clean", "", "", NULL, 0},
    {"red flag below soon", "level: soon}", "level: routine}", "red-flag-level", 7},
    {"red flag below soon with a reason", "level: soon}",
     "level: routine, reason: a floor only}", NULL, 0},
    {"no safety net", "    safety_net: it spreads\n", "", "missing-safety-net", 20},
    {"no advice", "    self_care: Rest.\n", "", "missing-advice", 9},
    {"no references", "    references: [https://example.org]\n", "", "missing-references", 9},
    {"unused red flag", "    then: [red_flag: rf_awake]\n", "    then: [oppose: {jerks: 0.5}]\n",
     "unused-red-flag", 7},
    {"weak support", "support: {jerks: 0.5}", "support: {jerks: 0.25}", "unsupported-condition",
     9},
    {"prior makes it unreachable", "    level: self_care\n",
     "    level: self_care\n    prior: -0.5\n", "unsupported-condition", 9},
    {"a prior below the support", "    level: self_care\n", "    level: self_care\n    prior: -0.1\n",
     NULL, 0},
    {"support at the threshold", "support: {jerks: 0.5}", "support: {jerks: 0.3}",
     "cf-at-threshold", 18},
    {"duplicate when", "when: {timing: awake}", "when: {timing: [onset]}", "duplicate-when", 21},
    {"unused question", "red_flags:\n", "  - {id: extra, type: yes_no, text: Extra?}\nred_flags:\n",
     "unused-question", 6},
};

static void apply(char *out, size_t size, const char *from, const char *to)
{
    const char *at = *from ? strstr(clean, from) : clean;
    ck_assert_ptr_nonnull(at);
    size_t pre = (size_t)(at - clean);
    snprintf(out, size, "%.*s%s%s", (int)pre, clean, to, at + strlen(from));
}

START_TEST(checks)
{
    char yaml[4096];
    apply(yaml, sizeof yaml, mistakes[_i].from, mistakes[_i].to);
    seen s;
    lint_text(yaml, &s);
    if (!mistakes[_i].check) {
        ck_assert_msg(s.errors == 0 && s.warnings == 0, "%s: expected a clean file, got:\n%s",
                      mistakes[_i].name, s.text);
        return;
    }
    char want[64];
    snprintf(want, sizeof want, "%s:%u ", mistakes[_i].check, mistakes[_i].line);
    ck_assert_msg(strstr(s.text, want) != NULL, "%s: expected '%s', got:\n%s", mistakes[_i].name,
                  want, s.text);
    ck_assert_msg(s.errors + s.warnings == 1, "%s: expected one problem, got:\n%s",
                  mistakes[_i].name, s.text);
}
END_TEST

START_TEST(out_of_memory)
{
    /* lint allocates after compiling: every failure point must end cleanly */
    for (long budget = 0;; budget++) {
        failing_alloc f;
        failing_alloc_init(&f, budget);
        tri_options opt = {0};
        opt.allocator = &f.a;
        opt.lint = true;
        tri_source src = {"test.yaml", clean, strlen(clean)};
        tri_error err;
        tri_kb *kb = tri_kb_load_sources(&src, 1, &opt, &err);
        tri_kb_free(kb);
        ck_assert_msg(f.live == 0, "budget %ld: %ld blocks leaked", budget, f.live);
        if (kb) {
            ck_assert_int_eq(err.status, TRI_OK);
            break;
        }
        ck_assert_msg(err.status == TRI_ERR_NOMEM, "budget %ld: status %d (%s)", budget,
                      err.status, err.message);
        ck_assert_msg(budget < 100000, "no success after %ld allocations", budget);
    }
}
END_TEST

static Suite *lint_suite(void)
{
    Suite *s = suite_create("lint");
    TCase *tc = tcase_create("checks");
    tcase_add_loop_test(tc, never_true, 0, sizeof whens / sizeof whens[0]);
    tcase_add_loop_test(tc, checks, 0, sizeof mistakes / sizeof mistakes[0]);
    tcase_add_test(tc, out_of_memory);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(lint_suite());
}
