/*
 * eval_jsonl.c - `triage eval --jsonl`: one JSON object of answers per input
 * line in, one `triage run --format json` result per output line out.
 *
 * The main thread reads records into a job's input buffer (jsonl_read, in
 * constant memory however long the input); a worker answers them
 * (jsonl_run). Output line N always answers input line N: a bad record is
 * reported on standard error with its line number and answered by
 * {"error": {...}}, and the run goes on.
 */
#include <stdio.h>
#include <string.h>

#include "eval.h"

/* Prints a diagnostic about the record being read. libyaml reports the end of an unfinished
 * record (a missing '}') on the line after it; a JSON Lines diagnostic must name the record's
 * own line, so such a position moves to the end of that line. */
void jsonl_diag(const tri_diag *d, void *ctx)
{
    worker *w = ctx;
    tri_diag fixed = *d;
    if (w->record && d->line > w->record->number) {
        size_t len = w->record->len;
        while (len && (w->record_text[len - 1] == '\r' || w->record_text[len - 1] == ' '))
            len--;
        fixed.line = (unsigned)w->record->number;
        fixed.column = (unsigned)len + 1;
        fixed.source_line = w->record_text;
        fixed.source_line_len = len;
    }
    print_diag(&fixed, &w->dp);
}

void jsonl_run(eval *ev, worker *w, job *j)
{
    const char *name = ev->rd.name;
    tri_report_options ro = {0};
    for (size_t i = 0; i < j->nlines; i++) {
        const line_ref *l = &j->lines[i];
        const char *data = j->in.data + l->off;
        size_t len = l->len, at = 0;
        if (l->number == 1 && len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
            data += 3; /* a UTF-8 byte-order mark opening the file: not a column */
            len -= 3;
        }
        while (at < len && (data[at] == ' ' || data[at] == '\t' || data[at] == '\r'))
            at++;
        const char *problem = NULL;
        char msg[200];
        unsigned col = at + 1;
        if (l->too_long) {
            snprintf(msg, sizeof msg, "the record is longer than the limit of %u bytes",
                     (unsigned)TRI_MAX_FILE_BYTES);
            problem = msg;
            col = 0;
        } else if (at == len) {
            problem = "an empty line (expected a JSON object of answers)";
        } else if (data[at] != '{') {
            problem = "a record must be a JSON object of answers, such as {\"timing\": "
                      "\"sleep_onset\"}";
        }
        tri_error err;
        memset(&err, 0, sizeof err);
        if (problem) {
            if (col)
                fprintf(w->dp.out, "%s:%lu:%u: error: %s\n", name, l->number, col, problem);
            else
                fprintf(w->dp.out, "%s:%lu: error: %s\n", name, l->number, problem);
            snprintf(err.message, sizeof err.message, "%s", problem);
            err.line = (unsigned)l->number;
            err.column = col;
        } else {
            tri_session_clear(w->s);
            w->record = l;
            w->record_text = data;
            tri_status st = tri_session_load_answers_json(w->s, name, (unsigned)l->number, data,
                                                          len, &err);
            w->record = NULL;
            if (st == TRI_ERR_NOMEM)
                eval_out_of_memory();
            if (st == TRI_OK) {
                tri_session_evaluate(w->s);
                size_t n;
                const char *js = tri_session_report_json(w->s, &ro, &n);
                if (!js)
                    eval_out_of_memory();
                buf_putn(&j->out, js, n);
                buf_putn(&j->out, "\n", 1);
                j->units++;
                continue;
            }
            if (!err.line || err.line > l->number) {
                err.line = (unsigned)l->number; /* see jsonl_diag */
                err.column = (unsigned)len + 1;
            }
        }
        j->bad_lines++;
        buf_printf(&j->out, "{\"format\":%d,\"error\":{\"file\":", TRI_OUTPUT_FORMAT);
        buf_json(&j->out, name);
        buf_printf(&j->out, ",\"line\":%u,\"column\":%u,\"message\":", err.line, err.column);
        buf_json(&j->out, err.message);
        buf_puts(&j->out, "}}\n");
        j->units++;
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
