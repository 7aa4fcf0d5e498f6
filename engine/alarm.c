/*
 * alarm.c - emergency phrases: resolving their references when compiling,
 * the public accessors, and matching a person's words against them (the
 * design note is in alarm.h).
 */
#include "alarm.h"

#include <string.h>
#include <strings.h>

#include "compile_internal.h"
#include "session.h"

/* ---- pass 2: red flags and questions ------------------------------------------------ */

/* Appends the questions listed at n (an id or a list of ids) to c->qrefs. */
static uint32_t resolve_questions(cx *c, const node *n)
{
    if (n->kind == NODE_MAP) {
        ERR(n, "type", "a list of question ids was expected, found %s", node_kind_name(n));
        return 0;
    }
    if (n->kind == NODE_SEQ && n->count == 0) {
        ERR(n, "empty", "the list of questions is empty");
        return 0;
    }
    uint32_t count = 0;
    size_t nq = n->kind == NODE_SEQ ? n->count : 1;
    for (size_t i = 0; i < nq; i++) {
        const node *qn = n->kind == NODE_SEQ ? n->kids[i] : n;
        uint32_t q = compile_find(c, &c->kb->idx_questions, &c->questions, qn, "question",
                                  "unknown-question");
        if (q == NO_INDEX)
            continue;
        uint32_t *slot = compile_push(c, &c->qrefs);
        if (!slot)
            return count;
        *slot = q;
        count++;
    }
    return count;
}

void alarm_resolve(cx *c)
{
    for (uint32_t i = 0; i < c->alarms.n && !c->nomem; i++) {
        kb_alarm *a = vec_at(&c->alarms, i);
        const node *rf = node_get(a->where, "red_flag");
        if (rf) {
            a->red_flag = compile_find(c, &c->kb->idx_red_flags, &c->red_flags, rf, "red flag",
                                       "unknown-red-flag");
            if (a->red_flag != NO_INDEX && !node_get(a->where, "level"))
                a->level = ((const kb_red_flag *)vec_at(&c->red_flags, a->red_flag))->level;
        }
        const node *at = node_get(a->where, "at"), *not_at = node_get(a->where, "not_at");
        a->only_at = at != NULL;
        a->first_q = c->qrefs.n;
        if (at || not_at)
            a->nq = resolve_questions(c, at ? at : not_at);
    }
}

/* ---- accessors ------------------------------------------------------------------------ */

size_t tri_kb_alarm_count(const tri_kb *kb)
{
    return kb->nalarms;
}

const char *tri_alarm_id(const tri_kb *kb, size_t phrase)
{
    return phrase < kb->nalarms ? kb->alarms[phrase].id : NULL;
}

tri_level tri_alarm_level(const tri_kb *kb, size_t phrase)
{
    return phrase < kb->nalarms ? (tri_level)kb->alarms[phrase].level : TRI_LEVEL_EMERGENCY;
}

int tri_alarm_red_flag(const tri_kb *kb, size_t phrase)
{
    if (phrase >= kb->nalarms || kb->alarms[phrase].red_flag == NO_INDEX)
        return -1;
    return (int)kb->alarms[phrase].red_flag;
}

const char *tri_alarm_text(const tri_kb *kb, size_t phrase, const char *lang)
{
    return phrase < kb->nalarms ? kb_text_get(&kb->alarms[phrase].text, lang) : NULL;
}

const char *tri_alarm_advice(const tri_kb *kb, size_t phrase, const char *lang)
{
    return phrase < kb->nalarms ? kb_text_get(&kb->alarms[phrase].advice, lang) : NULL;
}

/* ---- matching ------------------------------------------------------------------------- */

static bool is_word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '\'' || (unsigned char)ch >= 0x80;
}

/* Bytes of the clause that starts at text[at] (the clause ends before a
 * sentence mark, a line end, or a word that turns the sentence). */
static size_t clause_length(const char *text, size_t len, size_t at)
{
    static const char *const turns[] = {"but", "however", "although", "though", "except"};
    for (size_t i = at; i < len; i++) {
        char ch = text[i];
        if (ch == '!' || ch == '?' || ch == ';' || ch == '\n' || ch == '\r')
            return i - at;
        if (ch == '.' && (i + 1 == len || text[i + 1] == ' ' || text[i + 1] == '\n'))
            return i - at;
        if (i > at && !is_word_char(text[i - 1]) && is_word_char(ch))
            for (size_t t = 0; t < sizeof turns / sizeof turns[0]; t++) {
                size_t n = strlen(turns[t]);
                if (i + n <= len && strncasecmp(text + i, turns[t], n) == 0 &&
                    (i + n == len || !is_word_char(text[i + n])))
                    return i - at;
            }
    }
    return len - at;
}

static bool applies_at(const tri_kb *kb, const kb_alarm *a, int q)
{
    bool listed = false;
    for (uint32_t i = 0; i < a->nq && q >= 0; i++)
        listed |= kb->qrefs[a->first_q + i] == (uint32_t)q;
    return a->only_at ? listed : !listed;
}

