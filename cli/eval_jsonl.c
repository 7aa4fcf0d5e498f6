/*
 * eval_jsonl.c - `triage eval --jsonl`: one JSON object of answers per input
 * line in, one `triage run --format json` result per output line out.
 *
 * The main thread reads records into a job's input buffer (jsonl_read, in
 * constant memory however long the input); a worker answers them
 * (jsonl_run). Output line N always answers input line N: a bad record is
 * reported on standard error with its line number and answered by
 * {"error": {...}}, and the run goes on.
 *
 * A record is strict JSON (RFC 8259, read by jansson through json_doc: no
 * trailing commas, comments or bare words; surrogate pairs decoded; 1e2 is
 * a number). Its members are question ids and answers, set through the
 * library's strict path (tri_session_answer_values, as an answers file is
 * read), except the reserved "id" (or "_id"): the record's own name, a
 * string or a whole number, repeated in its result and in its errors, so
 * that results can be joined to records without counting lines (which
 * restart in each chunk under `parallel --pipe`). No question may be called
 * `id` (the compiler refuses it).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "json_doc.h"

#define EXCERPT_BEFORE 60 /* characters shown before the column when a record is cut */

/* One record being answered. */
typedef struct record_ctx {
    worker *w;
    job *j;
    const char *name;      /* the input's name */
    const line_ref *l;     /* its line */
    const char *data;      /* its text (after a byte-order mark opening the input) */
    size_t len;
    json_doc doc;
    const json_t *id;      /* the record's "id" or "_id", when valid */
    const char *id_key;
    unsigned errors;
    char first[512];       /* the first error, for the {"error": ...} line */
    unsigned first_column;
} record_ctx;

/* Byte offset of character number ch (0-based) of text[0..len), or len. */
static size_t char_offset(const char *text, size_t len, size_t ch)
{
    size_t off = 0;
    for (; off < len && ch; ch--)
        for (off++; off < len && ((unsigned char)text[off] & 0xC0) == 0x80; off++)
            ;
    return off;
}

/* Shows the record in d as the engine shows a source line: whole when it is
 * short, else a window of TRI_MAX_EXCERPT characters around the column. */
static void excerpt(tri_diag *d, const char *text, size_t len)
{
    size_t chars = 0, blank = 0;
    for (size_t i = 0; i < len; i++) {
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
        blank += text[i] == ' ' || text[i] == '\t' || text[i] == '\r';
    }
    if (blank == len)
        return; /* nothing to point at on an empty line */
    unsigned col = d->column ? d->column : 1;
    size_t first = 0;
    if (chars > TRI_MAX_EXCERPT)
        first = col - 1 < EXCERPT_BEFORE ? 0 : col - 1 - EXCERPT_BEFORE;
    size_t start = char_offset(text, len, first);
    size_t end = start + char_offset(text + start, len - start, TRI_MAX_EXCERPT);
    d->source_line = text + start;
    d->source_line_len = end - start;
    d->source_first_column = (unsigned)first + 1;
    d->source_cut = end < len;
    unsigned last = (unsigned)(first + TRI_MAX_EXCERPT) + 1; /* one past the window */
    if (d->source_cut && col + d->length > last)
        d->length = col < last ? last - col : 1;
}

/* Reports a problem at place w of the record (column 0: the record as a whole). */
static void problem(record_ctx *r, json_where w, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(record_ctx *r, json_where w, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->errors++ == 0) {
        snprintf(r->first, sizeof r->first, "%s", msg);
        r->first_column = w.column;
    }
    if (r->errors > TRI_MAX_DIAGNOSTICS + 1)
        return; /* counted, not shown */
    if (r->errors == TRI_MAX_DIAGNOSTICS + 1) {
        fprintf(r->w->dp.out,
                "%s:%lu: error: too many errors in this record (the limit is %d per record), "
                "stopping\n",
                r->name, r->l->number, TRI_MAX_DIAGNOSTICS);
        return;
    }
    if (!w.column) { /* the line as a whole: FILE:LINE: error: ... */
        fprintf(r->w->dp.out, "%s:%lu: error: %s\n", r->name, r->l->number, msg);
        return;
    }
    tri_diag d;
    memset(&d, 0, sizeof d);
    d.severity = TRI_SEV_ERROR;
    d.file = r->name;
    d.line = (unsigned)r->l->number;
    d.column = w.column;
    d.length = w.length ? w.length : 1;
    d.message = msg;
    d.check = "jsonl";
    excerpt(&d, r->data, r->len);
    print_diag(&d, &r->w->dp);
}

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "true or false";
    default: return "null";
    }
}

/* A scalar as answers-file text: "sleep_onset", "25", "1.5", "true". NULL for others. */
static const char *scalar_text(const json_t *v, char *out, size_t size)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_value(v);
    case JSON_INTEGER:
        snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return out;
    case JSON_REAL: {
        double x = json_real_value(v);
        snprintf(out, size, "%.15g", x);
        if (strtod(out, NULL) != x)
            snprintf(out, size, "%.17g", x);
        return out;
    }
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    default:
        return NULL;
    }
}

