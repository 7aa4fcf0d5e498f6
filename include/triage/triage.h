/*
 * triage.h - the one public header of the triage engine.
 *
 * A knowledge base (tri_kb) is loaded once from YAML rule files, compiled into
 * read-only arrays, and shared by any number of sessions. A session
 * (tri_session) holds one person's answers, evaluates them against the
 * knowledge base and renders the result as text or JSON. The library never
 * prints, exits or reads the environment: problems are reported through a
 * diagnostic callback and a caller-owned tri_error.
 *
 * Ownership: every pointer returned by a tri_kb_* accessor lives as long as
 * the knowledge base; every pointer returned by a tri_session_* accessor lives
 * until the next call that changes or re-renders that session.
 *
 * Thread safety: the library has no global state. A tri_kb is read-only once
 * loaded and may be shared by any number of threads. A tri_session, a
 * tri_interview and a tri_cases are each used by one thread at a time (give
 * every thread its own; an interview also uses its session). Callbacks and
 * the allocator hook run on the thread that made the call.
 */
#ifndef TRIAGE_TRIAGE_H
#define TRIAGE_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header, the one place it is written: CMake reads the
 * numbers (package version, SONAME) and checks TRI_VERSION against them. */
#define TRI_VERSION_MAJOR 0
#define TRI_VERSION_MINOR 1
#define TRI_VERSION_PATCH 0
#define TRI_VERSION "0.1.0"
#define TRI_VERSION_NUMBER (TRI_VERSION_MAJOR * 10000 + TRI_VERSION_MINOR * 100 + TRI_VERSION_PATCH)

/* The version of the library in use (with a shared library, it can be newer
 * than the header a program was compiled with): "0.1.0" and 100. */
const char *tri_version(void);
int tri_version_number(void);

#define TRI_FORMAT 1 /* highest rule/answers file format this library reads */

/* The version of every JSON output (its "format" member: a result, an eval
 * summary, a lint report): raised when a member changes meaning or goes
 * away; new members may appear without it (the schemas in docs/). */
#define TRI_OUTPUT_FORMAT 1

/* Confidence at or above which an explanation is reported as likely. */
#define TRI_LIKELY_THRESHOLD 0.3

/* Hostile-input limits (documented in the README). */
#define TRI_MAX_FILE_BYTES (2u << 20)   /* one rule, answers or case file */
#define TRI_MAX_DEPTH 48                 /* YAML nesting */
#define TRI_MAX_FILES 512                /* files in one knowledge base */
#define TRI_MAX_OPTIONS 64               /* options of one question */
#define TRI_MAX_TEXT_ANSWER 4096         /* bytes of one text answer */
#define TRI_MAX_DIAGNOSTICS 100          /* errors and warnings reported per file */
#define TRI_MAX_EXCERPT 160              /* characters of a source line shown with one */

typedef enum tri_status {
    TRI_OK = 0,
    TRI_ERR_IO,      /* a file could not be read */
    TRI_ERR_INVALID, /* the input had errors (reported through diagnostics) */
    TRI_ERR_NOMEM,   /* an allocation failed */
    TRI_ERR_LIMIT,   /* the input exceeded a documented limit */
    TRI_ERR_ARG      /* the caller passed something unusable */
} tri_status;

/* Triage levels, most urgent first (a smaller value is more urgent). */
#define TRI_LEVEL_LIST(X) \
    X(EMERGENCY, "emergency") \
    X(URGENT, "urgent") \
    X(SOON, "soon") \
    X(ROUTINE, "routine") \
    X(SELF_CARE, "self_care")

typedef enum tri_level {
#define TRI_LEVEL_ENUM(name, text) TRI_LEVEL_##name,
    TRI_LEVEL_LIST(TRI_LEVEL_ENUM)
#undef TRI_LEVEL_ENUM
    TRI_LEVEL_COUNT
} tri_level;

/* Question types. */
#define TRI_QTYPE_LIST(X) \
    X(NUMBER, "number") \
    X(CHOICE, "choice") \
    X(MULTI, "multi") \
    X(YES_NO, "yes_no") \
    X(DURATION, "duration") \
    X(TEXT, "text")

typedef enum tri_qtype {
#define TRI_QTYPE_ENUM(name, text) TRI_Q_##name,
    TRI_QTYPE_LIST(TRI_QTYPE_ENUM)
#undef TRI_QTYPE_ENUM
    TRI_Q_COUNT
} tri_qtype;

const char *tri_level_name(tri_level level);        /* "emergency", ... */
const char *tri_level_meaning(tri_level level);     /* one sentence for a person */
bool tri_level_parse(const char *name, tri_level *out);
const char *tri_qtype_name(tri_qtype type);

/* ---- diagnostics ------------------------------------------------------ */

typedef enum tri_severity { TRI_SEV_ERROR, TRI_SEV_WARNING, TRI_SEV_NOTE } tri_severity;

