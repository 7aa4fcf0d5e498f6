/*
 * story_negation.c - negation and hedges, in the manner of NegEx.
 *
 * NegEx (Chapman WW, Bridewell W, Hanbury P, Cooper GF, Buchanan BG. A
 * simple algorithm for identifying negated findings and diseases in
 * discharge summaries. J Biomed Inform 2001;34(5):301-310) finds a negation
 * trigger, then negates what lies in its scope: the words after a
 * pre-negation trigger ("no", "not", "never", "without", "denies"), or
 * before a post-negation trigger ("... absent", "... not present"), up to a
 * terminator (here: the end of the clause, see story_split.c) or a window of
 * words. Pseudo-triggers look like negations but are not ("not only", "no
 * increase", "not sure"); they are tried first, so their words never start
 * a scope. We follow that design with our own word lists for how people
 * write about themselves, including contractions ("doesn't", "haven't",
 * "can't say I've") and list forms ("pain: none").
 *
 * Hedges work the same way: "maybe", "I think", "probably", "not sure if"
 * reach forward to the end of the clause (up to a window), or backward when
 * they close it ("twice a night, I think"; "an hour or so"). Words that
 * soften a quantity ("about 5 months", "around 2 seconds", "~3 s") hedge
 * that quantity only.
 *
 * A finding whose own words contain the trigger is not in its scope: "never
 * stops" is a frequency, not a negated "stops".
 */
#include "story_internal.h"

const char *const story_pre_negations[] = {"no",
                                           "not",
                                           "never",
                                           "without",
                                           "nor",
                                           "neither",
                                           "none",
                                           "none of",
                                           "nothing",
                                           "nobody",
                                           "no one",
                                           "noone",
                                           "not once",
                                           "not a single",
                                           "no longer",
                                           "not anymore",
                                           "don't",
                                           "dont",
                                           "doesn't",
                                           "doesnt",
                                           "didn't",
                                           "didnt",
                                           "isn't",
                                           "isnt",
                                           "wasn't",
                                           "wasnt",
                                           "aren't",
                                           "arent",
                                           "weren't",
                                           "werent",
                                           "haven't",
                                           "havent",
                                           "hasn't",
                                           "hasnt",
                                           "hadn't",
                                           "hadnt",
                                           "won't",
                                           "wont",
                                           "wouldn't",
                                           "wouldnt",
                                           "ain't",
                                           "denies",
                                           "denied",
                                           "deny",
                                           "denying",
                                           "free of",
                                           "negative for",
                                           "no sign|signs of",
                                           "no evidence of",
                                           "absence of",
                                           "ruled out",
                                           "can't|cannot|couldn't say [that] i've|i'd|ive",
                                           "can't|cannot|couldn't say [that] i have|had",
                                           "can not say [that] i have|had",
                                           "can't|cannot|couldn't remember any|ever",
                                           "never ever",
                                           NULL};

const char *const story_pseudo_negations[] = {"not only",
                                              "not just",
                                              "not sure",
                                              "not certain",
                                              "not necessarily",
                                              "no doubt",
                                              "no matter",
                                              "no idea",
                                              "no increase",
                                              "no change|changes",
                                              "not always",
                                              "not every",
                                              "not all",
                                              "if not",
                                              "not to mention",
                                              "without fail",
                                              "never mind",
                                              "no wonder",
                                              "no more|longer|less than",
                                              "not more|longer|less than",
                                              "not much",
                                              "not quite",
                                              "doesn't|don't|didn't|does not|do not always",
                                              "not too",
                                              "not that",
                                              "not until",
                                              "nothing else but",
                                              "no later than",
                                              "not unless",
                                              "no|nope|nah ,|!",
                                              NULL};

const char *const story_post_negations[] = {"absent",
                                            "not present",
                                            "not seen",
                                            "not noticed",
                                            "not an issue|problem",
                                            ": no|none|never|nope",
                                            "- no|none|never|nope",
                                            "= no|none|never",
                                            "not at all",
                                            "ruled out",
                                            NULL};

