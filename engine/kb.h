/*
 * kb.h - the compiled knowledge base: read-only arrays in one arena.
 *
 * compile.c builds it from the syntax trees, which load.c then frees: the
 * records keep positions (kb_pos) and their own copies of every text and
 * id, nothing of the trees. After that nothing writes to it,
 * so any number of sessions (and threads) can share one. Ids are interned:
 * everything refers to everything else by array index.
 *
 * Kept is what evaluation, the reports and the accessors read: the
 * `references:` of rules, red flags, advice and emergency phrases are
 * checked when compiling but not kept (only a condition's are shown), and
 * only rules keep their position (tri_rule_file).
 *
 * Words: a *test* is a boolean expression of the rule language (a rule's
 * `when`, a question's `ask_if`, an advice item's `unless`): a tree of
 * kb_test nodes, flattened into one array whose children are listed in
 * another (kb_test.first .. first + n in kb->test_kids). A *condition* is
 * always a medical explanation (kb_condition), as in the public API.
 */
#ifndef TRIAGE_KB_H
#define TRIAGE_KB_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "names.h"
#include "quantity.h"
#include "rx.h"

#define NO_INDEX UINT32_MAX

/* Where something was written in the rule files: the file (an index in
 * kb->files), the 1-based line and column, and the characters its first
 * line spans. The knowledge base keeps positions, never the syntax trees,
 * which load.c frees once the rules are compiled and checked.
 *
 * Eight bytes: a file of at most TRI_MAX_FILE_BYTES (2 MiB) has at most
 * 2^21 lines and columns, and there are at most TRI_MAX_FILES (512) files,
 * so line, column and file are exact; len is capped at KB_POS_MAX_LEN. */
#define KB_POS_MAX_LEN 2047u
typedef struct kb_pos {
    uint32_t line : 21, file : 11;
    uint32_t col : 21, len : 11;
} kb_pos;

/* A text a person reads: English plus any translations. */
typedef struct kb_text_alt {
    const char *lang;
    const char *text;
} kb_text_alt;

typedef struct kb_text {
    const char *en;          /* NULL when the text is absent */
    const kb_text_alt *alts; /* translations, ending with {NULL, NULL}; NULL when none */
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
    kb_pos pos;           /* second in every record: where it is declared */
    tri_qtype type;
    kb_text text, parent_text, help;
    const char *unit;
    double min, max; /* -inf/+inf when unbounded */
    kb_option *options;
    uint32_t noptions;
    uint32_t none_option;  /* index of option `none`, or NO_INDEX */
    uint32_t ask_if;       /* test node, or NO_INDEX */
    bool screening;
    bool red_flag;         /* tested by a rule that raises a red flag (directly or via facts) */
    bool bad_type;         /* its type did not parse: tests on it are not checked further */
} kb_question;

/* Test node operators. */
#define TEST_OP_LIST(X) \
    X(ALL) X(ANY) X(NOT) X(AT_LEAST) X(FACT) X(ANSWERED) X(UNKNOWN) \
    X(OPTION_ANY) X(OPTION_ALL) X(OPTION_NONE) X(RANGE) X(MATCH)

typedef enum test_op {
#define TEST_OP_ENUM(name) TEST_##name,
    TEST_OP_LIST(TEST_OP_ENUM)
#undef TEST_OP_ENUM
    TEST_OP_COUNT
} test_op;

/* Where a test node is written and how (kb->test_source): kept only when the
 * knowledge base is loaded with tri_options.keep_source, for the rule trace
 * (tri_node_file, tri_node_text). */
typedef struct kb_test_source {
    kb_pos pos;
    const char *text; /* node_flow_text of the test as written */
} kb_test_source;

/* The bounds of a RANGE test (kb->ranges). */
typedef struct kb_range {
    double lo, hi; /* -inf/+inf when open-ended; durations in seconds */
} kb_range;

/* The pattern of a MATCH test (kb->matches). */
typedef struct kb_match {
    int rx;              /* in kb->rx */
    const char *pattern; /* as written (lint, the public view) */
} kb_match;

/* One node of a test tree: 16 bytes, what its op needs and nothing else
 * (the bounds of a range and a pattern are kept beside, in kb->ranges and
 * kb->matches). */
typedef struct kb_test {
    uint8_t op;
    bool lo_open, hi_open;   /* RANGE: the bound itself is excluded */
    union {
        uint32_t target;     /* FACT: the fact; a test on an answer: the question */
        uint32_t need;       /* AT_LEAST: how many children must be true */
    };
    union {
        struct {
            uint32_t first;  /* ALL, ANY, NOT, AT_LEAST: the first child in test_kids */
            uint32_t n;      /* and how many (NOT: 1) */
        };
        uint64_t mask;       /* OPTION_*: options tested */
        uint32_t range;      /* RANGE: in kb->ranges */
        uint32_t match;      /* MATCH: in kb->matches */
    };
} kb_test;

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
} kb_action;

/* A rule's safety net (kb->nets): what to watch for and when to seek help,
 * written to follow "if", the signs it names and whom it is for. Kept
 * beside the rules: most rules have none. */