typedef struct tri_diag {
    tri_severity severity;
    const char *file;        /* as given to the loader; never NULL */
    unsigned line, column;   /* 1-based; 0 when the problem has no position */
    unsigned length;         /* characters to underline, at least 1 */
    const char *message;     /* lower case, no final period */
    const char *check;       /* short name of the check, e.g. "unknown-key" */
    const char *source_line; /* that line (no line break), or NULL; a long line is cut to
                                at most TRI_MAX_EXCERPT characters around the column */
    size_t source_line_len;
    unsigned source_first_column; /* column of the line where source_line starts (1 unless
                                     cut; 0 when there is no source_line) */
    bool source_cut;              /* the line goes on after source_line */
} tri_diag;

/* Called once per diagnostic; the pointers are valid only during the call. */
typedef void (*tri_diag_fn)(const tri_diag *diag, void *ctx);

/* The first error of a call, kept for callers that do not collect
 * diagnostics. Filling it never allocates. */
typedef struct tri_error {
    tri_status status;
    unsigned errors, warnings; /* counts of diagnostics reported by the call */
    char file[256];
    unsigned line, column;
    char message[384];
} tri_error;

/* An allocator hook: used for every allocation of the engine, PCRE2 and the
 * loader's own structures (libyaml allocates with malloc; see the README). */
typedef struct tri_allocator {
    void *(*malloc)(size_t size, void *ctx);
    void *(*realloc)(void *ptr, size_t size, void *ctx);
    void (*free)(void *ptr, void *ctx);
    void *ctx;
} tri_allocator;

typedef struct tri_options {
    const tri_allocator *allocator; /* NULL: the C library's */
    tri_diag_fn on_diag;            /* NULL: diagnostics only fill tri_error */
    void *diag_ctx;
    bool lint;                      /* also run the lint checks (docs/lint.md) after loading */
} tri_options;

/* ---- knowledge base ---------------------------------------------------- */

typedef struct tri_kb tri_kb;

/* One rule file held in memory (the embedded default knowledge base). */
typedef struct tri_source {
    const char *name;
    const char *data;
    size_t size;
} tri_source;

/* Loads a knowledge base from a file or a directory of .yaml files (read
 * recursively, in name order). Reports every problem through opt->on_diag.
 * Returns NULL on any error; err says why. The caller frees the result with
 * tri_kb_free. opt and err may be NULL. */
tri_kb *tri_kb_load(const char *path, const tri_options *opt, tri_error *err);

/* Same, from sources held in memory (names are used in diagnostics). */
tri_kb *tri_kb_load_sources(const tri_source *sources, size_t count, const tri_options *opt,
                            tri_error *err);

/* The knowledge base in rules/, compiled into the library at build time. */
const tri_source *tri_default_sources(size_t *count);
tri_kb *tri_kb_load_default(const tri_options *opt, tri_error *err);

void tri_kb_free(tri_kb *kb);

/* "fnv1a64:" and 16 hex digits over the names and bytes of the rule files. */
const char *tri_kb_version(const tri_kb *kb);
size_t tri_kb_file_count(const tri_kb *kb);

/* Questions. Indices run from 0 to tri_kb_question_count() - 1, in the order
 * the files define them. Texts take a language tag (NULL = English) and fall
 * back to English. */
size_t tri_kb_question_count(const tri_kb *kb);
int tri_kb_question_find(const tri_kb *kb, const char *id); /* -1 if none */
/* The question id nearest a misspelt one, for "did you mean"; NULL if none is near. */
const char *tri_kb_question_suggest(const tri_kb *kb, const char *id);
const char *tri_question_id(const tri_kb *kb, size_t q);
tri_qtype tri_question_type(const tri_kb *kb, size_t q);
const char *tri_question_text(const tri_kb *kb, size_t q, const char *lang, bool for_parent);
const char *tri_question_help(const tri_kb *kb, size_t q, const char *lang); /* or NULL */
const char *tri_question_unit(const tri_kb *kb, size_t q);                  /* or NULL */
bool tri_question_bounds(const tri_kb *kb, size_t q, double *min, double *max);
bool tri_question_is_screening(const tri_kb *kb, size_t q);
bool tri_question_is_red_flag(const tri_kb *kb, size_t q); /* tested by a rule raising a red flag */
size_t tri_question_option_count(const tri_kb *kb, size_t q);
const char *tri_question_option_id(const tri_kb *kb, size_t q, size_t option);
const char *tri_question_option_text(const tri_kb *kb, size_t q, size_t option, const char *lang);

/* A question's ask_if as data (for exporters such as FHIR's enableWhen).
 * A condition of the rule language (docs/rule-language.md: `when`, `ask_if`)
 * is a tree of nodes, numbered from 0 within the knowledge base: a
 * combinator (all, any, not, at_least) with sub-nodes, or a leaf that tests
 * a fact or one question's answer. */
