/*
 * ask_json.c - `triage ask --format json`: the interview as JSON Lines both
 * ways, so that another program (a web page, a chat) can drive it.
 *
 * Out, one object per line, each with "type": "question" (the library's
 * tri_interview_question_json), "error", "why", "help", "result", "how",
 * "what_if", "saved", "emergency" (an answer described an emergency, or
 * made the result one: the questions stop), and last "end" (with what the
 * answers already show when the interview was left early). In, one object
 * per line, read by the library's tri_interview_parse_json: {"answer": ...},
 * {"command": ...}. docs/ask.md is the reference. Nothing is coloured or
 * wrapped; control characters in strings are escaped (\u001b, \u009b).
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
            if (*p < 0x20 || *p == 0x7F)
                printf("\\u%04x", *p);
            else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) /* a C1 control */
                printf("\\u%04x", *++p);
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

/* ---- what the answers show, for a program ---------------------------------------------- */

typedef struct reasons_out {
    bool first;
} reasons_out;

static void json_reason(const char *source, const char *id, const char *text, void *ctx)
{
    reasons_out *o = ctx;
    fputs(o->first ? "{\"source\":" : ",{\"source\":", stdout);
    o->first = false;
    json_str(source);
    fputs(",\"id\":", stdout);
    json_str(id);
    fputs(",\"text\":", stdout);
    json_str(text);
    putchar('}');
}

/* "reasons":[...] for the level of the answers so far */
static void emit_reasons(ask_run *r)
{
    fputs("\"reasons\":[", stdout);
    reasons_out o = {true};
    tri_interview_level_reasons(r->iv, r->lang, json_reason, &o);
    putchar(']');
}

static void json_or_null(const char *s)
{
    if (s)
        json_str(s);
    else
        fputs("null", stdout);
}

/* {"type":"emergency",...}: the questions stop. alarm NULL: the answers made
 * the result an emergency. */
static void emit_emergency(ask_run *r, const tri_alarm *alarm, int q, const char *typed)
{
    const tri_kb *kb = r->kb;
    tri_level level = alarm ? tri_alarm_level(kb, alarm->phrase) : TRI_LEVEL_EMERGENCY;
    printf("{\"type\":\"emergency\",\"source\":\"%s\",\"question\":", alarm ? "words" : "answers");
    json_or_null(q >= 0 ? tri_question_id(kb, (size_t)q) : NULL);
    printf(",\"level\":\"%s\",\"do_now\":", tri_level_name(level));
    json_str(level == TRI_LEVEL_EMERGENCY ? "Call your local emergency number now."
                                          : "Get a medical assessment today.");
    fputs(",\"phrase\":", stdout);
    json_or_null(alarm ? tri_alarm_id(kb, alarm->phrase) : NULL);
    fputs(",\"text\":", stdout);
    json_or_null(alarm ? tri_alarm_text(kb, alarm->phrase, r->lang) : NULL);
    fputs(",\"advice\":", stdout);
    json_or_null(alarm ? tri_alarm_advice(kb, alarm->phrase, r->lang) : NULL);
    fputs(",\"red_flag\":", stdout);
    int rf = alarm ? tri_alarm_red_flag(kb, alarm->phrase) : -1;
    json_or_null(rf >= 0 ? tri_red_flag_id(kb, (size_t)rf) : NULL);
    fputs(",\"matched\":", stdout);
    if (alarm && typed && alarm->end <= strlen(typed)) {
        char words[TRI_MAX_TEXT_ANSWER + 1];
        size_t n = alarm->end - alarm->begin;
        if (n > TRI_MAX_TEXT_ANSWER)
            n = TRI_MAX_TEXT_ANSWER;
        memcpy(words, typed + alarm->begin, n);
        words[n] = '\0';
        json_str(words);
    } else {
        fputs("null", stdout);
    }
    putchar(',');
    emit_reasons(r);
    fputs("}\n", stdout);
}

/* {"type":"end",...}, last. Left early at `soon` or more urgent, "reached"
 * says what the answers already show. */
