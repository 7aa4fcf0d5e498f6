/*
 * test_citations.c - the shipped knowledge base cites its sources: every
 * condition, red flag and rule has at least one reference, and every
 * reference is a URL or a DOI (issue 4: "cite its references in each
 * condition and rule"). A test of the bundled rules rather than a lint
 * check, so that small rule files (tutorials, tests) need not carry them.
 */
#include <string.h>

#include "kb.h"
#include "support.h"

static bool is_citation(const char *r)
{
    return !strncmp(r, "https://", 8) || !strncmp(r, "http://", 7) || !strncmp(r, "doi:", 4);
}

static void check_refs(const char *what, const char *id, const char *const *refs, uint32_t n)
{
    ck_assert_msg(n > 0, "%s '%s' cites no source", what, id);
    for (uint32_t i = 0; i < n; i++)
        ck_assert_msg(is_citation(refs[i]), "%s '%s': reference '%s' is not a URL or DOI", what,
                      id, refs[i]);
}

START_TEST(every_rule_condition_and_red_flag_cites_a_source)
{
    tri_kb *kb = tri_kb_load_default(NULL, NULL);
    ck_assert_ptr_nonnull(kb);
    for (uint32_t i = 0; i < kb->nconditions; i++)
        check_refs("condition", kb->conditions[i].id, kb->conditions[i].refs,
                   kb->conditions[i].nrefs);
    for (uint32_t i = 0; i < kb->nred_flags; i++)
        check_refs("red flag", kb->red_flags[i].id, kb->red_flags[i].refs, kb->red_flags[i].nrefs);
    for (uint32_t i = 0; i < kb->nrules; i++)
        check_refs("rule", kb->rules[i].id, kb->rules[i].refs, kb->rules[i].nrefs);
    tri_kb_free(kb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("citations");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_rule_condition_and_red_flag_cites_a_source);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
