/*
 * story_internal.c - the small helpers every story pass uses (declared in
 * story_internal.h): adding a finding, marking tokens used, and moving
 * through tokens, clauses and sentences. The bottom of the story passes:
 * they call down to here, and nothing here calls a pass.
 */
#include "story_internal.h"

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
    f->person = STORY_PERSON_UNSET;
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
