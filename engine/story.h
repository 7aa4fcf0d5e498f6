/*
 * story.h - reading a person's own words: the machinery that stories use.
 *
 * A story is free text ("I get twitching from my left cheekbone to the
 * corner of my mouth before sleep, half a second to four seconds, one to
 * four times a night, since September"). story_parse() reads it once into a
 * story_doc: tokens with byte offsets, sentences and clauses, and findings
 * that need no knowledge of the rules - numbers, durations, frequencies,
 * time since a date, ages and sex, who the story is about, body sites with
 * their side - each with the words it came from, and whether those words are
 * negated (NegEx), hedged, or about someone other than the subject.
 *
 * Which answer a finding gives is decided by the knowledge base: the words
 * of sites and the mapping of frequencies to options are data (story_vocab),
 * filled by the rule compiler from the rule files or taken from
 * story_default_vocab. Rule patterns matched elsewhere in the text ask the
 * doc about their byte range: story_is_negated(), story_is_hedged(),
 * story_subject().
 *
 * Memory: everything a doc holds lives in the caller's arena and goes with
 * it; the doc points into the caller's text, which must outlive it. Nothing
 * else is allocated. The library never reads the clock: "since September"
 * is measured from the date the caller passes.
 *
 * Bounded work: the caps below bound memory and time on any input (time is
 * linear in the number of tokens times the size of the vocabulary). Text
 * past a cap is not read, and the doc says so (truncated).
 */
#ifndef TRIAGE_STORY_H
#define TRIAGE_STORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* ---- caps -------------------------------------------------------------- */

#define STORY_MAX_BYTES 65536u     /* bytes of text read; the rest is ignored */
#define STORY_MAX_TOKENS 16384u    /* tokens kept (words, numbers, punctuation) */
#define STORY_MAX_SENTENCES 1024u  /* sentences kept */
#define STORY_MAX_CLAUSES 4096u    /* clauses kept */
#define STORY_MAX_FINDINGS 2048u   /* findings kept */
#define STORY_MAX_SCOPES 2048u     /* negation and hedge scopes kept */
#define STORY_MAX_MENTIONS 1024u   /* mentions of people kept */
#define STORY_MAX_PERSONS 16u      /* distinct people (the narrator is one) */
#define STORY_MAX_CONFLICTS 64u    /* contradictions reported */
#define STORY_MAX_PHRASE_WORDS 16u /* positions in one phrase */
#define STORY_MAX_PHRASE_ALTS 8u   /* alternatives at one position */
#define STORY_MAX_PATTERN_ALTS 32u /* alternatives in one phrase, in all */
#define STORY_MAX_OPTIONAL 4u      /* optional positions in one phrase */
#define STORY_NEGATION_WINDOW 6u   /* default reach of a negation, in words */
#define STORY_HEDGE_WINDOW 12u     /* default reach of a hedge, in words */

/* ---- the vocabulary: data the rule files supply ---------------------- */

/* Periods a frequency is counted in. */
#define STORY_PERIODS(X)                                                                           \
    X(NONE, "")                                                                                    \
    X(EVER, "ever")                                                                                \
    X(SECOND, "second")                                                                            \
    X(MINUTE, "minute")                                                                            \
    X(HOUR, "hour")                                                                                \
    X(DAY, "day")                                                                                  \
    X(NIGHT, "night")                                                                              \
    X(WEEK, "week")                                                                                \
    X(MONTH, "month")                                                                              \
    X(YEAR, "year")                                                                                \
    X(CONTINUOUS, "continuous")

typedef enum story_period {
#define STORY_X(id, name) STORY_PER_##id,
    STORY_PERIODS(STORY_X)
#undef STORY_X
        STORY_NPERIODS
} story_period;

/* Sides of the body. ONE: one side, not said which. */
#define STORY_SIDES(X)                                                                             \
    X(NONE, "")                                                                                    \
    X(LEFT, "left")                                                                                \
    X(RIGHT, "right")                                                                              \
    X(BOTH, "both")                                                                                \
    X(ALTERNATING, "alternating")                                                                  \
    X(ONE, "one side")