static int end(ask_run *r, int rc)
{
    bool completed = r->complete && rc == EXIT_OK;
    printf("{\"type\":\"end\",\"completed\":%s,\"exit\":%d,\"reached\":",
           completed ? "true" : "false", rc);
    tri_session_evaluate(r->s);
    tri_level level = tri_result_level(r->s);
    if (!completed && rc != EXIT_EMERGENCY && level <= TRI_LEVEL_SOON) {
        printf("{\"level\":\"%s\",\"meaning\":", tri_level_name(level));
        json_str(tri_level_meaning(level));
        putchar(',');
        emit_reasons(r);
        putchar('}');
    } else {
        fputs("null", stdout);
    }
    fputs("}\n", stdout);
    fflush(stdout);
    return rc;
}

/* True when name is a plain file name: letters, digits, '.', '_' and '-',
 * not starting with '.', at most 255 bytes. So no folder, no "..", no
 * absolute path, no hidden file, nothing a shell or a terminal treats
 * specially. */
static bool is_plain_file_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 255 || name[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') &&
            c != '.' && c != '_' && c != '-')
            return false;
    }
    return true;
}

/* {"command": "save", "file": NAME}: the driving program may only name a
 * file in the folder given with --save-dir, never a path of its choosing. */
static void save(ask_run *r, const char *name)
{
    char msg[4400];
    if (!r->save_dir) {
        emit_error("save is off: start triage ask with --save-dir DIR to allow it", r, -1);
        return;
    }
    if (!name || !is_plain_file_name(name)) {
        emit_error("save takes a plain file name (letters, digits, '.', '_' and '-', not "
                   "starting with '.'): it is written in the folder of --save-dir",
                   r, -1);
        return;
    }
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", r->save_dir, name);
    if (!ask_save_quietly(r, path, WRITE_NO_FOLLOW, msg, sizeof msg)) {
        emit_error(msg, r, -1);
        return;
    }
    fputs("{\"type\":\"saved\",\"file\":", stdout);
    json_str(name);
    fputs(",\"path\":", stdout);
    json_str(path);
    fputs("}\n", stdout);
}

/* The exit status of leaving now. */
static int leaving(const ask_run *r)
{
    return ask_interrupted ? EXIT_INTERRUPTED : r->complete ? EXIT_OK : EXIT_INCOMPLETE;
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

/* A line refused, or why reading stops: an error object. */
static void input_problem(void *ctx, const char *message)
{
    emit_error(message, ctx, -1);
}

int ask_json(ask_run *r)
{
    line_on_problem(input_problem, r);
    tri_next nx;
    bool have_question = false;
    tri_report_options ro = {0};
    ro.lang = r->lang;
    tri_session_evaluate(r->s);
    if (tri_result_level(r->s) == TRI_LEVEL_EMERGENCY) { /* earlier answers already say so */
        emit_emergency(r, NULL, -1, NULL);
        return end(r, EXIT_EMERGENCY);
    }
    for (;;) {
        if (!r->complete && !have_question) {
            if (tri_interview_next(r->iv, &nx)) {
                const char *q = tri_interview_question_json(r->iv, &nx, &ro, NULL);
                if (q)
                    printf("%s\n", q);
                else
                    emit_error("out of memory", r, -1);
                have_question = true;
                line_new_question();
            } else {
                r->complete = true;
                if (r->save_path)
                    ask_save(r, r->save_path);
                emit_result(r, r->s, "result", true, -1);
            }
        }
        if (r->complete)
            line_new_question(); /* after the result only the total is bounded */
        fflush(stdout);
        const char *line = line_read("", false);
        if (!line)
            return end(r, leaving(r));
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
            /* the library reads the words for an emergency before the answer */
            if (tri_interview_answer(r->iv, (size_t)q, text, &err) != TRI_OK) {
                emit_error(err.message, r, q);
                break;
            }
            ask_snapshot(r);
            have_question = false;
            const tri_alarm *alarm = tri_interview_alarm(r->iv);
            tri_session_evaluate(r->s);
            if (alarm || tri_result_level(r->s) == TRI_LEVEL_EMERGENCY) {
                emit_emergency(r, alarm, q, text);
                return end(r, EXIT_EMERGENCY);
            }
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
            save(r, in.file);
            break;
        case TRI_CMD_QUIT:
            return end(r, leaving(r));
        default:
            break;
        }
    }
}
