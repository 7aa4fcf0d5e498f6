/*
 * interview_json.c - the interview's JSON protocol, for programs: a question
 * with its rationale and what each answer would do, as one JSON object per
 * line; and the input lines (commands and answers) parsed into tri_ask_input.
 *
 * Place in the pipeline: part of the interview (interview.h), beside its
 * texts (interview_text.c). Output is rendered into the interview's buffer,
 * valid until the next call; an input line is parsed into the interview's
 * input arena, reset for every line.
 */
#include "interview.h"

#include <math.h>
#include <string.h>

#include "loader.h"

/* ---- JSON ---------------------------------------------------------------------------------- */

static void json_field(strbuf *b, const char *key, const char *value)
{
    sb_json_str(b, key);
    sb_putc(b, ':');
    if (value)
        sb_json_str(b, value);
    else
        sb_puts(b, "null");
}

static void json_top(strbuf *b, const tri_kb *kb, const iv_outcome *o)
{
    sb_puts(b, "\"top\":[");
    for (uint8_t i = 0; i < o->ntop; i++) {
        if (i)
            sb_putc(b, ',');
        sb_json_str(b, kb->conditions[o->top[i]].id);
    }
    sb_putc(b, ']');
}

static void why_json_answer(tri_interview *iv, uint32_t q, const char *id, const char *label,
                            const iv_outcome *base, const iv_outcome *o, void *ctx)
{
    (void)q;
    iv_why *c = ctx;
    strbuf *b = c->b;
    sb_puts(b, c->json_first ? "{" : ",{");
    c->json_first = false;
    json_field(b, "answer", id);
    sb_putc(b, ',');
    json_field(b, "label", label);
    sb_putc(b, ',');
    json_field(b, "level", tri_level_name((tri_level)o->level));
    sb_putc(b, ',');
    json_top(b, iv->kb, o);
    sb_puts(b, ",\"effect\":");
    strbuf e;
    sb_init(&e, iv->alloc);
    interview_describe_change(&e, iv->kb, base, o, c->lang);
    sb_json_str(b, e.failed || !e.data ? "" : e.data);
    if (e.failed)
        b->failed = true;
    sb_fini(&e);
    sb_putc(b, '}');
}

static void json_number(strbuf *b, double v)
{
    if (isfinite(v))
        sb_printf(b, "%.15g", v);
    else
        sb_puts(b, "null");
}

