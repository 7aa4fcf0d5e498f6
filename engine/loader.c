/*
 * loader.c - libyaml events to a node tree in an arena.
 *
 * Design: one pass over the event stream with an explicit stack of open
 * collections. Children are linked while a collection is open and moved into
 * an array when it closes. Every successful yaml_parser_parse() is paired
 * with exactly one yaml_event_delete() in the same iteration.
 */
#include "loader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "alloc.h"
#include "files.h"

typedef struct frame {
    node *coll;
    node *first, *last;
    size_t count;
} frame;

/* Bytes of the blank or line break that ends s[0..end), or 0. */
static size_t trailing_space(const char *s, size_t end)
{
    if (!end)
        return 0;
    if (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r')
        return 1;
    if (end >= 2 && src_break_len(s + end - 2, 2) == 2)
        return 2; /* NEL */
    if (end >= 3 && src_break_len(s + end - 3, 3) == 3)
        return 3; /* LS, PS */
    return 0;
}

/* The name of the wide encoding data is in (UTF-16 or UTF-32, told by a
 * byte-order mark or by the NUL bytes around the first characters, which
 * YAML and JSON files start with in ASCII), or NULL. */
static const char *wide_encoding(const char *data, size_t size)
{
    const unsigned char *u = (const unsigned char *)data;
    if (size >= 4 && u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3])
        return "UTF-32";
    if (size >= 4 && !u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)
        return "UTF-32";
    if (size >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return "UTF-16";
    if (size >= 4 && ((!u[0] && !u[1] && !u[2] && u[3]) || (u[0] && !u[1] && !u[2] && !u[3])))
        return "UTF-32";
    if (size >= 2 && ((!u[0] && u[1]) || (u[0] && !u[1])))
        return "UTF-16";
    return NULL;
}

static bool attach(frame *f, node *n)
{
    if (!f)
        return true;
    if (f->last)
        f->last->next = n;
    else
        f->first = n;
    f->last = n;
    f->count++;
    return true;
}

static bool same_text(const node *a, const node *b)
{
    return a->size == b->size && memcmp(a->text, b->text, a->size) == 0;
}

static uint32_t text_hash(const node *n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n->size; i++)
        h = (h ^ (unsigned char)n->text[i]) * 16777619u;
    return h;
}

/* Sets dup_of on each key of map m that repeats an earlier one: by pairs
 * for a small map, through a hash table for a big one, so a mapping with
 * 100,000 keys costs 100,000 lookups, not 5 billion comparisons. */
static bool find_duplicate_keys(arena *ar, node *m)
{
    size_t nkeys = m->count / 2;
    if (nkeys <= 16) {
        for (size_t i = 1; i < nkeys; i++) {
            node *k = m->kids[2 * i];
            for (size_t j = 0; j < i && k->kind == NODE_SCALAR && !k->dup_of; j++)
                if (m->kids[2 * j]->kind == NODE_SCALAR && same_text(m->kids[2 * j], k))
                    k->dup_of = m->kids[2 * j];
        }
        return true;
    }
    size_t cap = 32;
    while (cap < nkeys * 2)
        cap *= 2;
    const tri_allocator *a = arena_allocator(ar);
    node **slots = mem_calloc(a, cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < nkeys; i++) {
        node *k = m->kids[2 * i];
        if (k->kind != NODE_SCALAR)
            continue;
        size_t h = text_hash(k) & (cap - 1);
        while (slots[h] && !same_text(slots[h], k))
            h = (h + 1) & (cap - 1);
        if (slots[h])
            k->dup_of = slots[h];
        else
            slots[h] = k;
    }
    mem_free(a, slots);
    return true;
}

static bool close_frame(arena *ar, frame *f)
{
    node *c = f->coll;
    c->count = f->count;
    c->kids = f->count ? arena_alloc(ar, f->count * sizeof(node *)) : NULL;
    if (f->count && !c->kids)
        return false;
    size_t i = 0;
    for (node *k = f->first; k; k = k->next)
        c->kids[i++] = k;
    return c->kind != NODE_MAP || find_duplicate_keys(ar, c);
}

