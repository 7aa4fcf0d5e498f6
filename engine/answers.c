/*
 * answers.c - reading answers files and JSON Lines records into a session.
 *
 * An answers file is YAML: optional `format: 1` and `date: YYYY-MM-DD`, and
 * an `answers:` mapping from question ids to values. A JSON Lines record is
 * just that mapping. Values are checked strictly (option ids, numbers within
 * bounds, durations with units) and every problem is reported with its
 * position, not only the first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "files.h"
#include "session.h"

static bool is_null(const node *v)
{
    return v->kind == NODE_SCALAR && v->plain &&
           (v->size == 0 || !strcmp(v->text, "null") || !strcmp(v->text, "~"));
}

static void unknown_question(const tri_session *s, const node *k, diag_sink *d)
{
    names_best nb;
    names_best_init(&nb, k->text);
    for (uint32_t i = 0; i < s->kb->nquestions; i++)
        names_best_offer(&nb, s->kb->questions[i].id);
    const char *sug = names_best_get(&nb);
    if (sug)
        node_report(d, TRI_SEV_ERROR, k, "unknown-question",
                    "unknown question '%s' (did you mean '%s'?)", k->text, sug);
    else
        node_report(d, TRI_SEV_ERROR, k, "unknown-question", "unknown question '%s'", k->text);
}

/* Applies one mapping of question ids to values. json: null means unanswered. */
void answers_apply(tri_session *s, const node *map, bool json, diag_sink *d)
{
    if (map->kind != NODE_MAP) {
        node_report(d, TRI_SEV_ERROR, map, "type",
                    "answers must be a mapping of question ids to answers, found %s",
                    node_kind_name(map));
        return;
    }
    for (size_t i = 0; i + 1 < map->count; i += 2) {
        const node *k = map->kids[i], *v = map->kids[i + 1];
        if (diag_is_full(map->src)) {
            /* too many errors already: the rest is not read, which is an
             * error of its own (counted, not shown) */
            node_report(d, TRI_SEV_ERROR, k, "too-many-errors", "answers left unread");
            break;
        }
        if (k->kind != NODE_SCALAR) {
            node_report(d, TRI_SEV_ERROR, k, "type", "a question id must be a plain name");
            continue;
        }
        if (k->dup_of) {
            node_report(d, TRI_SEV_ERROR, k, "duplicate-key",
                        "question '%s' is answered twice (first on line %u)", k->text,
                        k->dup_of->line);
            continue;
        }
        uint32_t q = id_index_find(&s->kb->idx_questions, k->text, k->size);
        if (q == NO_INDEX) {
            unknown_question(s, k, d);
            continue;
        }
        if (json && is_null(v))
            continue;
        if (is_null(v)) {
            node_report(d, TRI_SEV_ERROR, v->size ? v : k, "missing-value",
                        "no answer given for '%s' (write unknown if it is not known)", k->text);
            continue;
        }
        const char *items[TRI_MAX_OPTIONS];
        size_t lens[TRI_MAX_OPTIONS], n = 0;
        const node *where = v;
        if (v->kind == NODE_SCALAR) {
            items[0] = v->text;
            lens[0] = v->size;
            n = 1;
        } else if (v->kind == NODE_SEQ) {
            if (v->count == 0) {
                node_report(d, TRI_SEV_ERROR, v, "missing-value",
                            "empty list for '%s' (write none or unknown)", k->text);
                continue;
            }
            if (v->count > TRI_MAX_OPTIONS) {
                node_report(d, TRI_SEV_ERROR, v, "limit", "more than %d answers for '%s'",
                            TRI_MAX_OPTIONS, k->text);
                continue;
            }
            bool ok = true;
            for (size_t j = 0; j < v->count; j++) {
                if (v->kids[j]->kind != NODE_SCALAR) {
                    node_report(d, TRI_SEV_ERROR, v->kids[j], "type",
                                "each answer in the list for '%s' must be a single value", k->text);
                    ok = false;
                    break;
                }
                items[n] = v->kids[j]->text;
                lens[n++] = v->kids[j]->size;
            }
            if (!ok)
                continue;
        } else {
            node_report(d, TRI_SEV_ERROR, v, "type",
                        "the answer to '%s' must be a value or a list, found a mapping", k->text);
            continue;
        }
        char why[512];
        if (!session_set(s, q, items, lens, n, true, why, sizeof why)) {
            if (!strcmp(why, "out of memory")) {
                diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory while reading answers");
                break;
            }
            /* point at the offending list item when there is one */
            if (v->kind == NODE_SEQ) {
                for (size_t j = 0; j < v->count; j++)
                    if (strstr(why, v->kids[j]->text) && v->kids[j]->size) {
                        where = v->kids[j];
                        break;
                    }
            }
            node_report(d, TRI_SEV_ERROR, where, "bad-answer", "%s", why);
        }
    }
}

