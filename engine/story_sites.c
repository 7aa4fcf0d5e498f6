/*
 * story_sites.c - body sites and their side: "left cheekbone", "right
 * eyelid", "the corner of my mouth", "both eyes", "calf", "the whole body".
 *
 * The words of each site are the vocabulary's phrases (rule data); at each
 * token the longest phrase wins, ties to the first listed. A side belongs
 * to a site when it is said in the site's words ("corner of my left eye"),
 * just before them ("left cheekbone", "my right eyelid") or after them in
 * the clause ("in my cheek, on the left side"); the vocabulary may imply a
 * side ("both eyes": both; "one side of my face": one side). A site with no
 * side takes the side of its clause when the clause names exactly one
 * ("from my left cheekbone to the corner of my mouth": both on the left),
 * flagged STORY_SIDE_INHERITED. Sides said without a site ("it's on the
 * right") are SIDE findings.
 */
#include "story_internal.h"

const char *const story_side_phrases[] = {
    /* order: the first match at a token wins */
    "on|to [the|my|his|her|their] left|right hand side",
    "on|to [the|my|his|her|their] left|right [side]",
    "left|right hand side",
    "left|right side|sided",
    "[on] both sides",
    "[on] either side|sides",
    "alternat*",
    "switch*|swap*|change*|changes sides|side",
    "on one side",
    "side|sides : left|right|l|r|lt|rt",
    "side|sides : both|bilateral|alternating|either",
    "one sided",
    "bilateral*",
    "unilateral*",
    NULL};

/* The side a side phrase says. */
static uint8_t side_of_phrase(const story_doc *d, uint32_t first, uint32_t end)
{
    for (uint32_t k = first; k < end; k++) {
        if (story_is(d, k, "left") || story_is(d, k, "l") || story_is(d, k, "lt"))
            return STORY_SIDE_LEFT;
        if (story_is(d, k, "right") || story_is(d, k, "r") || story_is(d, k, "rt"))
            return STORY_SIDE_RIGHT;
        if (story_is(d, k, "both") || story_is(d, k, "bilateral") || story_is(d, k, "bilaterally"))
            return STORY_SIDE_BOTH;
        if (story_is(d, k, "either") || !strncmp(story_token_norm(d, k), "alternat", 8) ||
            (story_is(d, k, "sides") && !story_is(d, k + 1, ":")) ||
            !strncmp(story_token_norm(d, k), "switch", 6) ||
            !strncmp(story_token_norm(d, k), "swap", 4) ||
            !strncmp(story_token_norm(d, k), "change", 6))
            return STORY_SIDE_ALTERNATING;
        if (story_is(d, k, "one") || !strncmp(story_token_norm(d, k), "unilateral", 10))
            return STORY_SIDE_ONE;
    }
    return STORY_SIDE_NONE;
}

/* The side said by single words inside a site's phrase ("corner of my left eye"). */
static uint8_t side_inside(const story_doc *d, uint32_t first, uint32_t end)
{
    for (uint32_t k = first; k < end; k++) {
        if (story_is(d, k, "left"))
            return STORY_SIDE_LEFT;
        if (story_is(d, k, "right"))
            return STORY_SIDE_RIGHT;
        if (story_is(d, k, "both"))
            return STORY_SIDE_BOTH;
    }
    return STORY_SIDE_NONE;
}

static const char *const site_determiners[] = {"my",    "the",   "his", "her",   "their",
                                               "your",  "a",     "an",  "upper", "lower",
                                               "outer", "inner", NULL};

typedef struct site_pass {
    story_ctx *c;
    story_pattern *sites;
    size_t nsites;
    story_pattern *sides;
    size_t nsides;
} site_pass;

/* The longest site phrase at token i: its entry, or -1. */
static int site_at(const site_pass *sp, uint32_t i, uint32_t lim, uint32_t *end)
{
    const story_doc *d = sp->c->doc;
    int best = -1;
    uint32_t best_end = i;
    for (size_t k = 0; k < sp->nsites; k++) {
        uint32_t e;
        if (story_pattern_at(d, &sp->sites[k], i, lim, &e) && e > best_end) {
            best = (int)k;
            best_end = e;
        }
    }
    *end = best_end;
    return best;
}

static bool side_at(const site_pass *sp, uint32_t i, uint32_t lim, uint32_t *end)
{
    for (size_t k = 0; k < sp->nsides; k++)
        if (story_pattern_at(sp->c->doc, &sp->sides[k], i, lim, end))
            return true;
    return false;
}

