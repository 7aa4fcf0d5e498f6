/*
 * story.c - story_parse(): the passes over a story, in order, and the
 * questions callers ask of the result.
 *
 * Order matters and is fixed here: people first (whom each clause is
 * about), then the quantities from the most specific reading to the least
 * (an age "7 years old" before a span "3 years ago" before a frequency
 * "every 5 minutes" before a duration "5 minutes" before a bare number),
 * then sites, then the negation and hedge scopes, which mark every finding.
 * Each pass marks the tokens it used, so no words give two findings.
 */
#include <math.h>
#include <stdlib.h>

#include "story_internal.h"

const char *const story_kind_names[STORY_NKINDS] = {
#define STORY_X(id, name) name,
    STORY_FINDING_KINDS(STORY_X)
#undef STORY_X
};
const char *const story_who_names[STORY_NWHOS] = {
#define STORY_X(id, name) name,
    STORY_WHOS(STORY_X)
#undef STORY_X
};
const char *const story_side_names[STORY_NSIDES] = {
#define STORY_X(id, name) name,
    STORY_SIDES(STORY_X)
#undef STORY_X
};
const char *const story_period_names[STORY_NPERIODS] = {
#define STORY_X(id, name) name,
    STORY_PERIODS(STORY_X)
#undef STORY_X
};

/* ---- the default vocabulary: the core options (vocabulary.yaml) ---------- */

#define DET "[my|the|his|her|their|one|your]"
#define SIDE_WORD "[left|right]"

static const story_site_word default_sites[] = {
    {"eyelid", "eyelid*", 0},
    {"eyelid", "eye lid|lids", 0},
    {"eyelid", "[upper|lower|top|bottom] lid|lids", 0},
    {"eyelid", "under " DET " " SIDE_WORD " eye", 0},
    {"eyelid", "eye|eyes", 0},
    {"around_eye", "corner of " DET " " SIDE_WORD " eye|eyes", 0},
    {"around_eye", "around " DET " " SIDE_WORD " eye|eyes", 0},
    {"forehead", "forehead|eyebrow*|brow|brows", 0},
    {"cheek", "cheek*", 0},
    {"mouth_corner", "corner of " DET " mouth|lip|lips", 0},
    {"mouth_corner", "corners of " DET " mouth|lips", 0},
    {"mouth_corner", "mouth corner*", 0},
    {"mouth_corner", "side of " DET " mouth", 0},
    {"mouth_corner", "around " DET " mouth", 0},
    {"mouth_corner", "mouth", 0},
    {"lips", "lip|lips", 0},
    {"jaw", "jaw*|chin|temple|temples", 0},
    {"tongue_or_mouth", "tongue", 0},
    {"tongue_or_mouth", "inside [of] " DET " mouth", 0},
    {"half_face", "one side of " DET " face", STORY_SIDE_ONE},
    {"half_face", "half [of] " DET " face", STORY_SIDE_ONE},
    {"half_face", "whole|entire [left|right] side of " DET " face", 0},
    {"both_eyes", "both [of] " DET " eyes|eyelids", STORY_SIDE_BOTH},
    {"neck", "neck", 0},
    {"trunk", "chest|belly|stomach|tummy|abdomen|torso|trunk|ribs", 0},
    {"trunk", "my|his|her|lower|upper back", 0},
    {"arm", "arm|arms|hand|hands|finger*|forearm*", 0},
    {"arm", "shoulder*|wrist*|elbow*|bicep*|tricep*", 0},
    {"leg", "leg|legs|calf|calves|thigh*|foot|feet", 0},
    {"leg", "toe|toes|knee*|ankle*|shin*|hamstring*|quad|quads", 0},
    {"whole_body", DET " whole|entire|full body", 0},
    {"whole_body", "all over " DET " body", 0},
    {"whole_body", "all over", 0},
};

static const story_frequency_rule default_frequencies[] = {
    {"continuous", STORY_PER_CONTINUOUS, 0, INFINITY},
    {"once_or_twice", STORY_PER_EVER, 0, 3},
    {"few_per_night", STORY_PER_NIGHT, 0, 6},
    {"many_per_night", STORY_PER_NIGHT, 6, INFINITY},
    {"few_per_day", STORY_PER_DAY, 0, 8},
    {"many_per_day", STORY_PER_DAY, 8, INFINITY},
    {"few_per_week", STORY_PER_WEEK, 0, INFINITY},
    {"few_per_month", STORY_PER_MONTH, 0, INFINITY},
};

