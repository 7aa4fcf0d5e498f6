/*
 * kb.h - the compiled knowledge base: read-only arrays in one arena.
 *
 * compile.c builds it from the syntax tree; after that nothing writes to it,
 * so any number of sessions (and threads) can share one. Ids are interned:
 * everything refers to everything else by array index. Condition trees are
 * flattened into one array of nodes whose children are listed in another
 * (kb_cond.first .. first + n in kb->cond_kids).
 */
#ifndef TRIAGE_KB_H
#define TRIAGE_KB_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "loader.h"
#include "names.h"
#include "quantity.h"
#include "rx.h"

#define NO_INDEX UINT32_MAX

/* A text a person reads: English plus any translations. */
typedef struct kb_text_alt {
    const char *lang;
    const char *text;
} kb_text_alt;

typedef struct kb_text {
    const char *en; /* NULL when the text is absent */
    const kb_text_alt *alts;
    uint32_t nalts;
} kb_text;

/* The text in lang, falling back to English; NULL if absent. */
const char *kb_text_get(const kb_text *t, const char *lang);

typedef struct kb_option {
    const char *id;
    kb_text text, parent_text;
    uint32_t rx_first, rx_count; /* patterns in kb->option_rx */
} kb_option;

typedef struct kb_question {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    tri_qtype type;
    kb_text text, parent_text, help;
    const char *unit;
    double min, max; /* -inf/+inf when unbounded */
    kb_option *options;
    uint32_t noptions;
    uint32_t none_option;  /* index of option `none`, or NO_INDEX */
    uint32_t ask_if;       /* condition node, or NO_INDEX */
    bool screening;
    bool red_flag;         /* tested by a rule that raises a red flag (directly or via facts) */
    bool bad_type;         /* its type did not parse: tests on it are not checked further */
} kb_question;

/* Condition node operators. */
#define COND_OP_LIST(X) \
    X(ALL) X(ANY) X(NOT) X(AT_LEAST) X(FACT) X(ANSWERED) X(UNKNOWN) \
    X(OPTION_ANY) X(OPTION_ALL) X(OPTION_NONE) X(RANGE) X(MATCH)

typedef enum cond_op {
#define COND_OP_ENUM(name) COND_##name,
    COND_OP_LIST(COND_OP_ENUM)
#undef COND_OP_ENUM
    COND_OP_COUNT
} cond_op;

typedef struct kb_cond {
    uint8_t op;
    bool lo_open, hi_open; /* RANGE */
    uint32_t n;            /* ALL/ANY/AT_LEAST: children; AT_LEAST: also need */
    uint32_t need;         /* AT_LEAST */
    uint32_t first;        /* ALL/ANY/NOT/AT_LEAST: first child in cond_kids */
    uint32_t target;       /* question or fact index */
    uint64_t mask;         /* OPTION_*: options tested */
    double lo, hi;         /* RANGE */
    int rx;                /* MATCH */
    const node *where;
} kb_cond;

/* Rule actions. */
typedef enum action_kind {
    ACT_SUPPORT,
    ACT_OPPOSE,
    ACT_SET,
    ACT_TRIAGE,
    ACT_RED_FLAG,
    ACT_ADVISE,
    ACT_FACTOR
} action_kind;

typedef struct kb_action {
    uint8_t kind;
    uint32_t target; /* condition, fact, red flag, advice or factor index; level for TRIAGE */
    double cf;
    const node *where;
} kb_action;

typedef struct kb_rule {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    uint32_t when;
    uint32_t first_action, nactions;
    uint32_t first_qref, nqrefs;  /* questions the `when` tests, in kb->qrefs */
    kb_text because, safety_net;
    kb_text parent_safety_net;    /* the safety_net as a parent answering for a child reads it */
    const char *const *signs;     /* `signs:` of its safety_net (see kb_red_flag) */
    uint8_t net_age;              /* `age:` whom its safety_net is for (advice_age) */
    uint32_t nsigns;
    bool raises_triage;           /* has a red_flag or triage action */
    uint8_t raise_level;          /* most urgent level it can force */
    uint8_t floor_level;          /* most urgent `triage` action, or TRI_LEVEL_COUNT */
    bool raises_red_flag;         /* has a `red_flag` action */
    bool sets_fact;
    const char *const *refs;
    uint32_t nrefs;
} kb_rule;

/* One entry of a condition's `seek_help`: when to seek help sooner than the
 * condition's own level, at `level`, written to follow "if" like a safety
 * net, with the signs it names (see kb_red_flag). The result shows it in
 * the safety net while the condition is likely or must not be missed. */
typedef struct kb_seek_help {
    const node *where;
    uint8_t level;
    kb_text text, parent_text;
    const char *const *signs;
    uint32_t nsigns;
} kb_seek_help;

typedef struct kb_condition {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    kb_text name, summary, distinguishing, self_care, doctor;
    kb_text parent_self_care;       /* self_care as a parent answering for a child reads it */
    kb_text seek_help;              /* `seek_help` given as a plain text (no level, no signs) */
    const kb_seek_help *seek;       /* `seek_help` given as a list of entries */
    uint32_t nseek;
    const char *icd10;
    uint8_t level;
    double prior;                   /* base rate as evidence: > 0 for, < 0 against; 0 none */
    double must_not_miss;           /* confidence from which `level` is a triage floor; 0 none */
    uint32_t first_advice, nadvice; /* in kb->advice_refs */
    const char *const *refs;
    uint32_t nrefs;
    uint32_t first_rule, nrules;    /* rules that support or oppose it, in kb->cond_rules */
} kb_condition;

