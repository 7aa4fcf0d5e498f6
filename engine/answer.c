/*
 * answer.c - answer text to answer values (answer.h): option ids and words,
 * lists, numbers, durations, texts and "unknown", read strictly as files
 * hold them or leniently as a person types them; and the public doors that
 * lead here (tri_session_answer, tri_session_answer_values,
 * tri_session_answer_unknown).
 *
 * Every failure is a status: TRI_ERR_INVALID with a message saying what was
 * expected and the index of the item at fault, or TRI_ERR_NOMEM. Callers
 * never read the message to learn what happened.
 */
#include "answer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rx.h"

/* One call of answer_set: the question, how to read it, and where a failure goes. */
typedef struct request {
    tri_session *s;
    const kb_question *q;
    answer_mode mode;
    char who[80];   /* the question as messages name it */
    char *why;
    size_t why_size;
    size_t bad;     /* the item at fault, or ANSWER_WHOLE */
} request;

/* What an answer becomes before anything is stored: its value and its
 * canonical text. Room for the longest text, and for the longest list:
 * every one of 64 options, each id at most 63 characters, with ", "
 * between and brackets around. */
typedef struct parsed {
    answer a;
    char canon[TRI_MAX_TEXT_ANSWER + TRI_MAX_OPTIONS * 2 + 64];
    size_t clen;
} parsed;

static tri_status invalid(request *r, size_t bad, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records why the answer is refused, and the item at fault. */
static tri_status invalid(request *r, size_t bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, r->why_size, fmt, ap);
    va_end(ap);
    r->bad = bad;
    return TRI_ERR_INVALID;
}

static tri_status out_of_memory(request *r)
{
    snprintf(r->why, r->why_size, "out of memory");
    return TRI_ERR_NOMEM;
}

/* ---- words ----------------------------------------------------------------------- */

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n' ||
                  (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '.'))
        (*n)--;
}

static bool eq_words(const char *a, size_t n, const char *b)
{
    /* case-insensitive, '_' in b also matches a space in a */
    size_t bl = strlen(b);
    if (bl != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (y == '_' && (x == ' ' || x == '-'))
            continue;
        if (x != y)
            return false;
    }
    return true;
}

static bool is_unknown_word(const char *s, size_t n)
{
    static const char *const words[] = {"unknown", "don't know", "dont know", "do not know",
                                        "not sure", "unsure", "no idea", "idk"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (eq_words(s, n, words[i]))
            return true;
    return false;
}

static void list_options(const kb_question *q, char *why, size_t size, const char *prefix)
{
    size_t at = (size_t)snprintf(why, size, "%s", prefix);
    for (uint32_t i = 0; i < q->noptions && at < size; i++)
        at += (size_t)snprintf(why + at, size - at, "%s%s", i ? ", " : "", q->options[i].id);
}

/* Splits free text for a multi question: "1 3", "cheek, mouth", "cheek and jaw". */
static size_t split_items(const char *s, size_t n, const char **items, size_t *lens, size_t max)
{
    size_t count = 0, i = 0;
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s++;
        n -= 2;
    }
    while (i < n && count < max) {
        size_t start = i;
        while (i < n && s[i] != ',' && s[i] != ';' &&
               !(i + 5 <= n && strncasecmp(s + i, " and ", 5) == 0))
            i++;
        const char *it = s + start;
        size_t len = i - start;
        trim(&it, &len);
        if (len) {
            items[count] = it;
            lens[count] = len;
            count++;
        }
        if (i < n && (s[i] == ',' || s[i] == ';'))
            i++;
        else if (i < n)
            i += 5;
    }
    return count;
}

/* ---- options ---------------------------------------------------------------------- */

/* The option a word of yes/no names: 0 yes, 1 no, -1 neither. Strict
 * reading takes yes/no/true/false only. */
