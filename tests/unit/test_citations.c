/*
 * test_citations.c - the shipped knowledge base cites its sources: every
 * condition, red flag and rule has at least one reference, and every
 * reference is a URL or a DOI. A test of the bundled rules rather than a
 * lint check, so that small rule files (tutorials, tests) need not carry
 * them. The knowledge base keeps only the conditions' references (the
 * others are read by no one at run time), so the rule files are read here
 * as YAML: every condition, every red flag (in `red_flags:` or inline in a
 * rule's `then`) and every rule.
 */
#include <string.h>

#include "loader.h"
#include "support.h"

static bool is_citation(const char *r)
{
    return !strncmp(r, "https://", 8) || !strncmp(r, "http://", 7) || !strncmp(r, "doi:", 4);
}

/* Checks the `references:` of the declaration d (a what), in file name. */
static void check_refs(const char *name, const char *what, const node *d)
{
    const node *id = node_get(d, "id");
    const char *ids = id && id->kind == NODE_SCALAR ? id->text : "?";
    const node *r = node_get(d, "references");
    size_t n = !r ? 0 : r->kind == NODE_SEQ ? r->count : 1;
    ck_assert_msg(n > 0, "%s: %s '%s' cites no source", name, what, ids);
    for (size_t i = 0; i < n; i++) {
        const node *ref = r->kind == NODE_SEQ ? r->kids[i] : r;
        ck_assert_msg(ref->kind == NODE_SCALAR && is_citation(ref->text),
                      "%s: %s '%s': reference '%s' is not a URL or DOI", name, what, ids,
                      ref->kind == NODE_SCALAR ? ref->text : "?");
    }
}

/* Calls check_refs on every entry of section key of root. */
static void check_section(const char *name, const node *root, const char *key, const char *what)
{
    const node *s = node_get(root, key);
    for (size_t i = 0; s && s->kind == NODE_SEQ && i < s->count; i++)
        check_refs(name, what, s->kids[i]);
}

/* The red flags declared inline in the rules' `then`. */
static void check_inline_red_flags(const char *name, const node *root)
{
    const node *rules = node_get(root, "rules");
    for (size_t i = 0; rules && rules->kind == NODE_SEQ && i < rules->count; i++) {
        const node *then = node_get(rules->kids[i], "then");
        for (size_t j = 0; then && then->kind == NODE_SEQ && j < then->count; j++) {
            const node *rf = node_get(then->kids[j], "red_flag");
            if (rf && rf->kind == NODE_MAP)
                check_refs(name, "red flag", rf);
        }
    }
}

START_TEST(every_rule_condition_and_red_flag_cites_a_source)
{
    size_t count;
    const tri_source *src = tri_default_sources(&count);
    arena *ar = arena_new(NULL);
    ck_assert_ptr_nonnull(ar);
    size_t rules = 0;
    for (size_t f = 0; f < count; f++) {
        diag_sink d;
        diag_init(&d, NULL, NULL);
        const node *root = loader_parse(ar, src[f].name, src[f].data, src[f].size, &d);
        ck_assert_msg(root != NULL, "%s does not parse", src[f].name);
        check_section(src[f].name, root, "conditions", "condition");
        check_section(src[f].name, root, "red_flags", "red flag");
        check_section(src[f].name, root, "rules", "rule");
        check_inline_red_flags(src[f].name, root);
        const node *r = node_get(root, "rules");
        rules += r && r->kind == NODE_SEQ ? r->count : 0;
    }
    /* the walk reached the rules the knowledge base has */
    tri_kb *kb = tri_kb_load_default(NULL, NULL);
    ck_assert_ptr_nonnull(kb);
    ck_assert_uint_eq(rules, tri_kb_rule_count(kb));
    tri_kb_free(kb);
    arena_free(ar);
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