typedef enum story_side {
#define STORY_X(id, name) STORY_SIDE_##id,
    STORY_SIDES(STORY_X)
#undef STORY_X
        STORY_NSIDES
} story_side;

/* A body site: the option it gives and one phrase for it (see "Phrases"
 * below). side: a side the words imply ("both eyes": BOTH), else NONE. */
typedef struct story_site_word {
    const char *option;
    const char *phrase;
    uint8_t side;
} story_site_word;

/* Frequencies to options: a frequency of count per period gives option
 * when period matches and min <= count < max (count is the middle of the
 * range said; max = INFINITY includes an unbounded count). The first
 * matching rule wins. */
typedef struct story_frequency_rule {
    const char *option;
    uint8_t period;
    double min, max;
} story_frequency_rule;

/* What a knowledge base supplies. The pointers are the caller's (the rule
 * compiler's arena, or static data); a window of 0 means the default. */
typedef struct story_vocab {
    const story_site_word *sites;
    size_t nsites;
    const story_frequency_rule *frequencies;
    size_t nfrequencies;
    unsigned negation_window, hedge_window;
} story_vocab;

/* Sites and frequency options of the core vocabulary (vocabulary.yaml),
 * for tests and for a knowledge base that supplies none. */
extern const story_vocab story_default_vocab;

/* ---- the parsed story ------------------------------------------------ */

typedef enum story_token_kind {
    STORY_TOK_WORD,
    STORY_TOK_NUMBER,
    STORY_TOK_PUNCT
} story_token_kind;

enum {
    STORY_TF_GLUED = 1,   /* no space between it and the token before */
    STORY_TF_CAPITAL = 2, /* starts with an ASCII capital letter */
    STORY_TF_LINE = 4     /* first token of a line */
};

/* A word, a number or one punctuation mark. Words are lower-cased (ASCII)
 * with typographic apostrophes made plain ("Don’t" -> "don't"). */
typedef struct story_token {
    uint32_t start, end; /* bytes in the text */
    uint32_t norm;       /* offset of its lower-case form in doc->norm (NUL-terminated) */
    uint32_t clause;     /* index in doc->clauses */
    uint16_t norm_len;
    uint8_t kind, flags;
    double value; /* STORY_TOK_NUMBER: its value */
} story_token;

typedef struct story_sentence {
    uint32_t tok_first, tok_end; /* tokens [first, end) */
    uint32_t start, end;         /* bytes */
} story_sentence;

typedef struct story_clause {
    uint32_t tok_first, tok_end;
    uint32_t start, end;
    uint32_t sentence;
    uint8_t person; /* whom it is about: index in doc->persons */
} story_clause;

/* Who a person is to the narrator. The first four are the options of the
 * core question `about`; FAMILY is the family as a whole ("no stroke in the
 * family"), never the subject. */
#define STORY_WHOS(X)                                                                              \
    X(SELF, "self")                                                                                \
    X(CHILD, "child")                                                                              \
    X(PARTNER, "partner")                                                                          \
    X(OTHER, "other")                                                                              \
    X(FAMILY, "family")

typedef enum story_who {
#define STORY_X(id, name) STORY_WHO_##id,
    STORY_WHOS(STORY_X)
#undef STORY_X
        STORY_NWHOS
} story_who;

typedef enum story_sex { STORY_SEX_NONE, STORY_SEX_FEMALE, STORY_SEX_MALE } story_sex;

/* A person the story speaks of. persons[0] is always the narrator. */
typedef struct story_person {
    uint8_t who, sex;
    uint32_t start, end; /* bytes of the first mention */
    char term[16];       /* the noun used ("son", "husband"), or "" */
    int score;           /* evidence that the story is about this person */
} story_person;

/* A mention of a person: "I", "my son", "his" (resolved), "the family". */
typedef struct story_mention {
    uint32_t tok_first, tok_end;
    uint8_t person;
    bool witness;   /* the person only reports ("my wife says", "I noticed") */
    bool owns_body; /* a possessive before a body part ("her eyelid") */
} story_mention;

