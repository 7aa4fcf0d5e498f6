/*
 * diag.h - reporting problems with a position in a source file.
 *
 * A diag_sink forwards each diagnostic to the caller's callback, counts
 * errors and warnings, and keeps the first error in the caller's tri_error.
 * Formatting uses a fixed stack buffer: reporting never allocates, so it
 * works even after an allocation failure.
 */
#ifndef TRIAGE_DIAG_H
#define TRIAGE_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "triage/triage.h"

/* A file read into memory; positions point into it. */
typedef struct src_file {
    const char *name;
    const char *data;
    size_t size;
    unsigned line_base; /* added to line numbers (a record deep inside a stream) */
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
 * "unknown-key", ...). */
void diag_report(diag_sink *d, tri_severity sev, const src_file *src, unsigned line, unsigned col,
                 unsigned len, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void diag_vreport(diag_sink *d, tri_severity sev, const src_file *src, unsigned line, unsigned col,
                  unsigned len, const char *check, const char *fmt, va_list ap);

/* Records a failure with no position (I/O, out of memory) as an error. */
void diag_fail(diag_sink *d, tri_status status, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The status a call should return: the one recorded by diag_fail, else
 * TRI_ERR_INVALID if any error was reported, else TRI_OK. */
tri_status diag_status(const diag_sink *d);

/* Characters (not bytes) in s[0..n): how columns are counted. */
unsigned diag_chars(const char *s, size_t n);

/* Copies src into dst (size bytes), cutting it short if needed. */
void diag_copy(char *dst, size_t size, const char *src);

/* Finds the text of line (1-based) in src; returns its length, sets *start. */
size_t diag_line_text(const src_file *src, unsigned line, const char **start);

#endif
