/*
 * story_phrase.c - phrases: the small pattern language of story words.
 *
 * A phrase names words, not characters ("corner of [my|the|her|his] mouth",
 * "twitch*", "# times"), so it is matched token by token over one sentence
 * and the match always covers whole words, whose byte offsets are known.
 * Phrases are taken apart on each use into a story_pattern on the stack;
 * that costs a few hundred nanoseconds and lets the vocabulary stay plain
 * strings that the rule compiler copies from the rule files. Matching
 * backtracks only over optional positions, and a phrase has at most four,
 * so one match attempt costs at most 16 x 2^4 token comparisons.
 */
#include <stdio.h>

#include "story_internal.h"

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

bool story_pattern_parse(const char *phrase, story_pattern *p, char *why, size_t why_size)
{
    p->npos = 0;
    p->nalt = 0;
    unsigned optional = 0;
    const char *s = phrase;
    if (!s) {
        snprintf(why, why_size, "no phrase");
        return false;
    }
    for (;;) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *w = s;
        while (*s && *s != ' ')
            s++;
        size_t n = (size_t)(s - w);
        if (p->npos >= STORY_MAX_PHRASE_WORDS) {
            snprintf(why, why_size, "a phrase has at most %u words", STORY_MAX_PHRASE_WORDS);
            return false;
        }
        story_pos *pos = &p->pos[p->npos++];
        pos->first = p->nalt;
        pos->nalt = 0;
        pos->optional = false;
        if (w[0] == '[') {
            if (n < 3 || w[n - 1] != ']') {
                snprintf(why, why_size, "'%.*s': an optional word is written '[word]' or '[a|b]'",
                         (int)n, w);
                return false;
            }
            pos->optional = true;
            if (++optional > STORY_MAX_OPTIONAL) {
                snprintf(why, why_size, "a phrase has at most %u optional words",
                         STORY_MAX_OPTIONAL);
                return false;
            }
            w++;
            n -= 2;
        }
        const char *end = w + n;
        for (const char *a = w; a <= end;) {
            const char *b = a;
            while (b < end && *b != '|')
                b++;
            size_t al = (size_t)(b - a);
            if (al == 0) {
                snprintf(why, why_size, "'%.*s': empty alternative", (int)n, w);
                return false;
            }
            if (pos->nalt >= STORY_MAX_PHRASE_ALTS) {
                snprintf(why, why_size, "'%.*s': at most %u alternatives", (int)n, w,
                         STORY_MAX_PHRASE_ALTS);
                return false;
            }
            if (p->nalt >= STORY_MAX_PATTERN_ALTS) {
                snprintf(why, why_size, "a phrase has at most %u alternatives in all",
                         STORY_MAX_PATTERN_ALTS);
                return false;
            }
            for (size_t i = 0; i < al; i++)
                if (a[i] == '[' || a[i] == ']') {
                    snprintf(why, why_size, "'%.*s': unexpected '%c'", (int)n, w, a[i]);
                    return false;
                }
            story_alt *alt = &p->alt[p->nalt++];
            pos->nalt++;
            alt->s = a;
            if (al == 1 && a[0] == '_') {
                alt->kind = STORY_ALT_ANY;
                alt->len = 0;
            } else if (al == 1 && a[0] == '#') {
                alt->kind = STORY_ALT_NUMBER;
                alt->len = 0;
            } else if (al > 1 && a[al - 1] == '*') {
                alt->kind = STORY_ALT_PREFIX;
                alt->len = (uint8_t)(al - 1 > STORY_MAX_NORM ? STORY_MAX_NORM : al - 1);
            } else {
                if (al > STORY_MAX_NORM) {
                    snprintf(why, why_size, "'%.*s...': a word has at most %u bytes", 20, a,
                             STORY_MAX_NORM);
                    return false;
                }
                alt->kind = STORY_ALT_WORD;
                alt->len = (uint8_t)al;
            }
            a = b + 1;
        }
    }
    if (p->npos == 0) {
        snprintf(why, why_size, "empty phrase");
        return false;
    }
    if (optional == p->npos) {
        snprintf(why, why_size, "a phrase needs a word that is not optional");
        return false;
    }
    return true;
}