static int yes_no_word(const char *item, size_t n, bool strict)
{
    static const char *const yes[] = {"yes", "true", "y", "yeah", "yep", "yes please"};
    static const char *const no[] = {"no", "false", "n", "nope", "never", "not really"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if ((!strict || i < 2) && eq_words(item, n, yes[i]))
            return 0;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if ((!strict || i < 2) && eq_words(item, n, no[i]))
            return 1;
    return -1;
}

/* The one option whose words or pattern item fits, as a person types it:
 * TRI_OK with *out set, or *out = -1 when none fits; TRI_ERR_INVALID when
 * several do; TRI_ERR_NOMEM. */
static tri_status option_of_words(request *r, const char *item, size_t n, size_t at, int *out)
{
    const kb_question *q = r->q;
    const tri_session *s = r->s;
    *out = -1;
    for (uint32_t i = 0; i < q->noptions; i++)
        if (eq_words(item, n, q->options[i].id) ||
            (q->options[i].text.en && eq_words(item, n, q->options[i].text.en))) {
            *out = (int)i;
            return TRI_OK;
        }
    int count = 0;
    for (uint32_t i = 0; i < q->noptions; i++) {
        const kb_option *o = &q->options[i];
        for (uint32_t k = 0; k < o->rx_count; k++) {
            int m = rx_match(s->kb->rx, s->kb->option_rx[o->rx_first + k], s->sc, item, n, 0);
            if (m == -2)
                return out_of_memory(r);
            if (m != 1)
                continue;
            if (*out != (int)i) {
                count++;
                if (*out < 0)
                    *out = (int)i;
            }
            break;
        }
    }
    if (count > 1)
        return invalid(r, at, "'%.*s' fits more than one answer; please be more specific",
                       (int)(n > 60 ? 60 : n), item);
    return TRI_OK;
}

/* Refuses item (the at-th), naming the nearest option. */
static tri_status no_such_option(request *r, const char *item, size_t n, size_t at)
{
    const kb_question *q = r->q;
    names_best nb;
    char word[64];
    size_t wl = n < sizeof word - 1 ? n : sizeof word - 1;
    memcpy(word, item, wl);
    word[wl] = '\0';
    names_best_init(&nb, word);
    for (uint32_t i = 0; i < q->noptions; i++)
        names_best_offer(&nb, q->options[i].id);
    const char *sug = names_best_get(&nb);
    if (r->mode == ANSWER_LENIENT) {
        /* a person at a prompt: speak in the options' words, not their ids */
        const char *text = NULL;
        for (uint32_t i = 0; sug && i < q->noptions; i++)
            if (q->options[i].id == sug)
                text = q->options[i].text.en;
        if (text)
            return invalid(r, at, "'%s' does not match any answer (did you mean '%s'?)", word,
                           text);
        return invalid(r, at, "'%s' does not match any of the answers", word);
    }
    if (sug)
        return invalid(r, at, "question '%s' has no option '%s' (did you mean '%s'?)", q->id,
                       word, sug);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "question '%s' has no option '%s' (expected one of: ", q->id,
             word);
    list_options(q, r->why, r->why_size, prefix);
    size_t len = strlen(r->why);
    if (len + 1 < r->why_size) {
        r->why[len] = ')';
        r->why[len + 1] = '\0';
    }
    r->bad = at;
    return TRI_ERR_INVALID;
}

/* The option item (the at-th) names: TRI_OK with *out set, or a failure. */
static tri_status find_option(request *r, const char *item, size_t n, size_t at, int *out)
{
    const kb_question *q = r->q;
    bool strict = r->mode == ANSWER_STRICT;
    for (uint32_t i = 0; i < q->noptions; i++)
        if (strlen(q->options[i].id) == n && memcmp(q->options[i].id, item, n) == 0) {
            *out = (int)i;
            return TRI_OK;
        }
    if (q->type == TRI_Q_YES_NO && (*out = yes_no_word(item, n, strict)) >= 0)
        return TRI_OK;
    if (!strict) {
        tri_status st = option_of_words(r, item, n, at, out);
        if (st != TRI_OK || *out >= 0)
            return st;
    }
    return no_such_option(r, item, n, at);
}

/* ---- the kinds of answers ------------------------------------------------------------ */