const story_vocab story_default_vocab = {
    default_sites,         sizeof default_sites / sizeof default_sites[0],
    default_frequencies,   sizeof default_frequencies / sizeof default_frequencies[0],
    STORY_NEGATION_WINDOW, STORY_HEDGE_WINDOW,
};

/* ---- helpers ----------------------------------------------------------- */

#define PERSON_UNSET 0xFF

story_finding *story_add(story_ctx *c, story_kind kind, uint32_t first, uint32_t end)
{
    story_doc *d = c->doc;
    if (d->nfindings >= STORY_MAX_FINDINGS || first >= end || end > d->ntokens) {
        if (d->nfindings >= STORY_MAX_FINDINGS)
            d->truncated = true;
        return NULL;
    }
    story_finding *f = &d->findings[d->nfindings++];
    memset(f, 0, sizeof *f);
    f->kind = (uint8_t)kind;
    f->person = PERSON_UNSET;
    f->entry = STORY_NO_ENTRY;
    f->tok_first = first;
    f->tok_end = end;
    f->start = d->tokens[first].start;
    f->end = d->tokens[end - 1].end;
    f->intro_first = f->intro_end = first;
    return f;
}

void story_use(story_ctx *c, uint32_t first, uint32_t end)
{
    for (uint32_t i = first; i < end && i < c->doc->ntokens; i++)
        c->used[i] = 1;
}

bool story_any_used(const story_ctx *c, uint32_t first, uint32_t end)
{
    for (uint32_t i = first; i < end && i < c->doc->ntokens; i++)
        if (c->used[i])
            return true;
    return false;
}

bool story_is_one_of(const story_doc *d, uint32_t i, const char *const *list)
{
    if (i >= d->ntokens || d->tokens[i].kind == STORY_TOK_NUMBER)
        return false;
    const char *w = d->norm + d->tokens[i].norm;
    for (; *list; list++)
        if (!strcmp(w, *list))
            return true;
    return false;
}

uint32_t story_sentence_end(const story_doc *d, uint32_t i)
{
    if (i >= d->ntokens)
        return d->ntokens;
    return d->sentences[d->clauses[d->tokens[i].clause].sentence].tok_end;
}

uint32_t story_clause_first(const story_doc *d, uint32_t i)
{
    return i >= d->ntokens ? d->ntokens : d->clauses[d->tokens[i].clause].tok_first;
}

uint32_t story_clause_end(const story_doc *d, uint32_t i)
{
    return i >= d->ntokens ? d->ntokens : d->clauses[d->tokens[i].clause].tok_end;
}

static bool inner_hyphen(const story_doc *d, uint32_t i)
{
    const story_token *t = &d->tokens[i];
    return t->kind == STORY_TOK_PUNCT && d->norm[t->norm] == '-' && (t->flags & STORY_TF_GLUED) &&
           i + 1 < d->ntokens && (d->tokens[i + 1].flags & STORY_TF_GLUED);
}

static uint32_t sentence_of(const story_doc *d, uint32_t i)
{
    return d->clauses[d->tokens[i].clause].sentence;
}

uint32_t story_prev(const story_doc *d, uint32_t i)
{
    if (i == 0 || i > d->ntokens || (i < d->ntokens && sentence_of(d, i) != sentence_of(d, i - 1)))
        return STORY_NONE;
    uint32_t j = i - 1;
    if (inner_hyphen(d, j) && j > d->sentences[sentence_of(d, j)].tok_first)
        j--;
    return j;
}

uint32_t story_next(const story_doc *d, uint32_t i)
{
    uint32_t j = i + 1;
    if (j >= d->ntokens || j >= story_sentence_end(d, i))
        return STORY_NONE;
    if (inner_hyphen(d, j) && j + 1 < story_sentence_end(d, i))
        j++;
    return j;
}