static bool alt_matches(const story_doc *d, const story_alt *a, uint32_t i)
{
    const story_token *t = &d->tokens[i];
    const char *w = d->norm + t->norm;
    switch (a->kind) {
    case STORY_ALT_ANY:
        return t->kind != STORY_TOK_PUNCT;
    case STORY_ALT_NUMBER:
        return t->kind == STORY_TOK_NUMBER;
    case STORY_ALT_PREFIX:
        if (t->norm_len < a->len)
            return false;
        break;
    default:
        if (t->norm_len != a->len)
            return false;
        break;
    }
    for (size_t k = 0; k < a->len; k++)
        if (w[k] != lower(a->s[k]))
            return false;
    return true;
}

/* A hyphen inside a compound ("year-old", "left-sided"), which phrases skip. */
static bool is_inner_hyphen(const story_doc *d, uint32_t i)
{
    const story_token *t = &d->tokens[i];
    return t->kind == STORY_TOK_PUNCT && d->norm[t->norm] == '-' && (t->flags & STORY_TF_GLUED) &&
           i + 1 < d->ntokens && (d->tokens[i + 1].flags & STORY_TF_GLUED) &&
           d->tokens[i + 1].kind != STORY_TOK_PUNCT;
}

static bool pos_is_hyphen(const story_pattern *p, const story_pos *pos)
{
    for (unsigned k = pos->first; k < pos->first + pos->nalt; k++)
        if (p->alt[k].kind == STORY_ALT_WORD && p->alt[k].len == 1 && p->alt[k].s[0] == '-')
            return true;
    return false;
}

/* Matches positions [k, npos) from token i; with want != STORY_NONE the
 * match must end exactly there. */
static bool match_from(const story_doc *d, const story_pattern *p, unsigned k, uint32_t i,
                       uint32_t lim, uint32_t want, uint32_t *end)
{
    if (k == p->npos) {
        if (want != STORY_NONE && i != want)
            return false;
        *end = i;
        return true;
    }
    const story_pos *pos = &p->pos[k];
    uint32_t at = i;
    if (k > 0 && at < lim && is_inner_hyphen(d, at) && !pos_is_hyphen(p, pos))
        at++;
    if (at < lim)
        for (unsigned a = pos->first; a < pos->first + pos->nalt; a++)
            if (alt_matches(d, &p->alt[a], at)) {
                if (match_from(d, p, k + 1, at + 1, lim, want, end))
                    return true;
                break; /* every alternative consumes one token: one try is enough */
            }
    return pos->optional && match_from(d, p, k + 1, i, lim, want, end);
}

story_pattern *story_patterns(arena *ar, const char *const *list, size_t *n)
{
    size_t count = 0;
    while (list[count])
        count++;
    story_pattern *out = arena_alloc(ar, (count ? count : 1) * sizeof *out);
    if (!out)
        return NULL;
    char why[8];
    *n = 0;
    for (size_t k = 0; k < count; k++)
        if (story_pattern_parse(list[k], &out[*n], why, sizeof why))
            (*n)++;
    return out;
}

bool story_pattern_at(const story_doc *d, const story_pattern *p, uint32_t i, uint32_t lim,
                      uint32_t *end)
{
    if (i >= lim || i >= d->ntokens)
        return false;
    return match_from(d, p, 0, i, lim, STORY_NONE, end);
}

bool story_phrase_check(const char *phrase, char *why, size_t why_size)
{
    story_pattern p;
    return story_pattern_parse(phrase, &p, why, why_size);
}

bool story_phrase_at(const story_doc *d, const char *phrase, uint32_t i, uint32_t *end)
{
    story_pattern p;
    char why[8];
    if (i >= d->ntokens || !story_pattern_parse(phrase, &p, why, sizeof why))
        return false;
    return story_pattern_at(d, &p, i, story_sentence_end(d, i), end);
}

bool story_introduced_by(const story_doc *d, const story_finding *f, const char *phrase)
{
    story_pattern p;
    char why[8];
    if (f->intro_first >= f->intro_end || !story_pattern_parse(phrase, &p, why, sizeof why))
        return false;
    uint32_t end;
    for (uint32_t s = f->intro_first; s < f->intro_end; s++)
        if (match_from(d, &p, 0, s, f->intro_end, f->intro_end, &end))
            return true;
    return false;
}
