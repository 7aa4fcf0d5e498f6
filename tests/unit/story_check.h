/*
 * story_check.h - what the story unit tests share: a story parsed into a
 * doc that lives in the test's arena, findings looked up by their words,
 * and a one-line description of a doc for failure messages. Each row of a
 * table names itself in every message.
 */
#ifndef TRIAGE_STORY_CHECK_H
#define TRIAGE_STORY_CHECK_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "story.h"

static arena *story_ar;
static story_doc story_d;

static inline void story_setup(void)
{
    story_ar = arena_new(NULL);
    ck_assert_ptr_nonnull(story_ar);
}

static inline void story_teardown(void)
{
    arena_free(story_ar);
    story_ar = NULL;
}

/* Parses text (with date, may be NULL) with the default vocabulary. */
static inline const story_doc *parse_story(const char *name, const char *text, const char *date)
{
    arena_reset(story_ar);
    tri_status st = story_parse(NULL, text, strlen(text), date, story_ar, &story_d);
    ck_assert_msg(st == TRI_OK, "%s: story_parse returned %d", name, (int)st);
    return &story_d;
}

static inline bool span_is(const story_doc *d, uint32_t start, uint32_t end, const char *words)
{
    return strlen(words) == end - start && memcmp(d->text + start, words, end - start) == 0;
}

/* The findings of a doc, one line: kind[words]{lo..hi option side flags}. */
static inline const char *describe(const story_doc *d)
{
    static char buf[4096];
    size_t at = 0;
    buf[0] = '\0';
    for (uint32_t k = 0; k < d->nfindings && at < sizeof buf - 200; k++) {
        const story_finding *f = &d->findings[k];
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s[%.*s]{%g..%g %s %s%s%s%s p%u}",
                               k ? " " : "", story_kind_names[f->kind], (int)(f->end - f->start),
                               d->text + f->start, f->lo, f->hi, f->option ? f->option : "",
                               story_side_names[f->side], f->flags & STORY_NEGATED ? " neg" : "",
                               f->flags & STORY_HEDGED ? " hedged" : "",
                               f->flags & STORY_CONFLICTING ? " conflict" : "", f->person);
    }
    return at ? buf : "(no findings)";
}

/* The finding of kind whose words are exactly `words`, or NULL. */
static inline const story_finding *find_words(const story_doc *d, int kind, const char *words)
{
    for (uint32_t k = 0; k < d->nfindings; k++)
        if (d->findings[k].kind == kind &&
            span_is(d, d->findings[k].start, d->findings[k].end, words))
            return &d->findings[k];
    return NULL;
}

static inline const story_finding *find_kind(const story_doc *d, int kind)
{
    for (uint32_t k = 0; k < d->nfindings; k++)
        if (d->findings[k].kind == kind)
            return &d->findings[k];
    return NULL;
}

/* Bytes [start, end) of the first occurrence of words in the doc's text. */
static inline bool locate(const story_doc *d, const char *words, uint32_t *start, uint32_t *end)
{
    size_t n = strlen(words);
    for (uint32_t i = 0; i + n <= d->len; i++)
        if (memcmp(d->text + i, words, n) == 0) {
            *start = i;
            *end = (uint32_t)(i + n);
            return true;
        }
    return false;
}

static inline bool close_to(double a, double b)
{
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= 1e-6 * fmax(1, fabs(b));
}

#define NOCHECK NAN
#define SEC 1.0
#define MIN 60.0
#define HOUR 3600.0
#define DAYS 86400.0
#define WEEKS (7 * 86400.0)
#define MONTHS 2629800.0
#define YEARS 31557600.0

/* A finding expected in a text. words NULL: no finding of this kind.
 * lo, hi NOCHECK: not checked; option NULL: not checked, "" none;
 * extra: the side (SITE, SIDE), period (FREQUENCY), sex (SEX) or the
 * story_who of the person (AGE), -1: not checked. */
typedef struct finding_row {
    const char *name, *text, *date;
    int kind;
    const char *words;
    double lo, hi;
    const char *option;
    int extra;
    unsigned flags_set, flags_clear;
} finding_row;

static inline void check_finding_row(const finding_row *r)
{
    const story_doc *d = parse_story(r->name, r->text, r->date);
    if (!r->words) {
        const story_finding *f = find_kind(d, r->kind);
        ck_assert_msg(f == NULL, "%s: expected no %s, found: %s", r->name,
                      story_kind_names[r->kind], describe(d));
        return;
    }
    const story_finding *f = find_words(d, r->kind, r->words);
    ck_assert_msg(f != NULL, "%s: expected %s [%s], found: %s", r->name, story_kind_names[r->kind],
                  r->words, describe(d));
    if (!isnan(r->lo))
        ck_assert_msg(close_to(f->lo, r->lo) && close_to(f->hi, r->hi),
                      "%s: [%s] is %g..%g, expected %g..%g", r->name, r->words, f->lo, f->hi, r->lo,
                      r->hi);
    if (r->option) {
        const char *got = f->option ? f->option : "";
        ck_assert_msg(!strcmp(got, r->option), "%s: [%s] gives option '%s', expected '%s'", r->name,
                      r->words, got, r->option);
    }
    if (r->extra >= 0) {
        int got = f->kind == STORY_SITE || f->kind == STORY_SIDE ? f->side
                  : f->kind == STORY_FREQUENCY                   ? f->period
                  : f->kind == STORY_SEX                         ? f->sex
                                                                 : d->persons[f->person].who;
        ck_assert_msg(got == r->extra, "%s: [%s] has %d, expected %d (side/period/sex/who)",
                      r->name, r->words, got, r->extra);
    }
    ck_assert_msg((f->flags & r->flags_set) == r->flags_set, "%s: [%s] flags %#x lack %#x", r->name,
                  r->words, f->flags, r->flags_set);
    ck_assert_msg((f->flags & r->flags_clear) == 0, "%s: [%s] flags %#x should not have %#x",
                  r->name, r->words, f->flags, r->flags_clear);
}

#endif
