/*
 * json_doc.c - positions for jansson's tree (see json_doc.h).
 *
 * Design: jansson keeps object members in the order of the text, so a
 * pre-order walk of its tree meets the values in the same order as a scan
 * of the text. The walk below does both at once: for each container it
 * reserves one slot per member (two for an object: key and value) and fills
 * them as the scanner reaches each one. A container is found again by its
 * address (jansson's true, false and null are shared singletons, so leaves
 * are found through their parent). The scanner only ever sees text jansson
 * accepted; if anything still disagrees, positions are dropped (lost), never
 * guessed.
 */
#include "json_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct json_span {
    const json_t *container;
    size_t first; /* index of its first slot in doc->at */
    size_t count; /* members */
};

typedef struct scanner {
    const char *p, *end;
    unsigned line, column;
    json_doc *doc;
} scanner;

static void advance(scanner *s, size_t n)
{
    for (size_t i = 0; i < n && s->p < s->end; i++, s->p++) {
        unsigned char c = (unsigned char)*s->p;
        if (c == '\n') {
            s->line++;
            s->column = 1;
        } else if ((c & 0xC0) != 0x80) {
            s->column++;
        }
    }
}

static void skip_space(scanner *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        advance(s, 1);
}

/* Bytes in the token at s->p (a string with its quotes, a number, a word). */
static size_t token_bytes(const scanner *s)
{
    const char *q = s->p;
    if (q >= s->end)
        return 0;
    if (*q == '"') {
        for (q++; q < s->end && *q != '"'; q++)
            if (*q == '\\' && q + 1 < s->end)
                q++;
        return (size_t)(q < s->end ? q + 1 - s->p : q - s->p);
    }
    if (*q == '{' || *q == '[')
        return 1;
    while (q < s->end && strchr("+-.0123456789eEabcdefghijklmnopqrstuvwxyz", *q) && *q)
        q++;
    return (size_t)(q - s->p);
}

static unsigned chars_in(const char *p, size_t n)
{
    unsigned c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)p[i] & 0xC0) != 0x80;
    return c ? c : 1;
}

static json_where here(const scanner *s)
{
    json_where w = {s->line, s->column, chars_in(s->p, token_bytes(s))};
    return w;
}

static bool expect(scanner *s, char c)
{
    skip_space(s);
    if (s->p >= s->end || *s->p != c)
        return false;
    advance(s, 1);
    return true;
}

static bool reserve(json_doc *doc, const json_t *container, size_t count, size_t *first)
{
    if (doc->nspans == doc->spans_cap) {
        size_t cap = doc->spans_cap ? doc->spans_cap * 2 : 64;
        struct json_span *ns = realloc(doc->spans, cap * sizeof *ns);
        if (!ns)
            return false;
        doc->spans = ns;
        doc->spans_cap = cap;
    }
    if (doc->nat + count > doc->at_cap) {
        size_t cap = doc->at_cap ? doc->at_cap : 256;
        while (cap < doc->nat + count)
            cap *= 2;
        json_where *na = realloc(doc->at, cap * sizeof *na);
        if (!na)
            return false;
        doc->at = na;
        doc->at_cap = cap;
    }
    *first = doc->nat;
    doc->spans[doc->nspans].container = container;
    doc->spans[doc->nspans].first = doc->nat;
    doc->spans[doc->nspans].count = count;
    doc->nspans++;
    doc->nat += count;
    return true;
}

static bool walk(scanner *s, const json_t *v, int depth);

static bool walk_object(scanner *s, const json_t *obj, int depth)
{
    size_t n = json_object_size(obj), first, i = 0;
    if (!expect(s, '{') || !reserve(s->doc, obj, 2 * n, &first))
        return false;
    for (void *it = json_object_iter((json_t *)obj); it;
         it = json_object_iter_next((json_t *)obj, it), i++) {
        if (i > 0 && !expect(s, ','))
            return false;
        skip_space(s);
        const char *key = json_object_iter_key(it);
        size_t kb = token_bytes(s);
        /* a key written without escapes must be the one jansson has here */
        if (kb < 2 || *s->p != '"' ||
            (!memchr(s->p, '\\', kb) && (kb - 2 != strlen(key) || memcmp(s->p + 1, key, kb - 2))))
            return false;
        s->doc->at[first + 2 * i] = here(s);
        advance(s, kb);
        if (!expect(s, ':'))
            return false;
        skip_space(s);
        s->doc->at[first + 2 * i + 1] = here(s);
        if (!walk(s, json_object_iter_value(it), depth + 1))
            return false;
    }
    return i == n && expect(s, '}');
}