#define STORY_FINDING_KINDS(X)                                                                     \
    X(NUMBER, "number")                                                                            \
    X(DURATION, "duration")                                                                        \
    X(FREQUENCY, "frequency")                                                                      \
    X(ELAPSED, "elapsed")                                                                          \
    X(AGE, "age")                                                                                  \
    X(SEX, "sex")                                                                                  \
    X(SITE, "site")                                                                                \
    X(SIDE, "side")

typedef enum story_kind {
#define STORY_X(id, name) STORY_##id,
    STORY_FINDING_KINDS(STORY_X)
#undef STORY_X
        STORY_NKINDS
} story_kind;

enum {
    STORY_NEGATED = 1,        /* inside a negation's scope */
    STORY_HEDGED = 2,         /* inside a hedge's scope ("maybe", "I think", "about") */
    STORY_NEEDS_DATE = 4,     /* ELAPSED from a date, but no date was given: no value */
    STORY_SIDE_INHERITED = 8, /* SITE: the side was said once for the clause */
    STORY_VAGUE = 16,         /* the value comes from vague words ("a few", "months") */
    STORY_CONFLICTING = 32    /* part of a reported contradiction */
};

#define STORY_NO_ENTRY 0xFFFFu

/*
 * One thing found, with the words it came from.
 *   NUMBER     lo..hi: a number not used by another finding
 *   DURATION   lo..hi seconds ("0.5-4 s", "for 5 months"); intro: the words before
 *   FREQUENCY  lo..hi times per `period`; option from the vocabulary (or NULL)
 *   ELAPSED    lo..hi seconds from a point in time to the story's date
 *              ("since September", "3 weeks ago", "started in March 2022")
 *   AGE        lo..hi years, of `person`
 *   SEX        `sex`, of `person`
 *   SITE       `option` (vocabulary entry `entry`) with `side`
 *   SIDE       a side said without a site ("on the left")
 */
typedef struct story_finding {
    uint8_t kind, flags, side, period, sex;
    uint8_t person;      /* whom it is about: index in doc->persons */
    uint16_t entry;      /* SITE, FREQUENCY: index in the vocabulary, or STORY_NO_ENTRY */
    uint32_t start, end; /* bytes: the words it came from */
    uint32_t tok_first, tok_end;
    uint32_t intro_first, intro_end; /* tokens introducing it ("for", "lasting", "since", "ago") */
    double lo, hi;
    const char *option; /* SITE, FREQUENCY: option id from the vocabulary, or NULL */
} story_finding;

typedef enum story_scope_kind { STORY_SCOPE_NEGATION, STORY_SCOPE_HEDGE } story_scope_kind;

/* A trigger and the tokens it reaches. */
typedef struct story_scope {
    uint8_t kind;
    uint32_t trig_first, trig_end; /* the trigger's tokens */
    uint32_t first, end;           /* the tokens in its scope */
} story_scope;

/* Two findings that cannot both be true of the subject. */
typedef struct story_conflict {
    uint32_t a, b; /* indexes in doc->findings, a < b */
} story_conflict;

typedef struct story_doc {
    const char *text;       /* the caller's text (not a copy) */
    uint32_t len;           /* bytes read: at most STORY_MAX_BYTES */
    bool truncated;         /* the text, or one of the lists, was cut at its cap */
    uint32_t invalid_bytes; /* bytes that were not UTF-8 (or NUL), read as spaces */
    int32_t today;          /* the story's date, in days since 1970-01-01; INT32_MIN if none */
    bool today_from_text;   /* no date given; the month came from "now it is February" */
    char *norm;             /* lower-case forms of the tokens */
    story_token *tokens;
    story_sentence *sentences;
    story_clause *clauses;
    story_finding *findings;
    story_scope *scopes;
    story_mention *mentions;
    uint32_t ntokens, nsentences, nclauses, nfindings, nscopes, nmentions;
    story_person persons[STORY_MAX_PERSONS];
    uint32_t npersons;
    uint8_t subject; /* whom the story is about: index in persons */
    story_conflict conflicts[STORY_MAX_CONFLICTS];
    uint32_t nconflicts;
} story_doc;