static node *new_node(arena *ar, src_file *src, node_kind kind, yaml_mark_t start,
                      yaml_mark_t end)
{
    node *n = arena_calloc(ar, 1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->src = src;
    n->line = (unsigned)start.line + 1 + src->line_base;
    n->col = (unsigned)start.column + 1;
    n->len = (end.line == start.line && end.column > start.column)
                 ? (unsigned)(end.column - start.column)
                 : 1;
    return n;
}

static void report_parser_error(yaml_parser_t *p, src_file *src, diag_sink *d)
{
    unsigned line, col;
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_READER_ERROR) {
        src_position(src, p->problem_offset, &line, &col);
        if (strstr(problem, "UTF-8") || strstr(problem, "utf-8"))
            diag_report(d, TRI_SEV_ERROR, src, line, col, 1, "encoding",
                        "invalid UTF-8 (%s at byte %zu)", problem, p->problem_offset);
        else
            diag_report(d, TRI_SEV_ERROR, src, line, col, 1, "encoding", "%s", problem);
        return;
    }
    line = (unsigned)p->problem_mark.line + 1 + src->line_base;
    col = (unsigned)p->problem_mark.column + 1;
    /* libyaml reports a construct left open at the end of the input on the
     * line after the last one; point just past the last text instead */
    size_t end = src->size, k;
    while ((k = trailing_space(src->data, end)))
        end -= k;
    unsigned last_line, last_col;
    src_position(src, end, &last_line, &last_col);
    if (end && (line > last_line || (line == last_line && col > last_col))) {
        line = last_line;
        col = last_col;
    }
    if (p->context)
        diag_report(d, TRI_SEV_ERROR, src, line, col, 1, "syntax", "invalid YAML: %s %s", problem,
                    p->context);
    else
        diag_report(d, TRI_SEV_ERROR, src, line, col, 1, "syntax", "invalid YAML: %s", problem);
    /* where the unfinished construct began, when that is somewhere else */
    if (p->context && (p->context_mark.line != p->problem_mark.line ||
                       p->context_mark.column != p->problem_mark.column)) {
        const char *what = strstr(p->context, "while parsing ");
        diag_report(d, TRI_SEV_NOTE, src, (unsigned)p->context_mark.line + 1 + src->line_base,
                    (unsigned)p->context_mark.column + 1, 1, "syntax", "%s started here",
                    what ? what + 14 : "the construct");
    }
}

node *loader_parse(arena *ar, const char *name, const char *data, size_t size, diag_sink *d)
{
    return loader_parse_at(ar, name, 1, data, size, d);
}

node *loader_parse_at(arena *ar, const char *name, unsigned first_line, const char *data,
                      size_t size, diag_sink *d)
{
    src_file *src = arena_calloc(ar, 1, sizeof *src);
    if (!src)
        goto nomem;
    src->line_base = first_line ? first_line - 1 : 0;
    src->name = arena_strdup(ar, name);
    if (!src->name)
        goto nomem;
    if (size > TRI_MAX_FILE_BYTES) {
        diag_fail(d, TRI_ERR_LIMIT, name, "'%s' is %zu bytes, over the limit of %u bytes", name,
                  size, (unsigned)TRI_MAX_FILE_BYTES);
        return NULL;
    }
    const char *wide = wide_encoding(data, size);
    if (wide) {
        /* libyaml would read UTF-16 with a byte-order mark, but every
         * position and excerpt here is in UTF-8 bytes */
        diag_report(d, TRI_SEV_ERROR, src, 1 + src->line_base, 1, 1, "encoding",
                    "the file is %s text; only UTF-8 is read (save it as UTF-8)", wide);
        return NULL;
    }
    /* a UTF-8 byte-order mark is allowed at the start and is not a column */
    if (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        size -= 3;
    }
    src->data = arena_strndup(ar, data, size);
    src->size = size;
    src_mark *marks = arena_alloc(ar, src_index_size(size) * sizeof *marks);
    if (!src->data || !marks)
        goto nomem;
    src_index(src, marks);

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        goto nomem;
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->data, size);

    frame stack[TRI_MAX_DEPTH + 1] = {{0}};
    int depth = 0;
    node *root = NULL;
    int documents = 0;
    bool ok = true, done = false;

    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            if (parser.error == YAML_MEMORY_ERROR) {
                yaml_parser_delete(&parser);
                goto nomem;
            }
            report_parser_error(&parser, src, d);
            ok = false;
            break;
        }
        frame *top = depth ? &stack[depth - 1] : NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                diag_report(d, TRI_SEV_ERROR, src, (unsigned)ev.start_mark.line + 1 + src->line_base,
                            (unsigned)ev.start_mark.column + 1, 3, "syntax",
                            "a file may hold only one YAML document");
                ok = false;
                done = true;
            }
            break;
        case YAML_ALIAS_EVENT:
            diag_report(d, TRI_SEV_ERROR, src, (unsigned)ev.start_mark.line + 1 + src->line_base,
                        (unsigned)ev.start_mark.column + 1,
                        (unsigned)(ev.end_mark.column > ev.start_mark.column
                                       ? ev.end_mark.column - ev.start_mark.column
                                       : 1),
                        "alias", "YAML aliases are not supported (write the value out in full)");
            ok = false;
            done = true;
            break;
        case YAML_SCALAR_EVENT: {
            node *n = new_node(ar, src, NODE_SCALAR, ev.start_mark, ev.end_mark);
            if (!n || !(n->text = arena_strndup(ar, (const char *)ev.data.scalar.value,
                                                ev.data.scalar.length))) {
                yaml_event_delete(&ev);
                yaml_parser_delete(&parser);
                goto nomem;
            }
            n->size = ev.data.scalar.length;
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            if (ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE && n->len > 2 &&
                (ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                 ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)) {
                /* point inside the quotes, so columns match the value's characters */
                n->col++;
                n->len -= 2;
            }
            if (top)
                attach(top, n);
            else
                root = n;
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            if (depth >= TRI_MAX_DEPTH) {
                diag_report(d, TRI_SEV_ERROR, src, (unsigned)ev.start_mark.line + 1 + src->line_base,
                            (unsigned)ev.start_mark.column + 1, 1, "nesting",
                            "nesting is deeper than the limit of %d levels", TRI_MAX_DEPTH);
                ok = false;
                done = true;
                break;
            }
            node *n = new_node(ar, src,
                               ev.type == YAML_SEQUENCE_START_EVENT ? NODE_SEQ : NODE_MAP,
                               ev.start_mark, ev.start_mark);
            if (!n) {
                yaml_event_delete(&ev);
                yaml_parser_delete(&parser);
                goto nomem;
            }
            if (top)
                attach(top, n);
            else
                root = n;
            stack[depth++] = (frame){n, NULL, NULL, 0};
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth == 0) /* libyaml balances its events; never trust that blindly */
                break;
            if (!close_frame(ar, &stack[--depth])) {
                yaml_event_delete(&ev);
                yaml_parser_delete(&parser);
                goto nomem;
            }
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (!ok)
        return NULL;
    if (!root) {
        yaml_mark_t m = {0, 0, 0};
        root = new_node(ar, src, NODE_MAP, m, m);
        if (!root)
            goto nomem;
    }
    return root;

