/*
 * loader.h - YAML bytes to a small syntax tree that remembers positions.
 *
 * The only user of libyaml. Every node keeps its file, line and column
 * (1-based, columns in characters) so that later stages can point at it.
 * Hostile input is refused here: files over TRI_MAX_FILE_BYTES, nesting
 * deeper than TRI_MAX_DEPTH, aliases (no "billion laughs" expansion), more
 * than one document, and anything libyaml rejects (invalid UTF-8, control
 * characters, syntax errors).
 */
#ifndef TRIAGE_LOADER_H
#define TRIAGE_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP } node_kind;

typedef struct node {
    node_kind kind;
    bool plain;            /* scalar written without quotes */
    unsigned line, col;    /* 1-based */
    unsigned len;          /* characters the scalar spans on its line (>= 1) */
    src_file *src;         /* mutable only for its count of diagnostics */
    const char *text;      /* scalar: NUL-terminated value; else NULL */
    size_t size;           /* scalar: bytes in text */
    struct node **kids;    /* seq: items; map: key, value, key, value, ... */
    size_t count;          /* entries in kids */
    struct node *next;     /* used while building */
    const struct node *dup_of; /* map key: the earlier key of the same map with the same
                                  text, or NULL (found once, in linear time) */
} node;

/* Parses data (size bytes, not necessarily NUL-terminated) named name.
 * The source is copied into ar, so positions stay valid for the arena's
 * life. Returns the root (an empty map for an empty file), or NULL after
 * reporting errors to d (also NULL with d->hard set on allocation failure). */
node *loader_parse(arena *ar, const char *name, const char *data, size_t size, diag_sink *d);

/* Same, for text that starts at line first_line of the named file (a JSON
 * Lines record): positions are reported in the file's numbering. */
node *loader_parse_at(arena *ar, const char *name, unsigned first_line, const char *data,
                      size_t size, diag_sink *d);

/* Reads a whole file into ar (refusing files over TRI_MAX_FILE_BYTES) and
 * parses it. NULL after reporting the problem. */
node *loader_parse_file(arena *ar, const char *path, diag_sink *d);

/* Small helpers for walking the tree. */
static inline size_t node_pairs(const node *n)
{
    return n->kind == NODE_MAP ? n->count / 2 : 0;
}

/* The value for key in map n, or NULL. */
const node *node_get(const node *n, const char *key);

/* A one-word description of the node's kind ("a list", "text", ...). */
const char *node_kind_name(const node *n);

/* Node n written on one line in YAML flow style ({key: value, ...}, [a, b],
 * scalars as written, quoted ones in single quotes), a mapping of one pair
 * as `key: value` ("timing: sleep_onset", "duration: {gt: 1 min}"):
 * NUL-terminated in buf, cut short to size bytes; returns the length of the
 * whole text. */
size_t node_flow_text(const node *n, char *buf, size_t size);

/* Reports a diagnostic pointing at node n. */
void node_report(diag_sink *d, tri_severity sev, const node *n, const char *check,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