static tri_status read_choice(request *r, const char *t, size_t tl, parsed *p)
{
    if (tl == 0)
        return invalid(r, 0, "empty answer for %s", r->who);
    int o;
    tri_status st = find_option(r, t, tl, 0, &o);
    if (st != TRI_OK)
        return st;
    p->a.mask = (uint64_t)1 << o;
    p->clen = (size_t)snprintf(p->canon, sizeof p->canon, "%s", r->q->options[o].id);
    return TRI_OK;
}

/* A person's free wording for a multi question: every option whose pattern
 * occurs in the text. */
static tri_status options_in_text(request *r, const char *t, size_t tl, uint64_t *mask)
{
    const kb_question *q = r->q;
    *mask = 0;
    for (uint32_t i = 0; i < q->noptions; i++) {
        const kb_option *o = &q->options[i];
        for (uint32_t k = 0; k < o->rx_count; k++) {
            int m = rx_match(r->s->kb->rx, r->s->kb->option_rx[o->rx_first + k], r->s->sc, t, tl,
                             0);
            if (m == -2)
                return out_of_memory(r);
            if (m == 1) {
                *mask |= (uint64_t)1 << i;
                break;
            }
        }
    }
    return TRI_OK;
}

static tri_status read_multi(request *r, const char *const *items, const size_t *lens, size_t n,
                             const char *t, size_t tl, parsed *p)
{
    const kb_question *q = r->q;
    const char *parts[TRI_MAX_OPTIONS];
    size_t plen[TRI_MAX_OPTIONS], np = 0;
    if (n > 1) {
        if (n > TRI_MAX_OPTIONS)
            return invalid(r, ANSWER_WHOLE, "too many answers for %s", r->who);
        for (size_t i = 0; i < n; i++) {
            parts[np] = items[i];
            plen[np] = lens[i];
            trim(&parts[np], &plen[np]);
            np++;
        }
    } else {
        np = split_items(t, tl, parts, plen, TRI_MAX_OPTIONS);
    }
    if (np == 0)
        return invalid(r, ANSWER_WHOLE, "empty answer for %s", r->who);
    size_t none_at = ANSWER_WHOLE;
    tri_status st = TRI_OK;
    for (size_t i = 0; i < np && st == TRI_OK; i++) {
        int o;
        st = find_option(r, parts[i], plen[i], n > 1 ? i : 0, &o);
        if (st == TRI_OK) {
            p->a.mask |= (uint64_t)1 << o;
            if ((uint32_t)o == q->none_option)
                none_at = n > 1 ? i : 0;
        }
    }
    if (st == TRI_ERR_INVALID && r->mode == ANSWER_LENIENT && n == 1) {
        char keep[256];
        snprintf(keep, sizeof keep, "%s", r->why);
        size_t keep_bad = r->bad;
        if ((st = options_in_text(r, t, tl, &p->a.mask)) != TRI_OK)
            return st;
        if (!p->a.mask) {
            snprintf(r->why, r->why_size, "%s", keep);
            r->bad = keep_bad;
            return TRI_ERR_INVALID;
        }
        none_at = 0;
    }
    if (st != TRI_OK)
        return st;
    if (q->none_option != NO_INDEX && (p->a.mask & ((uint64_t)1 << q->none_option)) &&
        p->a.mask != ((uint64_t)1 << q->none_option)) {
        const char *none = r->mode == ANSWER_STRICT ? "none" : q->options[q->none_option].text.en;
        return invalid(r, none_at, "'%s' must stand alone in the answer to %s", none, r->who);
    }
    p->clen = (size_t)snprintf(p->canon, sizeof p->canon, "[");
    bool first = true;
    for (uint32_t i = 0; i < q->noptions; i++)
        if (p->a.mask & ((uint64_t)1 << i)) {
            p->clen += (size_t)snprintf(p->canon + p->clen, sizeof p->canon - p->clen, "%s%s",
                                        first ? "" : ", ", q->options[i].id);
            first = false;
        }
    p->clen += (size_t)snprintf(p->canon + p->clen, sizeof p->canon - p->clen, "]");
    return TRI_OK;
}