#define TRI_NODE_LIST(X) \
    X(ALL, "all")          /* every sub-node is true */ \
    X(ANY, "any")          /* some sub-node is true */ \
    X(NOT, "not")          /* its one sub-node is false */ \
    X(AT_LEAST, "at_least") /* at least `need` sub-nodes are true */ \
    X(FACT, "fact")        /* the derived fact `fact` is set */ \
    X(ANSWERED, "answered") /* the question has a real answer */ \
    X(UNKNOWN, "unknown")  /* the question is unknown or unanswered */ \
    X(ANY_OF, "any_of")    /* the answer is (includes) one of `options` */ \
    X(ALL_OF, "all_of")    /* the answer includes all of `options` (multi) */ \
    X(NONE_OF, "none_of")  /* the answer includes none of `options` */ \
    X(RANGE, "range")      /* the number or duration lies within lo..hi */ \
    X(MATCHES, "matches")  /* the text answer matches `pattern` */

typedef enum tri_node_kind {
#define TRI_NODE_ENUM(name, text) TRI_NODE_##name,
    TRI_NODE_LIST(TRI_NODE_ENUM)
#undef TRI_NODE_ENUM
    TRI_NODE_COUNT
} tri_node_kind;

typedef struct tri_node {
    tri_node_kind kind;
    size_t count;        /* ALL, ANY, AT_LEAST: sub-nodes (NOT: 1); leaves: 0 */
    size_t need;         /* AT_LEAST */
    size_t question;     /* ANSWERED .. MATCHES: the question's index */
    uint64_t options;    /* ANY_OF, ALL_OF, NONE_OF: bit i stands for option i */
    double lo, hi;       /* RANGE: -inf/+inf when open-ended; durations in seconds */
    bool lo_open, hi_open; /* RANGE: the bound itself is excluded (lt, gt) */
    const char *fact;    /* FACT: the fact's id; else NULL */
    const char *pattern; /* MATCHES: the pattern as written; else NULL */
} tri_node;

const char *tri_node_kind_name(tri_node_kind kind); /* "all", "any_of", ... */
/* The root node of question q's ask_if, or -1 when it has none. */
int tri_question_ask_if(const tri_kb *kb, size_t q);
/* Describes node n (n < the number of nodes; an index from this API). */
void tri_kb_node(const tri_kb *kb, size_t n, tri_node *out);
/* The index of the k-th sub-node of n (k < its count). */
size_t tri_node_child(const tri_kb *kb, size_t n, size_t k);

/* Conditions (explanations), rules and red flags. */
size_t tri_kb_condition_count(const tri_kb *kb);
int tri_kb_condition_find(const tri_kb *kb, const char *id);
const char *tri_condition_id(const tri_kb *kb, size_t c);
const char *tri_condition_name(const tri_kb *kb, size_t c, const char *lang);
tri_level tri_condition_level(const tri_kb *kb, size_t c);

/* Which conditions can become likely when every question is answered but not
 * while question q is unknown (every other answer free): sets unreachable[c]
 * for each condition c (the caller's array of tri_kb_condition_count()
 * entries). A static analysis of the rules that over-approximates what can
 * fire, so a condition it lists is certainly unreachable. Returns TRI_OK, or
 * TRI_ERR_NOMEM with the array unchanged. */
tri_status tri_kb_unreachable_without(const tri_kb *kb, size_t q, bool *unreachable);

size_t tri_kb_rule_count(const tri_kb *kb);
const char *tri_rule_id(const tri_kb *kb, size_t r);
const char *tri_rule_file(const tri_kb *kb, size_t r, unsigned *line, unsigned *column);

size_t tri_kb_red_flag_count(const tri_kb *kb);
int tri_kb_red_flag_find(const tri_kb *kb, const char *id);
const char *tri_red_flag_id(const tri_kb *kb, size_t f);
tri_level tri_red_flag_level(const tri_kb *kb, size_t f);

/* ---- sessions ---------------------------------------------------------- */

typedef struct tri_session tri_session;

/* A session for kb, which must outlive it. Returns NULL on allocation failure. */
tri_session *tri_session_new(const tri_kb *kb, const tri_options *opt, tri_error *err);
void tri_session_free(tri_session *s);

/* The knowledge base the session was created for. */
const tri_kb *tri_session_kb(const tri_session *s);

/* Forgets every answer (keeps the memory for reuse). */
void tri_session_clear(tri_session *s);

/* Answers question q from text as a person would type it or an answers file
 * would hold it: an option id or words matching an option, a list for multi
 * questions ("cheek, mouth_corner"), a number, a duration ("0.5-4 s",
 * "half a second to four seconds"), yes/no, or "unknown". On error nothing
 * changes and err->message says what was expected. */
tri_status tri_session_answer(tri_session *s, size_t q, const char *text, tri_error *err);

/* Answers question q from values as an answers file holds them (the strict
 * path of tri_session_load_answers): option ids, not words (several only for
 * a multi question), yes/no/true/false, a number, a duration, a text;
 * "unknown" alone marks q unknown. For readers of other formats (FHIR).
 * On error nothing changes and err->message says what was expected. */
