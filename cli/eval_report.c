/*
 * eval_report.c - what `triage eval` writes: the summary figures, one record
 * per case in the format of --format (text, json, junit, tap), the --compare
 * records, and the report's end (summary, coverage, changes).
 *
 * Workers write each case's record into their job (report_case,
 * report_change); the main thread writes finished jobs in input order
 * (report_job) and the end of the report once every job is done
 * (report_finish). Everything after the first line of the machine formats
 * needs totals that are known only at the end (the JSON summary comes first,
 * JUnit's <testsuites> carries counts, TAP's plan leads), so report_job
 * spools their per-case records to a temporary file and report_finish copies
 * them out after the header.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define WILSON_Z 1.959963984540054    /* the 97.5th percentile of the standard normal */

/* ---- figures ------------------------------------------------------------------------ */

static const char *const metric_keys[] = {
#define METRIC_KEY(name, key, label) key,
    METRIC_LIST(METRIC_KEY)
#undef METRIC_KEY
};
static const char *const metric_labels[] = {
#define METRIC_LABEL(name, key, label) label,
    METRIC_LIST(METRIC_LABEL)
#undef METRIC_LABEL
};

void stats_add_case(stats *st, const tri_case_score *sc)
{
    st->cases++;
    if (sc->failures)
        st->failed++;
    else
        st->passed++;
    if (sc->has_top) {
        st->m[M_TOP1].of++;
        st->m[M_TOP3].of++;
        st->m[M_TOP1].count += sc->top1;
        st->m[M_TOP3].count += sc->top3;
    }
    if (sc->has_triage) {
        st->m[M_TRIAGE_OK].of++;
        st->m[M_UNDER].of++;
        st->m[M_OVER].of++;
        st->m[M_TRIAGE_OK].count += sc->triage_ok;
        st->m[M_UNDER].count += sc->under_triage;
        st->m[M_OVER].count += sc->over_triage;
    }
    st->m[M_RED_FLAGS].of += sc->red_flags_expected;
    st->m[M_RED_FLAGS].count += sc->red_flags_raised;
}

void stats_merge(stats *into, const stats *from)
{
    into->invalid += from->invalid;
    into->cases += from->cases;
    into->passed += from->passed;
    into->failed += from->failed;
    for (int i = 0; i < M_COUNT; i++) {
        into->m[i].count += from->m[i].count;
        into->m[i].of += from->m[i].of;
    }
}

/* The 95% Wilson score interval of count successes in of trials:
 * (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n). */
static void wilson(const tally *t, double *lo, double *hi)
{
    double n = (double)t->of, p = (double)t->count / n, z2 = WILSON_Z * WILSON_Z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = WILSON_Z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
}

/* A number in [0, 1] or a count ratio, the same bytes on every run. */
static void buf_num(buf *b, double v)
{
    buf_printf(b, "%.4f", v);
}

/* ---- one case's record ------------------------------------------------------------------ */

static void reclist_push(reclist *l, bool passed, size_t off, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = eval_realloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (record){passed, false, off, len};
}

static const char *failure_text(const worker *w, size_t k)
{
    return w->fails.data + w->fv[k].off;
}

/* "tests.cases.face" for "tests/cases/face.yaml": JUnit readers split
 * classnames at dots into package and class. */