nomem:
    diag_fail(d, TRI_ERR_NOMEM, name, "out of memory while reading '%s'", name);
    return NULL;
}

node *loader_parse_file(arena *ar, const char *path, diag_sink *d)
{
    char *data;
    size_t size;
    if (files_read(path, arena_allocator(ar), &data, &size, d) != TRI_OK)
        return NULL;
    node *root = loader_parse(ar, path, data, size, d);
    mem_free(arena_allocator(ar), data);
    return root;
}

const node *node_get(const node *n, const char *key)
{
    if (!n || n->kind != NODE_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < n->count; i += 2)
        if (n->kids[i]->kind == NODE_SCALAR && strcmp(n->kids[i]->text, key) == 0)
            return n->kids[i + 1];
    return NULL;
}

const char *node_kind_name(const node *n)
{
    switch (n->kind) {
    case NODE_SCALAR:
        return "a single value";
    case NODE_SEQ:
        return "a list";
    default:
        return "a mapping";
    }
}

void node_report(diag_sink *d, tri_severity sev, const node *n, const char *check,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(d, sev, n ? n->src : NULL, n ? n->line : 0, n ? n->col : 0, n ? n->len : 1, check,
                 fmt, ap);
    va_end(ap);
}

/* ---- a node as the rule language writes it ------------------------------------------- */

typedef struct out {
    char *buf;
    size_t size, len;
} out;

static void emit(out *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - o->len - 1;
        memcpy(o->buf + o->len, s, n < room ? n : room);
        o->buf[o->len + (n < room ? n : room)] = '\0';
    }
    o->len += n;
}

static void emit_s(out *o, const char *s)
{
    emit(o, s, strlen(s));
}

/* A syntax node in YAML flow style: {key: value, ...}, [a, b], scalars as written. */
static void emit_node(out *o, const node *n, unsigned depth)
{
    if (depth > TRI_MAX_DEPTH) {
        emit_s(o, "...");
        return;
    }
    if (n->kind == NODE_SCALAR) {
        if (n->plain) {
            emit(o, n->text, n->size);
        } else {
            emit_s(o, "'");
            for (size_t i = 0; i < n->size; i++)
                emit(o, n->text[i] == '\'' ? "''" : n->text + i, n->text[i] == '\'' ? 2 : 1);
            emit_s(o, "'");
        }
        return;
    }
    bool map = n->kind == NODE_MAP;
    emit_s(o, map ? "{" : "[");
    for (size_t i = 0; i < n->count; i++) {
        if (i)
            emit_s(o, map && i % 2 ? ": " : ", ");
        emit_node(o, n->kids[i], depth + 1);
    }
    emit_s(o, map ? "}" : "]");
}

size_t node_flow_text(const node *n, char *buf, size_t size)
{
    out o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    if (n->kind == NODE_MAP && n->count == 2) { /* {timing: sleep_onset} reads as timing: sleep_onset */
        emit_node(&o, n->kids[0], 1);
        emit_s(&o, ": ");
        emit_node(&o, n->kids[1], 1);
    } else {
        emit_node(&o, n, 0);
    }
    return o.len;
}