/* The next start after a match beginning at b: one character further. */
static size_t next_start(const char *s, size_t len, size_t b)
{
    b++;
    while (b < len && ((unsigned char)s[b] & 0xC0) == 0x80)
        b++;
    return b;
}

/* Where the search for one `unless` pattern stands in a clause: its latest
 * occurrence [ub, ue) and where to look for the next. Occurrences of the
 * `match` patterns are tried left to right, so an exception that ends
 * before one can be dropped for good: each clause is searched once per
 * pattern, not once per occurrence (a long pasted text stays fast). */
typedef struct cover {
    size_t start, ub, ue;
    bool have, done;
} cover;

/* Whether an `unless` occurrence of a in clause s[0..len) overlaps [mb, me);
 * mb never decreases between calls with the same cursors cv. -2 when PCRE2
 * could not allocate. */
static int is_covered(const tri_kb *kb, const kb_alarm *a, rx_scratch *sc, const char *s,
                      size_t len, size_t mb, size_t me, cover *cv)
{
    for (uint32_t u = 0; u < a->nunless && u < ALARM_MAX_UNLESS; u++) {
        cover *c = &cv[u];
        int idx = kb->option_rx[a->rx_first + a->nmatch + u];
        /* past every occurrence that ends before this one begins */
        while (!c->done && (!c->have || (c->ue <= mb && !(c->ub == c->ue && c->ub == mb)))) {
            if (c->have)
                c->start = c->ue > c->ub ? c->ue : next_start(s, len, c->ub);
            int m = c->start <= len ? rx_match_valid(kb->rx, idx, sc, s, len, c->start) : 0;
            if (m == -2)
                return -2;
            c->have = m == 1 && rx_group(sc, 0, &c->ub, &c->ue);
            c->done = !c->have;
        }
        if (c->have && (c->ub < me ? mb < c->ue : c->ub == mb)) /* overlapping, or both empty */
            return 1;
    }
    return 0;
}

/* Looks for an occurrence of phrase a's patterns that counts in clause
 * s[0..n); 1 (with *mb, *me) when there is one, 0 when not, -2 on no memory. */
static int match_clause(const tri_kb *kb, const kb_alarm *a, rx_scratch *sc, const char *s,
                        size_t n, size_t *mb, size_t *me)
{
    for (uint32_t k = 0; k < a->nmatch; k++) {
        int idx = kb->option_rx[a->rx_first + k];
        cover cv[ALARM_MAX_UNLESS];
        memset(cv, 0, sizeof cv);
        for (size_t start = 0; start <= n;) {
            int m = rx_match_valid(kb->rx, idx, sc, s, n, start);
            if (m == -2)
                return -2;
            if (m != 1 || !rx_group(sc, 0, mb, me))
                break;
            int covered = is_covered(kb, a, sc, s, n, *mb, *me, cv);
            if (covered < 0)
                return covered;
            if (!covered)
                return 1;
            if (*mb >= n)
                break;
            start = next_start(s, n, *mb); /* a later occurrence may count */
        }
    }
    return 0;
}

/* alarm_match on text known to be valid UTF-8. */
static int match_text(const tri_kb *kb, rx_scratch *sc, uint32_t phrase, const char *text,
                      size_t len, tri_alarm *out)
{
    for (size_t at = 0; at < len;) {
        size_t n = clause_length(text, len, at), mb, me;
        int m = match_clause(kb, &kb->alarms[phrase], sc, text + at, n, &mb, &me);
        if (m != 0) {
            if (m == 1 && out) {
                out->phrase = phrase;
                out->begin = at + mb;
                out->end = at + me;
            }
            return m;
        }
        at += n + 1; /* past the mark; a turning word starts the next clause */
        if (at - 1 < len && is_word_char(text[at - 1]))
            at--;
    }
    return 0;
}

int alarm_match(const tri_kb *kb, rx_scratch *sc, uint32_t phrase, const char *text, size_t len,
                tri_alarm *out)
{
    return rx_valid_utf8(text, len) ? match_text(kb, sc, phrase, text, len, out) : 0;
}

int alarm_find(const tri_kb *kb, rx_scratch *sc, int q, const char *text, size_t len,
               tri_alarm *out)
{
    if (!rx_valid_utf8(text, len))
        return 0; /* checked once here, so the matching need not check again */
    /* phrases in file order: the first that counts anywhere in the text */
    for (uint32_t i = 0; i < kb->nalarms; i++) {
        if (!applies_at(kb, &kb->alarms[i], q))
            continue;
        int m = match_text(kb, sc, i, text, len, out);
        if (m != 0)
            return m;
    }
    return 0;
}

bool tri_session_alarm(tri_session *s, int question, const char *text, tri_alarm *out)
{
    if (!s || !text || (question >= 0 && (uint32_t)question >= s->kb->nquestions))
        return false;
    return alarm_find(s->kb, s->sc, question, text, strlen(text), out) == 1;
}
