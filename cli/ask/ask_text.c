/*
 * ask_text.c - the person-facing front end of `triage ask`: one question at
 * a time with numbered options, commands at any prompt (help, why, back,
 * skip, result, quit), the `triage run` report at the end, then the result
 * prompt (ask_result.c). Invalid input is asked again with a hint in words.
 *
 * Safety comes first at every prompt: an answer that describes an emergency
 * in words (the library's emergency phrases), or that makes the result an
 * emergency, stops the questions at once with the emergency advice; and
 * leaving before the result (quit, end of input, Ctrl-C) says what the
 * answers already show when it is `soon` or more urgent. The answers so far
 * are kept (ask_keep.c) whatever the way out.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ask.h"

/* ---- commands ------------------------------------------------------------------------ */

typedef enum word_cmd { W_NONE, W_HELP, W_WHY, W_BACK, W_SKIP, W_RESULT, W_QUIT } word_cmd;

static word_cmd command_of(const char *line)
{
    static const struct {
        const char *word;
        word_cmd cmd;
    } table[] = {
        {"?", W_HELP},     {"help", W_HELP},   {"why", W_WHY},       {"why?", W_WHY},
        {"back", W_BACK},  {"undo", W_BACK},   {"skip", W_SKIP},     {"unknown", W_SKIP},
        {"pass", W_SKIP},  {"result", W_RESULT}, {"quit", W_QUIT},   {"exit", W_QUIT},
        {"q", W_QUIT},
    };
    char w[16];
    size_t n = strlen(line);
    while (n && line[n - 1] == ' ')
        n--;
    if (n >= sizeof w)
        return W_NONE;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)tolower((unsigned char)line[i]);
    w[n] = '\0';
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(w, table[i].word))
            return table[i].cmd;
    return W_NONE;
}

static const char *const question_commands[] = {"help", "why", "back", "skip", "unknown", "result",
                                                "quit"};

/* ---- showing a question --------------------------------------------------------------- */

static const char *answer_hint(const tri_kb *kb, size_t q)
{
    switch (tri_question_type(kb, q)) {
    case TRI_Q_CHOICE:
        return "Choose one: type its number or some of its words.";
    case TRI_Q_MULTI:
        return "Choose every one that fits: one or more numbers (such as 1 3) or words.";
    case TRI_Q_YES_NO:
        return "Answer yes or no.";
    case TRI_Q_DURATION:
        return "Give a length of time, such as 2 s, 0.5-4 s, about two seconds, 5 months.";
    case TRI_Q_NUMBER:
        return "Give a number.";
    default:
        return "Answer in your own words.";
    }
}

static void show_question(ask_run *r, const tri_next *nx)
{
    const tri_kb *kb = r->kb;
    size_t q = nx->question;
    printf("\n%sQuestion %zu of about %zu%s%s\n", paint(r, DIM), nx->number, nx->estimate,
           nx->reason == TRI_ASK_SCREEN ? " (emergency check)" : "", paint(r, RESET));
    fputs(paint(r, BOLD), stdout);
    wrapped(r, tri_interview_question_text(r->iv, q, r->lang), 0, 0);
    fputs(paint(r, RESET), stdout);
    tri_qtype t = tri_question_type(kb, q);
    size_t nopt = tri_question_option_count(kb, q);
    if (t == TRI_Q_CHOICE || t == TRI_Q_MULTI) {
        for (size_t o = 0; o < nopt; o++) {
            printf("  %s%2zu.%s ", paint(r, CYAN), o + 1, paint(r, RESET));
            wrapped(r, tri_interview_option_text(r->iv, q, o, r->lang), 6, 6);
        }
    }
    const char *unit = tri_question_unit(kb, q);
    fputs(paint(r, DIM), stdout);
    if (t == TRI_Q_NUMBER && unit)
        say(r, "(A number, in %s. ? for help, why to see why it is asked.)", unit);
    else
        say(r, "(%s ? for help.)", answer_hint(kb, q));
    fputs(paint(r, RESET), stdout);
    /* tab completion: the option ids and the commands */
    static const char *words[TRI_MAX_OPTIONS + 8];
    size_t n = 0;
    for (size_t o = 0; o < nopt && n < TRI_MAX_OPTIONS; o++)
        words[n++] = tri_question_option_id(kb, q, o);
    for (size_t i = 0; i < sizeof question_commands / sizeof question_commands[0]; i++)
        words[n++] = question_commands[i];
    line_set_words(words, n);
}