static void junit_classname(buf *b, const char *file)
{
    size_t n = strlen(file);
    if (n > 5 && !strcmp(file + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(file + n - 4, ".yml"))
        n -= 4;
    const char *p = file;
    while (n && (*p == '.' || *p == '/')) {
        p++;
        n--;
    }
    char tmp[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        tmp[0] = p[i] == '/' ? '.' : p[i];
        buf_xml(b, tmp);
    }
}

/* The first three explanations of an evaluated session, as ids. */
static void top3_json(buf *b, const tri_session *s)
{
    const tri_kb *kb = tri_session_kb(s);
    size_t n = tri_result_explanation_count(s);
    buf_putn(b, "[", 1);
    for (size_t k = 0; k < n && k < 3; k++) {
        if (k)
            buf_putn(b, ", ", 2);
        buf_json(b, tri_condition_id(kb, tri_result_explanation(s, k, NULL, NULL)));
    }
    buf_putn(b, "]", 1);
}

void report_case(eval *ev, worker *w, job *j, size_t i, bool passed)
{
    const tri_cases *cs = w->cases;
    const tri_session *s = w->s;
    const tri_kb *kb = ev->kb;
    unsigned line, col;
    const char *file = tri_case_file(cs, i, &line, &col);
    const char *id = tri_case_id(cs, i);
    buf *b = &j->out;
    size_t off = b->len;
    switch (ev->o.fmt) {
    case FMT_TEXT:
        for (size_t k = 0; k < w->nfv; k++)
            buf_printf(b, "%s:%u:%u: case '%s' failed: %s\n", file, line, col, id,
                       failure_text(w, k));
        break;
    case FMT_JSON: {
        buf_puts(b, "{\"id\":");
        buf_json(b, id);
        buf_puts(b, ",\"file\":");
        buf_json(b, file);
        buf_printf(b, ",\"line\":%u,\"column\":%u,\"source\":", line, col);
        buf_json_or_null(b, tri_case_source(cs, i));
        buf_puts(b, ",\"note\":");
        buf_json_or_null(b, tri_case_note(cs, i));
        buf_printf(b, ",\"passed\":%s,\"failures\":[", passed ? "true" : "false");
        for (size_t k = 0; k < w->nfv; k++) {
            buf_puts(b, k ? ",{\"expect\":" : "{\"expect\":");
            buf_json(b, tri_expect_name(w->fv[k].key));
            buf_puts(b, ",\"message\":");
            buf_json(b, failure_text(w, k));
            buf_putn(b, "}", 1);
        }
        buf_puts(b, "],\"explanations\":[");
        size_t n = tri_result_explanation_count(s);
        for (size_t k = 0; k < n; k++) {
            if (k)
                buf_putn(b, ",", 1);
            buf_json(b, tri_condition_id(kb, tri_result_explanation(s, k, NULL, NULL)));
        }
        buf_puts(b, "],\"confidence\":[");
        for (size_t k = 0; k < n; k++) {
            double cf;
            tri_result_explanation(s, k, &cf, NULL);
            if (k)
                buf_putn(b, ",", 1);
            buf_printf(b, "%.3f", cf);
        }
        buf_puts(b, "],\"triage\":");
        buf_json(b, tri_level_name(tri_result_level(s)));
        buf_puts(b, ",\"red_flags\":[");
        for (size_t k = 0; k < tri_result_red_flag_count(s); k++) {
            if (k)
                buf_putn(b, ",", 1);
            buf_json(b, tri_red_flag_id(kb, tri_result_red_flag(s, k)));
        }
        buf_puts(b, "]}");
        break;
    }
    case FMT_JUNIT:
        /* the strict JUnit schema (tests/eval/junit-10.xsd) has no attributes for a case's
         * place: it goes in the suite's properties, and in the text of a failure */
        buf_puts(&j->props, "      <property name=\"line.");
        buf_xml(&j->props, id);
        buf_printf(&j->props, "\" value=\"%u\"/>\n", line);
        buf_puts(b, "    <testcase name=\"");
        buf_xml(b, id);
        buf_puts(b, "\" classname=\"");
        junit_classname(b, file);
        if (passed) {
            buf_puts(b, "\"/>\n");
            break;
        }
        buf_puts(b, "\">\n      <failure message=\"");
        for (size_t k = 0; k < w->nfv; k++) {
            if (k)
                buf_puts(b, "; ");
            buf_xml(b, failure_text(w, k));
        }
        buf_puts(b, "\" type=\"");
        buf_xml(b, tri_expect_name(w->fv[0].key));
        buf_puts(b, "\">");
        for (size_t k = 0; k < w->nfv; k++) {
            char head[64];
            snprintf(head, sizeof head, ":%u:%u: case '", line, col);
            buf_xml(b, file);
            buf_xml(b, head);
            buf_xml(b, id);
            buf_xml(b, "' failed: ");
            buf_xml(b, failure_text(w, k));
            buf_putn(b, "\n", 1);
        }
        buf_puts(b, "</failure>\n    </testcase>\n");
        break;
    case FMT_TAP:
        /* the consumer writes "ok N" or "not ok N" before this */
        buf_puts(b, " - ");
        buf_puts(b, id); /* ids are [a-z0-9_-]: nothing to escape */
        buf_putn(b, "\n", 1);
        if (passed)
            break;
        buf_puts(b, "  ---\n  message: ");
        buf_json(b, failure_text(w, 0));
        buf_puts(b, "\n  severity: fail\n  at:\n    file: ");
        buf_json(b, file);
        buf_printf(b, "\n    line: %u\n    column: %u\n  failures:\n", line, col);
        for (size_t k = 0; k < w->nfv; k++) {
            buf_puts(b, "    - expect: ");
            buf_puts(b, tri_expect_name(w->fv[k].key));
            buf_puts(b, "\n      message: ");
            buf_json(b, failure_text(w, k));
            buf_putn(b, "\n", 1);
        }
        buf_puts(b, "  got:\n    top3: ");
        top3_json(b, s);
        buf_printf(b, "\n    triage: %s\n  ...\n", tri_level_name(tri_result_level(s)));
        break;
    }
    reclist_push(&j->recs, passed, off, b->len - off);
}

/* ---- a case left out because of errors ----------------------------------------------- */

/* What to call a problem where a name is needed: the case's id, else where it is. */
static void problem_name(buf *b, const tri_case_problem *p, bool xml)
{
    if (p->id)
        (xml ? buf_xml : buf_puts)(b, p->id);
    else if (p->whole_file)
        buf_puts(b, "(case file)");
    else
        buf_printf(b, "(case at line %u)", p->line);
}

void report_problem(eval *ev, job *j, const tri_case_problem *p)
{
    buf *b = ev->o.fmt == FMT_JSON ? &j->bad : &j->out;
    size_t off = b->len;
    switch (ev->o.fmt) {
    case FMT_TEXT:
        return; /* the diagnostics on standard error are the text report */
    case FMT_JSON:
        buf_puts(b, "{\"id\":");
        buf_json_or_null(b, p->id);
        buf_puts(b, ",\"file\":");
        buf_json(b, p->file);
        buf_printf(b, ",\"line\":%u,\"column\":%u,\"whole_file\":%s,\"message\":", p->line,
                   p->column, p->whole_file ? "true" : "false");
        buf_json(b, p->message);
        buf_printf(b, ",\"error_line\":%u,\"error_column\":%u,\"errors\":%u}", p->error_line,
                   p->error_column, p->errors);
        reclist_push(&j->bads, false, off, b->len - off);
        return;
    case FMT_JUNIT:
        if (p->id) {
            buf_puts(&j->props, "      <property name=\"line.");
            buf_xml(&j->props, p->id);
            buf_printf(&j->props, "\" value=\"%u\"/>\n", p->line);
        }
        buf_puts(b, "    <testcase name=\"");
        problem_name(b, p, true);
        buf_puts(b, "\" classname=\"");
        junit_classname(b, p->file);
        buf_puts(b, "\">\n      <error message=\"");
        buf_xml(b, p->message);
        buf_puts(b, "\" type=\"invalid\">");
        buf_xml(b, p->file);
        buf_printf(b, ":%u:%u: error: ", p->error_line, p->error_column);
        buf_xml(b, p->message);
        if (p->errors > 1)
            buf_printf(b, "\n(%u errors in all: the suite's system-err lists them)", p->errors);
        buf_puts(b, "\n</error>\n    </testcase>\n");
        break;
    case FMT_TAP:
        /* the consumer writes "not ok N" before this */
        buf_puts(b, " - ");
        if (p->whole_file) {
            buf_puts(b, "case file ");
            for (const char *c = p->file; *c; c++) { /* '#' would start a directive */
                if (*c == '#' || *c == '\\')
                    buf_putn(b, "\\", 1);
                buf_putn(b, *c == '\n' ? " " : c, 1);
            }
            buf_puts(b, " (invalid)\n");
        } else {
            problem_name(b, p, false); /* ids are [a-z0-9_-]: nothing to escape */
            buf_puts(b, " (invalid case)\n");
        }
        buf_puts(b, "  ---\n  message: ");
        buf_json(b, p->message);
        buf_puts(b, "\n  severity: fail\n  at:\n    file: ");
        buf_json(b, p->file);
        if (p->error_line)
            buf_printf(b, "\n    line: %u\n    column: %u", p->error_line, p->error_column);
        buf_printf(b, "\n  errors: %u\n  ...\n", p->errors);
        break;
    }
    reclist_push(&j->recs, false, off, b->len - off);
    j->recs.v[j->recs.n - 1].problem = true;
}

/* ---- one case's changes (--compare) ----------------------------------------------------- */

static void outcome_top3_text(buf *b, const outcome *o)
{
    if (!o->n)
        buf_puts(b, "(none)");
    for (size_t k = 0; k < o->n; k++)
        buf_printf(b, "%s%s", k ? ", " : "", o->top3[k]);
}

static void outcome_json(buf *b, const outcome *o)
{
    buf_puts(b, "{\"top\":");
    buf_json_or_null(b, o->n ? o->top3[0] : NULL);
    buf_puts(b, ",\"top3\":[");
    for (size_t k = 0; k < o->n; k++) {
        if (k)
            buf_putn(b, ",", 1);
        buf_json(b, o->top3[k]);
    }
    buf_puts(b, "],\"triage\":");
    buf_json(b, tri_level_name(o->level));
    buf_putn(b, "}", 1);
}

static const char *const change_names[] = {"top", "top3", "triage"};

void report_change(const eval *ev, job *j, const tri_cases *cs, size_t i, const bool *ch,
                   const outcome *o, const outcome *n)
{
    unsigned line, col;
    const char *file = tri_case_file(cs, i, &line, &col);
    const char *id = tri_case_id(cs, i);
    buf *b = &j->chg;
    size_t off = b->len;
    if (!ch) {
        if (ev->o.fmt == FMT_TEXT) {
            buf_printf(b, "%s:%u:%u: case '%s' not compared: it is not valid for '%s'\n", file,
                       line, col, id, ev->o.compare);
        } else {
            buf_puts(b, "{\"id\":");
            buf_json(b, id);
            buf_puts(b, ",\"file\":");
            buf_json(b, file);
            buf_printf(b, ",\"line\":%u,\"column\":%u,\"status\":\"not_compared\"}", line, col);
        }
        reclist_push(&j->chgs, false, off, b->len - off);
        return;
    }
    if (ev->o.fmt == FMT_TEXT) {
        buf ot = {0}, nt = {0};
        outcome_top3_text(&ot, o);
        outcome_top3_text(&nt, n);
        const char *olds[3] = {o->n ? o->top3[0] : "(none)", ot.data, tri_level_name(o->level)};
        const char *news[3] = {n->n ? n->top3[0] : "(none)", nt.data, tri_level_name(n->level)};
        static const char *const labels[3] = {"top", "top 3", "triage"};
        int width = 3;
        for (int x = 0; x < 3; x++)
            if ((int)strlen(olds[x]) > width)
                width = (int)strlen(olds[x]);
        buf_printf(b, "%s:%u:%u: case '%s' changed\n", file, line, col, id);
        buf_printf(b, "    %-8s  %-*s   %s\n", "", width, "old", "new");
        for (int x = 0; x < 3; x++)
            buf_printf(b, "  %s %-8s  %-*s | %s\n", ch[x] ? "*" : " ", labels[x], width, olds[x],
                       news[x]);
        buf_free(&ot);
        buf_free(&nt);
    } else {
        buf_puts(b, "{\"id\":");
        buf_json(b, id);
        buf_puts(b, ",\"file\":");
        buf_json(b, file);
        buf_printf(b, ",\"line\":%u,\"column\":%u,\"status\":\"changed\",\"changed\":[", line,
                   col);
        bool first = true;
        for (int x = 0; x < 3; x++)
            if (ch[x]) {
                buf_printf(b, "%s\"%s\"", first ? "" : ",", change_names[x]);
                first = false;
            }
        buf_puts(b, "],\"old\":");
        outcome_json(b, o);
        buf_puts(b, ",\"new\":");
        outcome_json(b, n);
        buf_putn(b, "}", 1);
    }
    reclist_push(&j->chgs, true, off, b->len - off);
}

/* ---- a finished job ---------------------------------------------------------------------- */

/* Write errors are not checked here: the stream's error flag is, once, at the end. */
static void write_out(FILE *f, const char *data, size_t len)
{
    if (len)
        fwrite(data, 1, len, f);
}

void report_job(eval *ev, const job *j)
{
    if (ev->o.jsonl) {
        write_out(stdout, j->out.data, j->out.len);
        return;
    }
    FILE *f = ev->o.fmt == FMT_TEXT ? stdout : ev->spool;
    const char *data = j->out.data;
    switch (ev->o.fmt) {
    case FMT_TEXT:
        write_out(f, data, j->out.len);
        break;
    case FMT_JSON:
        for (size_t k = 0; k < j->recs.n; k++) {
            fputs(ev->st.cases - j->st.cases + k ? ",\n" : "\n", f);
            write_out(f, data + j->recs.v[k].off, j->recs.v[k].len);
        }
        for (size_t k = 0; k < j->bads.n; k++) {
            fputs(ev->st.invalid - j->st.invalid + k ? ",\n" : "\n", ev->spool_bad);
            write_out(ev->spool_bad, j->bad.data + j->bads.v[k].off, j->bads.v[k].len);
        }
        break;
    case FMT_JUNIT: {
        fputs("  <testsuite name=\"", f);
        buf name = {0};
        buf_xml(&name, j->path);
        write_out(f, name.data, name.len);
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n",
                j->recs.n, j->st.failed, j->st.invalid);
        fprintf(f, "    <properties>\n      <property name=\"file\" value=\"%s\"/>\n", name.data);
        write_out(f, j->props.data, j->props.len);
        fputs("    </properties>\n", f);
        for (size_t k = 0; k < j->recs.n; k++)
            write_out(f, data + j->recs.v[k].off, j->recs.v[k].len);
        if (j->diag_len) {
            /* every diagnostic of the file, with its source line, as on standard error */
            buf msg = {0};
            buf_xml(&msg, j->diag);
            fputs("    <system-err>", f);
            write_out(f, msg.data, msg.len);
            fputs("</system-err>\n", f);
            buf_free(&msg);
        }
        fputs("  </testsuite>\n", f);
        buf_free(&name);
        break;
    }
    case FMT_TAP:
        for (size_t k = 0; k < j->recs.n; k++) {
            fprintf(f, "%s %zu", j->recs.v[k].passed ? "ok" : "not ok", ++ev->tests);
            write_out(f, data + j->recs.v[k].off, j->recs.v[k].len);
        }
        break;
    }
    if (ev->spool_chg)
        for (size_t k = 0; k < j->chgs.n; k++) {
            if (ev->o.fmt == FMT_JSON)
                fputs(ftello(ev->spool_chg) ? ",\n" : "\n", ev->spool_chg);
            write_out(ev->spool_chg, j->chg.data + j->chgs.v[k].off, j->chgs.v[k].len);
        }
}

