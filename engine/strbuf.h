/*
 * strbuf.h - a growable output buffer for rendering reports.
 *
 * A session keeps one and reuses it: after the first few renders it stops
 * growing, so rendering in a batch allocates nothing. On allocation failure
 * the buffer is marked failed and further appends are ignored.
 */
#ifndef TRIAGE_STRBUF_H
#define TRIAGE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "triage/triage.h"

typedef struct strbuf {
    char *data;
    size_t len, cap;
    bool failed;
    const tri_allocator *alloc;
} strbuf;

void sb_init(strbuf *b, const tri_allocator *a);
void sb_fini(strbuf *b);
void sb_reset(strbuf *b);
void sb_putn(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_putc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string literal (with quotes); invalid UTF-8 bytes become U+FFFD. */
void sb_json_str(strbuf *b, const char *s);
/* A JSON number with 3 decimals ("0.820"), deterministic across runs. */
void sb_json_num(strbuf *b, double v);

#endif