static void show_help(ask_run *r, size_t q)
{
    const char *h = tri_question_help(r->kb, q, r->lang);
    if (h) {
        putchar('\n');
        say(r, "%s", h);
    }
    putchar('\n');
    say(r, "%s", answer_hint(r->kb, q));
    say(r, "You can also type: why (why this question is asked), back (change the last answer), "
           "skip (if you do not know), result (the result so far), quit (stop; your answers so "
           "far are kept).");
}

/* True when text is option ids and numbers only (nothing to confirm). */
static bool is_plain_choice(const tri_kb *kb, size_t q, const char *text)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", text);
    for (char *tok = strtok(copy, " ,;\t"); tok; tok = strtok(NULL, " ,;\t")) {
        bool found = isdigit((unsigned char)tok[0]) != 0;
        for (size_t o = 0; o < tri_question_option_count(kb, q) && !found; o++)
            found = !strcasecmp(tok, tri_question_option_id(kb, q, o));
        if (!found)
            return false;
    }
    return true;
}

/* After an answer: what the words were taken as, when they were interpreted. */
static void confirm(ask_run *r, size_t q, const char *typed)
{
    tri_qtype t = tri_question_type(r->kb, q);
    if (t == TRI_Q_DURATION || t == TRI_Q_TEXT || is_plain_choice(r->kb, q, typed) ||
        tri_session_answer_state(r->s, q) != TRI_ANSWERED)
        return;
    char words[1024];
    fputs(paint(r, DIM), stdout);
    say(r, "(taken as: %s)", answer_words(r, r->s, q, words, sizeof words));
    fputs(paint(r, RESET), stdout);
}

/* ---- emergencies and leaving early ----------------------------------------------------------- */

static const char disclaimer[] =
    "This is information, not a diagnosis. If you are worried, or anything changes, contact a "
    "doctor; in an emergency call your local emergency number.";

/* Where the answers are, and how to go on from them. */
static void say_kept(ask_run *r)
{
    if (r->save_path)
        say(r, "Your answers so far are saved to %s.", r->save_path);
    if (r->keep_path && r->kept)
        say(r, "Your answers so far are kept in %s. To go on later: triage ask --resume",
            r->keep_path);
}

/* The level of the answers so far with its reasons and what to do. */
static void show_reached(ask_run *r, tri_level level)
{
    fputs(paint(r, level == TRI_LEVEL_EMERGENCY ? ALARM : BOLD), stdout);
    printf("%s", level_label(level));
    fputs(paint(r, RESET), stdout);
    fputs(" - ", stdout);
    wrapped(r, tri_level_meaning(level), (unsigned)strlen(level_label(level)) + 3, 2);
    tri_interview_level_reasons(r->iv, r->lang, say_level_reason, r);
}

typedef enum leaving { LEAVE_QUIT, LEAVE_END, LEAVE_INTERRUPT, LEAVE_EMERGENCY } leaving;

/* Leaving before the result: what the answers already show, where they are
 * kept, and the exit status. */
static int leave(ask_run *r, leaving how)
{
    if (how == LEAVE_EMERGENCY) {
        say(r, "The questions stop here.");
    } else {
        if (how == LEAVE_INTERRUPT)
            printf("%s\n", paint(r, RESET)); /* after the ^C the terminal echoed */
        tri_session_evaluate(r->s);
        tri_level level = tri_result_level(r->s);
        putchar('\n');
        if (level <= TRI_LEVEL_SOON) {
            say(r, "You stopped before the end, but your answers so far already show this:");
            show_reached(r, level);
        } else {
            say(r, how == LEAVE_END && !line_stopped() ? "End of input: the interview was not completed."
                                    : "The interview was not completed.");
        }
    }
    say_kept(r);
    say(r, "%s", disclaimer);
    return how == LEAVE_EMERGENCY   ? EXIT_EMERGENCY
           : how == LEAVE_INTERRUPT ? EXIT_INTERRUPTED
                                    : EXIT_INCOMPLETE;
}

static int end_of_input(ask_run *r)
{
    return leave(r, ask_interrupted ? LEAVE_INTERRUPT : LEAVE_END);
}

/* ---- the questions ------------------------------------------------------------------------ */