/* ---- the report's end: summary, coverage, changes ------------------------------------------ */

static void copy_spool(FILE *spool, FILE *out)
{
    if (!spool)
        return;
    rewind(spool);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, spool)) > 0)
        write_out(out, tmp, n);
}

static void summary_text(FILE *f, const stats *st, const char *title)
{
    char cnt[M_COUNT][48];
    int w = 9; /* the count column grows with the suite: "38424/38424" */
    for (int i = 0; i < M_COUNT; i++) {
        int n = snprintf(cnt[i], sizeof cnt[i], "%zu/%zu", st->m[i].count, st->m[i].of);
        if (n > w)
            w = n;
    }
    fprintf(f, "\n%s\n", title);
    fprintf(f, "  %-22s %*zu\n  %-22s %*zu\n  %-22s %*zu\n", "cases", w, st->cases, "passed", w,
            st->passed, "failed", w, st->failed);
    if (st->invalid)
        fprintf(f, "  %-22s %*zu\n", "invalid (not run)", w, st->invalid);
    fprintf(f, "  %-22s %*s %7s   %s\n", "", w, "count", "rate", "95% CI (Wilson)");
    for (int i = 0; i < M_COUNT; i++) {
        const tally *t = &st->m[i];
        if (!t->of) {
            fprintf(f, "  %-22s %*s %7s   %s\n", metric_labels[i], w, cnt[i], "-", "-");
            continue;
        }
        double lo, hi;
        wilson(t, &lo, &hi);
        fprintf(f, "  %-22s %*s %7.3f   %.3f-%.3f\n", metric_labels[i], w, cnt[i],
                (double)t->count / (double)t->of, lo, hi);
    }
}

