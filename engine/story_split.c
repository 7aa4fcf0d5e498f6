/*
 * story_split.c - a story's text into tokens, sentences and clauses.
 *
 * Tokens: words (letters, any non-ASCII letter, an apostrophe between
 * letters), numbers (digits with a decimal point or comma) and single
 * punctuation marks; each keeps its byte offsets, so every finding can point
 * at the words it came from. Bytes that are not UTF-8, and NUL, read as
 * spaces. Typographic apostrophes, dashes, ellipses and bullets are read as
 * their ASCII forms.
 *
 * Sentences end at . ! ? (not after an abbreviation or a single letter, as
 * in "e.g." and "y.o."), at a blank line, before a bullet ("-", "*", "1.")
 * at the start of a line, and at a line break after a short line (under 60
 * bytes): people who type one fact per line mean one sentence per line,
 * while a long line that breaks is a paragraph wrapped by an editor.
 *
 * Clauses end before the words that NegEx (Chapman et al., 2001) treats as
 * terminators - "but", "although", "though", "however", "except", "yet",
 * "whereas", "because", "apart from", "besides", "and then" - at
 * ";", at a dash between words, and before "and"/"so" that start a new
 * subject ("..., and the twitch is", "and it happens").
 */
#include <stdlib.h>

#include "story_internal.h"

#define SHORT_LINE 60u

/* ---- code points ------------------------------------------------------- */

/* Decodes the UTF-8 sequence at s[0..n); returns its length, 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t k = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (!k || (k == 2 && c < 0xC2) || c > 0xF4 || n < k)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (k == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
        return 0;
    if (k == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
        return 0;
    uint32_t v = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
    for (size_t i = 1; i < k; i++)
        v = v << 6 | (s[i] & 0x3F);
    *cp = v;
    return k;
}

enum { C_SPACE, C_NEWLINE, C_LETTER, C_DIGIT, C_APOSTROPHE, C_PUNCT, C_FRACTION };

/* The class of a code point; for punctuation, *ascii is the mark it reads as. */
static int classify(uint32_t cp, char *ascii)
{
    if (cp == '\n')
        return C_NEWLINE;
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0 ||
        cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000 ||
        cp == 0xFEFF)
        return C_SPACE;
    if (cp == 0x2028 || cp == 0x2029)
        return C_NEWLINE;
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
        return C_LETTER;
    if (cp >= '0' && cp <= '9')
        return C_DIGIT;
    if (cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
        return C_APOSTROPHE;
    if (cp == 0xBD || cp == 0xBC || cp == 0xBE)
        return C_FRACTION;
    if (cp < 0x80) {
        *ascii = (char)cp;
        return C_PUNCT;
    }
    switch (cp) {
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
        *ascii = '-';
        return C_PUNCT;
    case 0x2026:
        *ascii = '.';
        return C_PUNCT;
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
    case 0x201E:
        *ascii = '"';
        return C_PUNCT;
    case 0x2022:
    case 0x00B7:
    case 0x25AA:
    case 0x25CF:
    case 0x2023:
    case 0x2043:
        *ascii = '*';
        return C_PUNCT;
    case 0x00D7:
        *ascii = 'x';
        return C_PUNCT;
    case 0xFF5E:
    case 0x301C:
        *ascii = '~';
        return C_PUNCT;
    case 0x3002:
    case 0xFF0E:
        *ascii = '.';
        return C_PUNCT;
    case 0xFF0C:
    case 0x3001:
        *ascii = ',';
        return C_PUNCT;
    case 0xFF1F:
        *ascii = '?';
        return C_PUNCT;
    case 0xFF01:
        *ascii = '!';
        return C_PUNCT;
    default:
        return C_LETTER; /* letters of other scripts, and symbols we do not read */
    }
}

/* ---- tokens -------------------------------------------------------------- */

typedef struct tokenizer {
    story_doc *d;
    const unsigned char *s;
    size_t n, at;
    uint32_t pool_len, pool_cap;
    uint8_t pending; /* flags for the next token */
    bool space_before;
} tokenizer;

/* The code point at t->at: its class and length (1 for an invalid byte,
 * which reads as a space). */
