/*
 * lookalike_sides.c - the JSON of a result says, per look-alike reason, which
 * side it supports, and says it right: for every look-alike of every answers
 * file given, each `separating` entry has a `side` that is one of the pair,
 * agrees with the rule's effects on the two as the same JSON lists them under
 * `explanations`, and is `cited` only when it is the side the verdict points
 * to; a verdict points only to the side with the higher confidence, above 0.
 * With --seed it also checks the seed's own question: hypnic jerk or facial
 * nerve spasm? points to hypnic jerks, and the short report answers it.
 *
 * Usage: lookalike_sides [--seed] ANSWERS...   (the built-in knowledge base)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "loader.h"
#include "triage/triage.h"

static unsigned failures;

static void fail(const char *file, const char *what, const char *detail)
{
    printf("%s: %s%s%s\n", file, what, detail ? ": " : "", detail ? detail : "");
    failures++;
}

static const char *text_of(const node *map, const char *key)
{
    const node *n = node_get(map, key);
    return n && n->kind == NODE_SCALAR ? n->text : NULL;
}

static const node *find_by(const node *list, const char *key, const char *value)
{
    for (size_t i = 0; list && i < list->count; i++) {
        const char *t = text_of(list->kids[i], key);
        if (t && !strcmp(t, value))
            return list->kids[i];
    }
    return NULL;
}

/* The effect (signed CF) rule has on condition c, as the JSON's explanations list it. */
static double effect_on(const node *explanations, const char *c, const char *rule)
{
    const node *e = find_by(explanations, "id", c);
    const node *r = e ? find_by(node_get(e, "reasons"), "rule", rule) : NULL;
    if (!r)
        return 0;
    double cf = atof(text_of(r, "cf"));
    return !strcmp(text_of(r, "effect"), "support") ? cf : -cf;
}

static double confidence_of(const node *explanations, const char *c)
{
    const node *e = find_by(explanations, "id", c);
    return e ? atof(text_of(e, "confidence")) : 0;
}

static void check(const char *file, const node *root, bool seed)
{
    const node *ex = node_get(root, "explanations"), *las = node_get(root, "lookalikes");
    for (size_t i = 0; las && i < las->count; i++) {
        const node *la = las->kids[i];
        const char *id = text_of(la, "id"), *favours = text_of(la, "favours");
        const char *over = text_of(la, "over"), *verdict = text_of(la, "verdict");
        bool points = favours && strcmp(favours, "null") != 0;
        if (points && !(confidence_of(ex, favours) > confidence_of(ex, over) &&
                        confidence_of(ex, favours) > 0))
            fail(file, "a verdict points to the side with the lower confidence", id);
        if (points != (!strcmp(verdict, "points_to") || !strcmp(verdict, "leans_to")))
            fail(file, "the verdict and 'favours' disagree", id);
        const node *sep = node_get(la, "separating");
        for (size_t j = 0; sep && j < sep->count; j++) {
            const node *sp = sep->kids[j];
            const char *rule = text_of(sp, "rule"), *side = text_of(sp, "side");
            if (!side) {
                fail(file, "a separating reason without a side", rule);
                continue;
            }
            /* the pair, in either order, from the verdict or the explanations */
            const char *a = points ? favours : NULL, *b = points ? over : NULL;
            if (!points)
                continue; /* neither fits: no 'favours' to compare with */
            double d = effect_on(ex, a, rule) - effect_on(ex, b, rule);
            const char *want = d > 0 ? a : b;
            if (d == 0 || strcmp(side, want) != 0)
                fail(file, "a separating reason is labelled with the wrong side", rule);
            bool cited = !strcmp(text_of(sp, "cited"), "true");
            if (cited != !strcmp(side, favours))
                fail(file, "a reason is cited for the side it argues against", rule);
        }
    }
    if (seed) {
        const node *la = find_by(las, "id", "hypnic-vs-hemifacial");
        if (!la)
            fail(file, "the seed's look-alike is not answered", "hypnic-vs-hemifacial");
        else {
            if (strcmp(text_of(la, "favours"), "hypnic_jerks") != 0 ||
                strcmp(text_of(la, "verdict"), "points_to") != 0)
                fail(file, "the seed's verdict does not point to hypnic jerks", NULL);
            if (strcmp(text_of(la, "short"), "true") != 0)
                fail(file, "the short report does not answer the seed's question", NULL);
        }
    }
}

int main(int argc, char **argv)
{
    bool seed = argc > 1 && !strcmp(argv[1], "--seed");
    if (argc < 2 + seed) {
        fprintf(stderr, "usage: lookalike_sides [--seed] ANSWERS...\n");
        return 2;
    }
    tri_error err;
    tri_kb *kb = tri_kb_load_default(NULL, &err);
    if (!kb)
        return 3;
    tri_session *s = tri_session_new(kb, NULL, &err);
    unsigned checked = 0;
    for (int i = 1 + seed; i < argc; i++) {
        tri_session_clear(s);
        if (tri_session_load_answers_file(s, argv[i], &err) != TRI_OK) {
            fail(argv[i], "cannot read", err.message);
            continue;
        }
        tri_session_evaluate(s);
        size_t len;
        const char *json = tri_session_report_json(s, NULL, &len);
        arena *ar = arena_new(NULL);
        diag_sink d;
        diag_init(&d, NULL, NULL);
        const node *root = loader_parse(ar, "result.json", json, len, &d);
        if (!root)
            fail(argv[i], "the result is not valid JSON", NULL);
        else
            check(argv[i], root, seed);
        arena_free(ar);
        checked++;
    }
    printf("%u results: look-alike sides checked, %u failures\n", checked, failures);
    tri_session_free(s);
    tri_kb_free(kb);
    return failures ? 1 : 0;
}