static void summary_json(buf *b, const stats *st, size_t invalid_files)
{
    buf_printf(b, "{\"cases\":%zu,\"passed\":%zu,\"failed\":%zu,\"invalid\":%zu,\"invalid_files\":%zu",
               st->cases, st->passed, st->failed, st->invalid, invalid_files);
    for (int i = 0; i < M_COUNT; i++) {
        const tally *t = &st->m[i];
        const char *k = metric_keys[i];
        if (!t->of) {
            buf_printf(b, ",\"%s\":null,\"%s_count\":0,\"%s_of\":0,\"%s_wilson\":null", k, k, k, k);
            continue;
        }
        double lo, hi;
        wilson(t, &lo, &hi);
        buf_printf(b, ",\"%s\":", k);
        buf_num(b, (double)t->count / (double)t->of);
        buf_printf(b, ",\"%s_count\":%zu,\"%s_of\":%zu,\"%s_wilson\":[", k, t->count, k, t->of, k);
        buf_num(b, lo);
        buf_putn(b, ",", 1);
        buf_num(b, hi);
        buf_putn(b, "]", 1);
    }
    buf_putn(b, "}", 1);
}

/* Merges the workers' coverage marks into worker 0's. */
static void merge_coverage(eval *ev)
{
    worker *w0 = &ev->workers[0];
    const tri_kb *kb = ev->kb;
    for (unsigned i = 1; i < ev->nworkers; i++) {
        worker *w = &ev->workers[i];
        for (size_t r = 0; r < tri_kb_rule_count(kb); r++)
            w0->cov_rule[r] |= w->cov_rule[r];
        for (size_t c = 0; c < tri_kb_condition_count(kb); c++)
            w0->cov_first[c] |= w->cov_first[c];
        for (size_t f = 0; f < tri_kb_red_flag_count(kb); f++)
            w0->cov_flag[f] |= w->cov_flag[f];
        for (size_t q = 0; q < tri_kb_question_count(kb); q++)
            w0->cov_question[q] |= w->cov_question[q];
    }
}

