/*
 * explain.h - what a result says, decided once: the triage level and its
 * reasons, the explanations with their strongest reasons for and against,
 * each look-alike verdict with every separating reason labelled by the side
 * it supports, the advice (filtered and ordered), the safety net
 * (deduplicated, most urgent first), and which of these the short report
 * shows.
 *
 * Place in the pipeline: after inference (infer.c), before rendering
 * (report.c), which turns this structure into text, JSON and HOW and
 * chooses no content of its own. The consistency rules it enforces, which
 * tests/kb/consistency.c checks over every vignette and its one-answer
 * variants:
 *
 *  - advice: the level's own action comes first (at `emergency`: call the
 *    emergency number); no advice about when or whom to see that is less
 *    urgent than the level; no self-care measure at `emergency`; no advice
 *    whose premise (`unless:`) the answers deny; advice for adults is not
 *    given for a child (its `for_child` version is, if any); a parent
 *    answering for a child gets each item's parent_text;
 *  - safety net: a sign (a symptom, tagged with `signs:` in the rules) is
 *    shown at one level only, the most urgent, and never at a level less
 *    urgent than a red flag or triage floor names it; no entry twice; an
 *    explanation's own `seek_help` entries are part of it; a parent reads
 *    each parent text;
 *  - look-alikes: a verdict never points to the side with the lower
 *    confidence, nor to a side whose confidence is 0 or below, and cites
 *    only reasons that favour the side it points to.
 *
 * Memory: every array lives in one block allocated with the session
 * (explain_new, sized from the knowledge base); explain_build allocates
 * nothing and may be called any number of times.
 */
#ifndef TRIAGE_EXPLAIN_H
#define TRIAGE_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "kb.h"
#include "triage/triage.h"

/* How many items the short report shows (the detailed one shows them all). */
#define EXPLAIN_SHORT_REASONS 3 /* reasons for the most likely explanation: the third ... */
#define EXPLAIN_SHORT_REASON_LINES 5 /* ... only if all fit in about this many lines */
#define EXPLAIN_SHORT_ADVICE 3  /* the level's action and the next two items ... */
#define EXPLAIN_SHORT_ADVICE_LINES 6 /* ... while they fit in about this many lines */
#define EXPLAIN_SHORT_NET 3     /* safety-net entries: the broadest emergency one, then the most
                                   relevant, ... */
#define EXPLAIN_SHORT_NET_LINES 7 /* ... while they fit in about this many lines at 80 columns */
#define EXPLAIN_SHORT_HELP 3    /* questions that would help when nothing fits */
#define EXPLAIN_SHORT_LINES 40  /* the short report fits on one screen: about this many lines
                                   at 80 columns, leaving out what the budgets above allow */
#define EXPLAIN_DETAIL_OTHERS 4 /* explanations under "also considered" */
#define EXPLAIN_DETAIL_HELP 8   /* questions that would help when nothing fits */

/* Age at or above which the person counts as an adult for advice `age:`, and
 * below which a child counts for `age: infant`. */
#define EXPLAIN_ADULT_AGE 18
#define EXPLAIN_INFANT_AGE 2

/* Why the level is what it is. */
typedef enum why_kind {
    WHY_RED_FLAG,
    WHY_FLOOR,
    WHY_CONDITION,
    WHY_MUST_NOT_MISS, /* a serious condition below the likely threshold (must_not_miss:) */
    WHY_NOTHING_FITS
} why_kind;

typedef struct explain_why {
    uint8_t kind;   /* why_kind */
    uint32_t index; /* red flag, rule or condition; NO_INDEX for WHY_NOTHING_FITS */
} explain_why;

/* A fired rule's effect on one condition: > 0 for it, < 0 against it. */
typedef struct explain_reason {
    uint32_t rule;
    double effect;
} explain_reason;

typedef struct explain_explanation {
    uint32_t condition;
    bool likely;
    uint32_t first;              /* in ex->reasons: nfor reasons for, strongest first, */
    uint32_t nfor, nagainst;     /* then nagainst reasons against, strongest first */
    uint32_t show_for, show_against; /* how many of each the detailed report shows */
} explain_explanation;

/* A look-alike verdict. */
#define VERDICT_LIST(X) \
    X(POINTS_TO, "points_to")       /* clearly ahead: 0.2 or more, above 0 */ \
    X(LEANS_TO, "leans_to")         /* slightly ahead, above 0 */ \
    X(UNDECIDED, "undecided")       /* the same confidence, above 0 */ \
    X(NEITHER_FITS, "neither_fits") /* neither is above 0 */ \
    X(AGAINST_BOTH, "against_both") /* the answers argue against both */

typedef enum verdict {
#define VERDICT_ENUM(name, text) VERDICT_##name,
    VERDICT_LIST(VERDICT_ENUM)
#undef VERDICT_ENUM
    VERDICT_COUNT
} verdict;

const char *explain_verdict_name(unsigned v);

/* A fired rule on a pair's separating questions that moves the two apart. */
typedef struct explain_separating {
    uint32_t rule;
    uint32_t side;  /* the condition of the pair it favours */
    double weight;  /* how far it moves them apart: |effect on a - effect on b| */
    bool cited;     /* it backs the verdict (it favours the side pointed to) */
} explain_separating;

typedef struct explain_lookalike {
    uint32_t lookalike;
    uint32_t favoured, other; /* POINTS_TO, LEANS_TO: the side pointed to and the other;
                                 otherwise the pair in declared order */
    uint8_t verdict;
    uint32_t first_sep, nsep;   /* in ex->seps, strongest first */
    uint32_t first_help, nhelp; /* in ex->questions: separating questions not answered */
} explain_lookalike;

