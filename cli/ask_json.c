/*
 * ask_json.c - `triage ask --format json`: the interview as JSON Lines both
 * ways, so that another program (a web page, a chat) can drive it.
 *
 * Out, one object per line, each with "type": "question" (the library's
 * tri_interview_question_json), "error", "why", "help", "result", "how",
 * "what_if", "saved", and last "end". In, one object per line, read by the
 * library's tri_interview_parse_json: {"answer": ...}, {"command": ...}.
 * docs/ask.md is the reference. Nothing is coloured or wrapped.
 */
#include <stdlib.h>
#include <string.h>

#include "ask.h"

static void json_str(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", stdout);
            break;
        case '\\':
            fputs("\\\\", stdout);
            break;
        case '\n':
            fputs("\\n", stdout);
            break;
        case '\r':
            fputs("\\r", stdout);
            break;
        case '\t':
            fputs("\\t", stdout);
            break;
        default:
            if (*p < 0x20)
                printf("\\u%04x", *p);
            else
                putchar(*p);
        }
    }
    putchar('"');
}

static void emit_error(const char *message, const ask_run *r, int q)
{
    fputs("{\"type\":\"error\",\"message\":", stdout);
    json_str(message);
    if (q >= 0) {
        fputs(",\"question\":", stdout);
        json_str(tri_question_id(r->kb, (size_t)q));
    }
    fputs("}\n", stdout);
}

static void emit_text(const char *type, const char *key, const char *id, const char *text)
{
    printf("{\"type\":\"%s\",\"%s\":", type, key);
    json_str(id);
    fputs(",\"text\":", stdout);
    if (text)
        json_str(text);
    else
        fputs("null", stdout);
    fputs("}\n", stdout);
}

/* {"type":"result","complete":...,"stop_reason":...,"result":{...}} */
static void emit_result(ask_run *r, tri_session *s, const char *type, bool complete, int q)
{
    tri_report_options ro = {0};
    ro.lang = r->lang;
    size_t len;
    const char *json = tri_session_report_json(s, &ro, &len);
    if (!json) {
        emit_error("out of memory", r, -1);
        return;
    }
    printf("{\"type\":\"%s\",", type);
    if (q >= 0) {
        fputs("\"question\":", stdout);
        json_str(tri_question_id(r->kb, (size_t)q));
        fputs(",\"answer\":", stdout);
        json_str(tri_session_answer_text(s, (size_t)q));
        putchar(',');
    }
    printf("\"complete\":%s,\"stop_reason\":", complete ? "true" : "false");
    const char *why = complete ? tri_interview_stop_reason(r->iv) : NULL;
    if (why)
        json_str(why);
    else
        fputs("null", stdout);
    fputs(",\"result\":", stdout);
    fwrite(json, 1, len, stdout);
    fputs("}\n", stdout);
}

static int end(ask_run *r, bool completed)
{
    int rc = completed ? EXIT_OK : EXIT_INCOMPLETE;
    printf("{\"type\":\"end\",\"completed\":%s,\"exit\":%d}\n", completed ? "true" : "false", rc);
    fflush(stdout);
    (void)r;
    return rc;
}

static const char *answer_help(tri_qtype t)
{
    switch (t) {
    case TRI_Q_CHOICE:
        return "one option: its id, its number or some of its words";
    case TRI_Q_MULTI:
        return "one or more options: a list of ids, or numbers or words in one string";
    case TRI_Q_YES_NO:
        return "yes or no";
    case TRI_Q_DURATION:
        return "a length of time such as \"2 s\", \"0.5-4 s\", \"about two seconds\"";
    case TRI_Q_NUMBER:
        return "a number";
    default:
        return "text";
    }
}