/*
 * Reads text[0..len) into *doc. date is the story's day, "YYYY-MM-DD", or
 * NULL (then spans from dates are reported with STORY_NEEDS_DATE, unless the
 * text names the present month). vocab may be NULL (story_default_vocab).
 * Returns TRI_OK; TRI_ERR_ARG for a malformed date; TRI_ERR_NOMEM when the
 * arena cannot grow (then *doc is empty). Never fails on the text itself:
 * invalid UTF-8 and NUL bytes read as spaces, and text past a cap is left
 * unread with doc->truncated set.
 */
tri_status story_parse(const story_vocab *vocab, const char *text, size_t len, const char *date,
                       arena *ar, story_doc *doc);

/* ---- questions about a range of the text ----------------------------- */

/* Whether the words at bytes [start, end) are in the scope of a negation
 * whose trigger lies outside them ("never" in "it never happens when I'm
 * awake" negates "happens when I'm awake"; a pattern that contains its own
 * "never" is not negated by it). */
bool story_is_negated(const story_doc *doc, uint32_t start, uint32_t end);

/* The same for hedges ("maybe", "I think", "not sure if", "about", "or so"). */
bool story_is_hedged(const story_doc *doc, uint32_t start, uint32_t end);

/* Whom the words at bytes [start, end) are about: the person of their
 * clause (index in doc->persons). */
unsigned story_subject(const story_doc *doc, uint32_t start, uint32_t end);

/* Whether they are about the person the story is about. */
bool story_is_about_subject(const story_doc *doc, uint32_t start, uint32_t end);

/* The index of the first token that ends after byte `at` (ntokens if none). */
uint32_t story_token_at(const story_doc *doc, uint32_t at);

/* The lower-case form of token i. */
static inline const char *story_token_norm(const story_doc *doc, uint32_t i)
{
    return doc->norm + doc->tokens[i].norm;
}

/* ---- phrases --------------------------------------------------------- */

/*
 * A phrase is a sequence of positions separated by spaces, matched against
 * consecutive tokens of one sentence, ignoring case:
 *   word       that word ("cheek"); punctuation is written as itself ("y / o")
 *   word*      any word starting with it ("twitch*": twitches, twitching)
 *   a|b|c      any one of these
 *   [a|b]      optionally one of these
 *   _          any one word or number
 *   #          any number
 * A hyphen between two words in the text ("year-old") is skipped, so write
 * "year old". At most STORY_MAX_PHRASE_WORDS positions, STORY_MAX_PHRASE_ALTS
 * alternatives at one position, STORY_MAX_PATTERN_ALTS in all and
 * STORY_MAX_OPTIONAL optional positions, so that one match attempt is cheap.
 */

/* Whether phrase is well formed; if not, why says what is wrong. */
bool story_phrase_check(const char *phrase, char *why, size_t why_size);

/* Whether phrase matches at token i; *end receives the token after it. */
bool story_phrase_at(const story_doc *doc, const char *phrase, uint32_t i, uint32_t *end);

/* Whether the words of finding f are introduced by phrase: the phrase ends
 * the finding's intro ("for", "lasting", "last*", "since", "ago"). */
bool story_introduced_by(const story_doc *doc, const story_finding *f, const char *phrase);

/* ---- contradictions between answers ---------------------------------- */

/* An answer the caller drew from the story, to check against the others:
 * options (choice, yes_no, multi: a bit per option) or a range (number,
 * duration). In a multi question, `exclusive` bits ("none") stand alone. */
typedef struct story_claim {
    uint32_t question;
    bool is_range, multi;
    uint64_t options, exclusive;
    double lo, hi;
    uint32_t start, end; /* bytes of the words */
} story_claim;

/* Whether two ranges agree: they overlap once each is widened by a quarter
 * (people round: "5 months" agrees with "since September" in February). */
bool story_ranges_agree(double alo, double ahi, double blo, double bhi);

/* Writes the pairs (i, j), i < j, of claims on the same question that
 * cannot both hold into out (at most max); returns how many there are. */
size_t story_find_conflicts(const story_claim *claims, size_t n, story_conflict *out, size_t max);

/* Names, for messages and tests. */
extern const char *const story_kind_names[STORY_NKINDS];
extern const char *const story_who_names[STORY_NWHOS];
extern const char *const story_side_names[STORY_NSIDES];
extern const char *const story_period_names[STORY_NPERIODS];

#endif