typedef struct explain_advice {
    uint32_t advice; /* advice index, or NO_INDEX: the level's action from its meaning */
    uint8_t level;
    uint8_t kind;    /* advice_kind */
} explain_advice;

/* Where a safety-net entry comes from: a red flag or a triage floor that did
 * not fire, a screening question left unanswered, or a `seek_help` entry of
 * an explanation the result gives (likely, or must not be missed). */
typedef enum net_kind { NET_RED_FLAG, NET_FLOOR, NET_SCREENING, NET_CONDITION } net_kind;

typedef struct explain_net {
    uint8_t level;
    uint8_t kind;    /* net_kind */
    uint32_t index;  /* red flag, rule, the question not answered, or the condition */
    bool related;    /* it bears on an explanation or look-alike the result shows */
    bool open;       /* the answers leave it open (a test on an unanswered question) */
    bool in_short;   /* the short report shows it */
    uint32_t entry;  /* NET_CONDITION: which of the condition's seek_help entries */
} explain_net;

typedef struct explain {
    const tri_kb *kb;
    uint8_t level;
    bool for_parent;        /* `about` is `child`: texts with a parent_text use it */
    uint8_t child;          /* TV_TRUE: the person is a child; TV_FALSE: an adult; else unknown */
    uint8_t infant;         /* TV_TRUE: a child under 2; TV_FALSE: 2 or older; else unknown */

    explain_why *why;
    uint32_t nwhy;          /* the short report shows why[0] */

    uint32_t *not_checked;  /* screening questions without an answer */
    uint32_t nnot_checked;

    explain_explanation *ex; /* every explanation, in rank order */
    uint32_t nex, nlikely;
    uint32_t detail_others;  /* explanations after the likely ones the detailed report shows */
    uint32_t short_for;      /* reasons for ex[0] the short report shows */
    bool short_summary;      /* the short report shows ex[0]'s summary */
    explain_reason *reasons;

    uint32_t *help;          /* nothing fits: unanswered questions the rules test */
    uint32_t nhelp, short_help;

    explain_lookalike *la;   /* the verdicts shown, in rule-file order */
    uint32_t nla;
    uint32_t short_la;       /* the one the short report answers, or NO_INDEX ... */
    uint32_t short_cite;     /* ... with this reason (in ex->seps), or NO_INDEX: its strongest
                                cited one that the short report does not show already */
    explain_separating *seps;
    uint32_t *questions;     /* would-help lists of the look-alikes */

    uint32_t *factors;       /* contributing factors reported */
    uint32_t nfactors;

    explain_advice *advice;  /* advice[0] is the level's action */
    uint32_t nadvice, short_advice;

    explain_net *net;        /* most urgent first */
    uint32_t nnet;

    /* scratch */
    uint8_t *advice_seen;
    uint8_t *rule_links;      /* nrules x nconditions: the conditions a rule bears on (directly,
                                 or through the facts it sets or tests) */
    uint8_t *shown;           /* per condition: the result shows it */
    uint8_t *flag_open, *flag_related;
    const char **signs_shown; /* signs already in the net ... */
    uint8_t *signs_level;     /* ... and the level each is shown at */
    uint32_t nsigns_shown, signs_cap;
    uint8_t *stakes;          /* per question: most urgent level a rule testing it raises */
    uint32_t *seek_first;     /* per condition: the index of its first seek_help entry ... */
    uint8_t *seek_rank;       /* ... in this table: per entry and `age:`, the most urgent level
                                 a red flag or floor names one of its signs (rank_seek_help) */
    uint32_t action[TRI_LEVEL_COUNT]; /* the `kind: action` advice of each level, or NO_INDEX */
} explain;

/* A structure for results of kb, allocated with alloc; NULL when out of
 * memory. Free with explain_free (NULL is a no-op). */
explain *explain_new(const tri_kb *kb, const tri_allocator *alloc);
void explain_free(explain *ex, const tri_allocator *alloc);

/* Fills s's explain structure from its evaluated result (evaluating it first
 * if needed) and returns it; valid until the session changes. Allocates
 * nothing. */
const explain *explain_build(tri_session *s);

/* The certainty factor rule r gives condition c: > 0 for it, < 0 against it. */
double explain_rule_effect(const tri_kb *kb, uint32_t r, uint32_t c);

/* The text of an advice entry for this result (parent_text for a parent),
 * or NULL for the built-in level action. */
const char *explain_advice_text(const explain *ex, const explain_advice *a, const char *lang);

/* The text of a safety-net entry, written to follow "if" (lang: NULL for
 * English), in its parent's version for a parent. buf holds a composed text
 * (screening questions). */
const char *explain_net_text(const explain *ex, const explain_net *n, const char *lang, char *buf,
                             size_t size);

/* The signs a safety-net entry names (none for a screening question). */
const char *const *explain_net_signs(const tri_kb *kb, const explain_net *n, uint32_t *count);

/* The id of what a safety-net entry comes from (red flag, rule, question or
 * condition), and the name of its kind ("red_flag", "rule", "not_checked",
 * "condition"). */
const char *explain_net_source(const tri_kb *kb, const explain_net *n);
const char *explain_net_kind_name(unsigned kind);

/* A condition's self_care text for this result (parent_self_care for a
 * parent), or NULL. */
const char *explain_self_care(const explain *ex, uint32_t condition, const char *lang);

/* The text of seek_help entry e of a condition for this result (its
 * parent_text for a parent). */
const char *explain_seek_help_text(const explain *ex, const kb_seek_help *e, const char *lang);

#endif
