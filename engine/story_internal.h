/*
 * story_internal.h - what the story_* modules share, and nothing else sees.
 *
 * story_parse() runs the passes in order over one story_ctx: split (tokens,
 * sentences, clauses), people (mentions, persons, subject), ages, dates,
 * frequencies, durations, numbers, sites, scopes (negation and hedges), then
 * flags and conflicts. A pass that turns tokens into a finding marks them
 * used, so that later passes do not read "3 weeks" of "3 weeks ago" again.
 */
#ifndef TRIAGE_STORY_INTERNAL_H
#define TRIAGE_STORY_INTERNAL_H

#include <string.h>

#include "story.h"

/* Extra token flag, internal: a blank line comes before the token. */
#define STORY_TF_PARAGRAPH 8

/* Lower-case forms longer than this are cut (no word we match is longer). */
#define STORY_MAX_NORM 63u

typedef struct story_ctx {
    story_doc *doc;
    const story_vocab *vocab;
    arena *ar;     /* the caller's: patterns parsed for this story live here */
    uint8_t *used; /* per token: taken by a finding */
    bool nomem;    /* a pass could not allocate */
} story_ctx;

/* ---- story_split.c ---- */

/* Tokens, sentences and clauses of text[0..len) (len already capped).
 * false when the arena cannot grow. */
bool story_split(story_doc *d, arena *ar, const char *text, size_t len);

/* ---- story_phrase.c ---- */

typedef struct story_alt {
    const char *s;
    uint8_t len;
    uint8_t kind; /* STORY_ALT_* */
} story_alt;

enum { STORY_ALT_WORD, STORY_ALT_PREFIX, STORY_ALT_ANY, STORY_ALT_NUMBER };

typedef struct story_pos {
    uint8_t first, nalt; /* alternatives alt[first .. first + nalt) */
    bool optional;
} story_pos;

/* A phrase taken apart; points into the phrase string. */
typedef struct story_pattern {
    story_alt alt[STORY_MAX_PATTERN_ALTS];
    story_pos pos[STORY_MAX_PHRASE_WORDS];
    uint8_t npos, nalt;
} story_pattern;

bool story_pattern_parse(const char *phrase, story_pattern *p, char *why, size_t why_size);

/* Parses the phrases of a NULL-terminated list (built in, known to be
 * valid) into the arena; *n receives how many. NULL when out of memory. */
story_pattern *story_patterns(arena *ar, const char *const *list, size_t *n);

/* Matches p at token i, not past token lim; *end: the token after. */
bool story_pattern_at(const story_doc *d, const story_pattern *p, uint32_t i, uint32_t lim,
                      uint32_t *end);

/* ---- story.c: small helpers every pass uses ---- */

/* Adds a finding over tokens [first, end); NULL (and doc->truncated) when full. */
story_finding *story_add(story_ctx *c, story_kind kind, uint32_t first, uint32_t end);

/* Marks tokens [first, end) used; whether any of them already was. */
void story_use(story_ctx *c, uint32_t first, uint32_t end);
bool story_any_used(const story_ctx *c, uint32_t first, uint32_t end);

static inline bool story_is(const story_doc *d, uint32_t i, const char *w)
{
    return i < d->ntokens && d->tokens[i].kind != STORY_TOK_NUMBER &&
           strcmp(d->norm + d->tokens[i].norm, w) == 0;
}

/* Whether token i is one of the words of list (NULL-terminated). */
bool story_is_one_of(const story_doc *d, uint32_t i, const char *const *list);

static inline bool story_is_word(const story_doc *d, uint32_t i)
{
    return i < d->ntokens && d->tokens[i].kind == STORY_TOK_WORD;
}

static inline bool story_is_number(const story_doc *d, uint32_t i)
{
    return i < d->ntokens && d->tokens[i].kind == STORY_TOK_NUMBER;
}

/* The token after the sentence / clause of token i. */
uint32_t story_sentence_end(const story_doc *d, uint32_t i);
uint32_t story_clause_first(const story_doc *d, uint32_t i);
uint32_t story_clause_end(const story_doc *d, uint32_t i);

/* The word before / after token i in its sentence, skipping glued hyphens
 * inside compounds; `none` (UINT32_MAX) at the sentence edge. */
#define STORY_NONE UINT32_MAX
uint32_t story_prev(const story_doc *d, uint32_t i);
uint32_t story_next(const story_doc *d, uint32_t i);

/* ---- story_numbers.c ---- */

typedef struct story_num {
    double lo, hi;
    uint32_t end; /* the token after the number */
    bool vague;   /* "a few", "several", "many" */
    bool article; /* just "a" / "an" (one, only before a unit) */
} story_num;

/* Reads one number ("0.5", "twenty-five", "half a", "a few", "a couple of",
 * "a dozen") at token i, not past lim. */
bool story_number_one(const story_doc *d, uint32_t i, uint32_t lim, story_num *n);

/* Reads a number or a range of them ("one to four", "3-4", "20~29",
 * "between 1 and 2", "2 or 3"). */
bool story_number_range(const story_doc *d, uint32_t i, uint32_t lim, story_num *n);

/* Seconds in the time unit at token i ("s", "seconds", "min", "months");
 * 0 when it is not one. *end: the token after. */
double story_time_unit(const story_doc *d, uint32_t i, uint32_t *end);

/* Reads a length of time at token i: "0.5-4 s", "half a second to four
 * seconds", "a second or two", "less than a minute", "an hour and a half".
 * lo, hi in seconds. */
bool story_duration_at(const story_doc *d, uint32_t i, uint32_t lim, story_num *n);

void story_find_frequencies(story_ctx *c);
void story_find_durations(story_ctx *c);
void story_find_numbers(story_ctx *c);

/* The intro of a quantity at token i: up to 3 words before it in its
 * clause, skipping hedges and "from" / "between". */
void story_set_intro(const story_doc *d, story_finding *f);

/* ---- story_dates.c ---- */

/* doc->today from "YYYY-MM-DD"; false if malformed. */
bool story_set_date(story_doc *d, const char *date);
/* With no date: the present month named in the text ("now it is February"). */
void story_date_from_text(story_doc *d);
void story_find_elapsed(story_ctx *c);

/* ---- story_people.c ---- */

void story_find_people(story_ctx *c);
void story_find_ages(story_ctx *c);

/* ---- story_sites.c ---- */

void story_find_sites(story_ctx *c);

/* ---- story_negation.c ---- */

/* Negation and hedge scopes (after the quantities, which "about" hedges). */
void story_find_scopes(story_ctx *c);
bool story_in_scope(const story_doc *d, uint8_t kind, uint32_t first, uint32_t end);

/* The built-in phrase lists (NULL-terminated), for the test that checks
 * every one of them parses. */
extern const char *const story_continuous_phrases[];
extern const char *const story_family_phrases[];
extern const char *const story_side_phrases[];
extern const char *const story_pre_negations[];
extern const char *const story_pseudo_negations[];
extern const char *const story_post_negations[];
extern const char *const story_hedges[];

/* ---- story_conflicts.c ---- */

void story_find_doc_conflicts(story_doc *d);

#endif
