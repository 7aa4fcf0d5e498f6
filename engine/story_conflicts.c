/*
 * story_conflicts.c - contradictions: two things said in one text that
 * cannot both be true.
 *
 * Within the doc, the findings that answer one thing about the subject are
 * compared: two ages that do not overlap (within a year), two sexes, two
 * frequencies that map to different options, two spans since the start
 * ("since", "started") that do not agree (within a quarter, since people
 * round); "5 months ago it spread" dates something else. Negated
 * findings and findings about other people take no part. Answers drawn by
 * the caller from rule patterns are compared with story_find_conflicts():
 * a choice question with two different options, a multi question with
 * "none" and something else, numbers and durations that do not agree.
 */
#include <math.h>

#include "story_internal.h"

static bool overlap(double alo, double ahi, double blo, double bhi, double rel, double abs)
{
    double a1 = alo * (1 - rel) - abs, a2 = isinf(ahi) ? INFINITY : ahi * (1 + rel) + abs;
    double b1 = blo * (1 - rel) - abs, b2 = isinf(bhi) ? INFINITY : bhi * (1 + rel) + abs;
    return a1 <= b2 && b1 <= a2;
}

bool story_ranges_agree(double alo, double ahi, double blo, double bhi)
{
    if (isnan(alo) || isnan(ahi) || isnan(blo) || isnan(bhi))
        return true; /* a value not known contradicts nothing */
    return overlap(alo, ahi, blo, bhi, 0.25, 0);
}

static bool claims_conflict(const story_claim *a, const story_claim *b)
{
    if (a->question != b->question)
        return false;
    if (a->is_range || b->is_range)
        return a->is_range && b->is_range && !story_ranges_agree(a->lo, a->hi, b->lo, b->hi);
    if (a->multi || b->multi) {
        uint64_t ex = a->exclusive | b->exclusive;
        bool a_ex = (a->options & ex) != 0, b_ex = (b->options & ex) != 0;
        if (a_ex && (b->options & ~a->options))
            return true;
        if (b_ex && (a->options & ~b->options))
            return true;
        return false;
    }
    return a->options != b->options;
}

size_t story_find_conflicts(const story_claim *claims, size_t n, story_conflict *out, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (claims_conflict(&claims[i], &claims[j])) {
                if (count < max) {
                    out[count].a = (uint32_t)i;
                    out[count].b = (uint32_t)j;
                }
                count++;
            }
    return count;
}

static const char *const onset_words[] = {"since",    "started", "start", "starts",
                                          "began",    "begun",   "begin", "beginning",
                                          "starting", "onset",   "first", NULL};

/* Whether an elapsed span dates the start of the problem: introduced by
 * "since" or a starting verb, or said in a clause with one ("it started 3
 * weeks ago"), unlike "5 months ago it spread". */
static bool is_onset(const story_doc *d, const story_finding *f)
{
    for (uint32_t k = f->intro_first; k < f->intro_end; k++)
        if (story_is_one_of(d, k, onset_words))
            return true;
    uint32_t cf = story_clause_first(d, f->tok_first), ce = story_clause_end(d, f->tok_first);
    for (uint32_t k = cf; k < ce; k++)
        if (story_is_one_of(d, k, onset_words))
            return true;
    return false;
}

static bool findings_conflict(const story_doc *d, const story_finding *a, const story_finding *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case STORY_AGE:
        return !overlap(a->lo, a->hi, b->lo, b->hi, 0, 1);
    case STORY_SEX:
        return a->sex != b->sex;
    case STORY_FREQUENCY:
        return a->option && b->option && strcmp(a->option, b->option) != 0;
    case STORY_ELAPSED:
        return is_onset(d, a) && is_onset(d, b) && !story_ranges_agree(a->lo, a->hi, b->lo, b->hi);
    default:
        return false;
    }
}

void story_find_doc_conflicts(story_doc *d)
{
    for (uint32_t i = 0; i < d->nfindings; i++) {
        story_finding *a = &d->findings[i];
        if ((a->flags & STORY_NEGATED) || a->person != d->subject)
            continue;
        for (uint32_t j = i + 1; j < d->nfindings; j++) {
            story_finding *b = &d->findings[j];
            if ((b->flags & STORY_NEGATED) || b->person != d->subject ||
                !findings_conflict(d, a, b))
                continue;
            if (d->nconflicts >= STORY_MAX_CONFLICTS) {
                d->truncated = true;
                return;
            }
            d->conflicts[d->nconflicts].a = i;
            d->conflicts[d->nconflicts].b = j;
            d->nconflicts++;
            a->flags |= STORY_CONFLICTING;
            b->flags |= STORY_CONFLICTING;
        }
    }
}
