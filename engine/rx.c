/*
 * rx.c - PCRE2 (8-bit) behind a small interface, with resource limits.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"

#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"

struct rx_set {
    const tri_allocator *alloc;
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    pcre2_match_context *mctx;
    pcre2_code **codes;
    size_t count, cap;
    uint32_t max_pairs;
};

struct rx_scratch {
    const tri_allocator *alloc;
    pcre2_match_data *md;
    unsigned budget; /* `matches` tests that may still run into a limit */
};

static void *gctx_malloc(PCRE2_SIZE size, void *ctx)
{
    const tri_allocator *a = ctx;
    return mem_alloc(a, size);
}

static void gctx_free(void *p, void *ctx)
{
    const tri_allocator *a = ctx;
    mem_free(a, p);
}

static void set_release(void *p)
{
    rx_set *set = p;
    for (size_t i = 0; i < set->count; i++)
        pcre2_code_free(set->codes[i]);
    mem_free(set->alloc, set->codes);
    pcre2_match_context_free(set->mctx);
    pcre2_compile_context_free(set->cctx);
    pcre2_general_context_free(set->gctx);
}

rx_set *rx_set_new(arena *ar)
{
    rx_set *set = arena_calloc(ar, 1, sizeof *set);
    if (!set)
        return NULL;
    set->alloc = arena_allocator(ar);
    set->gctx = pcre2_general_context_create(gctx_malloc, gctx_free, (void *)set->alloc);
    if (!set->gctx)
        return NULL;
    set->cctx = pcre2_compile_context_create(set->gctx);
    set->mctx = pcre2_match_context_create(set->gctx);
    if (!arena_on_free(ar, set_release, set))
        return NULL;
    if (!set->cctx || !set->mctx)
        return NULL;
    pcre2_set_match_limit(set->mctx, RX_MATCH_LIMIT);
    pcre2_set_depth_limit(set->mctx, RX_DEPTH_LIMIT);
    pcre2_set_heap_limit(set->mctx, RX_HEAP_LIMIT_KIB);
    set->max_pairs = 1;
    return set;
}

int rx_compile(rx_set *set, const char *pattern, size_t len, tri_status *status, char *msg,
               size_t msg_size, unsigned *err_chars)
{
    *status = TRI_OK;
    if (set->count == set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 32;
        pcre2_code **nc = mem_realloc(set->alloc, set->codes, ncap * sizeof *nc);
        if (!nc) {
            *status = TRI_ERR_NOMEM;
            return -1;
        }
        set->codes = nc;
        set->cap = ncap;
    }
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF | PCRE2_CASELESS,
                                     &errcode, &erroff, set->cctx);
    if (!code) {
        if (errcode == PCRE2_ERROR_NOMEMORY || errcode == PCRE2_ERROR_HEAPLIMIT ||
            errcode == PCRE2_ERROR_HEAP_FAILED) {
            *status = TRI_ERR_NOMEM;
            return -1;
        }
        *status = TRI_ERR_INVALID;
        PCRE2_UCHAR buf[256];
        if (pcre2_get_error_message(errcode, buf, sizeof buf) < 0)
            strcpy((char *)buf, "invalid pattern");
        if (msg_size)
            snprintf(msg, msg_size, "%s", (const char *)buf);
        *err_chars = diag_chars(pattern, erroff > len ? len : erroff);
        return -1;
    }
    uint32_t captures = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    if (captures + 1 > set->max_pairs)
        set->max_pairs = captures + 1;
    set->codes[set->count] = code;
    return (int)set->count++;
}

rx_scratch *rx_scratch_new(const rx_set *set, const tri_allocator *a)
{
    a = mem_or_default(a);
    rx_scratch *sc = mem_alloc(a, sizeof *sc);
    if (!sc)
        return NULL;
    sc->alloc = a;
    sc->budget = RX_EVAL_LIMIT_HITS;
    sc->md = pcre2_match_data_create(set ? set->max_pairs : 1, set ? set->gctx : NULL);
    if (!sc->md) {
        mem_free(a, sc);
        return NULL;
    }
    return sc;
}

void rx_scratch_free(rx_scratch *sc)
{
    if (!sc)
        return;
    pcre2_match_data_free(sc->md);
    mem_free(sc->alloc, sc);
}

int rx_match(const rx_set *set, int idx, rx_scratch *sc, const char *subject, size_t len,
             size_t start)
{
    if (idx < 0 || (size_t)idx >= set->count)
        return -1;
    int rc = pcre2_match(set->codes[idx], (PCRE2_SPTR)subject, len, start, 0, sc->md, set->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_NOMEMORY)
        return -2;
    return -1;
}

int rx_match_valid(const rx_set *set, int idx, rx_scratch *sc, const char *subject, size_t len,
                   size_t start)
{
    if (idx < 0 || (size_t)idx >= set->count)
        return -1;
    int rc = pcre2_match(set->codes[idx], (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK,
                         sc->md, set->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_NOMEMORY)
        return -2;
    return -1;
}

bool rx_valid_utf8(const char *s, size_t n)
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
        /* overlong three- and four-byte forms, surrogates, beyond U+10FFFF */
        if (k == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)))
            return false;
        if (k == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)))
            return false;
        p += k;
    }
    return true;
}

int rx_test(const rx_set *set, int idx, rx_scratch *sc, const char *subject, size_t len)
{
    if (sc->budget == 0)
        return -1;
    int m = rx_match(set, idx, sc, subject, len, 0);
    if (m == -1)
        sc->budget--;
    return m;
}

void rx_budget_reset(rx_scratch *sc)
{
    sc->budget = RX_EVAL_LIMIT_HITS;
}

bool rx_group(const rx_scratch *sc, unsigned n, size_t *begin, size_t *end)
{
    if (n >= pcre2_get_ovector_count(sc->md))
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    if (ov[2 * n] == PCRE2_UNSET)
        return false;
    *begin = ov[2 * n];
    *end = ov[2 * n + 1];
    return true;
}
