/*
 * session.c - creating sessions and turning answer text into answer values.
 *
 * Answer text comes from three places that must agree: answers files and
 * case files (strict: option ids), JSON Lines records (strict) and a person
 * at a prompt (lenient: option words and the knowledge base's patterns too).
 * All three end in session_set().
 */
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "explain.h"

tri_session *tri_session_new(const tri_kb *kb, const tri_options *opt, tri_error *err)
{
    diag_sink d;
    diag_init(&d, opt, err);
    const tri_allocator *a = mem_or_default(opt ? opt->allocator : NULL);
    tri_session *s = mem_calloc(a, 1, sizeof *s);
    if (!s)
        goto nomem;
    s->kb = kb;
    s->alloc = a;
    s->on_diag = opt ? opt->on_diag : NULL;
    s->diag_ctx = opt ? opt->diag_ctx : NULL;
    sb_init(&s->out, a);
    size_t nq = kb->nquestions + 1, nc = kb->nconditions + 1, nr = kb->nrules + 1;
    s->answers = mem_calloc(a, nq, sizeof *s->answers);
    s->fact_tv = mem_calloc(a, kb->nfacts + 1, 1);
    s->rule_fired = mem_calloc(a, nr, 1);
    s->mb = mem_calloc(a, nc, sizeof(double));
    s->md = mem_calloc(a, nc, sizeof(double));
    s->cf = mem_calloc(a, nc, sizeof(double));
    s->touched = mem_calloc(a, nc, 1);
    s->ranked = mem_calloc(a, nc, sizeof(uint32_t));
    s->red_fired = mem_calloc(a, kb->nred_flags + 1, 1);
    s->red_rule = mem_calloc(a, kb->nred_flags + 1, sizeof(uint32_t));
    s->advice_on = mem_calloc(a, kb->nadvice + 1, 1);
    s->factor_on = mem_calloc(a, kb->nfactors + 1, 1);
    s->pool_cap = 4096;
    s->pool = mem_alloc(a, s->pool_cap);
    s->sc = rx_scratch_new(kb->rx, a);
    s->explained = explain_new(kb, a);
    if (!s->answers || !s->fact_tv || !s->rule_fired || !s->mb || !s->md || !s->cf ||
        !s->touched || !s->ranked || !s->red_fired || !s->red_rule || !s->advice_on ||
        !s->factor_on || !s->pool || !s->sc || !s->explained) {
        tri_session_free(s);
        goto nomem;
    }
    return s;
nomem:
    diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory while creating a session");
    return NULL;
}

void tri_session_free(tri_session *s)
{
    if (!s)
        return;
    const tri_allocator *a = s->alloc;
    mem_free(a, s->answers);
    mem_free(a, s->fact_tv);
    mem_free(a, s->rule_fired);
    mem_free(a, s->mb);
    mem_free(a, s->md);
    mem_free(a, s->cf);
    mem_free(a, s->touched);
    mem_free(a, s->ranked);
    mem_free(a, s->red_fired);
    mem_free(a, s->red_rule);
    mem_free(a, s->advice_on);
    mem_free(a, s->factor_on);
    mem_free(a, s->pool);
    rx_scratch_free(s->sc);
    explain_free(s->explained, a);
    arena_free(s->scratch);
    sb_fini(&s->out);
    mem_free(a, s);
}

const tri_kb *tri_session_kb(const tri_session *s)
{
    return s->kb;
}

tri_status tri_session_set_date(tri_session *s, const char *date)
{
    if (!date) {
        s->date[0] = '\0';
        return TRI_OK;
    }
    long days;
    char why[128];
    if (qty_parse_day(date, strlen(date), &days, why, sizeof why))
        return TRI_ERR_INVALID;
    snprintf(s->date, sizeof s->date, "%s", date);
    return TRI_OK;
}

const char *tri_session_date(const tri_session *s)
{
    return s->date[0] ? s->date : NULL;
}

void tri_session_clear(tri_session *s)
{
    memset(s->answers, 0, s->kb->nquestions * sizeof *s->answers);
    s->pool_len = 0;
    s->date[0] = '\0';
    s->evaluated = false;
}

/* ---- the text pool ---------------------------------------------------------- */