int ask_json(ask_run *r)
{
    tri_next nx;
    bool have_question = false;
    tri_report_options ro = {0};
    ro.lang = r->lang;
    for (;;) {
        if (!r->complete && !have_question) {
            if (tri_interview_next(r->iv, &nx)) {
                const char *q = tri_interview_question_json(r->iv, &nx, &ro, NULL);
                if (q)
                    printf("%s\n", q);
                else
                    emit_error("out of memory", r, -1);
                have_question = true;
            } else {
                r->complete = true;
                if (r->save_path)
                    ask_save(r, r->save_path);
                emit_result(r, r->s, "result", true, -1);
            }
        }
        fflush(stdout);
        const char *line = line_read("", false);
        if (!line)
            return end(r, r->complete);
        if (!line[strspn(line, " \t\r")])
            continue;
        tri_ask_input in;
        tri_error err;
        if (tri_interview_parse_json(r->iv, line, strlen(line), &in, &err) != TRI_OK) {
            emit_error(err.message, r, -1);
            continue;
        }
        int cur = have_question && !r->complete ? (int)nx.question : -1;
        int q = in.question >= 0 ? in.question : cur;
        switch (in.command) {
        case TRI_CMD_ANSWER:
        case TRI_CMD_SKIP: {
            if (r->complete) {
                emit_error("the interview is complete: use what_if to try another answer", r, -1);
                break;
            }
            if (q < 0) {
                emit_error("no question to answer", r, -1);
                break;
            }
            char mapped[1024];
            const char *text = in.command == TRI_CMD_SKIP
                                   ? "unknown"
                                   : ask_map_numbers(r->kb, (size_t)q, in.answer, mapped,
                                                     sizeof mapped);
            date_relative_answer(tri_interview_session(r->iv), text);
            if (tri_interview_answer(r->iv, (size_t)q, text, &err) != TRI_OK) {
                emit_error(err.message, r, q);
                break;
            }
            ask_snapshot(r);
            have_question = false;
            break;
        }
        case TRI_CMD_BACK:
            if (r->complete) {
                emit_error("the interview is complete", r, -1);
            } else if (tri_interview_back(r->iv) < 0) {
                emit_error("there is no earlier answer to go back to", r, -1);
            } else {
                ask_snapshot(r);
                have_question = false;
            }
            break;
        case TRI_CMD_WHY:
            if (q < 0)
                emit_error("no question to explain", r, -1);
            else
                emit_text("why", "question", tri_question_id(r->kb, (size_t)q),
                          tri_interview_why_text(r->iv, (size_t)q, &ro, NULL));
            break;
        case TRI_CMD_HELP:
            if (q < 0) {
                emit_error("no question to help with", r, -1);
            } else {
                fputs("{\"type\":\"help\",\"question\":", stdout);
                json_str(tri_question_id(r->kb, (size_t)q));
                fputs(",\"text\":", stdout);
                const char *h = tri_question_help(r->kb, (size_t)q, r->lang);
                if (h)
                    json_str(h);
                else
                    fputs("null", stdout);
                fputs(",\"answer\":", stdout);
                json_str(answer_help(tri_question_type(r->kb, (size_t)q)));
                fputs("}\n", stdout);
            }
            break;
        case TRI_CMD_RESULT:
            emit_result(r, r->s, "result", r->complete, -1);
            break;
        case TRI_CMD_HOW: {
            const char *how = tri_session_report_how(r->s, (size_t)in.condition, &ro, NULL);
            emit_text("how", "condition", tri_condition_id(r->kb, (size_t)in.condition), how);
            break;
        }
        case TRI_CMD_WHAT_IF: {
            char mapped[1024];
            const char *text =
                ask_map_numbers(r->kb, (size_t)in.question, in.answer, mapped, sizeof mapped);
            tri_session *alt = tri_interview_what_if(r->iv, (size_t)in.question, text, &err);
            if (!alt) {
                emit_error(err.message, r, in.question);
                break;
            }
            emit_result(r, alt, "what_if", r->complete, in.question);
            break;
        }
        case TRI_CMD_SAVE:
            if (ask_save(r, in.file)) {
                fputs("{\"type\":\"saved\",\"file\":", stdout);
                json_str(in.file);
                fputs("}\n", stdout);
            } else {
                emit_error("cannot write the file", r, -1);
            }
            break;
        case TRI_CMD_QUIT:
            return end(r, r->complete);
        default:
            break;
        }
    }
}
