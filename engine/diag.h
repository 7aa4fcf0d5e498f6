/*
 * diag.h - reporting problems with a position in a source file.
 *
 * A diag_sink forwards each diagnostic to the caller's callback, counts
 * errors and warnings, and keeps the first error in the caller's tri_error.
 * Formatting uses a fixed stack buffer: reporting never allocates, so it
 * works even after an allocation failure.
 *
 * Bounds, whatever the input: at most TRI_MAX_DIAGNOSTICS errors and
 * warnings are passed on per file, then one "too many errors" error, then
 * nothing more about that file (they are still counted). Each diagnostic
 * carries an excerpt of at most TRI_MAX_EXCERPT characters of its line, cut
 * around the column. A position is found from a sparse index of the file
 * built once when it is read (a checkpoint every SRC_MARK_STEP bytes), by
 * binary search and a scan of at most SRC_MARK_STEP bytes.
 *
 * Line breaks are those of libyaml, so that positions agree with the
 * parser's: LF, CR LF, a lone CR, NEL (U+0085), LS (U+2028) and PS
 * (U+2029). Columns count characters (UTF-8 code points), a tab as one.
 */
#ifndef TRIAGE_DIAG_H
#define TRIAGE_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "triage/triage.h"

/* Bytes between two checkpoints of a file's position index. */
#define SRC_MARK_STEP 256u

/* A checkpoint: byte offset off is at line:col (line counted from 1 in the
 * data, before line_base is added). */
typedef struct src_mark {
    uint32_t line, col, off;
} src_mark;

/* A file read into memory; positions point into it. */
typedef struct src_file {
    const char *name;
    const char *data;
    size_t size;
    unsigned line_base;    /* added to line numbers (a record deep inside a stream) */
    const src_mark *marks; /* the position index (src_index); NULL: no excerpts */
    size_t nmarks;
    unsigned errors, warnings; /* passed on so far, for the per-file cap */
    bool full;                 /* the cap was reached: nothing more is passed on */
} src_file;

typedef struct diag_sink {
    tri_diag_fn fn;
    void *ctx;
    tri_error *err; /* may be NULL */
    unsigned errors, warnings;
    tri_status hard; /* first I/O, memory or limit failure */
} diag_sink;

/* Starts a sink for one public call: clears err (if any). */
void diag_init(diag_sink *d, const tri_options *opt, tri_error *err);

/* Reports a problem at line:col (1-based; 0 = no position) of src (may be
 * NULL), underlining len characters. check names the check ("syntax",
 * "unknown-key", ...). Once src has had TRI_MAX_DIAGNOSTICS errors and
 * warnings, reports "too many errors" once and drops the rest. */
void diag_report(diag_sink *d, tri_severity sev, src_file *src, unsigned line, unsigned col,
                 unsigned len, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void diag_vreport(diag_sink *d, tri_severity sev, src_file *src, unsigned line, unsigned col,
                  unsigned len, const char *check, const char *fmt, va_list ap);

/* Records a failure with no position (I/O, out of memory) as an error. */
void diag_fail(diag_sink *d, tri_status status, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The status a call should return: the one recorded by diag_fail, else
 * TRI_ERR_INVALID if any error was reported, else TRI_OK. */
tri_status diag_status(const diag_sink *d);

/* True once src has reached the cap on diagnostics: a caller going through
 * a long list may stop there. */
static inline bool diag_is_full(const src_file *src)
{
    return src && src->full;
}

/* Characters (not bytes) in s[0..n): how columns are counted. */
unsigned diag_chars(const char *s, size_t n);

/* Copies src into dst (size bytes), cutting it short if needed. */
void diag_copy(char *dst, size_t size, const char *src);

/* Bytes of the line break at s[0..n) (LF, CR LF, CR, NEL, LS, PS), or 0. */
size_t src_break_len(const char *s, size_t n);

/* Builds the position index of src (data and size set) into marks, which
 * has room for src_index_size(size) entries; sets src->marks and nmarks. */
size_t src_index_size(size_t size);
void src_index(src_file *src, src_mark *marks);

/* Line (line_base added) and column of byte offset off of src. */
void src_position(const src_file *src, size_t off, unsigned *line, unsigned *col);

/* The excerpt shown with a diagnostic at line:col of src: at most
 * TRI_MAX_EXCERPT characters of that line, cut around col. Sets *text and
 * returns its length (0 and NULL when src has no such line); *first_col is
 * the column of the line where the excerpt starts, *cut is true when the
 * line goes on after it. */
size_t src_excerpt(const src_file *src, unsigned line, unsigned col, const char **text,
                   unsigned *first_col, bool *cut);

#endif
