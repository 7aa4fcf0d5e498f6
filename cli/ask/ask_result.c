/*
 * ask_result.c - `triage ask` after the result: how N (the full reasoning
 * for one explanation), what if ANSWER (the result with one answer changed,
 * the answer said in words or as "QUESTION-ID ANSWER"), save FILE, result,
 * quit. Everything is said in words: questions by their text, answers by
 * their options' text, levels as the report names them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ask.h"

void ask_show_report(ask_run *r)
{
    tri_report_options ro = {0};
    ro.lang = r->lang;
    ro.color = r->color;
    ro.width = r->width;
    size_t len;
    const char *out = tri_session_report_text(r->s, &ro, &len);
    if (out)
        fwrite(out, 1, len, stdout);
}

/* ---- what if ------------------------------------------------------------------------- */

static void what_if(ask_run *r, const char *args)
{
    const char *ans = NULL;
    char msg[2048];
    int q = question_for_words(r, args, &ans, msg, sizeof msg);
    if (q < 0) {
        hint(r, "%s", msg);
        return;
    }
    char mapped[1024];
    const char *text = ask_map_numbers(r->kb, (size_t)q, ans, mapped, sizeof mapped);
    tri_session_evaluate(r->s);
    tri_level now = tri_result_level(r->s);
    size_t now_n = tri_result_explanation_count(r->s);
    size_t now_first = now_n ? tri_result_explanation(r->s, 0, NULL, NULL) : (size_t)-1;
    char old_words[1024], new_words[1024];
    answer_words(r, r->s, (size_t)q, old_words, sizeof old_words);
    tri_error err;
    tri_session *alt = tri_interview_what_if(r->iv, (size_t)q, text, &err);
    if (!alt) {
        hint(r, "%s.", err.message);
        return;
    }
    answer_words(r, alt, (size_t)q, new_words, sizeof new_words);
    putchar('\n');
    say(r, "What if your answer to \"%s\" were \"%s\" (your answer: %s)?",
        tri_interview_question_text(r->iv, (size_t)q, r->lang), new_words, old_words);
    tri_level lv = tri_result_level(alt);
    if (lv == now)
        printf("  Triage: %s (unchanged)\n", level_words(lv));
    else
        printf("  Triage: %s%s%s (now %s)\n", paint(r, BOLD), level_words(lv), paint(r, RESET),
               level_words(now));
    size_t k = tri_result_explanation_count(alt);
    for (size_t i = 0; i < k && i < 3; i++) {
        double cf;
        bool likely;
        size_t c = tri_result_explanation(alt, i, &cf, &likely);
        char line[512];
        snprintf(line, sizeof line, "%zu. %s (confidence %.2f%s)", i + 1,
                 tri_condition_name(r->kb, c, r->lang), cf, likely ? ", likely" : "");
        fputs("  ", stdout);
        wrapped(r, line, 2, 5);
    }
    if (k == 0)
        printf("  No explanation fits.\n");
    size_t alt_first = k ? tri_result_explanation(alt, 0, NULL, NULL) : (size_t)-1;
    if (alt_first != now_first) {
        char line[512];
        snprintf(line, sizeof line, "The first explanation would change (with your answers: %s).",
                 now_first == (size_t)-1 ? "none"
                                         : tri_condition_name(r->kb, now_first, r->lang));
        fputs("  ", stdout);
        wrapped(r, line, 2, 2);
    }
    printf("Your own answers are unchanged.\n");
}

/* ---- how ---------------------------------------------------------------------------------- */

/* Whether needle occurs in hay, ignoring case (ASCII). */
static bool contains_words(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return false;
}

/* The explanation arg names: its number in the result, its id, or words of
 * its name (the result's explanations first); -1 when none or several. */