typedef struct kb_net {
    kb_text text;              /* `safety_net` */
    kb_text parent_text;       /* `parent_safety_net`: as a parent answering for a child reads it */
    const char *const *signs;  /* `signs:` (see kb_red_flag) */
    uint32_t nsigns;
    uint8_t age;               /* `age:` whom it is for (advice_age) */
} kb_net;

typedef struct kb_rule {
    const char *id;       /* first in every record: see names.h */
    kb_pos pos;           /* second in every record: where it is declared */
    uint32_t when;
    uint32_t first_action, nactions;
    uint32_t first_qref, nqrefs;  /* questions the `when` tests, in kb->qrefs */
    uint32_t net;                 /* its safety net in kb->nets, or NO_INDEX */
    uint8_t raise_level;          /* most urgent level it can force */
    uint8_t floor_level;          /* most urgent `triage` action, or TRI_LEVEL_COUNT */
    bool raises_triage;           /* has a red_flag or triage action */
    bool raises_red_flag;         /* has a `red_flag` action */
    bool sets_fact;
    kb_text because;
} kb_rule;

/* One entry of a condition's `seek_help`: when to seek help sooner than the
 * condition's own level, at `level`, written to follow "if" like a safety
 * net, with the signs it names (see kb_red_flag). The result shows it in
 * the safety net while the condition is likely or must not be missed. */
typedef struct kb_seek_help {
    uint8_t level;
    kb_text text, parent_text;
    const char *const *signs;
    uint32_t nsigns;
} kb_seek_help;

typedef struct kb_condition {
    const char *id;       /* first in every record: see names.h */
    kb_pos pos;           /* second in every record: where it is declared */
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
    const char *const *refs;        /* `references:` (shown with the reasoning, HOW) */
    uint32_t nrefs;
    uint32_t first_rule, nrules;    /* rules that support or oppose it, in kb->cond_rules */
} kb_condition;

typedef struct kb_red_flag {
    const char *id;       /* first in every record: see names.h */
    kb_pos pos;           /* second in every record: where it is declared */
    kb_text text, safety_net, parent_safety_net;
    const char *const *signs; /* `signs:`: ids of the symptoms its safety_net names; the result
                                 shows each sign at one level only (explain.c) */
    uint32_t nsigns;
    uint8_t level;
} kb_red_flag;

typedef struct kb_fact {
    const char *id;       /* first in every record: see names.h */
    kb_pos pos;           /* second in every record: where it is declared */
    kb_text text;
    uint32_t first_setter, nsetters; /* rules, in kb->fact_setters */
} kb_fact;

typedef struct kb_factor {
    const char *id;       /* first in every record: see names.h */
    kb_pos pos;           /* second in every record: where it is declared */
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
    kb_pos pos;           /* second in every record: where it is declared */
    kb_text text, parent_text;
    uint8_t level;
    uint8_t kind;         /* advice_kind */
    uint8_t age;          /* advice_age */
    uint32_t unless;      /* test node: not given when it is true; or NO_INDEX */
    uint32_t for_child;   /* advice given instead to a child, or NO_INDEX */
} kb_advice;

typedef struct kb_lookalike {
    const char *id;       /* first in every record: see names.h */
    kb_pos pos;           /* second in every record: where it is declared */
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
    kb_pos pos;           /* second in every record: where it is declared */
    kb_text text, advice;
    uint8_t level;        /* emergency or urgent (lint) */
    uint32_t red_flag;    /* or NO_INDEX */
    uint32_t rx_first, nmatch, nunless;
    uint32_t first_q, nq; /* the questions of `at` or `not_at` */
    bool only_at;         /* true: only at those questions; false: at every other one */
} kb_alarm;

struct tri_kb {
    arena *ar;
    rx_set *rx;
    qty_grammar grammar;
    char version[32];
    uint32_t nfiles;
    const char **files; /* the rule files' names, as given to the loader */

    kb_question *questions;
    uint32_t nquestions;
    kb_condition *conditions;
    uint32_t nconditions;
    kb_rule *rules;
    uint32_t nrules;
    kb_net *nets;         /* the rules' safety nets */
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

    kb_test *tests;
    uint32_t ntests;
    kb_range *ranges;
    kb_match *matches;
    kb_test_source *test_source; /* per test, or NULL (tri_options.keep_source) */
    uint32_t *test_kids;
    kb_action *actions;
    uint32_t *qrefs;
    uint32_t *advice_refs;
    uint32_t *cond_rules;
    uint32_t *fact_setters;
    int *option_rx;             /* pattern indices of options and of emergency phrases */

    id_index idx_questions, idx_conditions, idx_rules, idx_red_flags, idx_facts, idx_factors,
        idx_advice, idx_lookalikes;
};

/* Rule r's safety net, or NULL when it has none. */
static inline const kb_net *kb_rule_net(const tri_kb *kb, const kb_rule *r)
{
    return r->net == NO_INDEX ? NULL : &kb->nets[r->net];
}

/* Whether rule r has a safety-net text. */
static inline bool kb_rule_has_net(const tri_kb *kb, const kb_rule *r)
{
    const kb_net *n = kb_rule_net(kb, r);
    return n && n->text.en;
}

#endif