/* Reads the record's "id" or "_id"; false after reporting a bad one. */
static bool read_id(record_ctx *r, const json_t *root)
{
    const json_t *id = json_object_get(root, "id"), *uid = json_object_get(root, "_id");
    if (id && uid) {
        problem(r, json_doc_member(&r->doc, root, "_id", true),
                "a record has one id, 'id' or '_id', not both");
        return false;
    }
    r->id_key = id ? "id" : "_id";
    if (!id)
        id = uid;
    if (!id)
        return true;
    if (!json_is_string(id) && !json_is_integer(id)) {
        problem(r, json_doc_member(&r->doc, root, r->id_key, false),
                "a record's '%s' is a string or a whole number, found %s", r->id_key,
                json_kind(id));
        return false;
    }
    if (json_is_string(id) && (json_string_length(id) == 0 || json_string_length(id) > 256)) {
        problem(r, json_doc_member(&r->doc, root, r->id_key, false),
                "a record's '%s' is 1 to 256 bytes long", r->id_key);
        return false;
    }
    r->id = id;
    return true;
}

/* Sets the answer to one member; reports what is wrong with it. */
static void read_member(record_ctx *r, const json_t *root, const char *key, const json_t *v)
{
    const tri_kb *kb = r->w->ev->kb;
    tri_session *s = r->w->s;
    json_where kw = json_doc_member(&r->doc, root, key, true);
    json_where vw = json_doc_member(&r->doc, root, key, false);
    int q = tri_kb_question_find(kb, key);
    if (q < 0) {
        const char *near = tri_kb_question_suggest(kb, key);
        if (near)
            problem(r, kw, "unknown question '%s' (did you mean '%s'?)", key, near);
        else
            problem(r, kw, "unknown question '%s'", key);
        return;
    }
    if (json_is_null(v))
        return; /* null leaves the question unanswered */
    const char *values[TRI_MAX_OPTIONS];
    char bufs[TRI_MAX_OPTIONS][32];
    size_t n = 0;
    if (json_is_object(v)) {
        problem(r, vw, "the answer to '%s' must be a value or a list, found an object", key);
        return;
    }
    if (json_is_array(v)) {
        if (json_array_size(v) == 0) {
            problem(r, vw, "empty list for '%s' (write none or unknown)", key);
            return;
        }
        if (json_array_size(v) > TRI_MAX_OPTIONS) {
            problem(r, vw, "more than %d answers for '%s'", TRI_MAX_OPTIONS, key);
            return;
        }
        for (size_t i = 0; i < json_array_size(v); i++) {
            values[n] = scalar_text(json_array_get(v, i), bufs[n], sizeof bufs[n]);
            if (!values[n]) {
                problem(r, json_doc_item(&r->doc, v, i),
                        "each answer in the list for '%s' must be a single value, found %s", key,
                        json_kind(json_array_get(v, i)));
                return;
            }
            n++;
        }
    } else {
        values[n] = scalar_text(v, bufs[0], sizeof bufs[0]);
        n++;
    }
    tri_error err;
    tri_status st = tri_session_answer_values(s, (size_t)q, values, n, &err);
    if (st == TRI_ERR_NOMEM)
        eval_out_of_memory();
    if (st == TRI_OK)
        return;
    json_where at = vw; /* the list item the message names, when there is one */
    for (size_t i = 0; json_is_array(v) && i < n; i++)
        if (values[i][0] && strstr(err.message, values[i])) {
            at = json_doc_item(&r->doc, v, i);
            break;
        }
    problem(r, at, "%s", err.message);
}

/* Reads record r into the worker's session; returns the number of errors. */
static unsigned read_record(record_ctx *r)
{
    const line_ref *l = r->l;
    size_t at = 0;
    while (at < r->len && (r->data[at] == ' ' || r->data[at] == '\t' || r->data[at] == '\r'))
        at++;
    json_where start = {1, (unsigned)at + 1, 1};
    if (l->too_long) {
        json_where none = {0, 0, 0};
        problem(r, none, "the record is longer than the limit of %u bytes",
                (unsigned)TRI_MAX_FILE_BYTES);
        return r->errors;
    }
    if (at == r->len) {
        problem(r, start, "an empty line (expected a JSON object of answers)");
        return r->errors;
    }
    json_where where;
    char msg[300];
    if (!json_doc_parse(&r->doc, r->data, r->len, &where, msg, sizeof msg)) {
        problem(r, where, "%s", msg);
        return r->errors;
    }
    const json_t *root = r->doc.root;
    if (!json_is_object(root)) {
        problem(r, r->doc.root_at,
                "a record must be a JSON object of answers, such as {\"timing\": \"sleep_onset\"}, "
                "found %s",
                json_kind(root));
        return r->errors;
    }
    read_id(r, root);
    tri_session_clear(r->w->s);
    for (void *it = json_object_iter((json_t *)root); it;
         it = json_object_iter_next((json_t *)root, it)) {
        const char *key = json_object_iter_key(it);
        if (r->errors > TRI_MAX_DIAGNOSTICS) {
            r->errors++; /* too many errors already: the rest is not read, an error of its own */
            break;
        }
        if (!strcmp(key, "id") || !strcmp(key, "_id"))
            continue;
        read_member(r, root, key, json_object_iter_value(it));
    }
    return r->errors;
}