static tri_status read_quantity(request *r, const char *t, size_t tl, parsed *p)
{
    const kb_question *q = r->q;
    tri_session *s = r->s;
    const char *err;
    if (q->type == TRI_Q_NUMBER)
        err = qty_parse_number(&s->kb->grammar, s->kb->rx, s->sc, t, tl, q->unit, &p->a.lo,
                               &p->a.hi);
    else if (tl > 6 && strncasecmp(t, "since ", 6) == 0)
        err = qty_parse_since(t, tl, s->date[0] ? s->date : NULL, &p->a.lo, &p->a.hi);
    else
        err = qty_parse_duration(&s->kb->grammar, s->kb->rx, s->sc, t, tl, &p->a.lo, &p->a.hi);
    if (err == qty_out_of_memory)
        return out_of_memory(r);
    int shown = (int)(tl > 60 ? 60 : tl);
    if (err && r->mode == ANSWER_STRICT)
        return invalid(r, 0, "'%.*s' for %s: %s", shown, t, r->who, err);
    if (err)
        return invalid(r, 0, "'%.*s': %s", shown, t, err);
    if (q->type == TRI_Q_DURATION) {
        /* keep the person's wording: it reads back the same and says more */
        p->clen = tl < sizeof p->canon ? tl : sizeof p->canon - 1;
        memcpy(p->canon, t, p->clen);
        return TRI_OK;
    }
    if (p->a.lo < q->min || p->a.hi > q->max) {
        if (r->mode == ANSWER_STRICT)
            return invalid(r, 0, "%s must be between %g and %g, found '%.*s'", r->who, q->min,
                           q->max, shown, t);
        return invalid(r, 0, "the answer must be between %g and %g%s%s, found '%.*s'", q->min,
                       q->max, q->unit ? " " : "", q->unit ? q->unit : "", shown, t);
    }
    if (p->a.lo == p->a.hi)
        p->clen = (size_t)snprintf(p->canon, sizeof p->canon, "%g", p->a.lo);
    else
        p->clen = (size_t)snprintf(p->canon, sizeof p->canon, "%g-%g", p->a.lo, p->a.hi);
    return TRI_OK;
}

static tri_status read_text(request *r, const char *t, size_t tl, parsed *p)
{
    if (tl > TRI_MAX_TEXT_ANSWER)
        return invalid(r, 0, "the answer to %s is longer than %d bytes", r->who,
                       TRI_MAX_TEXT_ANSWER);
    p->clen = tl;
    memcpy(p->canon, t, tl);
    return TRI_OK;
}

/* ---- one answer -------------------------------------------------------------------------- */

/* What holds for any answer before its kind is read: something given, valid
 * UTF-8, "unknown" alone, a list only for a multi question. Sets *unknown
 * when the answer is "unknown". */
static tri_status check_items(request *r, const char *const *items, const size_t *lens, size_t n,
                              bool *unknown)
{
    *unknown = false;
    if (n == 0)
        return invalid(r, ANSWER_WHOLE, "no answer given for %s", r->who);
    for (size_t i = 0; i < n; i++)
        if (!rx_valid_utf8(items[i], lens[i]))
            return invalid(r, n > 1 ? i : 0, "the answer to %s is not valid UTF-8 text", r->who);
    for (size_t i = 0; i < n; i++) {
        const char *it = items[i];
        size_t len = lens[i];
        trim(&it, &len);
        bool is_unknown = r->mode == ANSWER_STRICT ? len == 7 && memcmp(it, "unknown", 7) == 0
                                                   : is_unknown_word(it, len);
        if (is_unknown && n > 1)
            return invalid(r, i, "'unknown' must stand alone in the answer to %s", r->who);
        *unknown |= is_unknown;
    }
    if (n > 1 && r->q->type != TRI_Q_MULTI)
        return invalid(r, ANSWER_WHOLE, "%s takes one answer, not a list", r->who);
    return TRI_OK;
}