static size_t count_zero(const uint8_t *v, size_t n)
{
    size_t z = 0;
    for (size_t i = 0; i < n; i++)
        z += !v[i];
    return z;
}

/* The conditions that cannot become likely while question q is unknown, in
 * *out (an array of tri_kb_condition_count() flags); false when there are
 * none. */
static bool unreachable_list(const tri_kb *kb, size_t q, bool *out)
{
    if (tri_kb_unreachable_without(kb, q, out) != TRI_OK)
        eval_out_of_memory();
    for (size_t c = 0; c < tri_kb_condition_count(kb); c++)
        if (out[c])
            return true;
    return false;
}

/* A static analysis of the rules, not of the cases: for each question, the
 * conditions that no answers can make likely while it is unknown. */
static void unreachable_text(FILE *f, const tri_kb *kb)
{
    size_t nc = tri_kb_condition_count(kb), nq = tri_kb_question_count(kb);
    bool *out = eval_realloc(NULL, (nc + 1) * sizeof *out);
    fprintf(f, "  conditions that cannot become likely while a question is unknown:\n");
    size_t lines = 0;
    for (size_t q = 0; q < nq; q++) {
        if (!unreachable_list(kb, q, out))
            continue;
        fprintf(f, "    %s:", tri_question_id(kb, q));
        const char *sep = " ";
        for (size_t c = 0; c < nc; c++)
            if (out[c]) {
                fprintf(f, "%s%s", sep, tri_condition_id(kb, c));
                sep = ", ";
            }
        fputc('\n', f);
        lines++;
    }
    if (!lines)
        fprintf(f, "    (none)\n");
    free(out);
}