/* Appends "id":ID, to b when the record has an id. */
static void put_id(buf *b, const json_t *id)
{
    if (!id)
        return;
    buf_puts(b, "\"id\":");
    if (json_is_integer(id))
        buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
    else
        buf_json(b, json_string_value(id));
    buf_putn(b, ",", 1);
}

void jsonl_run(eval *ev, worker *w, job *j)
{
    tri_report_options ro = {0};
    for (size_t i = 0; i < j->nlines; i++) {
        record_ctx r;
        memset(&r, 0, sizeof r);
        r.w = w;
        r.j = j;
        r.name = ev->rd.name;
        r.l = &j->lines[i];
        r.data = j->in.data + r.l->off;
        r.len = r.l->len;
        if (r.l->number == 1 && r.len >= 3 && !memcmp(r.data, "\xEF\xBB\xBF", 3)) {
            r.data += 3; /* a UTF-8 byte-order mark opening the input: not a column */
            r.len -= 3;
        }
        j->units++;
        if (read_record(&r) == 0) {
            tri_session_evaluate(w->s);
            size_t n;
            const char *js = tri_session_report_json(w->s, &ro, &n);
            if (!js)
                eval_out_of_memory();
            /* the id goes right after the format member, which leads every result */
            const char *rest = js + 1;
            if (r.id && !strncmp(js, "{\"format\":", 10) && (rest = strchr(js, ',')) != NULL)
                rest++;
            else
                rest = js + 1;
            buf_putn(&j->out, js, (size_t)(rest - js));
            put_id(&j->out, r.id);
            buf_putn(&j->out, rest, n - (size_t)(rest - js));
            buf_putn(&j->out, "\n", 1);
        } else {
            if (r.id) {
                json_where w_id = json_doc_member(&r.doc, r.doc.root, r.id_key, false);
                char idtext[300];
                if (json_is_integer(r.id))
                    snprintf(idtext, sizeof idtext, "%" JSON_INTEGER_FORMAT,
                             json_integer_value(r.id));
                else
                    snprintf(idtext, sizeof idtext, "'%s'", json_string_value(r.id));
                tri_diag d;
                memset(&d, 0, sizeof d);
                d.severity = TRI_SEV_NOTE;
                d.file = r.name;
                d.line = (unsigned)r.l->number;
                d.column = w_id.column;
                d.length = w_id.length ? w_id.length : 1;
                char note[400];
                snprintf(note, sizeof note, "in the record with id %s", idtext);
                d.message = note;
                d.check = "jsonl";
                excerpt(&d, r.data, r.len);
                print_diag(&d, &w->dp);
            }
            j->bad_lines++;
            buf_printf(&j->out, "{\"format\":%d,", TRI_OUTPUT_FORMAT);
            put_id(&j->out, r.id);
            buf_puts(&j->out, "\"error\":{\"file\":");
            buf_json(&j->out, r.name);
            buf_printf(&j->out, ",\"line\":%lu,\"column\":%u,\"message\":", r.l->number,
                       r.first_column);
            buf_json(&j->out, r.first);
            buf_printf(&j->out, ",\"errors\":%u}}\n", r.errors);
        }
        if (r.doc.root)
            json_doc_fini(&r.doc);
    }
}

bool jsonl_read(reader *rd, job *j)
{
    if (rd->eof && rd->pos == rd->end)
        return false;
    size_t start = j->in.len, len = 0;
    bool too_long = false, got = false;
    for (;;) {
        if (rd->pos == rd->end) {
            if (rd->eof)
                break;
            size_t n = fread(rd->chunk, 1, sizeof rd->chunk, rd->f);
            if (n == 0) {
                rd->eof = true;
                if (ferror(rd->f))
                    rd->error = true;
                break;
            }
            rd->pos = 0;
            rd->end = n;
        }
        got = true;
        const char *p = rd->chunk + rd->pos;
        const char *nl = memchr(p, '\n', rd->end - rd->pos);
        size_t n = nl ? (size_t)(nl - p) : rd->end - rd->pos;
        if (!too_long && len + n > TRI_MAX_FILE_BYTES) {
            too_long = true;
            j->in.len = start;
        }
        if (!too_long)
            buf_putn(&j->in, p, n);
        len += n;
        rd->pos += n + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!got)
        return false;
    if (j->nlines == j->caplines) {
        j->caplines = j->caplines ? j->caplines * 2 : 64;
        j->lines = eval_realloc(j->lines, j->caplines * sizeof *j->lines);
    }
    rd->line++;
    j->lines[j->nlines++] = (line_ref){start, too_long ? 0 : len, rd->line, too_long};
    return true;
}
