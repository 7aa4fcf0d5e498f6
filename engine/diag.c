/*
 * diag.c - diagnostics: format once into a stack buffer, forward, count.
 */
#include "diag.h"

#include <stdio.h>
#include <string.h>

void diag_init(diag_sink *d, const tri_options *opt, tri_error *err)
{
    d->fn = opt ? opt->on_diag : NULL;
    d->ctx = opt ? opt->diag_ctx : NULL;
    d->err = err;
    d->errors = d->warnings = 0;
    d->hard = TRI_OK;
    if (err)
        memset(err, 0, sizeof *err);
}

unsigned diag_chars(const char *s, size_t n)
{
    unsigned c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

size_t diag_line_text(const src_file *src, unsigned line, const char **start)
{
    *start = NULL;
    if (!src || !src->data || line <= src->line_base)
        return 0;
    line -= src->line_base;
    const char *p = src->data, *end = src->data + src->size;
    for (unsigned l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return 0;
        p = nl + 1;
    }
    const char *e = p;
    while (e < end && *e != '\n' && *e != '\r')
        e++;
    *start = p;
    return (size_t)(e - p);
}

/* Copies src into dst (size bytes), cutting it short if needed. */
void diag_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void keep_first(diag_sink *d, tri_status status, const char *file, unsigned line,
                       unsigned col, const char *msg)
{
    tri_error *err = d->err;
    if (!err || err->status != TRI_OK)
        return;
    err->status = status;
    diag_copy(err->file, sizeof err->file, file ? file : "");
    err->line = line;
    err->column = col;
    diag_copy(err->message, sizeof err->message, msg);
}

void diag_vreport(diag_sink *d, tri_severity sev, const src_file *src, unsigned line, unsigned col,
                  unsigned len, const char *check, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    const char *file = src && src->name ? src->name : "<input>";
    if (sev == TRI_SEV_ERROR) {
        d->errors++;
        keep_first(d, TRI_ERR_INVALID, file, line, col, msg);
    } else if (sev == TRI_SEV_WARNING) {
        d->warnings++;
    }
    if (d->err) {
        d->err->errors = d->errors;
        d->err->warnings = d->warnings;
    }
    if (!d->fn)
        return;
    tri_diag out = {0};
    out.severity = sev;
    out.file = file;
    out.line = line;
    out.column = col;
    out.length = len ? len : 1;
    out.message = msg;
    out.check = check ? check : "";
    out.source_line_len = diag_line_text(src, line, &out.source_line);
    d->fn(&out, d->ctx);
}

void diag_report(diag_sink *d, tri_severity sev, const src_file *src, unsigned line, unsigned col,
                 unsigned len, const char *check, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(d, sev, src, line, col, len, check, fmt, ap);
    va_end(ap);
}

void diag_fail(diag_sink *d, tri_status status, const char *file, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d->errors++;
    if (d->hard == TRI_OK)
        d->hard = status;
    if (d->err) {
        if (d->err->status == TRI_OK || d->err->status == TRI_ERR_INVALID) {
            /* a hard failure outranks ordinary input errors */
            d->err->status = TRI_OK;
            keep_first(d, status, file, 0, 0, msg);
        }
        d->err->errors = d->errors;
    }
    if (d->fn) {
        tri_diag out = {0};
        out.severity = TRI_SEV_ERROR;
        out.file = file ? file : "<input>";
        out.length = 1;
        out.message = msg;
        out.check = status == TRI_ERR_NOMEM ? "memory" : status == TRI_ERR_IO ? "io" : "limit";
        d->fn(&out, d->ctx);
    }
}

tri_status diag_status(const diag_sink *d)
{
    if (d->hard != TRI_OK)
        return d->hard;
    return d->errors ? TRI_ERR_INVALID : TRI_OK;
}