tri_status tri_session_answer_values(tri_session *s, size_t q, const char *const *values,
                                     size_t count, tri_error *err);

/* The day the answers describe (YYYY-MM-DD; NULL to forget it), used for
 * relative times such as "since September". Answers files set it with
 * `date:`; the library never reads the clock. */
tri_status tri_session_set_date(tri_session *s, const char *date);
const char *tri_session_date(const tri_session *s); /* or NULL */

/* Marks q as answered "unknown", or removes its answer. */
void tri_session_answer_unknown(tri_session *s, size_t q);
void tri_session_unanswer(tri_session *s, size_t q);

typedef enum tri_answer_state { TRI_UNANSWERED, TRI_ANSWER_UNKNOWN, TRI_ANSWERED } tri_answer_state;
tri_answer_state tri_session_answer_state(const tri_session *s, size_t q);
/* The answer as it would be written in an answers file ("sleep_onset",
 * "[cheek, mouth_corner]", "0.5-4 s"), or NULL if unanswered. */
const char *tri_session_answer_text(const tri_session *s, size_t q);

/* Reads an answers file (YAML with an `answers:` mapping; see docs). name is
 * used in diagnostics. Problems go through the session's diagnostic callback;
 * returns TRI_ERR_INVALID if there were any (answers read before the first
 * error are kept). */
tri_status tri_session_load_answers(tri_session *s, const char *name, const char *data, size_t size,
                                    tri_error *err);
tri_status tri_session_load_answers_file(tri_session *s, const char *path, tri_error *err);
/* Reads one JSON object mapping question ids to answers (a JSON Lines record). */
tri_status tri_session_load_answers_json(tri_session *s, const char *name, unsigned line,
                                         const char *data, size_t size, tri_error *err);

/* Evaluates the answers: derived facts to a fixpoint, firing, certainty,
 * ranking, triage. Allocates nothing. */
void tri_session_evaluate(tri_session *s);

/* ---- results (valid after tri_session_evaluate) ------------------------ */

tri_level tri_result_level(const tri_session *s);
size_t tri_result_explanation_count(const tri_session *s);
/* The condition index ranked at position rank (0 = first). */
size_t tri_result_explanation(const tri_session *s, size_t rank, double *confidence, bool *likely);
size_t tri_result_red_flag_count(const tri_session *s);
size_t tri_result_red_flag(const tri_session *s, size_t i); /* red-flag index */
bool tri_result_rule_fired(const tri_session *s, size_t rule);
bool tri_result_nothing_fits(const tri_session *s);

typedef struct tri_report_options {
    const char *lang;   /* NULL = English */
    unsigned width;     /* wrap text at this many columns; 0 = 80 */
    bool color;         /* ANSI colours */
    bool pretty;        /* JSON: indented (otherwise one line) */
    bool detail;        /* text: everything (otherwise the short report, one screen) */
} tri_report_options;

/* Renders the result. The returned text is owned by the session and valid
 * until the next render or tri_session_free; NULL on allocation failure.
 * Text is short by default (the level with one line of why, the most likely
 * explanation with its strongest reasons, one look-alike verdict, what to
 * do, when to seek help sooner, the disclaimer); ro->detail shows
 * everything. JSON always carries everything. */
const char *tri_session_report_json(tri_session *s, const tri_report_options *ro, size_t *len);
const char *tri_session_report_text(tri_session *s, const tri_report_options *ro, size_t *len);
/* The full reasoning (HOW) for one condition. */
const char *tri_session_report_how(tri_session *s, size_t condition, const tri_report_options *ro,
                                   size_t *len);
/* The answers as an answers file (format 1), loadable by tri_session_load_answers. */
const char *tri_session_answers_yaml(tri_session *s, size_t *len);

/* ---- emergencies in a person's own words -------------------------------- */

/* The `emergency:` section of the rule files lists emergency phrases:
 * patterns for an emergency described in plain words ("I think I'm having a
 * stroke", "he's fitting", "can't breathe"), exceptions for ordinary uses
 * ("no stroke in the family", "a fit of laughter"), the red flag or level
 * each stands for and what to do (docs/rule-language.md#emergency-phrases).
 * Any front end checks each answer a person types before interpreting it;
 * tri_interview_answer does so itself. */
typedef struct tri_alarm {
    size_t phrase;     /* which emergency phrase (0 .. tri_kb_alarm_count() - 1) */
    size_t begin, end; /* the words that matched: bytes [begin, end) of the text checked */
} tri_alarm;

size_t tri_kb_alarm_count(const tri_kb *kb);
const char *tri_alarm_id(const tri_kb *kb, size_t phrase);
tri_level tri_alarm_level(const tri_kb *kb, size_t phrase);  /* emergency or urgent */
int tri_alarm_red_flag(const tri_kb *kb, size_t phrase);      /* red-flag index, or -1 */
/* What the words describe ("Signs of a stroke") and what to do, beyond
 * calling for help at once, which a front end always says first. */