const char *const story_hedges[] = {"maybe",
                                    "perhaps",
                                    "possibly",
                                    "probably",
                                    "prob",
                                    "i think",
                                    "i believe",
                                    "i guess",
                                    "i suppose",
                                    "i'd say",
                                    "id say",
                                    "i reckon",
                                    "might",
                                    "may be",
                                    "could be",
                                    "not sure",
                                    "unsure",
                                    "not certain",
                                    "not 100 %",
                                    "seems|seem|seemed",
                                    "sort of",
                                    "kind of",
                                    "kinda",
                                    "sorta",
                                    "apparently",
                                    "likely",
                                    "something like",
                                    "more or less",
                                    "if i remember|recall",
                                    "i'm|im guessing",
                                    "i don't|dont know",
                                    "i do not know",
                                    "hard to say",
                                    "i don't|dont think",
                                    "i'm|im not sure",
                                    "i'm|im not certain",
                                    "or so",
                                    "or something",
                                    "give or take",
                                    "ish",
                                    "roughly speaking",
                                    "i feel like",
                                    "it feels like",
                                    "hard to tell",
                                    NULL};

/* Hedges that always look back ("an hour or so"). */
static const char *const hedges_backward[] = {"or", "give", "ish", NULL};

static const char *const quantity_hedges[] = {
    "about", "around", "approximately", "approx", "roughly",   "nearly", "almost", "~",
    "circa", "ca",     "like",          "some",   "somewhere", "round",  NULL};

static bool add_scope(story_doc *d, uint8_t kind, uint32_t tf, uint32_t te, uint32_t first,
                      uint32_t end)
{
    if (first >= end)
        return true;
    if (d->nscopes >= STORY_MAX_SCOPES) {
        d->truncated = true;
        return false;
    }
    story_scope *s = &d->scopes[d->nscopes++];
    s->kind = kind;
    s->trig_first = tf;
    s->trig_end = te;
    s->first = first;
    s->end = end;
    return true;
}

/* The end of a forward scope from token i: the clause end, or after
 * `window` words. */
static uint32_t forward(const story_doc *d, uint32_t i, uint32_t clause_end, unsigned window)
{
    unsigned words = 0;
    uint32_t j = i;
    while (j < clause_end && words < window) {
        if (d->tokens[j].kind != STORY_TOK_PUNCT)
            words++;
        j++;
    }
    return j;
}

static uint32_t backward(const story_doc *d, uint32_t i, uint32_t clause_first, unsigned window)
{
    unsigned words = 0;
    uint32_t j = i;
    while (j > clause_first && words < window) {
        j--;
        if (d->tokens[j].kind != STORY_TOK_PUNCT)
            words++;
    }
    return j;
}

/* The longest phrase of list matching at i; its end in *end. */
static bool longest(const story_doc *d, const story_pattern *list, size_t n, uint32_t i,
                    uint32_t lim, uint32_t *end)
{
    bool found = false;
    uint32_t best = i;
    for (size_t k = 0; k < n; k++) {
        uint32_t e;
        if (story_pattern_at(d, &list[k], i, lim, &e) && e > best) {
            best = e;
            found = true;
        }
    }
    *end = best;
    return found;
}

/* Whether only punctuation follows token j in its clause. */
static bool ends_clause(const story_doc *d, uint32_t j, uint32_t clause_end)
{
    for (; j < clause_end; j++)
        if (d->tokens[j].kind != STORY_TOK_PUNCT)
            return false;
    return true;
}

typedef struct lists {
    story_pattern *pre, *pseudo, *post, *hedge;
    size_t npre, npseudo, npost, nhedge;
} lists;