/* Stores text for q, compacting or growing the pool if needed. */
static bool pool_store(tri_session *s, uint32_t q, const char *text, size_t n)
{
    if (s->pool_len + n + 1 > s->pool_cap) {
        /* compact: keep only live texts */
        size_t live = 0;
        for (uint32_t i = 0; i < s->kb->nquestions; i++)
            if (i != q && s->answers[i].state != TRI_UNANSWERED)
                live += s->answers[i].text_len + 1;
        size_t cap = s->pool_cap;
        while (cap < live + n + 1)
            cap *= 2;
        char *np = mem_alloc(s->alloc, cap);
        if (!np)
            return false;
        size_t at = 0;
        for (uint32_t i = 0; i < s->kb->nquestions; i++) {
            answer *a = &s->answers[i];
            if (i == q || a->state == TRI_UNANSWERED)
                continue;
            memcpy(np + at, s->pool + a->text_off, a->text_len + 1);
            a->text_off = (uint32_t)at;
            at += a->text_len + 1;
        }
        mem_free(s->alloc, s->pool);
        s->pool = np;
        s->pool_cap = cap;
        s->pool_len = at;
    }
    memcpy(s->pool + s->pool_len, text, n);
    s->answers[q].text_off = (uint32_t)s->pool_len;
    s->answers[q].text_len = (uint32_t)n;
    s->pool[s->pool_len + n] = '\0';
    s->pool_len += n + 1;
    return true;
}

/* ---- matching words to options --------------------------------------------- */

static bool valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                              : (c & 0xF8) == 0xF0   ? 4
                                                     : 0;
        if (!k || (k == 2 && c < 0xC2) || c > 0xF4 || (size_t)(end - p) < k)
            return false;
        for (size_t i = 1; i < k; i++)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        if (k == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)))
            return false;
        if (k == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)))
            return false;
        p += k;
    }
    return true;
}

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

