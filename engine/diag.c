/*
 * diag.c - diagnostics: format once into a stack buffer, forward, count;
 * the position index of a source file and the excerpts cut from it.
 */
#include "diag.h"

#include <stdio.h>
#include <string.h>

/* Characters of context kept before the column when a long line is cut. */
#define EXCERPT_BEFORE 60u

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

/* Copies src into dst (size bytes), cutting it short if needed. */
void diag_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* ---- positions ------------------------------------------------------------ */

size_t src_break_len(const char *s, size_t n)
{
    if (!n)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == '\n')
        return 1;
    if (u[0] == '\r')
        return n > 1 && u[1] == '\n' ? 2 : 1;
    if (u[0] == 0xC2 && n > 1 && u[1] == 0x85)
        return 2;
    if (u[0] == 0xE2 && n > 2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
        return 3;
    return 0;
}

/* Bytes of the character at s[0..n): a lead byte and its continuation
 * bytes, counted the way diag_chars counts characters. */
static size_t char_len(const char *s, size_t n)
{
    size_t k = 1;
    while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
        k++;
    return k;
}

typedef struct cursor {
    size_t off;
    uint32_t line, col;
} cursor;

/* Moves c over one character or one line break. */
static void step(const src_file *src, cursor *c)
{
    size_t rest = src->size - c->off;
    size_t b = src_break_len(src->data + c->off, rest);
    if (b) {
        c->off += b;
        c->line++;
        c->col = 1;
    } else {
        c->off += char_len(src->data + c->off, rest);
        c->col++;
    }
}

size_t src_index_size(size_t size)
{
    return size / SRC_MARK_STEP + 2;
}

void src_index(src_file *src, src_mark *marks)
{
    size_t n = 0, last = 0;
    cursor c = {0, 1, 1};
    marks[n++] = (src_mark){1, 1, 0};
    while (c.off < src->size) {
        step(src, &c);
        if (c.off - last >= SRC_MARK_STEP && c.off < src->size) {
            marks[n++] = (src_mark){c.line, c.col, (uint32_t)c.off};
            last = c.off;
        }
    }
    src->marks = marks;
    src->nmarks = n;
}

/* The last checkpoint at or before byte off. */
static cursor mark_before_offset(const src_file *src, size_t off)
{
    size_t lo = 0, hi = src->nmarks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->marks[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    const src_mark *m = &src->marks[lo];
    return (cursor){m->off, m->line, m->col};
}

/* The last checkpoint at or before line:col (line counted in the data). */
static cursor mark_before_position(const src_file *src, uint32_t line, uint32_t col)
{
    size_t lo = 0, hi = src->nmarks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        const src_mark *m = &src->marks[mid];
        if (m->line < line || (m->line == line && m->col <= col))
            lo = mid;
        else
            hi = mid;
    }
    const src_mark *m = &src->marks[lo];
    return (cursor){m->off, m->line, m->col};
}

void src_position(const src_file *src, size_t off, unsigned *line, unsigned *col)
{
    if (off > src->size)
        off = src->size;
    cursor c = src->marks ? mark_before_offset(src, off) : (cursor){0, 1, 1};
    while (c.off < off)
        step(src, &c);
    *line = c.line + src->line_base;
    *col = c.col;
}

/* The offset k characters before off, on the same line. */
static size_t back_chars(const src_file *src, size_t off, unsigned k)
{
    while (k-- && off > 0) {
        off--;
        while (off > 0 && ((unsigned char)src->data[off] & 0xC0) == 0x80)
            off--;
    }
    return off;
}

/* From off, up to max characters of the line: returns the end offset, sets
 * *count to the characters taken and *more when the line goes on. */
static size_t take_chars(const src_file *src, size_t off, unsigned max, unsigned *count,
                         bool *more)
{
    unsigned n = 0;
    while (off < src->size && !src_break_len(src->data + off, src->size - off)) {
        if (n == max) {
            *count = n;
            *more = true;
            return off;
        }
        off += char_len(src->data + off, src->size - off);
        n++;
    }
    *count = n;
    *more = false;
    return off;
}