typedef struct kb_red_flag {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    kb_text text, safety_net, parent_safety_net;
    const char *const *signs; /* `signs:`: ids of the symptoms its safety_net names; the result
                                 shows each sign at one level only (explain.c) */
    uint32_t nsigns;
    uint8_t level;
    const char *const *refs;
    uint32_t nrefs;
} kb_red_flag;

typedef struct kb_fact {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    kb_text text;
    uint32_t first_setter, nsetters; /* rules, in kb->fact_setters */
} kb_fact;

typedef struct kb_factor {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    kb_text name, advice;
} kb_factor;

/* What an advice item is about: the action of its level (shown first when
 * the result is at that level), when or whom to see, or a measure the person
 * takes. */
#define ADVICE_KIND_LIST(X) X(MEASURE, "measure") X(CARE, "care") X(ACTION, "action")

typedef enum advice_kind {
#define ADVICE_KIND_ENUM(name, text) ADVICE_##name,
    ADVICE_KIND_LIST(ADVICE_KIND_ENUM)
#undef ADVICE_KIND_ENUM
    ADVICE_KIND_COUNT
} advice_kind;

/* Whom an advice item or a rule's safety net is for (`age:`): anyone, adults,
 * children (under 18), or children under 2 (infants and toddlers). */
#define ADVICE_AGE_LIST(X) X(ANY, "any") X(ADULT, "adult") X(CHILD, "child") X(INFANT, "infant")

typedef enum advice_age {
#define ADVICE_AGE_ENUM(name, text) AGE_##name,
    ADVICE_AGE_LIST(ADVICE_AGE_ENUM)
#undef ADVICE_AGE_ENUM
    ADVICE_AGE_COUNT
} advice_age;

static inline const char *advice_kind_name(unsigned kind)
{
#define ADVICE_NAME(name, text) text,
    static const char *const names[] = {ADVICE_KIND_LIST(ADVICE_NAME)};
    return kind < ADVICE_KIND_COUNT ? names[kind] : "?";
}

static inline const char *advice_age_name(unsigned age)
{
    static const char *const names[] = {ADVICE_AGE_LIST(ADVICE_NAME)};
#undef ADVICE_NAME
    return age < ADVICE_AGE_COUNT ? names[age] : "?";
}

typedef struct kb_advice {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    kb_text text, parent_text;
    uint8_t level;
    uint8_t kind;         /* advice_kind */
    uint8_t age;          /* advice_age */
    uint32_t unless;      /* condition node: not given when it is true; or NO_INDEX */
    uint32_t for_child;   /* advice given instead to a child, or NO_INDEX */
    const char *const *refs;
    uint32_t nrefs;
} kb_advice;

typedef struct kb_lookalike {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    uint32_t a, b; /* conditions */
    kb_text question;
    uint32_t first_q, nq; /* separating questions, in kb->qrefs */
} kb_lookalike;

/* An emergency described in a person's own words (the `emergency:` section;
 * alarm.c matches them). Patterns are indices in kb->option_rx: `match`
 * from rx_first, then `unless`; questions (`at` or `not_at`) are in
 * kb->qrefs. */
typedef struct kb_alarm {
    const char *id;       /* first in every record: see names.h */
    const node *where;    /* second in every record: the declaration */
    kb_text text, advice;
    uint8_t level;        /* emergency or urgent (lint) */
    uint32_t red_flag;    /* or NO_INDEX */
    uint32_t rx_first, nmatch, nunless;
    uint32_t first_q, nq; /* the questions of `at` or `not_at` */
    bool only_at;         /* true: only at those questions; false: at every other one */
    const char *const *refs;
    uint32_t nrefs;
} kb_alarm;

struct tri_kb {
    arena *ar;
    rx_set *rx;
    qty_grammar grammar;
    char version[32];
    uint32_t nfiles;
    const node **roots; /* one syntax tree per file, kept for lint */

    kb_question *questions;
    uint32_t nquestions;
    kb_condition *conditions;
    uint32_t nconditions;
    kb_rule *rules;
    uint32_t nrules;
    kb_red_flag *red_flags;
    uint32_t nred_flags;
    kb_fact *facts;
    uint32_t nfacts;
    kb_factor *factors;
    uint32_t nfactors;
    kb_advice *advice;
    uint32_t nadvice;
    kb_lookalike *lookalikes;
    uint32_t nlookalikes;
    kb_alarm *alarms;
    uint32_t nalarms;

    kb_cond *conds;
    uint32_t nconds;
    uint32_t *cond_kids;
    kb_action *actions;
    uint32_t *qrefs;
    uint32_t *advice_refs;
    uint32_t *cond_rules;
    uint32_t *fact_setters;
    int *option_rx;             /* pattern indices of options and of emergency phrases */

    id_index idx_questions, idx_conditions, idx_rules, idx_red_flags, idx_facts, idx_factors,
        idx_advice, idx_lookalikes;
};

#endif