/* Asks one question until it is answered. Returns 0 to go on, or an exit code. */
static int ask_one(ask_run *r, const tri_next *nx)
{
    size_t q = nx->question;
    show_question(r, nx);
    line_new_question();
    for (;;) {
        const char *line = line_read("> ", !r->interactive);
        if (!line)
            return end_of_input(r);
        line += strspn(line, " \t");
        if (!*line) {
            hint(r, "Please answer, or type ? for help, skip if you do not know.");
            continue;
        }
        switch (command_of(line)) {
        case W_HELP:
            show_help(r, q);
            continue;
        case W_WHY: {
            tri_report_options ro = {0};
            ro.lang = r->lang;
            const char *why = tri_interview_why_text(r->iv, q, &ro, NULL);
            putchar('\n');
            if (why)
                wrapped_lines(r, why);
            continue;
        }
        case W_BACK: {
            int back = tri_interview_back(r->iv);
            if (back < 0) {
                hint(r, "There is no earlier answer to go back to.");
                continue;
            }
            ask_snapshot(r);
            say(r, "Going back to: %s", tri_interview_question_text(r->iv, (size_t)back, r->lang));
            return 0;
        }
        case W_SKIP:
            tri_interview_skip(r->iv, q);
            ask_snapshot(r);
            return 0;
        case W_RESULT:
            printf("\nThe result so far (the questions are not finished):\n\n");
            ask_show_report(r);
            show_question(r, nx);
            continue;
        case W_QUIT:
            return leave(r, LEAVE_QUIT);
        case W_NONE:
            break;
        }
        if (!strncasecmp(line, "how ", 4) || !strncasecmp(line, "what if", 7) ||
            !strncasecmp(line, "save ", 5)) {
            hint(r, "how, what if and save come after the result. Answer this question first, or "
                    "type result to see the result so far.");
            continue;
        }
        char mapped[1024];
        const char *text = ask_map_numbers(r->kb, q, line, mapped, sizeof mapped);
        tri_qtype t = tri_question_type(r->kb, q);
        if (text == line && (t == TRI_Q_CHOICE || t == TRI_Q_MULTI) &&
            line[strspn(line, "0123456789 ,;\t")] == '\0') {
            hint(r, "Choose %s from 1 to %zu.", t == TRI_Q_MULTI ? "one or more numbers" : "a number",
                 tri_question_option_count(r->kb, q));
            continue;
        }
        tri_error err;
        date_relative_answer(tri_interview_session(r->iv), text);
        /* the library reads the words for an emergency before the answer */
        if (tri_interview_answer(r->iv, q, text, &err) != TRI_OK) {
            hint(r, "%s. %s", err.message, answer_hint(r->kb, q));
            continue;
        }
        ask_snapshot(r);
        const tri_alarm *alarm = tri_interview_alarm(r->iv);
        if (alarm) {
            ask_show_emergency(r, alarm);
            return leave(r, LEAVE_EMERGENCY);
        }
        confirm(r, q, line);
        tri_session_evaluate(r->s);
        if (tri_result_level(r->s) == TRI_LEVEL_EMERGENCY) {
            ask_show_emergency(r, NULL);
            return leave(r, LEAVE_EMERGENCY);
        }
        return 0;
    }
}

/* ---- the whole interview ----------------------------------------------------------------------- */

/* A line refused, or why reading stops: said as a hint. */
static void input_problem(void *ctx, const char *message)
{
    hint(ctx, "%s", message);
}

int ask_text(ask_run *r)
{
    line_on_problem(input_problem, r);
    say(r, "triage ask: questions about twitches, jerks and spasms, one at a time. This is "
           "information, not a diagnosis; in an emergency call your local emergency number.");
    say(r, "Answer with a number or in words. Type ? for help, why to see why a question is "
           "asked, back to change your last answer, skip if you do not know, quit to stop.");
    size_t given = 0;
    for (size_t q = 0; q < tri_kb_question_count(r->kb); q++)
        given += tri_session_answer_state(r->s, q) != TRI_UNANSWERED;
    if (given)
        printf("Starting from %zu earlier answer%s.\n", given, given == 1 ? "" : "s");
    tri_session_evaluate(r->s);
    if (tri_result_level(r->s) == TRI_LEVEL_EMERGENCY) { /* earlier answers already say so */
        ask_show_emergency(r, NULL);
        return leave(r, LEAVE_EMERGENCY);
    }
    tri_next nx;
    while (tri_interview_next(r->iv, &nx)) {
        int rc = ask_one(r, &nx);
        if (rc)
            return rc;
    }
    r->complete = true;
    const char *why = tri_interview_stop_reason(r->iv);
    putchar('\n');
    fputs(paint(r, DIM), stdout);
    say(r, "That is enough: %s.", why ? why : "done");
    fputs(paint(r, RESET), stdout);
    if (r->save_path && ask_save(r, r->save_path))
        say(r, "Your answers are saved to %s.", r->save_path);
    putchar('\n');
    ask_show_report(r);
    return ask_after_result(r);
}