const char *tri_interview_question_json(tri_interview *iv, const tri_next *next,
                                        const tri_report_options *ro, size_t *len)
{
    if (!next || next->question >= iv->nq)
        return NULL;
    const tri_kb *kb = iv->kb;
    const char *lang = ro ? ro->lang : NULL;
    uint32_t q = (uint32_t)next->question;
    const kb_question *qq = &kb->questions[q];
    interview_refresh(iv);
    strbuf *b = &iv->out;
    sb_reset(b);
    sb_printf(b, "{\"type\":\"question\",\"progress\":{\"number\":%zu,\"estimate\":%zu},",
              next->number, next->estimate);
    sb_puts(b, "\"question\":{");
    json_field(b, "id", qq->id);
    sb_putc(b, ',');
    json_field(b, "type", tri_qtype_name(qq->type));
    sb_putc(b, ',');
    json_field(b, "text", tri_interview_question_text(iv, q, lang));
    sb_putc(b, ',');
    json_field(b, "help", kb_text_get(&qq->help, lang));
    sb_putc(b, ',');
    json_field(b, "unit", qq->type == TRI_Q_DURATION ? "duration" : qq->unit);
    if (qq->type == TRI_Q_NUMBER) {
        sb_puts(b, ",\"min\":");
        json_number(b, qq->min);
        sb_puts(b, ",\"max\":");
        json_number(b, qq->max);
    }
    sb_puts(b, ",\"options\":[");
    for (uint32_t o = 0; o < qq->noptions; o++) {
        sb_puts(b, o ? ",{" : "{");
        if (qq->type != TRI_Q_YES_NO) /* yes/no is answered in words, not by number */
            sb_printf(b, "\"number\":%u,", o + 1);
        json_field(b, "id", qq->options[o].id);
        sb_putc(b, ',');
        json_field(b, "text", tri_interview_option_text(iv, q, o, lang));
        sb_putc(b, '}');
    }
    sb_printf(b, "],\"screening\":%s,\"red_flag\":%s,\"for_parent\":%s},",
              qq->screening ? "true" : "false",
              interview_is_red_flag_question(iv, q) ? "true" : "false",
              tri_interview_for_parent(iv) ? "true" : "false");
    sb_puts(b, "\"rationale\":{");
    json_field(b, "reason", tri_ask_reason_name(next->reason));
    sb_putc(b, ',');
    json_field(b, "text", tri_ask_reason_meaning(next->reason));
    sb_puts(b, ",\"score\":");
    sb_json_num(b, next->score);
    sb_puts(b, ",\"tests\":[");
    uint8_t *mark = iv->mark;
    interview_tested_conditions(iv, q, mark);
    size_t k = 0;
    for (uint32_t c = 0; c < kb->nconditions; c++)
        if (mark[c]) {
            if (k++)
                sb_putc(b, ',');
            sb_json_str(b, kb->conditions[c].id);
        }
    sb_puts(b, "],");
    json_field(b, "raises_triage_to",
               iv->stakes[q] < TRI_LEVEL_COUNT ? tri_level_name((tri_level)iv->stakes[q]) : NULL);
    iv_outcome base;
    interview_outcome(iv->s, &base);
    sb_puts(b, ",\"now\":{");
    json_field(b, "level", tri_level_name((tri_level)base.level));
    sb_putc(b, ',');
    json_top(b, kb, &base);
    sb_puts(b, "},\"answers\":[");
    iv_why c = {b, lang, 0, true};
    interview_each_answer(iv, q, lang, why_json_answer, &c);
    sb_puts(b, "]}}");
    if (b->failed)
        return NULL;
    if (len)
        *len = b->len;
    return b->data;
}

/* ---- the JSON protocol's input ------------------------------------------------------------------ */

static const char *const command_names[] = {
#define TRI_ASK_COMMAND_NAME(name, text) text,
    TRI_ASK_COMMAND_LIST(TRI_ASK_COMMAND_NAME)
#undef TRI_ASK_COMMAND_NAME
};