size_t src_excerpt(const src_file *src, unsigned line, unsigned col, const char **text,
                   unsigned *first_col, bool *cut)
{
    *text = NULL;
    *first_col = 0;
    *cut = false;
    if (!src || !src->data || !src->marks || line <= src->line_base)
        return 0;
    uint32_t l = line - src->line_base;
    if (col == 0)
        col = 1;
    /* walk from the checkpoint to the column, or to the end of its line */
    cursor c = mark_before_position(src, l, col);
    while (c.off < src->size && (c.line < l || c.col < col)) {
        if (c.line == l && src_break_len(src->data + c.off, src->size - c.off))
            break;
        step(src, &c);
    }
    if (c.line != l)
        return 0; /* no such line */
    unsigned taken;
    bool more;
    size_t start, end;
    if (c.col <= TRI_MAX_EXCERPT + 1) {
        /* the whole line, when it is short enough */
        start = back_chars(src, c.off, c.col - 1);
        end = take_chars(src, start, TRI_MAX_EXCERPT, &taken, &more);
        if (!more) {
            *text = src->data + start;
            *first_col = 1;
            return end - start;
        }
    }
    unsigned before = c.col - 1 < EXCERPT_BEFORE ? c.col - 1 : EXCERPT_BEFORE;
    start = back_chars(src, c.off, before);
    end = take_chars(src, start, TRI_MAX_EXCERPT, &taken, &more);
    *text = src->data + start;
    *first_col = c.col - before;
    *cut = more;
    return end - start;
}

/* ---- reporting ------------------------------------------------------------ */

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

static void count(diag_sink *d, tri_severity sev)
{
    if (sev == TRI_SEV_ERROR)
        d->errors++;
    else if (sev == TRI_SEV_WARNING)
        d->warnings++;
    if (d->err) {
        d->err->errors = d->errors;
        d->err->warnings = d->warnings;
    }
}

/* The one diagnostic that says the rest about src is left out. */
static void report_full(diag_sink *d, src_file *src, const char *file)
{
    src->full = true;
    tri_severity sev = src->errors ? TRI_SEV_ERROR : TRI_SEV_WARNING;
    const char *what = !src->warnings ? "errors" : !src->errors ? "warnings"
                                                              : "errors and warnings";
    char msg[512];
    snprintf(msg, sizeof msg, "too many %s in '%s' (the limit is %d per file), stopping", what,
             file, TRI_MAX_DIAGNOSTICS);
    count(d, sev);
    if (sev == TRI_SEV_ERROR)
        keep_first(d, TRI_ERR_INVALID, file, 0, 0, msg);
    if (!d->fn)
        return;
    tri_diag out = {0};
    out.severity = sev;
    out.file = file;
    out.length = 1;
    out.message = msg;
    out.check = "too-many-errors";
    d->fn(&out, d->ctx);
}

void diag_vreport(diag_sink *d, tri_severity sev, src_file *src, unsigned line, unsigned col,
                  unsigned len, const char *check, const char *fmt, va_list ap)
{
    const char *file = src && src->name ? src->name : "<input>";
    bool pass = true;
    if (src) {
        if (src->full) {
            pass = false;
        } else if (sev != TRI_SEV_NOTE &&
                   src->errors + src->warnings >= TRI_MAX_DIAGNOSTICS) {
            report_full(d, src, file);
            pass = false;
        } else if (sev == TRI_SEV_ERROR) {
            src->errors++;
        } else if (sev == TRI_SEV_WARNING) {
            src->warnings++;
        }
    }
    bool first_error = sev == TRI_SEV_ERROR && d->err && d->err->status == TRI_OK;
    count(d, sev);
    if (!pass && !first_error)
        return; /* counted, not formatted */
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (sev == TRI_SEV_ERROR)
        keep_first(d, TRI_ERR_INVALID, file, line, col, msg);
    if (!pass || !d->fn)
        return;
    tri_diag out = {0};
    out.severity = sev;
    out.file = file;
    out.line = line;
    out.column = col;
    out.length = len ? len : 1;
    out.message = msg;
    out.check = check ? check : "";
    if (line) {
        out.source_line_len = src_excerpt(src, line, col, &out.source_line,
                                          &out.source_first_column, &out.source_cut);
        if (out.source_line && out.source_cut) {
            /* underline no further than the excerpt goes */
            unsigned shown = diag_chars(out.source_line, out.source_line_len);
            unsigned last = out.source_first_column + shown; /* one past the excerpt */
            if (col >= out.source_first_column && col + out.length > last)
                out.length = col < last ? last - col : 1;
        }
    }
    d->fn(&out, d->ctx);
}

void diag_report(diag_sink *d, tri_severity sev, src_file *src, unsigned line, unsigned col,
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