const char *tri_alarm_text(const tri_kb *kb, size_t phrase, const char *lang);
const char *tri_alarm_advice(const tri_kb *kb, size_t phrase, const char *lang);

/* Whether text, typed as the answer to question (its index, or -1 for no
 * particular question), describes an emergency. Returns true and fills *out
 * (may be NULL) for the first phrase that matches; false when none does or
 * when text is not valid UTF-8. Uses s's scratch space and allocates
 * nothing; s's answers are not touched. */
bool tri_session_alarm(tri_session *s, int question, const char *text, tri_alarm *out);

/* ---- why rules fired or not (for debugging rules) ---------------------- */

/* What evaluation made of a rule. */
#define TRI_RULE_OUTCOME_LIST(X) \
    X(FIRED, "fired")           /* its `when` is true: every action applied */ \
    X(WORST_CASE, "worst_case") /* true only when an answer that meets a range in part counts \
                                   as meeting it: its red flags and triage applied, its \
                                   evidence did not */ \
    X(NOT_FIRED, "not_fired")   /* its `when` is false */ \
    X(UNKNOWN, "unknown")       /* its `when` is undecided: an answer it needs is missing */

typedef enum tri_rule_outcome {
#define TRI_RULE_OUTCOME_ENUM(name, text) TRI_RULE_##name,
    TRI_RULE_OUTCOME_LIST(TRI_RULE_OUTCOME_ENUM)
#undef TRI_RULE_OUTCOME_ENUM
    TRI_RULE_OUTCOME_COUNT
} tri_rule_outcome;

/* Three-valued truth, as conditions are evaluated. */
typedef enum tri_truth { TRI_TRUTH_FALSE, TRI_TRUTH_TRUE, TRI_TRUTH_UNKNOWN } tri_truth;

const char *tri_rule_outcome_name(tri_rule_outcome outcome); /* "fired", "not_fired", ... */
const char *tri_truth_name(tri_truth value);                  /* "false", "true", "unknown" */

/* Why rule r has its outcome. node is the test (a node index, as for
 * tri_kb_node) that decided it: for NOT_FIRED the first test that failed,
 * for UNKNOWN (and WORST_CASE) the first test that could not be decided; -1
 * for FIRED. value is that test's own value, negated whether it lies under
 * an odd number of `not` (a test that failed by being true). question is the
 * question the test is about; for an unknown fact, the question whose
 * missing answer leaves it unknown (-1 when there is none). */
typedef struct tri_rule_trace {
    tri_rule_outcome outcome;
    int node;
    tri_truth value;
    bool negated;
    int question;
} tri_rule_trace;

/* Explains rule r in session s, which must be evaluated (TRI_ERR_ARG
 * otherwise, or when r is out of range). Allocates nothing. */
tri_status tri_session_trace_rule(const tri_session *s, size_t r, tri_rule_trace *out);

/* The root node of rule r's `when`, or -1. */
int tri_rule_when(const tri_kb *kb, size_t r);
/* Where node n is written: the file (owned by kb), and its *line, *column. */
const char *tri_node_file(const tri_kb *kb, size_t n, unsigned *line, unsigned *column);
/* Node n as the rule language writes it ("timing: sleep_onset", "duration:
 * {gt: 1 min}"), NUL-terminated in buf, cut short to size bytes; returns the
 * length of the whole text. */
size_t tri_node_text(const tri_kb *kb, size_t n, char *buf, size_t size);
/* The value of node n in evaluated session s (unknown before evaluation). */
tri_truth tri_session_node_value(const tri_session *s, size_t n);

/* ---- interviews (docs/interview.md) ------------------------------------- */

/* An interview chooses the questions to ask a person, one at a time, on top
 * of a session that holds the answers: the emergency screen first, then
 * `about`, then every red-flag question, then the question whose answer can
 * most change the top three explanations or the triage level, until no
 * question could. It also explains why a question is asked (WHY), undoes
 * answers, and evaluates what-ifs without touching the real answers. */
typedef struct tri_interview tri_interview;

/* Why a question is asked. */
#define TRI_ASK_REASON_LIST(X) \
    X(SCREEN, "screen") \
    X(CONTEXT, "context") \
    X(RED_FLAG, "red_flag") \
    X(PREREQUISITE, "prerequisite") \
    X(INFORMATIVE, "informative")

typedef enum tri_ask_reason {
#define TRI_ASK_REASON_ENUM(name, text) TRI_ASK_##name,
    TRI_ASK_REASON_LIST(TRI_ASK_REASON_ENUM)
#undef TRI_ASK_REASON_ENUM
    TRI_ASK_REASON_COUNT
} tri_ask_reason;

const char *tri_ask_reason_name(tri_ask_reason reason);    /* "red_flag", ... */
const char *tri_ask_reason_meaning(tri_ask_reason reason); /* one sentence for a person */