tri_status tri_interview_parse_json(tri_interview *iv, const char *line, size_t len,
                                    tri_ask_input *in, tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    *in = (tri_ask_input){TRI_CMD_ANSWER, -1, NULL, -1, NULL};
    if (!iv->input && !(iv->input = arena_new(iv->alloc))) {
        diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory");
        return TRI_ERR_NOMEM;
    }
    arena_reset(iv->input);
    const node *root = loader_parse_at(iv->input, "<input>", 1, line, len, &d);
    if (!root)
        return diag_status(&d) ? diag_status(&d) : TRI_ERR_INVALID;
    if (root->kind != NODE_MAP) {
        diag_fail(&d, TRI_ERR_INVALID, NULL,
                  "each line must be one JSON object, such as {\"answer\": \"yes\"}");
        return TRI_ERR_INVALID;
    }
    bool has_command = false;
    for (size_t i = 0; i + 1 < root->count; i += 2) {
        const node *k = root->kids[i], *v = root->kids[i + 1];
        const char *key = k->kind == NODE_SCALAR ? k->text : "";
        bool is_null = v->kind == NODE_SCALAR && v->plain && (!strcmp(v->text, "null") || !v->size);
        if (!strcmp(key, "answer")) {
            if (v->kind == NODE_SCALAR) {
                in->answer = v->text;
            } else if (v->kind == NODE_SEQ) {
                size_t n = 0;
                for (size_t j = 0; j < v->count; j++) {
                    if (v->kids[j]->kind != NODE_SCALAR) {
                        diag_fail(&d, TRI_ERR_INVALID, NULL,
                                  "each item of \"answer\" must be a string");
                        return TRI_ERR_INVALID;
                    }
                    n += v->kids[j]->size + 2;
                }
                char *t = arena_alloc(iv->input, n + 1), *p = t;
                if (!t) {
                    diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory");
                    return TRI_ERR_NOMEM;
                }
                for (size_t j = 0; j < v->count; j++) {
                    if (j) {
                        memcpy(p, ", ", 2);
                        p += 2;
                    }
                    memcpy(p, v->kids[j]->text, v->kids[j]->size);
                    p += v->kids[j]->size;
                }
                *p = '\0';
                in->answer = t;
            } else {
                diag_fail(&d, TRI_ERR_INVALID, NULL, "\"answer\" must be a string or a list");
                return TRI_ERR_INVALID;
            }
        } else if (!strcmp(key, "command")) {
            int found = -1;
            for (int c = 0; v->kind == NODE_SCALAR && c < TRI_CMD_COUNT; c++)
                if (!strcmp(v->text, command_names[c]))
                    found = c;
            if (found < 0) {
                diag_fail(&d, TRI_ERR_INVALID, NULL,
                          "unknown command '%s' (expected answer, skip, back, why, help, result, "
                          "how, what_if, save or quit)",
                          v->kind == NODE_SCALAR ? v->text : "");
                return TRI_ERR_INVALID;
            }
            in->command = (tri_ask_command)found;
            has_command = true;
        } else if (!strcmp(key, "question")) {
            if (is_null)
                continue;
            int q = v->kind == NODE_SCALAR ? tri_kb_question_find(iv->kb, v->text) : -1;
            if (q < 0) {
                diag_fail(&d, TRI_ERR_INVALID, NULL, "unknown question '%s'",
                          v->kind == NODE_SCALAR ? v->text : "");
                return TRI_ERR_INVALID;
            }
            in->question = q;
        } else if (!strcmp(key, "condition")) {
            int c = v->kind == NODE_SCALAR ? tri_kb_condition_find(iv->kb, v->text) : -1;
            if (c < 0) {
                diag_fail(&d, TRI_ERR_INVALID, NULL, "unknown condition '%s'",
                          v->kind == NODE_SCALAR ? v->text : "");
                return TRI_ERR_INVALID;
            }
            in->condition = c;
        } else if (!strcmp(key, "file")) {
            if (v->kind != NODE_SCALAR || !v->size) {
                diag_fail(&d, TRI_ERR_INVALID, NULL, "\"file\" must be a file name");
                return TRI_ERR_INVALID;
            }
            in->file = v->text;
        } else {
            diag_fail(&d, TRI_ERR_INVALID, NULL,
                      "unknown key '%s' (expected command, answer, question, condition or file)",
                      key);
            return TRI_ERR_INVALID;
        }
    }
    if (!has_command && !in->answer) {
        diag_fail(&d, TRI_ERR_INVALID, NULL,
                  "a line needs \"answer\" or \"command\", such as {\"command\": \"back\"}");
        return TRI_ERR_INVALID;
    }
    if ((in->command == TRI_CMD_ANSWER || in->command == TRI_CMD_WHAT_IF) && !in->answer) {
        diag_fail(&d, TRI_ERR_INVALID, NULL, "\"%s\" needs an \"answer\"",
                  command_names[in->command]);
        return TRI_ERR_INVALID;
    }
    if (in->command == TRI_CMD_WHAT_IF && in->question < 0) {
        diag_fail(&d, TRI_ERR_INVALID, NULL, "\"what_if\" needs a \"question\"");
        return TRI_ERR_INVALID;
    }
    if (in->command == TRI_CMD_HOW && in->condition < 0) {
        diag_fail(&d, TRI_ERR_INVALID, NULL, "\"how\" needs a \"condition\"");
        return TRI_ERR_INVALID;
    }
    if (in->command == TRI_CMD_SAVE && !in->file) {
        diag_fail(&d, TRI_ERR_INVALID, NULL, "\"save\" needs a \"file\"");
        return TRI_ERR_INVALID;
    }
    return TRI_OK;
}
