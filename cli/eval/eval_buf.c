/*
 * eval_buf.c - the base of `triage eval`: running out of memory, growable
 * byte buffers, and the escaping its output formats need (JSON strings, XML
 * text). Every other part of the command calls down to here; nothing here
 * calls up.
 *
 * Workers build each case's record in a buffer of their job; the consumer
 * copies the buffers out in input order. A buffer's data is always
 * NUL-terminated once anything has been written; running out of memory ends
 * the command (eval_out_of_memory).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

/* ---- running out of memory ---------------------------------------------------------- */

_Noreturn void eval_out_of_memory(void)
{
    cli_error("out of memory");
    exit(EXIT_INPUT);
}

void *eval_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        eval_out_of_memory();
    return q;
}

/* ---- buffers ------------------------------------------------------------------------- */

static void buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = eval_realloc(b->data, cap);
    b->cap = cap;
}

void buf_putn(buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_putn(b, s, strlen(s));
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_json(buf *b, const char *s)
{
    buf_putn(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            buf_putn(b, e, 2);
        } else if (*p == '\n') {
            buf_puts(b, "\\n");
        } else if (*p == '\t') {
            buf_puts(b, "\\t");
        } else if (*p < 0x20 || *p == 0x7f) {
            buf_printf(b, "\\u%04x", *p);
        } else {
            buf_putn(b, (const char *)p, 1);
        }
    }
    buf_putn(b, "\"", 1);
}

void buf_json_or_null(buf *b, const char *s)
{
    if (s)
        buf_json(b, s);
    else
        buf_puts(b, "null");
}

void buf_xml(buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&':
            buf_puts(b, "&amp;");
            break;
        case '<':
            buf_puts(b, "&lt;");
            break;
        case '>':
            buf_puts(b, "&gt;");
            break;
        case '"':
            buf_puts(b, "&quot;");
            break;
        case '\n':
        case '\t':
            buf_putn(b, (const char *)p, 1);
            break;
        default:
            buf_putn(b, *p < 0x20 ? "?" : (const char *)p, 1);
        }
    }
}