tri_status answer_set(tri_session *s, uint32_t q, const char *const *items, const size_t *lens,
                      size_t n, answer_mode mode, size_t *bad, char *why, size_t why_size)
{
    request r = {s, &s->kb->questions[q], mode, "", why, why_size, ANSWER_WHOLE};
    why[0] = '\0';
    /* files name the question by its id; a person at a prompt knows which */
    if (mode == ANSWER_STRICT)
        snprintf(r.who, sizeof r.who, "'%s'", r.q->id);
    else
        snprintf(r.who, sizeof r.who, "this question");
    bool unknown;
    tri_status st = check_items(&r, items, lens, n, &unknown);
    if (st == TRI_OK && unknown && (st = tri_session_answer_unknown(s, q)) == TRI_ERR_NOMEM)
        out_of_memory(&r);
    if (st != TRI_OK || unknown) {
        if (bad)
            *bad = r.bad;
        return st;
    }
    const char *t = items[0];
    size_t tl = lens[0];
    trim(&t, &tl);
    parsed p;
    memset(&p.a, 0, sizeof p.a);
    p.clen = 0;
    switch (r.q->type) {
    case TRI_Q_CHOICE:
    case TRI_Q_YES_NO:
        st = read_choice(&r, t, tl, &p);
        break;
    case TRI_Q_MULTI:
        st = read_multi(&r, items, lens, n, t, tl, &p);
        break;
    case TRI_Q_NUMBER:
    case TRI_Q_DURATION:
        st = read_quantity(&r, t, tl, &p);
        break;
    case TRI_Q_TEXT:
    default:
        st = read_text(&r, t, tl, &p);
        break;
    }
    if (st == TRI_OK) {
        p.a.state = TRI_ANSWERED;
        answer old = s->answers[q];
        s->answers[q] = p.a;
        s->answers[q].state = old.state; /* the pool skips q while compacting */
        if (session_store_text(s, q, p.canon, p.clen)) {
            s->answers[q].state = TRI_ANSWERED;
            s->evaluated = false;
        } else {
            s->answers[q] = old;
            st = out_of_memory(&r);
        }
    }
    if (bad)
        *bad = r.bad;
    return st;
}

/* ---- the public doors ------------------------------------------------------------------ */

/* Fills err (may be NULL) for a refused answer. */
static tri_status refused(tri_error *err, tri_status st, const char *why)
{
    if (err) {
        err->status = st;
        diag_copy(err->message, sizeof err->message, why);
        err->errors = 1;
    }
    return st;
}

tri_status tri_session_answer(tri_session *s, size_t q, const char *text, tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    if (q >= s->kb->nquestions || !text) {
        diag_fail(&d, TRI_ERR_ARG, NULL, "no such question");
        return TRI_ERR_ARG;
    }
    char why[512];
    size_t len = strlen(text);
    tri_status st = answer_set(s, (uint32_t)q, &text, &len, 1, ANSWER_LENIENT, NULL, why,
                               sizeof why);
    return st == TRI_OK ? TRI_OK : refused(err, st, why);
}

tri_status tri_session_answer_values(tri_session *s, size_t q, const char *const *values,
                                     size_t count, tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    if (q >= s->kb->nquestions || !values || count == 0 || count > TRI_MAX_OPTIONS) {
        diag_fail(&d, TRI_ERR_ARG, NULL,
                  count > TRI_MAX_OPTIONS ? "more than %d answers" : "no such question or no value",
                  TRI_MAX_OPTIONS);
        return TRI_ERR_ARG;
    }
    size_t lens[TRI_MAX_OPTIONS];
    for (size_t i = 0; i < count; i++)
        lens[i] = strlen(values[i]);
    char why[512];
    tri_status st = answer_set(s, (uint32_t)q, values, lens, count, ANSWER_STRICT, NULL, why,
                               sizeof why);
    return st == TRI_OK ? TRI_OK : refused(err, st, why);
}

tri_status tri_session_answer_unknown(tri_session *s, size_t q)
{
    if (q >= s->kb->nquestions)
        return TRI_ERR_ARG;
    s->answers[q].state = TRI_UNANSWERED;
    s->answers[q].mask = 0;
    s->evaluated = false;
    if (!session_store_text(s, (uint32_t)q, "unknown", 7))
        return TRI_ERR_NOMEM;
    s->answers[q].state = TRI_ANSWER_UNKNOWN;
    return TRI_OK;
}