/* The next question and where the interview stands. */
typedef struct tri_next {
    size_t question;       /* question index */
    tri_ask_reason reason;
    double score;          /* how much its answer could change the result (0: not at all) */
    size_t number;         /* 1-based position of this question among those asked */
    size_t estimate;       /* about how many questions the interview will ask in all */
} tri_next;

/* An interview over s (the caller keeps ownership of s, which must outlive
 * the interview). Answers already in s (a resumed interview) count as given
 * and are not asked again. Allocates all its scratch space here: choosing a
 * question allocates nothing. NULL on allocation failure (err says so). */
tri_interview *tri_interview_new(tri_session *s, const tri_options *opt, tri_error *err);
void tri_interview_free(tri_interview *iv);

/* The session holding the real answers (the one passed to _new). */
tri_session *tri_interview_session(const tri_interview *iv);

/* Chooses the next question. Returns false when the interview is complete:
 * tri_interview_stop_reason() then says why. Evaluates the session. */
bool tri_interview_next(tri_interview *iv, tri_next *next);
const char *tri_interview_stop_reason(const tri_interview *iv);

/* Answers question q (any question, not only the one proposed) from text as
 * tri_session_answer reads it; "unknown" and its synonyms mark it unknown.
 * The change can be undone with tri_interview_back. On error nothing changes
 * and err->message says what was expected.
 * First the text is checked for an emergency described in words
 * (tri_session_alarm): when it describes one, the call returns TRI_OK,
 * tri_interview_alarm() says which, the text is kept as the answer only if
 * it is one (or the words after the match are: "yes, 1"), and the interview
 * stops: tri_interview_next returns false until tri_interview_back. */
tri_status tri_interview_answer(tri_interview *iv, size_t q, const char *text, tri_error *err);
/* The emergency the last answer described in words, or NULL. */
const tri_alarm *tri_interview_alarm(const tri_interview *iv);
/* Answers q "unknown" (skip). */
tri_status tri_interview_skip(tri_interview *iv, size_t q);
/* Undoes the last answer given through the interview (and the emergency it
 * described, if any); that question is the next one proposed. Returns its
 * index, or -1 if there is nothing to undo. */
int tri_interview_back(tri_interview *iv);
/* Questions asked so far through this interview (answers and skips). */
size_t tri_interview_asked(const tri_interview *iv);
/* Whether question q was asked through this interview. */
bool tri_interview_was_asked(const tri_interview *iv, size_t q);

/* True when `about` is answered `child`: texts are phrased for a parent. */
bool tri_interview_for_parent(const tri_interview *iv);
/* Question and option texts, phrased for a parent when that applies. */
const char *tri_interview_question_text(const tri_interview *iv, size_t q, const char *lang);
const char *tri_interview_option_text(const tri_interview *iv, size_t q, size_t option,
                                      const char *lang);

/* WHY for question q: why it is asked, which explanations it tests and what
 * each possible answer would do to the result. Text owned by the interview,
 * valid until its next call; NULL on allocation failure. */
const char *tri_interview_why_text(tri_interview *iv, size_t q, const tri_report_options *ro,
                                   size_t *len);
/* Why the triage level of the answers so far is what it is, for a person
 * leaving before the end: each red flag at that level, each rule setting
 * that level as a floor, each likely explanation usually managed at it.
 * Calls fn once per reason with its source ("red_flag", "rule",
 * "condition"), its id and a sentence in lang (valid during the call);
 * returns how many. Evaluates the session. */
typedef void (*tri_reason_fn)(const char *source, const char *id, const char *text, void *ctx);
size_t tri_interview_level_reasons(tri_interview *iv, const char *lang, tri_reason_fn fn,
                                   void *ctx);

/* The question `next` as one line of JSON (the `triage ask --format json`
 * protocol): {"type":"question", "question":{...}, "progress":{...},
 * "rationale":{...}}. Same ownership as above. */
const char *tri_interview_question_json(tri_interview *iv, const tri_next *next,
                                        const tri_report_options *ro, size_t *len);

/* What-if: the result with q answered text instead, the real answers left
 * alone. Returns a scratch session owned by the interview (evaluated; render
 * it with the tri_session_report_* functions), valid until the next
 * interview call; NULL if text is not a valid answer (err says why). */
tri_session *tri_interview_what_if(tri_interview *iv, size_t q, const char *text, tri_error *err);

/* Runs the interview to the end answering each question from `from` (a
 * session on the same knowledge base), "unknown" where it has no answer.
 * Returns the number of questions asked. Used to measure the interview on
 * the vignettes (docs/interview.md). */
size_t tri_interview_replay(tri_interview *iv, const tri_session *from);