static void unreachable_json(buf *b, const tri_kb *kb)
{
    size_t nc = tri_kb_condition_count(kb), nq = tri_kb_question_count(kb);
    bool *out = eval_realloc(NULL, (nc + 1) * sizeof *out);
    buf_puts(b, ",\"unreachable_when_unknown\":[");
    bool first = true;
    for (size_t q = 0; q < nq; q++) {
        if (!unreachable_list(kb, q, out))
            continue;
        buf_puts(b, first ? "{\"question\":" : ",{\"question\":");
        buf_json(b, tri_question_id(kb, q));
        buf_puts(b, ",\"conditions\":[");
        bool first_c = true;
        for (size_t c = 0; c < nc; c++)
            if (out[c]) {
                if (!first_c)
                    buf_putn(b, ",", 1);
                buf_json(b, tri_condition_id(kb, c));
                first_c = false;
            }
        buf_puts(b, "]}");
        first = false;
    }
    buf_putn(b, "]", 1);
    free(out);
}

static void coverage_text(FILE *f, const eval *ev)
{
    const worker *w = &ev->workers[0];
    const tri_kb *kb = ev->kb;
    size_t nr = tri_kb_rule_count(kb), nc = tri_kb_condition_count(kb);
    size_t nf = tri_kb_red_flag_count(kb), nq = tri_kb_question_count(kb);
    fprintf(f, "\nCoverage: what no case exercised\n");
    fprintf(f, "  rules that never fired: %zu of %zu\n", count_zero(w->cov_rule, nr), nr);
    for (size_t r = 0; r < nr; r++)
        if (!w->cov_rule[r]) {
            unsigned line, col;
            const char *file = tri_rule_file(kb, r, &line, &col);
            fprintf(f, "    %s:%u:%u: rule '%s'\n", file, line, col, tri_rule_id(kb, r));
        }
    fprintf(f, "  conditions never ranked first: %zu of %zu\n", count_zero(w->cov_first, nc), nc);
    for (size_t c = 0; c < nc; c++)
        if (!w->cov_first[c])
            fprintf(f, "    %s\n", tri_condition_id(kb, c));
    fprintf(f, "  red flags never raised: %zu of %zu\n", count_zero(w->cov_flag, nf), nf);
    for (size_t x = 0; x < nf; x++)
        if (!w->cov_flag[x])
            fprintf(f, "    %s\n", tri_red_flag_id(kb, x));
    fprintf(f, "  questions no case answered: %zu of %zu\n", count_zero(w->cov_question, nq), nq);
    for (size_t q = 0; q < nq; q++)
        if (!w->cov_question[q])
            fprintf(f, "    %s\n", tri_question_id(kb, q));
    unreachable_text(f, kb);
}

