/*
 * json_doc.h - strict JSON (RFC 8259) read through jansson, with the line and
 * column of every value, so that a reader can point at what it refuses.
 *
 * jansson parses and checks the text (one object or array; no trailing
 * commas, comments, single quotes or bare words; duplicate keys, invalid
 * UTF-8 and NUL characters refused; surrogate pairs decoded) but keeps no
 * positions. json_doc then walks the accepted text once beside jansson's tree
 * and records where each member starts. Independent of the triage engine.
 */
#ifndef TRIAGE_CLI_JSON_DOC_H
#define TRIAGE_CLI_JSON_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* A place in the text: 1-based line and column (columns count characters,
 * as libyaml's do), and the characters to underline. line 0: unknown. */
typedef struct json_where {
    unsigned line, column, length;
} json_where;

typedef struct json_doc {
    json_t *root;            /* owned by the doc */
    json_where root_at;
    struct json_span *spans; /* per container, sorted by address once parsed */
    size_t nspans, spans_cap;
    json_where *at;          /* positions of members: objects key then value, arrays values */
    size_t nat, at_cap;
    bool lost;               /* positions could not be recorded (out of memory) */
} json_doc;

/* Parses data[0..size) into doc. On success returns true; the caller
 * releases doc with json_doc_fini. On failure returns false, fills *where
 * with the place of the problem and msg with a message ("invalid JSON:
 * ..."), and doc needs no fini. */
bool json_doc_parse(json_doc *doc, const char *data, size_t size, json_where *where, char *msg,
                    size_t msg_size);
void json_doc_fini(json_doc *doc);

/* Where the value of member key of object obj starts (want_key: where the
 * key starts). line 0 when obj is not part of doc or has no such key. */
json_where json_doc_member(const json_doc *doc, const json_t *obj, const char *key, bool want_key);
/* Where item i of array arr starts. */
json_where json_doc_item(const json_doc *doc, const json_t *arr, size_t i);

/* The text of line (1-based) in data: its start and length (no newline). */
size_t json_line_text(const char *data, size_t size, unsigned line, const char **start);

#endif