static tri_status load(tri_session *s, const char *name, unsigned line, const char *data,
                       size_t size, bool json, tri_error *err)
{
    diag_sink d;
    tri_options opt = {0};
    opt.on_diag = s->on_diag;
    opt.diag_ctx = s->diag_ctx;
    diag_init(&d, &opt, err);
    if (!s->scratch) {
        s->scratch = arena_new(s->alloc);
        if (!s->scratch) {
            diag_fail(&d, TRI_ERR_NOMEM, name, "out of memory while reading answers");
            return TRI_ERR_NOMEM;
        }
    } else {
        arena_reset(s->scratch);
    }
    const node *root = loader_parse_at(s->scratch, name, line, data, size, &d);
    if (!root)
        return diag_status(&d);
    if (json) {
        answers_apply(s, root, true, &d);
        return diag_status(&d);
    }
    if (root->kind != NODE_MAP) {
        node_report(&d, TRI_SEV_ERROR, root, "type",
                    "an answers file is a mapping with an 'answers:' entry, found %s",
                    node_kind_name(root));
        return diag_status(&d);
    }
    /* the date first: answers such as "since September" are relative to it */
    const node *date = node_get(root, "date");
    if (date && date->kind == NODE_SCALAR) {
        long days;
        char why[128];
        if (qty_parse_day(date->text, date->size, &days, why, sizeof why) ||
            tri_session_set_date(s, date->text) != TRI_OK)
            node_report(&d, TRI_SEV_ERROR, date, "bad-date", "invalid date '%.40s': %s",
                        date->text, why);
    }
    static const char *const keys[] = {"answers", "format", "date"};
    bool has_answers = false;
    for (size_t i = 0; i + 1 < root->count; i += 2) {
        const node *k = root->kids[i], *v = root->kids[i + 1];
        if (diag_is_full(root->src)) {
            node_report(&d, TRI_SEV_ERROR, k, "too-many-errors", "keys left unread");
            break;
        }
        const char *key = k->kind == NODE_SCALAR ? k->text : "";
        size_t which = 0;
        while (which < 3 && strcmp(key, keys[which]))
            which++;
        if (k->dup_of) {
            /* a second block would silently replace the first: a red-flag
             * answer could disappear */
            node_report(&d, TRI_SEV_ERROR, k, "duplicate-key",
                        "key '%s' appears twice (first on line %u); an answers file has one",
                        key, k->dup_of->line);
            continue;
        }
        if (which == 0) {
            has_answers = true;
            if (!is_null(v))
                answers_apply(s, v, false, &d);
        } else if (which == 1) {
            char *end;
            long f = v->kind == NODE_SCALAR ? strtol(v->text, &end, 10) : 0;
            if (v->kind != NODE_SCALAR || *end || f < 1)
                node_report(&d, TRI_SEV_ERROR, v, "format", "format must be a whole number such as 1");
            else if (f > TRI_FORMAT)
                node_report(&d, TRI_SEV_ERROR, v, "format",
                            "format %ld is newer than this program understands (it reads up to %d)",
                            f, TRI_FORMAT);
        } else if (which == 2) {
            if (v->kind != NODE_SCALAR)
                node_report(&d, TRI_SEV_ERROR, v, "bad-date",
                            "date must be a day written YYYY-MM-DD, such as 2023-02-16");
        } else {
            names_best nb;
            names_best_init(&nb, key);
            for (size_t j = 0; j < 3; j++)
                names_best_offer(&nb, keys[j]);
            const char *sug = names_best_get(&nb);
            if (sug)
                node_report(&d, TRI_SEV_ERROR, k, "unknown-key",
                            "unknown key '%s' in an answers file (did you mean '%s'?)", key, sug);
            else
                node_report(&d, TRI_SEV_ERROR, k, "unknown-key",
                            "unknown key '%s' in an answers file (expected answers, format or "
                            "date)",
                            key);
        }
    }
    if (!has_answers && d.errors == 0)
        node_report(&d, TRI_SEV_ERROR, root, "missing-key",
                    "an answers file needs an 'answers:' mapping");
    return diag_status(&d);
}

tri_status tri_session_load_answers(tri_session *s, const char *name, const char *data, size_t size,
                                    tri_error *err)
{
    return load(s, name, 1, data, size, false, err);
}

tri_status tri_session_load_answers_json(tri_session *s, const char *name, unsigned line,
                                         const char *data, size_t size, tri_error *err)
{
    return load(s, name, line, data, size, true, err);
}

tri_status tri_session_load_answers_file(tri_session *s, const char *path, tri_error *err)
{
    diag_sink d;
    tri_options opt = {0};
    opt.on_diag = s->on_diag;
    opt.diag_ctx = s->diag_ctx;
    diag_init(&d, &opt, err);
    char *buf;
    size_t size;
    tri_status st = files_read(path, s->alloc, &buf, &size, &d);
    if (st != TRI_OK)
        return st;
    st = load(s, !strcmp(path, "-") ? "<stdin>" : path, 1, buf, size, false, err);
    mem_free(s->alloc, buf);
    return st;
}