static int peek(const tokenizer *t, size_t at, uint32_t *cp, size_t *k, char *ascii)
{
    if (at >= t->n)
        return -1;
    *k = utf8_decode(t->s + at, t->n - at, cp);
    if (!*k) {
        *k = 1;
        *cp = 0;
        return C_SPACE;
    }
    return classify(*cp, ascii);
}

static bool push(tokenizer *t, uint8_t kind, size_t start, size_t end, const char *norm,
                 size_t norm_len, double value)
{
    story_doc *d = t->d;
    if (d->ntokens >= STORY_MAX_TOKENS) {
        d->truncated = true;
        return false;
    }
    if (norm_len > STORY_MAX_NORM) {
        norm_len = STORY_MAX_NORM;
        while (norm_len && ((unsigned char)norm[norm_len] & 0xC0) == 0x80)
            norm_len--; /* never cut a code point */
    }
    if (t->pool_len + norm_len + 1 > t->pool_cap) {
        d->truncated = true;
        return false;
    }
    story_token *tok = &d->tokens[d->ntokens++];
    tok->start = (uint32_t)start;
    tok->end = (uint32_t)end;
    tok->kind = kind;
    tok->flags = t->pending;
    if (!t->space_before && d->ntokens > 1)
        tok->flags |= STORY_TF_GLUED;
    if (t->s[start] >= 'A' && t->s[start] <= 'Z')
        tok->flags |= STORY_TF_CAPITAL;
    tok->value = value;
    tok->clause = 0;
    tok->norm = t->pool_len;
    tok->norm_len = (uint16_t)norm_len;
    memcpy(d->norm + t->pool_len, norm, norm_len);
    t->pool_len += (uint32_t)norm_len;
    d->norm[t->pool_len++] = '\0';
    t->pending = 0;
    t->space_before = false;
    return true;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* A number: digits, and a decimal part after '.' or ','. "1,000" is a
 * thousand; "1,5" is one and a half. */
static size_t scan_number(const unsigned char *s, size_t n, size_t at, char *norm, size_t *nl,
                          double *value)
{
    size_t i = at, o = 0;
    bool point = false;
    while (i < n) {
        if (is_digit(s[i])) {
            if (o < 40)
                norm[o++] = (char)s[i];
            i++;
            continue;
        }
        if ((s[i] == '.' || s[i] == ',') && !point && i + 1 < n && is_digit(s[i + 1])) {
            size_t digits = 0;
            while (i + 1 + digits < n && is_digit(s[i + 1 + digits]))
                digits++;
            if (s[i] == ',' && digits == 3) { /* thousands */
                i++;
                continue;
            }
            point = true;
            if (o < 40)
                norm[o++] = '.';
            i++;
            continue;
        }
        break;
    }
    norm[o] = '\0';
    *nl = o;
    *value = strtod(norm, NULL);
    return i;
}

static bool tokenize(tokenizer *t)
{
    char buf[STORY_MAX_NORM + 8];
    unsigned newlines = 0;
    t->pending = STORY_TF_LINE;
    t->space_before = true;
    while (t->at < t->n) {
        uint32_t cp;
        size_t k;
        char ascii = 0;
        size_t start = t->at;
        int cls = peek(t, start, &cp, &k, &ascii);
        if (cls == C_SPACE || cls == C_NEWLINE) {
            if (k == 1 && (t->s[start] >= 0x80 || t->s[start] == 0))
                t->d->invalid_bytes++;
            if (cls == C_NEWLINE) {
                newlines++;
                t->pending |= STORY_TF_LINE;
                if (newlines >= 2)
                    t->pending |= STORY_TF_PARAGRAPH;
            }
            t->space_before = true;
            t->at += k;
            continue;
        }
        newlines = 0;
        if (cls == C_DIGIT ||
            (cls == C_PUNCT && ascii == '.' && start + 1 < t->n && is_digit(t->s[start + 1]) &&
             !(start > 0 && is_digit(t->s[start - 1])))) {
            size_t nl;
            double v;
            if (t->s[start] == '.') {
                buf[0] = '0';
                size_t e = scan_number(t->s, t->n, start + 1, buf + 2, &nl, &v);
                buf[1] = '.';
                nl += 2;
                v = strtod(buf, NULL);
                t->at = e;
            } else {
                t->at = scan_number(t->s, t->n, start, buf, &nl, &v);
            }
            if (!push(t, STORY_TOK_NUMBER, start, t->at, buf, nl, v))
                return false;
            continue;
        }
        if (cls == C_FRACTION) {
            double v = cp == 0xBD ? 0.5 : cp == 0xBC ? 0.25 : 0.75;
            const char *w = cp == 0xBD ? "0.5" : cp == 0xBC ? "0.25" : "0.75";
            t->at += k;
            if (!push(t, STORY_TOK_NUMBER, start, t->at, w, strlen(w), v))
                return false;
            continue;
        }
        if (cls == C_LETTER) {
            size_t o = 0;
            size_t at = start;
            for (;;) {
                uint32_t c2;
                size_t k2;
                char a2 = 0;
                int cl2 = peek(t, at, &c2, &k2, &a2);
                if (cl2 == C_LETTER) {
                    for (size_t j = 0; j < k2; j++) {
                        unsigned char b = t->s[at + j];
                        if (o < STORY_MAX_NORM + 4)
                            buf[o++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
                    }
                    at += k2;
                    continue;
                }
                if (cl2 == C_APOSTROPHE) {
                    /* inside a word only: "don't", "son's" */
                    uint32_t c3;
                    size_t k3;
                    char a3 = 0;
                    if (peek(t, at + k2, &c3, &k3, &a3) == C_LETTER) {
                        if (o < STORY_MAX_NORM + 4)
                            buf[o++] = '\'';
                        at += k2;
                        continue;
                    }
                }
                break;
            }
            t->at = at;
            if (!push(t, STORY_TOK_WORD, start, at, buf, o, 0))
                return false;
            continue;
        }
        /* punctuation, and a lone apostrophe (a quote mark) */
        if (cls == C_APOSTROPHE)
            ascii = '\'';
        t->at += k;
        if (!push(t, STORY_TOK_PUNCT, start, t->at, &ascii, 1, 0))
            return false;
    }
    return true;
}

/* ---- sentences ----------------------------------------------------------- */

static bool is_punct(const story_doc *d, uint32_t i, char c)
{
    return i < d->ntokens && d->tokens[i].kind == STORY_TOK_PUNCT &&
           d->norm[d->tokens[i].norm] == c;
}

static bool is_end_mark(const story_doc *d, uint32_t i)
{
    return is_punct(d, i, '.') || is_punct(d, i, '!') || is_punct(d, i, '?');
}

/* Titles, after which "." never ends a sentence ("Dr. Smith"). */
static const char *const titles[] = {"dr", "mr", "mrs", "ms", "prof", "vs", NULL};
/* Words after which "." does not end a sentence unless a capital follows. */
static const char *const abbreviations[] = {
    "st",  "etc", "approx", "appr", "min", "mins", "sec",  "secs", "hr",   "hrs", "yrs",
    "yr",  "mos", "wks",    "wk",   "no",  "nr",   "ca",   "esp",  "incl", "jan", "feb",
    "mar", "apr", "jun",    "jul",  "aug", "sep",  "sept", "oct",  "nov",  "dec", NULL};

static bool period_ends_sentence(const story_doc *d, uint32_t i)
{
    uint32_t next = i + 1;
    if (i == 0)
        return false;
    const story_token *prev = &d->tokens[i - 1];
    bool next_capital = next >= d->ntokens || (d->tokens[next].flags & STORY_TF_CAPITAL) ||
                        (d->tokens[next].flags & STORY_TF_LINE);
    if (next < d->ntokens && (d->tokens[next].flags & STORY_TF_GLUED) &&
        !(d->tokens[next].flags & STORY_TF_CAPITAL) && !is_end_mark(d, next) &&
        !is_punct(d, next, '"') && !is_punct(d, next, ')'))
        return false; /* "y.o", "e.g", "3.pm" */
    if (prev->kind == STORY_TOK_WORD && prev->norm_len == 1 && d->norm[prev->norm] != 'i')
        return next_capital && !(i >= 2 && is_punct(d, i - 2, '.')); /* "e.g." "a.m." */
    if (prev->kind == STORY_TOK_WORD && story_is_one_of(d, i - 1, titles))
        return false;
    if (prev->kind == STORY_TOK_WORD && story_is_one_of(d, i - 1, abbreviations))
        return next_capital;
    if (prev->kind == STORY_TOK_NUMBER && (prev->flags & STORY_TF_LINE) &&
        (d->tokens[i].flags & STORY_TF_GLUED))
        return false; /* a numbered item: "1." */
    return true;
}

/* Whether token i, the first of its line, is a bullet. */
static bool is_bullet(const story_doc *d, uint32_t i)
{
    if (is_punct(d, i, '-') || is_punct(d, i, '*') || is_punct(d, i, '>'))
        return true;
    return d->tokens[i].kind == STORY_TOK_NUMBER && i + 1 < d->ntokens &&
           (d->tokens[i + 1].flags & STORY_TF_GLUED) &&
           (is_punct(d, i + 1, '.') || is_punct(d, i + 1, ')'));
}

static bool add_sentence(story_doc *d, uint32_t first, uint32_t end)
{
    if (first >= end)
        return true;
    if (d->nsentences >= STORY_MAX_SENTENCES) {
        d->truncated = true;
        return false;
    }
    story_sentence *s = &d->sentences[d->nsentences++];
    s->tok_first = first;
    s->tok_end = end;
    s->start = d->tokens[first].start;
    s->end = d->tokens[end - 1].end;
    return true;
}

static void split_sentences(story_doc *d)
{
    uint32_t first = 0, line_first = 0;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        const story_token *t = &d->tokens[i];
        if ((t->flags & STORY_TF_LINE) && i > 0) {
            uint32_t line_bytes = d->tokens[i - 1].end - d->tokens[line_first].start;
            bool brk =
                (t->flags & STORY_TF_PARAGRAPH) || is_bullet(d, i) || line_bytes < SHORT_LINE;
            line_first = i;
            if (brk && i > first) {
                if (!add_sentence(d, first, i))
                    goto cut;
                first = i;
            }
        }
        if (is_end_mark(d, i) && (!is_punct(d, i, '.') || period_ends_sentence(d, i))) {
            uint32_t end = i + 1;
            while (end < d->ntokens &&
                   (is_end_mark(d, end) || is_punct(d, end, '"') || is_punct(d, end, ')')) &&
                   !(d->tokens[end].flags & STORY_TF_LINE))
                end++;
            if (!add_sentence(d, first, end))
                goto cut;
            first = end;
            i = end - 1;
        }
    }
    if (!add_sentence(d, first, d->ntokens))
        goto cut;
    return;
cut:
    /* the tokens past the last sentence kept are not read */
    d->ntokens = d->nsentences ? d->sentences[d->nsentences - 1].tok_end : 0;
}

/* ---- clauses ------------------------------------------------------------- */

static const char *const terminators[] = {"but",       "although", "though",  "however",
                                          "except",    "whereas",  "because", "besides",
                                          "otherwise", "unless",   NULL};
static const char *const subjects[] = {"i",       "i'm", "im",    "i've", "ive",  "i'd", "he",
                                       "he's",    "she", "she's", "it",   "it's", "its", "they",
                                       "they're", "we",  "there", "then", NULL};
static const char *const determiners[] = {"my",  "his",  "her",  "their", "our",
                                          "the", "this", "that", NULL};

/* Whether a new clause starts at token i (within sentence [first, i)). */
static bool starts_clause(const story_doc *d, uint32_t first, uint32_t i)
{
    if (i == first)
        return false;
    if (is_punct(d, i - 1, ';'))
        return true;
    if (is_punct(d, i, '-') && !(d->tokens[i].flags & STORY_TF_GLUED) && i + 1 < d->ntokens &&
        !(d->tokens[i + 1].flags & STORY_TF_GLUED) && !story_is_number(d, i - 1) &&
        !story_is_number(d, i + 1) && i - 1 > first)
        return true; /* "it twitches - never when awake" */
    if (story_is_one_of(d, i, terminators)) {
        if (story_is(d, i, "yet") && story_is(d, i - 1, "not"))
            return false;
        return true;
    }
    if (story_is(d, i, "yet") && !story_is(d, i - 1, "not") && !story_is(d, i - 1, "as"))
        return true;
    if (story_is(d, i, "apart") && story_is(d, i + 1, "from"))
        return true;
    if (story_is(d, i, "and") && story_is(d, i + 1, "then"))
        return true;
    if (story_is(d, i, "then") && is_punct(d, i - 1, ','))
        return true;
    if ((story_is(d, i, "and") || story_is(d, i, "so")) && i + 1 < d->ntokens) {
        bool comma = is_punct(d, i - 1, ',');
        if (story_is_one_of(d, i + 1, subjects))
            return true;
        if (comma && story_is_one_of(d, i + 1, determiners))
            return true;
        if (comma && story_is(d, i, "so"))
            return true;
    }
    return false;
}

static bool add_clause(story_doc *d, uint32_t first, uint32_t end, uint32_t sentence)
{
    if (first >= end)
        return true;
    if (d->nclauses >= STORY_MAX_CLAUSES) {
        d->truncated = true;
        return false;
    }
    uint32_t ci = d->nclauses++;
    story_clause *c = &d->clauses[ci];
    c->tok_first = first;
    c->tok_end = end;
    c->start = d->tokens[first].start;
    c->end = d->tokens[end - 1].end;
    c->sentence = sentence;
    c->person = 0;
    for (uint32_t i = first; i < end; i++)
        d->tokens[i].clause = ci;
    return true;
}

static void split_clauses(story_doc *d)
{
    for (uint32_t s = 0; s < d->nsentences; s++) {
        uint32_t first = d->sentences[s].tok_first, end = d->sentences[s].tok_end;
        uint32_t at = first;
        for (uint32_t i = first + 1; i < end; i++)
            if (starts_clause(d, first, i)) {
                if (!add_clause(d, at, i, s))
                    goto cut;
                at = i;
            }
        if (!add_clause(d, at, end, s))
            goto cut;
    }
    return;
cut:
    /* keep whole sentences only */
    uint32_t covered = d->nclauses ? d->clauses[d->nclauses - 1].tok_end : 0;
    while (d->nsentences && d->sentences[d->nsentences - 1].tok_end > covered)
        d->nsentences--;
    while (d->nclauses && d->clauses[d->nclauses - 1].sentence >= d->nsentences)
        d->nclauses--;
    d->ntokens = d->nsentences ? d->sentences[d->nsentences - 1].tok_end : 0;
}

bool story_split(story_doc *d, arena *ar, const char *text, size_t len)
{
    size_t max_tokens = len < STORY_MAX_TOKENS ? len + 1 : STORY_MAX_TOKENS;
    d->tokens = arena_alloc(ar, max_tokens * sizeof *d->tokens);
    d->norm = arena_alloc(ar, 2 * len + 16);
    if (!d->tokens || !d->norm)
        return false;
    tokenizer t = {d, (const unsigned char *)text, len, 0, 0, (uint32_t)(2 * len + 16), 0, true};
    if (!tokenize(&t) && d->ntokens)
        d->len = d->tokens[d->ntokens - 1].end; /* the text read stops at the last token kept */
    size_t max_sentences = d->ntokens < STORY_MAX_SENTENCES ? d->ntokens + 1 : STORY_MAX_SENTENCES;
    size_t max_clauses = d->ntokens < STORY_MAX_CLAUSES ? d->ntokens + 1 : STORY_MAX_CLAUSES;
    d->sentences = arena_alloc(ar, max_sentences * sizeof *d->sentences);
    d->clauses = arena_alloc(ar, max_clauses * sizeof *d->clauses);
    if (!d->sentences || !d->clauses)
        return false;
    split_sentences(d);
    split_clauses(d);
    if (d->ntokens && d->truncated)
        d->len = d->tokens[d->ntokens - 1].end;
    return true;
}