static bool walk_array(scanner *s, const json_t *arr, int depth)
{
    size_t n = json_array_size(arr), first;
    if (!expect(s, '[') || !reserve(s->doc, arr, n, &first))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !expect(s, ','))
            return false;
        skip_space(s);
        s->doc->at[first + i] = here(s);
        if (!walk(s, json_array_get(arr, i), depth + 1))
            return false;
    }
    return expect(s, ']');
}

static bool walk(scanner *s, const json_t *v, int depth)
{
    if (depth > 4096)
        return false;
    skip_space(s);
    if (json_is_object(v))
        return walk_object(s, v, depth);
    if (json_is_array(v))
        return walk_array(s, v, depth);
    size_t n = token_bytes(s);
    if (n == 0)
        return false;
    advance(s, n);
    return true;
}

static int by_address(const void *a, const void *b)
{
    const json_t *x = ((const struct json_span *)a)->container;
    const json_t *y = ((const struct json_span *)b)->container;
    return x < y ? -1 : x > y;
}

/* The place of the token jansson names in its message ("... near 'tru'"):
 * its position is the byte after that token, or where it stopped. */
static json_where error_place(const char *data, size_t size, const json_error_t *e)
{
    size_t at = e->position < 0 ? 0 : (size_t)e->position;
    if (at > size)
        at = size;
    size_t len = 0;
    const char *near = strstr(e->text, " near '");
    size_t tl = near ? strlen(near + 7) : 0;
    if (near && tl > 0 && near[7 + tl - 1] == '\'') {
        tl--;
        if (tl <= at && memcmp(data + at - tl, near + 7, tl) == 0) {
            at -= tl;
            len = tl;
        }
    }
    json_where w = {1, 1, 1};
    for (size_t i = 0; i < at; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n') {
            w.line++;
            w.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            w.column++;
        }
    }
    w.length = len ? chars_in(data + at, len) : 1;
    return w;
}

bool json_doc_parse(json_doc *doc, const char *data, size_t size, json_where *where, char *msg,
                    size_t msg_size)
{
    memset(doc, 0, sizeof *doc);
    json_error_t e;
    doc->root = json_loadb(data, size, JSON_REJECT_DUPLICATES, &e);
    if (!doc->root) {
        *where = error_place(data, size, &e);
        snprintf(msg, msg_size, "invalid JSON: %s", e.text);
        return false;
    }
    scanner s = {data, data + size, 1, 1, doc};
    skip_space(&s);
    doc->root_at = here(&s);
    if (!walk(&s, doc->root, 0)) {
        doc->lost = true;
        doc->nspans = 0;
    }
    if (doc->nspans)
        qsort(doc->spans, doc->nspans, sizeof *doc->spans, by_address);
    return true;
}

void json_doc_fini(json_doc *doc)
{
    json_decref(doc->root);
    free(doc->spans);
    free(doc->at);
    memset(doc, 0, sizeof *doc);
}

static const struct json_span *find_span(const json_doc *doc, const json_t *container)
{
    struct json_span key = {container, 0, 0};
    if (!doc->nspans)
        return NULL;
    return bsearch(&key, doc->spans, doc->nspans, sizeof key, by_address);
}

json_where json_doc_member(const json_doc *doc, const json_t *obj, const char *key, bool want_key)
{
    json_where none = {0, 0, 0};
    const struct json_span *sp = find_span(doc, obj);
    if (!sp || !json_is_object(obj))
        return none;
    size_t i = 0;
    for (void *it = json_object_iter((json_t *)obj); it && i < sp->count / 2;
         it = json_object_iter_next((json_t *)obj, it), i++)
        if (!strcmp(json_object_iter_key(it), key))
            return doc->at[sp->first + 2 * i + (want_key ? 0 : 1)];
    return none;
}

json_where json_doc_item(const json_doc *doc, const json_t *arr, size_t i)
{
    json_where none = {0, 0, 0};
    const struct json_span *sp = find_span(doc, arr);
    if (!sp || !json_is_array(arr) || i >= sp->count)
        return none;
    return doc->at[sp->first + i];
}

size_t json_line_text(const char *data, size_t size, unsigned line, const char **start)
{
    const char *p = data, *end = data + size;
    for (unsigned l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e)
        e = end;
    if (e > p && e[-1] == '\r')
        e--;
    *start = p;
    return (size_t)(e - p);
}
