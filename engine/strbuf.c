/*
 * strbuf.c - growable buffer and JSON string escaping.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void sb_init(strbuf *b, const tri_allocator *a)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
    b->alloc = mem_or_default(a);
}

void sb_fini(strbuf *b)
{
    mem_free(b->alloc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sb_reset(strbuf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

static bool reserve(strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *nd = mem_realloc(b->alloc, b->data, cap);
    if (!nd) {
        b->failed = true;
        return false;
    }
    b->data = nd;
    b->cap = cap;
    return true;
}

void sb_putn(strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sb_puts(strbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

void sb_putc(strbuf *b, char c)
{
    sb_putn(b, &c, 1);
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sb_putn(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xC2) || c > 0xF4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
        return 0;
    if (n == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
        return 0;
    return n;
}

void sb_json_str(strbuf *b, const char *s)
{
    sb_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* copy the longest run that needs no escaping in one go */
        const unsigned char *run = p;
        for (;;) {
            unsigned c = *p;
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                p++;
                continue;
            }
            size_t n = c >= 0x80 ? utf8_seq(p) : 0;
            if (n == 0)
                break;
            p += n;
        }
        if (p > run)
            sb_putn(b, (const char *)run, (size_t)(p - run));
        unsigned c = *p;
        if (!c)
            break;
        if (c == '"' || c == '\\') {
            sb_putc(b, '\\');
            sb_putc(b, (char)c);
        } else if (c == '\n') {
            sb_puts(b, "\\n");
        } else if (c == '\t') {
            sb_puts(b, "\\t");
        } else if (c == '\r') {
            sb_puts(b, "\\r");
        } else if (c < 0x20) {
            sb_printf(b, "\\u%04x", c);
        } else {
            sb_puts(b, "\\ufffd"); /* a byte that is not valid UTF-8 */
        }
        p++;
    }
    sb_putc(b, '"');
}

void sb_json_num(strbuf *b, double v)
{
    if (v > -0.0005 && v < 0.0005)
        v = 0; /* no "-0.000" */
    sb_printf(b, "%.3f", v);
}