uint32_t story_token_at(const story_doc *d, uint32_t at)
{
    uint32_t lo = 0, hi = d->ntokens;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->tokens[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Tokens [first, end) covering bytes [start, stop); false if none. */
static bool token_range(const story_doc *d, uint32_t start, uint32_t stop, uint32_t *first,
                        uint32_t *end)
{
    *first = story_token_at(d, start);
    uint32_t e = *first;
    while (e < d->ntokens && d->tokens[e].start < stop)
        e++;
    *end = e;
    return e > *first;
}

bool story_is_negated(const story_doc *d, uint32_t start, uint32_t end)
{
    uint32_t f, e;
    return token_range(d, start, end, &f, &e) && story_in_scope(d, STORY_SCOPE_NEGATION, f, e);
}

bool story_is_hedged(const story_doc *d, uint32_t start, uint32_t end)
{
    uint32_t f, e;
    return token_range(d, start, end, &f, &e) && story_in_scope(d, STORY_SCOPE_HEDGE, f, e);
}

unsigned story_subject(const story_doc *d, uint32_t start, uint32_t end)
{
    uint32_t f, e;
    if (!token_range(d, start, end, &f, &e))
        return d->subject;
    return d->clauses[d->tokens[f].clause].person;
}

bool story_is_about_subject(const story_doc *d, uint32_t start, uint32_t end)
{
    return story_subject(d, start, end) == d->subject;
}

/* ---- the passes ------------------------------------------------------- */

static int by_position(const void *a, const void *b)
{
    const story_finding *x = a, *y = b;
    if (x->tok_first != y->tok_first)
        return x->tok_first < y->tok_first ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->tok_end < y->tok_end ? -1 : x->tok_end > y->tok_end;
}

static void mark_findings(story_doc *d)
{
    for (uint32_t k = 0; k < d->nfindings; k++) {
        story_finding *f = &d->findings[k];
        if (story_in_scope(d, STORY_SCOPE_NEGATION, f->tok_first, f->tok_end))
            f->flags |= STORY_NEGATED;
        if (story_in_scope(d, STORY_SCOPE_HEDGE, f->tok_first, f->tok_end))
            f->flags |= STORY_HEDGED;
        if (f->person == PERSON_UNSET)
            f->person = d->clauses[d->tokens[f->tok_first].clause].person;
    }
}

tri_status story_parse(const story_vocab *vocab, const char *text, size_t len, const char *date,
                       arena *ar, story_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    doc->today = INT32_MIN;
    if (!vocab)
        vocab = &story_default_vocab;
    if (!text) {
        text = "";
        len = 0;
    }
    if (date && !story_set_date(doc, date))
        return TRI_ERR_ARG;
    int32_t today = doc->today;
    if (len > STORY_MAX_BYTES) {
        len = STORY_MAX_BYTES;
        while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        doc->truncated = true;
    }
    doc->text = text;
    doc->len = (uint32_t)len;
    doc->npersons = 1; /* the narrator */
    doc->persons[0].who = STORY_WHO_SELF;
    if (!story_split(doc, ar, text, len))
        goto nomem;
    size_t nt = doc->ntokens + 1;
    doc->findings = arena_alloc(ar, (nt < STORY_MAX_FINDINGS ? nt : STORY_MAX_FINDINGS) *
                                        sizeof *doc->findings);
    doc->scopes =
        arena_alloc(ar, (nt < STORY_MAX_SCOPES ? nt : STORY_MAX_SCOPES) * sizeof *doc->scopes);
    doc->mentions = arena_alloc(ar, (nt < STORY_MAX_MENTIONS ? nt : STORY_MAX_MENTIONS) *
                                        sizeof *doc->mentions);
    story_ctx c = {doc, vocab, ar, arena_calloc(ar, nt, 1), false};
    if (!doc->findings || !doc->scopes || !doc->mentions || !c.used)
        goto nomem;
    if (doc->today == INT32_MIN)
        story_date_from_text(doc);
    story_find_people(&c);
    story_find_ages(&c);
    story_find_elapsed(&c);
    story_find_frequencies(&c);
    story_find_durations(&c);
    story_find_numbers(&c);
    story_find_sites(&c);
    story_find_scopes(&c);
    if (c.nomem)
        goto nomem;
    qsort(doc->findings, doc->nfindings, sizeof *doc->findings, by_position);
    mark_findings(doc);
    story_find_doc_conflicts(doc);
    return TRI_OK;
nomem:
    memset(doc, 0, sizeof *doc);
    doc->today = today;
    return TRI_ERR_NOMEM;
}