static bool parse_lists(story_ctx *c, lists *l)
{
    l->pre = story_patterns(c->ar, story_pre_negations, &l->npre);
    l->pseudo = story_patterns(c->ar, story_pseudo_negations, &l->npseudo);
    l->post = story_patterns(c->ar, story_post_negations, &l->npost);
    l->hedge = story_patterns(c->ar, story_hedges, &l->nhedge);
    return l->pre && l->pseudo && l->post && l->hedge;
}

static void negations(story_ctx *c, const lists *l, unsigned window)
{
    story_doc *d = c->doc;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        uint32_t slim = story_sentence_end(d, i), cf = story_clause_first(d, i),
                 ce = story_clause_end(d, i), end;
        if (longest(d, l->pseudo, l->npseudo, i, slim, &end)) {
            i = end - 1;
            continue;
        }
        if (longest(d, l->post, l->npost, i, slim, &end)) {
            /* "pain: none": back to the clause start */
            if (!add_scope(d, STORY_SCOPE_NEGATION, i, end, backward(d, i, cf, window), i))
                return;
            i = end - 1;
            continue;
        }
        if (longest(d, l->pre, l->npre, i, slim, &end)) {
            uint32_t lim = end < ce ? ce : story_clause_end(d, end);
            if (!add_scope(d, STORY_SCOPE_NEGATION, i, end, end, forward(d, end, lim, window)))
                return;
            i = end - 1;
        }
    }
}

static void hedge_scopes(story_ctx *c, const lists *l, unsigned window)
{
    story_doc *d = c->doc;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        uint32_t slim = story_sentence_end(d, i), cf = story_clause_first(d, i),
                 ce = story_clause_end(d, i), end;
        if (!longest(d, l->hedge, l->nhedge, i, slim, &end))
            continue;
        bool back = story_is_one_of(d, i, hedges_backward) || ends_clause(d, end, ce);
        bool ok =
            back ? add_scope(d, STORY_SCOPE_HEDGE, i, end, backward(d, i, cf, window), i)
                 : add_scope(d, STORY_SCOPE_HEDGE, i, end, end,
                             forward(d, end, end < ce ? ce : story_clause_end(d, end), window));
        if (!ok)
            return;
        i = end - 1;
    }
    /* "about 5 months", "~3 s": the quantity that follows */
    for (uint32_t k = 0; k < d->nfindings; k++) {
        const story_finding *f = &d->findings[k];
        if (f->kind == STORY_SITE || f->kind == STORY_SIDE || f->kind == STORY_SEX)
            continue;
        uint32_t cf = story_clause_first(d, f->tok_first);
        for (uint32_t j = f->tok_first; j > cf && f->tok_first - j < 3; j--)
            if (story_is_one_of(d, j - 1, quantity_hedges)) {
                if (!add_scope(d, STORY_SCOPE_HEDGE, j - 1, j, f->tok_first, f->tok_end))
                    return;
                break;
            }
    }
}

void story_find_scopes(story_ctx *c)
{
    lists l;
    if (!parse_lists(c, &l)) {
        c->nomem = true;
        return;
    }
    const story_vocab *v = c->vocab;
    negations(c, &l, v->negation_window ? v->negation_window : STORY_NEGATION_WINDOW);
    hedge_scopes(c, &l, v->hedge_window ? v->hedge_window : STORY_HEDGE_WINDOW);
}

bool story_in_scope(const story_doc *d, uint8_t kind, uint32_t first, uint32_t end)
{
    for (uint32_t k = 0; k < d->nscopes; k++) {
        const story_scope *s = &d->scopes[k];
        if (s->kind != kind)
            continue;
        if (s->trig_first < end && first < s->trig_end)
            continue; /* the words hold the trigger itself */
        uint32_t a = first > s->first ? first : s->first, b = end < s->end ? end : s->end;
        for (uint32_t j = a; j < b; j++)
            if (d->tokens[j].kind != STORY_TOK_PUNCT)
                return true;
    }
    return false;
}