static void coverage_json(buf *b, const eval *ev)
{
    const worker *w = &ev->workers[0];
    const tri_kb *kb = ev->kb;
    size_t nr = tri_kb_rule_count(kb), nc = tri_kb_condition_count(kb);
    size_t nf = tri_kb_red_flag_count(kb), nq = tri_kb_question_count(kb);
    buf_printf(b, "{\"rules\":%zu,\"rules_never_fired\":[", nr);
    bool first = true;
    for (size_t r = 0; r < nr; r++)
        if (!w->cov_rule[r]) {
            unsigned line, col;
            const char *file = tri_rule_file(kb, r, &line, &col);
            buf_puts(b, first ? "{\"id\":" : ",{\"id\":");
            buf_json(b, tri_rule_id(kb, r));
            buf_puts(b, ",\"file\":");
            buf_json(b, file);
            buf_printf(b, ",\"line\":%u,\"column\":%u}", line, col);
            first = false;
        }
    const struct {
        const char *key;
        const uint8_t *marks;
        size_t n;
        const char *(*id)(const tri_kb *, size_t);
    } lists[] = {
        {"conditions", w->cov_first, nc, tri_condition_id},
        {"red_flags", w->cov_flag, nf, tri_red_flag_id},
        {"questions", w->cov_question, nq, tri_question_id},
    };
    static const char *const names[] = {"conditions_never_first", "red_flags_never_raised",
                                        "questions_never_answered"};
    for (int l = 0; l < 3; l++) {
        buf_printf(b, "],\"%s\":%zu,\"%s\":[", lists[l].key, lists[l].n, names[l]);
        first = true;
        for (size_t i = 0; i < lists[l].n; i++)
            if (!lists[l].marks[i]) {
                if (!first)
                    buf_putn(b, ",", 1);
                buf_json(b, lists[l].id(kb, i));
                first = false;
            }
    }
    buf_putn(b, "]", 1);
    unreachable_json(b, kb);
    buf_putn(b, "}", 1);
}