static int explanation_named(ask_run *r, const char *arg)
{
    size_t n = tri_result_explanation_count(r->s);
    if (isdigit((unsigned char)*arg)) {
        char *end;
        unsigned long k = strtoul(arg, &end, 10);
        end += strspn(end, " .");
        return !*end && k >= 1 && k <= n ? (int)tri_result_explanation(r->s, k - 1, NULL, NULL)
                                         : -1;
    }
    char id[96];
    snprintf(id, sizeof id, "%s", arg);
    id[strcspn(id, " ")] = '\0';
    int c = tri_kb_condition_find(r->kb, id);
    if (c >= 0 || strlen(arg) < 3)
        return c;
    /* words of a name: one match among the result's explanations, else among all */
    for (int pass = 0; pass < 2; pass++) {
        int found = -1, count = 0;
        size_t m = pass == 0 ? n : tri_kb_condition_count(r->kb);
        for (size_t i = 0; i < m; i++) {
            size_t ci = pass == 0 ? tri_result_explanation(r->s, i, NULL, NULL) : i;
            const char *name = tri_condition_name(r->kb, ci, r->lang);
            if (name && contains_words(name, arg)) {
                found = (int)ci;
                count++;
            }
        }
        if (count == 1)
            return found;
        if (count > 1)
            return -1;
    }
    return -1;
}

static void how(ask_run *r, const char *arg)
{
    arg += strspn(arg, " ");
    int c = *arg ? explanation_named(r, arg) : -1;
    if (c < 0) {
        char list[2048];
        size_t at = (size_t)snprintf(list, sizeof list,
                                     "Say which explanation, by its number in the result:");
        size_t n = tri_result_explanation_count(r->s);
        for (size_t i = 0; i < n && at < sizeof list; i++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s %zu. %s", i ? "," : "", i + 1,
                                   tri_condition_name(r->kb,
                                                      tri_result_explanation(r->s, i, NULL, NULL),
                                                      r->lang));
        if (n == 0 && at < sizeof list)
            snprintf(list + at, sizeof list - at, " there is none in this result.");
        else if (at < sizeof list)
            snprintf(list + at, sizeof list - at, ".");
        hint(r, "%s", list);
        return;
    }
    tri_report_options ro = {0};
    ro.lang = r->lang;
    ro.color = r->color;
    ro.width = r->width;
    size_t len;
    const char *out = tri_session_report_how(r->s, (size_t)c, &ro, &len);
    putchar('\n');
    if (out)
        fwrite(out, 1, len, stdout);
}

/* ---- the prompt --------------------------------------------------------------------------- */

static void result_help(ask_run *r)
{
    say(r, "You can type: how N (the reasoning for explanation N of the result), what if and "
           "another answer in your own words (the result with that answer instead of yours), "
           "save FILE (write your answers), result (show the result again), quit.");
}

static bool is_word(const char *line, const char *word)
{
    size_t n = strlen(word);
    return !strncasecmp(line, word, n) && (line[n] == ' ' || !line[n]);
}

int ask_after_result(ask_run *r)
{
    static const char *words[512];
    static const char *const commands[] = {"how", "what", "if", "save", "result", "help", "quit"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        words[n++] = commands[i];
    for (size_t c = 0; c < tri_kb_condition_count(r->kb) && n < 256; c++)
        words[n++] = tri_condition_id(r->kb, c);
    for (size_t q = 0; q < tri_kb_question_count(r->kb) && n < 512; q++)
        words[n++] = tri_question_id(r->kb, q);
    line_set_words(words, n);
    putchar('\n');
    result_help(r);
    for (;;) {
        line_new_question(); /* every command is a new request: only the total is bounded */
        const char *line = line_read("result> ", !r->interactive);
        if (!line)
            return ask_interrupted ? EXIT_INTERRUPTED : EXIT_OK;
        line += strspn(line, " \t");
        if (!*line)
            continue;
        tri_alarm alarm;
        if (tri_session_alarm(r->s, -1, line, &alarm)) {
            /* the result is given; an emergency now still comes first */
            ask_show_emergency(r, &alarm);
            return EXIT_EMERGENCY;
        }
        if (is_word(line, "how")) {
            how(r, line + 3);
        } else if (is_word(line, "what if") || is_word(line, "what-if")) {
            what_if(r, line + 7);
        } else if (is_word(line, "save")) {
            const char *f = line + 4;
            f += strspn(f, " ");
            if (!*f)
                hint(r, "Say where: save FILE");
            else if (ask_save(r, f))
                say(r, "Saved your answers to %s.", f);
        } else if (is_word(line, "quit") || is_word(line, "exit") || is_word(line, "q")) {
            return EXIT_OK;
        } else if (is_word(line, "result")) {
            putchar('\n');
            ask_show_report(r);
        } else if (is_word(line, "help") || is_word(line, "?")) {
            result_help(r);
        } else {
            hint(r, "I do not know '%.60s'.", line);
            result_help(r);
        }
    }
}