/* One line of the JSON protocol read by `triage ask --format json`. */
#define TRI_ASK_COMMAND_LIST(X) \
    X(ANSWER, "answer") \
    X(SKIP, "skip") \
    X(BACK, "back") \
    X(WHY, "why") \
    X(HELP, "help") \
    X(RESULT, "result") \
    X(HOW, "how") \
    X(WHAT_IF, "what_if") \
    X(SAVE, "save") \
    X(QUIT, "quit")

typedef enum tri_ask_command {
#define TRI_ASK_COMMAND_ENUM(name, text) TRI_CMD_##name,
    TRI_ASK_COMMAND_LIST(TRI_ASK_COMMAND_ENUM)
#undef TRI_ASK_COMMAND_ENUM
    TRI_CMD_COUNT
} tri_ask_command;

typedef struct tri_ask_input {
    tri_ask_command command;
    int question;          /* "question": index, or -1 for the current question */
    const char *answer;    /* "answer": text (a list is joined with ", "), or NULL */
    int condition;         /* "condition" (how): index, or -1 */
    const char *file;      /* "file" (save), or NULL */
} tri_ask_input;

/* Reads one JSON object: {"answer": "sleep_onset"}, {"answer": ["cheek",
 * "jaw"], "question": "location"}, {"command": "back"}, {"command": "how",
 * "condition": "hypnic_jerks"}, {"command": "what_if", "question": "timing",
 * "answer": "awake_only"}, {"command": "save", "file": "a.yaml"}. Strings in
 * *in are owned by the interview until its next call. Returns TRI_ERR_INVALID
 * with err->message on a malformed line. */
tri_status tri_interview_parse_json(tri_interview *iv, const char *line, size_t len,
                                    tri_ask_input *in, tri_error *err);

/* ---- case files (the vignettes `triage eval` runs; see docs/eval.md) --- */

/* A case file is YAML: optional `format: 1` and a `cases:` list; each case
 * has `id`, optional `source` and `note`, `answers` (as in an answers file)
 * and optional `expect`. A tri_cases is a list of cases checked against one
 * knowledge base: every id in it is resolved when it is loaded. */
typedef struct tri_cases tri_cases;

/* The expectation keys, in the order they are checked. */
#define TRI_EXPECT_LIST(X) \
    X(TOP, "top")                         /* the first explanation is one of these */ \
    X(IN_TOP3, "in_top3")                 /* each is among the first three */ \
    X(NOT_IN_TOP3, "not_in_top3")         /* none is among the first three with a confidence \
                                             above 0 (only argued against is not "in") */ \
    X(TRIAGE, "triage")                   /* the level is one of these (the first is expected) */ \
    X(TRIAGE_AT_LEAST, "triage_at_least") /* the level is this urgent or more */ \
    X(RED_FLAGS, "red_flags")             /* each red flag is raised; `none`: no red flag is */ \
    X(NOT_LIKELY, "not_likely")           /* none is likely (confidence below the threshold) */

typedef enum tri_expect {
#define TRI_EXPECT_ENUM(name, text) TRI_EXPECT_##name,
    TRI_EXPECT_LIST(TRI_EXPECT_ENUM)
#undef TRI_EXPECT_ENUM
    TRI_EXPECT_COUNT
} tri_expect;

const char *tri_expect_name(tri_expect key); /* "top", "in_top3", ... */

/* An empty list for kb (which must outlive it). opt gives the allocator and
 * the diagnostic callback used by every later call. NULL on allocation
 * failure. Free with tri_cases_free. */
tri_cases *tri_cases_new(const tri_kb *kb, const tri_options *opt, tri_error *err);
void tri_cases_free(tri_cases *cs);

/* Forgets every case (keeps the memory for reuse): a large suite is loaded
 * one file at a time. */
void tri_cases_clear(tri_cases *cs);

/* Appends the cases of one case file (path), of every .yaml/.yml file under a
 * directory (recursively, in name order), or of bytes in memory (name is used
 * in diagnostics). Every problem is reported with file:line:col through the
 * diagnostic callback, with "did you mean" for misspelt ids. A case with an
 * error is left out (and listed by tri_cases_problem) and the call returns
 * TRI_ERR_INVALID; the file's other cases are kept. TRI_ERR_IO, TRI_ERR_LIMIT,
 * TRI_ERR_NOMEM as their names say. */
tri_status tri_cases_add_path(tri_cases *cs, const char *path, tri_error *err);
tri_status tri_cases_add_data(tri_cases *cs, const char *name, const char *data, size_t size,
                              tri_error *err);

/* Calls fn with the path of every case file that tri_cases_add_path(path)
 * would read, in the same order (path itself when it is a file). fn returns
 * false to stop. TRI_ERR_IO when path cannot be read; the strings passed to
 * fn are valid only during the call. */
typedef bool (*tri_path_fn)(const char *path, void *ctx);
tri_status tri_case_files(const char *path, tri_path_fn fn, void *ctx, tri_error *err);

/* What was left out because of errors, in file order: each case with errors,
 * and each file with errors outside any case (a syntax error, a bad `format`,
 * no `cases:` list). Strings live until tri_cases_clear or tri_cases_free. */