/* Sites with no side take the clause's side, when it names exactly one. */
static void inherit_sides(story_doc *d, uint32_t from)
{
    uint32_t k = from;
    while (k < d->nfindings) {
        uint32_t clause = d->tokens[d->findings[k].tok_first].clause, e = k;
        uint8_t side = STORY_SIDE_NONE;
        bool many = false;
        while (e < d->nfindings && d->tokens[d->findings[e].tok_first].clause == clause) {
            const story_finding *f = &d->findings[e];
            if (f->side != STORY_SIDE_NONE && f->side != STORY_SIDE_ONE) {
                if (side != STORY_SIDE_NONE && side != f->side)
                    many = true;
                side = f->side;
            }
            e++;
        }
        if (side != STORY_SIDE_NONE && !many)
            for (uint32_t j = k; j < e; j++)
                if (d->findings[j].kind == STORY_SITE && d->findings[j].side == STORY_SIDE_NONE) {
                    d->findings[j].side = side;
                    d->findings[j].flags |= STORY_SIDE_INHERITED;
                }
        k = e;
    }
}

void story_find_sites(story_ctx *c)
{
    story_doc *d = c->doc;
    const story_vocab *v = c->vocab;
    site_pass sp = {c, NULL, 0, NULL, 0};
    if (v->nsites) {
        sp.sites = arena_alloc(c->ar, v->nsites * sizeof *sp.sites);
        if (!sp.sites) {
            c->nomem = true;
            return;
        }
        char why[8];
        for (size_t k = 0; k < v->nsites; k++)
            if (!story_pattern_parse(v->sites[k].phrase, &sp.sites[k], why, sizeof why))
                sp.sites[k].npos = 0; /* checked when the vocabulary was built; never matches */
        sp.nsites = v->nsites;
    }
    sp.sides = story_patterns(c->ar, story_side_phrases, &sp.nsides);
    if (!sp.sides) {
        c->nomem = true;
        return;
    }
    uint32_t first_finding = d->nfindings;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (d->tokens[i].kind == STORY_TOK_PUNCT)
            continue;
        uint32_t lim = story_sentence_end(d, i), end;
        int k = sp.nsites ? site_at(&sp, i, lim, &end) : -1;
        if (k >= 0 && sp.sites[k].npos) {
            uint32_t first = i;
            uint8_t side = side_inside(d, i, end);
            /* a side just before: "left cheekbone", "my right eyelid", "both legs" */
            uint32_t j = i;
            for (int s = 0; s < 2 && j > 0 && story_prev(d, j) != STORY_NONE &&
                            story_is_one_of(d, story_prev(d, j), site_determiners);
                 s++)
                j = story_prev(d, j);
            uint32_t p = j > 0 ? story_prev(d, j) : STORY_NONE;
            if (!side && p != STORY_NONE && story_clause_first(d, p) == story_clause_first(d, i)) {
                uint8_t s = story_is(d, p, "left")    ? STORY_SIDE_LEFT
                            : story_is(d, p, "right") ? STORY_SIDE_RIGHT
                            : story_is(d, p, "both")  ? STORY_SIDE_BOTH
                                                      : STORY_SIDE_NONE;
                if (s) {
                    side = s;
                    first = p;
                    /* "my left eye": the words start at "my" */
                    if (first > 0 && story_prev(d, first) != STORY_NONE &&
                        story_is_one_of(d, story_prev(d, first), site_determiners) &&
                        !story_is(d, story_prev(d, first), "a") &&
                        !story_is(d, story_prev(d, first), "an"))
                        first = story_prev(d, first);
                }
            }
            if (!side)
                side = v->sites[k].side;
            story_finding *f = story_add(c, STORY_SITE, first, end);
            if (!f)
                return;
            f->option = v->sites[k].option;
            f->entry = (uint16_t)k;
            f->side = side;
            i = end - 1;
            continue;
        }
        if (side_at(&sp, i, story_clause_end(d, i), &end)) {
            uint32_t e2;
            if (sp.nsites && site_at(&sp, end, lim, &e2) >= 0 &&
                (story_is(d, end - 1, "left") || story_is(d, end - 1, "right")))
                continue; /* "on the right cheek": the site takes the side */
            uint8_t side = side_of_phrase(d, i, end);
            if (side) {
                story_finding *f = story_add(c, STORY_SIDE, i, end);
                if (!f)
                    return;
                f->side = side;
                i = end - 1;
            }
        }
    }
    /* a side said after a site in the same clause ("cheek, on the left") */
    for (uint32_t k = first_finding; k < d->nfindings; k++) {
        story_finding *f = &d->findings[k];
        if (f->kind != STORY_SIDE)
            continue;
        for (uint32_t j = k; j-- > first_finding;) {
            story_finding *s = &d->findings[j];
            if (d->tokens[s->tok_first].clause != d->tokens[f->tok_first].clause)
                break;
            if (s->kind == STORY_SITE && s->side == STORY_SIDE_NONE)
                s->side = f->side;
        }
    }
    inherit_sides(d, first_finding);
}