static void compare_header_text(FILE *f, const eval *ev)
{
    fprintf(f, "\nCompared with '%s' (old): %zu of %zu cases changed (first explanation %zu, top "
               "three %zu, triage level %zu)",
            ev->o.compare, ev->nchanged, ev->st.cases, ev->changed[CHG_TOP],
            ev->changed[CHG_TOP3], ev->changed[CHG_TRIAGE]);
    if (ev->not_compared)
        fprintf(f, "; %zu not compared", ev->not_compared);
    fputs("\n", f);
}

void report_finish(eval *ev)
{
    FILE *out = stdout;
    if (ev->o.coverage)
        merge_coverage(ev);
    switch (ev->o.fmt) {
    case FMT_TEXT: {
        if (ev->old_kb) {
            compare_header_text(out, ev);
            copy_spool(ev->spool_chg, out);
        }
        if (ev->o.coverage)
            coverage_text(out, ev);
        const char *title = ev->old_kb ? "Summary (new: the rules under test)" : "Summary";
        summary_text(out, &ev->st, title);
        if (ev->old_kb) {
            char t[600];
            snprintf(t, sizeof t, "Summary (old: '%s', the cases valid for it)", ev->o.compare);
            summary_text(out, &ev->st_old, t);
        }
        fprintf(out, "\n%zu passed, %zu failed", ev->st.passed, ev->st.failed);
        if (ev->st.invalid)
            fprintf(out, ", %zu invalid (not run) in %zu file%s", ev->st.invalid, ev->invalid_files,
                    ev->invalid_files == 1 ? "" : "s");
        fputc('\n', out);
        break;
    }
    case FMT_JSON: {
        buf b = {0};
        buf_printf(&b, "{\"format\":%d,\"summary\":", TRI_OUTPUT_FORMAT);
        summary_json(&b, &ev->st, ev->invalid_files);
        if (ev->o.coverage) {
            buf_puts(&b, ",\n\"coverage\":");
            coverage_json(&b, ev);
        }
        if (ev->old_kb) {
            buf_puts(&b, ",\n\"compare\":{\"rules\":");
            buf_json(&b, ev->o.compare);
            buf_printf(&b, ",\"changed_count\":%zu,\"changed_top\":%zu,\"changed_top3\":%zu,"
                           "\"changed_triage\":%zu,\"not_compared\":%zu,\"summary\":",
                       ev->nchanged, ev->changed[CHG_TOP], ev->changed[CHG_TOP3],
                       ev->changed[CHG_TRIAGE], ev->not_compared);
            summary_json(&b, &ev->st_old, 0);
            buf_puts(&b, ",\"changed\":[");
            write_out(out, b.data, b.len);
            copy_spool(ev->spool_chg, out);
            b.len = 0;
            buf_puts(&b, "\n]}");
        }
        if (ev->st.invalid) {
            buf_puts(&b, ",\n\"invalid\":[");
            write_out(out, b.data, b.len);
            copy_spool(ev->spool_bad, out);
            b.len = 0;
            buf_puts(&b, "\n]");
        } else {
            buf_puts(&b, ",\n\"invalid\":[]");
        }
        buf_puts(&b, ",\n\"cases\":[");
        write_out(out, b.data, b.len);
        copy_spool(ev->spool, out);
        fputs("\n]}\n", out);
        buf_free(&b);
        break;
    }
    case FMT_JUNIT:
        fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"triage eval\" tests=\"%zu\" failures=\"%zu\" "
                     "errors=\"%zu\">\n",
                ev->st.cases + ev->st.invalid, ev->st.failed, ev->st.invalid);
        copy_spool(ev->spool, out);
        fputs("</testsuites>\n", out);
        break;
    case FMT_TAP:
        fprintf(out, "TAP version 13\n1..%zu\n", ev->tests);
        copy_spool(ev->spool, out);
        fprintf(out, "# %zu passed, %zu failed", ev->st.passed, ev->st.failed);
        if (ev->st.invalid)
            fprintf(out, ", %zu invalid (not run)", ev->st.invalid);
        fputc('\n', out);
        break;
    }
}