typedef struct tri_case_problem {
    const char *file;
    unsigned line, column;   /* the case's mapping (`- id:`); whole_file: its first error */
    const char *id;          /* the case's id, or NULL (whole_file, or the id itself is bad) */
    bool whole_file;         /* errors of the file, not of one case */
    const char *message;     /* the first error's message */
    unsigned error_line, error_column; /* the first error's position (0: none) */
    unsigned errors;         /* how many errors were reported for it */
} tri_case_problem;

size_t tri_cases_problem_count(const tri_cases *cs);
/* Fills *out with problem k (k < tri_cases_problem_count). */
void tri_cases_problem(const tri_cases *cs, size_t k, tri_case_problem *out);

/* Cases are numbered 0 .. tri_cases_count() - 1 in file order. Strings live
 * until tri_cases_clear or tri_cases_free. */
size_t tri_cases_count(const tri_cases *cs);
/* The number of the case with this id, or -1. */
int tri_cases_find(const tri_cases *cs, const char *id);
const char *tri_case_id(const tri_cases *cs, size_t i);
const char *tri_case_source(const tri_cases *cs, size_t i); /* or NULL */
const char *tri_case_note(const tri_cases *cs, size_t i);   /* or NULL */
/* The case file's name; *line and *column (either may be NULL) get the
 * position of the case's mapping (the line of `- id:`). */
const char *tri_case_file(const tri_cases *cs, size_t i, unsigned *line, unsigned *column);

/* The case's answers, in file order. tri_case_answer returns the question
 * index of the k-th answer and sets *text (may be NULL) to the answer in
 * answers-file form ("sleep_onset", "[cheek, mouth_corner]", "0.5-4 s",
 * "unknown"). tri_case_answer_find returns k for question q, or -1. */
size_t tri_case_answer_count(const tri_cases *cs, size_t i);
size_t tri_case_answer(const tri_cases *cs, size_t i, size_t k, const char **text);
int tri_case_answer_find(const tri_cases *cs, size_t i, size_t q);

/* Sets the k-th answer of case i in s, exactly as an answers file would
 * (the strict path). s must be a session of the cases' knowledge base
 * (TRI_ERR_ARG otherwise). */
tri_status tri_case_answer_apply(const tri_cases *cs, size_t i, size_t k, tri_session *s,
                                 tri_error *err);
/* Clears s, then sets every answer of case i. */
tri_status tri_case_apply(const tri_cases *cs, size_t i, tri_session *s, tri_error *err);

/* The expectations of case i. has: the key is present. count: its entries
 * (0 for `red_flags: none`). item: the n-th entry, a condition index (top,
 * in_top3, not_in_top3, not_likely), a tri_level (triage, triage_at_least)
 * or a red-flag index (red_flags). */
bool tri_case_has_expect(const tri_cases *cs, size_t i, tri_expect key);
size_t tri_case_expect_count(const tri_cases *cs, size_t i, tri_expect key);
size_t tri_case_expect_item(const tri_cases *cs, size_t i, tri_expect key, size_t n);

/* How one evaluated case scores on the figures of the summary. */
typedef struct tri_case_score {
    bool has_top;      /* `top` given */
    bool top1;         /* the first explanation is in `top` */
    bool top3;         /* an id of `top` is among the first three */
    bool has_triage;   /* `triage` given */
    bool triage_ok;    /* the level is in `triage` */
    bool under_triage; /* less urgent than every level in `triage` */
    bool over_triage;  /* more urgent than every level in `triage` */
    unsigned red_flags_expected, red_flags_raised; /* of those in `red_flags` */
    unsigned failures;
} tri_case_score;

/* Called once per failed expectation, with a message such as "expected
 * triage routine, got soon" (valid only during the call). */
typedef void (*tri_failure_fn)(tri_expect key, const char *message, void *ctx);

/* Checks session s (evaluated first if it is not) against the expectations
 * of case i: calls fn (may be NULL) once per failure, fills score (may be
 * NULL) and returns the number of failures (0: the case passed). */
size_t tri_case_check(const tri_cases *cs, size_t i, tri_session *s, tri_case_score *score,
                      tri_failure_fn fn, void *ctx);

/* Called once per expectation entry checked, passed or not, with why:
 * "the top explanation is hypnic_jerks (confidence 0.64)", "expected triage
 * routine, got soon" (valid only during the call). */
typedef void (*tri_expect_fn)(tri_expect key, bool passed, const char *message, void *ctx);

/* Checks s against case i as tri_case_check does, calling fn (not NULL) for
 * every entry of every expectation; returns the number of failures. For
 * debugging one case (`triage eval --case ID`). */
size_t tri_case_explain(const tri_cases *cs, size_t i, tri_session *s, tri_expect_fn fn,
                        void *ctx);

#ifdef __cplusplus
}
#endif
#endif