/* Finds the option item names. Returns the option index, or -1 (why filled). */
static int find_option(tri_session *s, const kb_question *q, const char *item, size_t n,
                       bool strict, char *why, size_t why_size)
{
    /* exact id */
    for (uint32_t i = 0; i < q->noptions; i++)
        if (strlen(q->options[i].id) == n && memcmp(q->options[i].id, item, n) == 0)
            return (int)i;
    if (q->type == TRI_Q_YES_NO) {
        static const char *const yes[] = {"yes", "true", "y", "yeah", "yep", "yes please"};
        static const char *const no[] = {"no", "false", "n", "nope", "never", "not really"};
        for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
            if ((!strict || i < 2) && eq_words(item, n, yes[i]))
                return 0;
        for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
            if ((!strict || i < 2) && eq_words(item, n, no[i]))
                return 1;
    }
    if (!strict) {
        for (uint32_t i = 0; i < q->noptions; i++)
            if (eq_words(item, n, q->options[i].id) ||
                (q->options[i].text.en && eq_words(item, n, q->options[i].text.en)))
                return (int)i;
        int found = -1, count = 0;
        for (uint32_t i = 0; i < q->noptions; i++) {
            const kb_option *o = &q->options[i];
            for (uint32_t k = 0; k < o->rx_count; k++) {
                int m = rx_match(s->kb->rx, s->kb->option_rx[o->rx_first + k], s->sc, item, n, 0);
                if (m == -2) {
                    snprintf(why, why_size, "out of memory");
                    return -1;
                }
                if (m != 1)
                    continue;
                if (found != (int)i) {
                    count++;
                    if (found < 0)
                        found = (int)i;
                }
                break;
            }
        }
        if (count == 1)
            return found;
        if (count > 1) {
            snprintf(why, why_size, "'%.*s' fits more than one answer; please be more specific",
                     (int)(n > 60 ? 60 : n), item);
            return -1;
        }
    }
    names_best nb;
    char word[64];
    size_t wl = n < sizeof word - 1 ? n : sizeof word - 1;
    memcpy(word, item, wl);
    word[wl] = '\0';
    names_best_init(&nb, word);
    for (uint32_t i = 0; i < q->noptions; i++)
        names_best_offer(&nb, q->options[i].id);
    const char *sug = names_best_get(&nb);
    if (!strict) {
        /* a person at a prompt: speak in the options' words, not their ids */
        const char *text = NULL;
        for (uint32_t i = 0; sug && i < q->noptions; i++)
            if (q->options[i].id == sug)
                text = q->options[i].text.en;
        if (text)
            snprintf(why, why_size, "'%s' does not match any answer (did you mean '%s'?)", word,
                     text);
        else
            snprintf(why, why_size, "'%s' does not match any of the answers", word);
        return -1;
    }
    if (sug)
        snprintf(why, why_size, "question '%s' has no option '%s' (did you mean '%s'?)", q->id,
                 word, sug);
    else {
        char prefix[160];
        snprintf(prefix, sizeof prefix, "question '%s' has no option '%s' (expected one of: ", q->id,
                 word);
        list_options(q, why, why_size, prefix);
        size_t at = strlen(why);
        if (at + 1 < why_size) {
            why[at] = ')';
            why[at + 1] = '\0';
        }
    }
    return -1;
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

bool session_set(tri_session *s, uint32_t q, const char *const *items, const size_t *lens,
                 size_t n, bool strict, char *why, size_t why_size)
{
    const kb_question *qq = &s->kb->questions[q];
    answer a = {0};
    /* room for the longest text, and for the longest list: every one of 64 options, each
     * id at most 63 characters, with ", " between and brackets around */
    char canon[TRI_MAX_TEXT_ANSWER + TRI_MAX_OPTIONS * 2 + 64];
    size_t clen = 0;
    why[0] = '\0';
    /* files name the question by its id; a person at a prompt knows which */
    char who[80];
    if (strict)
        snprintf(who, sizeof who, "'%s'", qq->id);
    else
        snprintf(who, sizeof who, "this question");
    if (n == 0) {
        snprintf(why, why_size, "no answer given for %s", who);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (!valid_utf8(items[i], lens[i])) {
            snprintf(why, why_size, "the answer to %s is not valid UTF-8 text", who);
            return false;
        }
    /* `unknown` stands alone */
    for (size_t i = 0; i < n; i++) {
        const char *it = items[i];
        size_t len = lens[i];
        trim(&it, &len);
        if (strict ? (len == 7 && memcmp(it, "unknown", 7) == 0) : is_unknown_word(it, len)) {
            if (n > 1) {
                snprintf(why, why_size, "'unknown' must stand alone in the answer to %s", who);
                return false;
            }
            tri_session_answer_unknown(s, q);
            return true;
        }
    }
    if (n > 1 && qq->type != TRI_Q_MULTI) {
        snprintf(why, why_size, "%s takes one answer, not a list", who);
        return false;
    }
    const char *t = items[0];
    size_t tl = lens[0];
    trim(&t, &tl);

    switch (qq->type) {
    case TRI_Q_CHOICE:
    case TRI_Q_YES_NO: {
        if (tl == 0) {
            snprintf(why, why_size, "empty answer for %s", who);
            return false;
        }
        int o = find_option(s, qq, t, tl, strict, why, why_size);
        if (o < 0)
            return false;
        a.mask = (uint64_t)1 << o;
        clen = (size_t)snprintf(canon, sizeof canon, "%s", qq->options[o].id);
        break;
    }
    case TRI_Q_MULTI: {
        const char *parts[TRI_MAX_OPTIONS];
        size_t plen[TRI_MAX_OPTIONS], np = 0;
        if (n > 1) {
            if (n > TRI_MAX_OPTIONS) {
                snprintf(why, why_size, "too many answers for %s", who);
                return false;
            }
            for (size_t i = 0; i < n; i++) {
                parts[np] = items[i];
                plen[np] = lens[i];
                trim(&parts[np], &plen[np]);
                np++;
            }
        } else {
            np = split_items(t, tl, parts, plen, TRI_MAX_OPTIONS);
        }
        if (np == 0) {
            snprintf(why, why_size, "empty answer for %s", who);
            return false;
        }
        bool ok = true;
        for (size_t i = 0; i < np && ok; i++) {
            int o = find_option(s, qq, parts[i], plen[i], strict, why, why_size);
            if (o < 0)
                ok = false;
            else
                a.mask |= (uint64_t)1 << o;
        }
        if (!ok && !strcmp(why, "out of memory"))
            return false;
        if (!ok && !strict && n == 1) {
            /* free wording: every option whose pattern occurs in the text */
            char keep[256];
            snprintf(keep, sizeof keep, "%s", why);
            a.mask = 0;
            for (uint32_t i = 0; i < qq->noptions; i++) {
                const kb_option *o = &qq->options[i];
                for (uint32_t k = 0; k < o->rx_count; k++) {
                    int m = rx_match(s->kb->rx, s->kb->option_rx[o->rx_first + k], s->sc, t, tl, 0);
                    if (m == -2) {
                        snprintf(why, why_size, "out of memory");
                        return false;
                    }
                    if (m == 1) {
                        a.mask |= (uint64_t)1 << i;
                        break;
                    }
                }
            }
            if (!a.mask) {
                snprintf(why, why_size, "%s", keep);
                return false;
            }
            ok = true;
        }
        if (!ok)
            return false;
        if (qq->none_option != NO_INDEX && (a.mask & ((uint64_t)1 << qq->none_option)) &&
            a.mask != ((uint64_t)1 << qq->none_option)) {
            const char *none = strict ? "none" : qq->options[qq->none_option].text.en;
            snprintf(why, why_size, "'%s' must stand alone in the answer to %s", none, who);
            return false;
        }
        clen = (size_t)snprintf(canon, sizeof canon, "[");
        bool first = true;
        for (uint32_t i = 0; i < qq->noptions; i++)
            if (a.mask & ((uint64_t)1 << i)) {
                clen += (size_t)snprintf(canon + clen, sizeof canon - clen, "%s%s",
                                         first ? "" : ", ", qq->options[i].id);
                first = false;
            }
        clen += (size_t)snprintf(canon + clen, sizeof canon - clen, "]");
        break;
    }
    case TRI_Q_NUMBER:
    case TRI_Q_DURATION: {
        const char *err;
        if (qq->type == TRI_Q_NUMBER)
            err = qty_parse_number(&s->kb->grammar, s->kb->rx, s->sc, t, tl, qq->unit, &a.lo,
                                   &a.hi);
        else if (tl > 6 && strncasecmp(t, "since ", 6) == 0)
            err = qty_parse_since(t, tl, s->date[0] ? s->date : NULL, &a.lo, &a.hi);
        else
            err = qty_parse_duration(&s->kb->grammar, s->kb->rx, s->sc, t, tl, &a.lo, &a.hi);
        if (err == qty_out_of_memory) {
            snprintf(why, why_size, "out of memory");
            return false;
        }
        if (err) {
            if (strict)
                snprintf(why, why_size, "'%.*s' for %s: %s", (int)(tl > 60 ? 60 : tl), t, who,
                         err);
            else
                snprintf(why, why_size, "'%.*s': %s", (int)(tl > 60 ? 60 : tl), t, err);
            return false;
        }
        if (qq->type == TRI_Q_DURATION) {
            /* keep the person's wording: it reads back the same and says more */
            clen = tl < sizeof canon ? tl : sizeof canon - 1;
            memcpy(canon, t, clen);
            break;
        }
        if (a.lo < qq->min || a.hi > qq->max) {
            if (strict)
                snprintf(why, why_size, "%s must be between %g and %g, found '%.*s'", who, qq->min,
                         qq->max, (int)(tl > 60 ? 60 : tl), t);
            else
                snprintf(why, why_size, "the answer must be between %g and %g%s%s, found '%.*s'",
                         qq->min, qq->max, qq->unit ? " " : "", qq->unit ? qq->unit : "",
                         (int)(tl > 60 ? 60 : tl), t);
            return false;
        }
        if (a.lo == a.hi)
            clen = (size_t)snprintf(canon, sizeof canon, "%g", a.lo);
        else
            clen = (size_t)snprintf(canon, sizeof canon, "%g-%g", a.lo, a.hi);
        break;
    }
    case TRI_Q_TEXT:
    default:
        if (tl > TRI_MAX_TEXT_ANSWER) {
            snprintf(why, why_size, "the answer to %s is longer than %d bytes", who,
                     TRI_MAX_TEXT_ANSWER);
            return false;
        }
        clen = tl;
        memcpy(canon, t, tl);
        break;
    }
    a.state = TRI_ANSWERED;
    answer old = s->answers[q];
    s->answers[q] = a;
    s->answers[q].state = old.state; /* pool_store skips q while compacting */
    if (!pool_store(s, q, canon, clen)) {
        s->answers[q] = old;
        snprintf(why, why_size, "out of memory");
        return false;
    }
    s->answers[q].state = TRI_ANSWERED;
    s->evaluated = false;
    return true;
}

/* ---- public answer API ------------------------------------------------------- */

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
    if (!session_set(s, (uint32_t)q, &text, &len, 1, false, why, sizeof why)) {
        if (err) {
            err->status = strcmp(why, "out of memory") ? TRI_ERR_INVALID : TRI_ERR_NOMEM;
            diag_copy(err->message, sizeof err->message, why);
            err->errors = 1;
        }
        return strcmp(why, "out of memory") ? TRI_ERR_INVALID : TRI_ERR_NOMEM;
    }
    return TRI_OK;
}

void tri_session_answer_unknown(tri_session *s, size_t q)
{
    if (q >= s->kb->nquestions)
        return;
    s->answers[q].state = TRI_UNANSWERED;
    s->answers[q].mask = 0;
    if (pool_store(s, (uint32_t)q, "unknown", 7))
        s->answers[q].state = TRI_ANSWER_UNKNOWN;
    s->evaluated = false;
}

void tri_session_unanswer(tri_session *s, size_t q)
{
    if (q >= s->kb->nquestions)
        return;
    memset(&s->answers[q], 0, sizeof s->answers[q]);
    s->evaluated = false;
}

tri_answer_state tri_session_answer_state(const tri_session *s, size_t q)
{
    return (tri_answer_state)s->answers[q].state;
}

const char *tri_session_answer_text(const tri_session *s, size_t q)
{
    if (q >= s->kb->nquestions || s->answers[q].state == TRI_UNANSWERED)
        return NULL;
    return s->pool + s->answers[q].text_off;
}
