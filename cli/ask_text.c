/*
 * ask_text.c - the person-facing front end of `triage ask`: one question at
 * a time with numbered options, commands at any prompt (help, why, back,
 * skip, result, quit), the `triage run` report at the end, then how / what
 * if / save / quit. Colours only on a terminal (want_color honours NO_COLOR)
 * and texts wrapped to its width. Invalid input is re-asked with a hint.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ask.h"

/* ---- output helpers ------------------------------------------------------------ */

static const char *paint(const ask_run *r, const char *code)
{
    return r->color ? code : "";
}

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define CYAN "\033[36m"
#define YELLOW "\033[33m"
#define ALARM "\033[1;41;97m"
#define RESET "\033[0m"

/* Prints text wrapped at r->width: the first line after `first` columns
 * already used, the next ones indented by indent spaces. Control characters
 * (from what a person typed or a rule file holds) are shown as text. */
static void wrapped(const ask_run *r, const char *text, unsigned first, unsigned indent)
{
    unsigned at = first, width = r->width ? r->width : 80;
    const char *p = text, *end = text + strlen(text);
    bool line_start = true;
    while (*p) {
        if (*p == '\n') {
            putchar('\n');
            for (unsigned i = 0; i < indent; i++)
                putchar(' ');
            at = indent;
            line_start = true;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        /* one word, shown safely: its shown bytes and its columns */
        char word[1024];
        size_t wlen = 0;
        unsigned chars = 0;
        while (*p && *p != ' ' && *p != '\n') {
            char out[12];
            size_t shown;
            size_t used = safe_char(p, (size_t)(end - p), false, out, &shown);
            if (wlen + shown >= sizeof word) {
                fwrite(word, 1, wlen, stdout); /* a very long word: no wrapping inside it */
                wlen = 0;
            }
            memcpy(word + wlen, out, shown);
            wlen += shown;
            chars += out[0] == '\\' ? (unsigned)shown : 1;
            p += used;
        }
        if (!line_start && at + 1 + chars > width) {
            putchar('\n');
            for (unsigned i = 0; i < indent; i++)
                putchar(' ');
            at = indent;
        } else if (!line_start) {
            putchar(' ');
            at++;
        }
        fwrite(word, 1, wlen, stdout);
        at += chars;
        line_start = false;
    }
    putchar('\n');
}

/* Prints preformatted text line by line, wrapping each long line under its
 * own start: "  1. text" continues below "text". */
static void wrapped_lines(const ask_run *r, const char *text)
{
    char line[4096];
    while (*text) {
        size_t n = strcspn(text, "\n");
        size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
        memcpy(line, text, k);
        line[k] = '\0';
        size_t indent = strspn(line, " ");
        size_t mark = indent;
        while (isdigit((unsigned char)line[mark]))
            mark++;
        if (mark > indent && line[mark] == '.' && line[mark + 1] == ' ')
            mark += 2;
        else if (line[indent] == '-' && line[indent + 1] == ' ')
            mark = indent + 2;
        else
            mark = indent;
        fwrite(line, 1, mark, stdout);
        wrapped(r, line + mark, (unsigned)mark, (unsigned)mark);
        text += n;
        if (*text == '\n')
            text++;
    }
}

static void say(const ask_run *r, const char *text)
{
    wrapped(r, text, 0, 0);
}

static void hint(const ask_run *r, const char *text)
{
    fputs("  ", stdout);
    fputs(paint(r, YELLOW), stdout);
    wrapped(r, text, 2, 2);
    fputs(paint(r, RESET), stdout);
}

/* ---- answers given as option numbers --------------------------------------------- */

const char *ask_map_numbers(const tri_kb *kb, size_t q, const char *text, char *buf, size_t size)
{
    tri_qtype t = tri_question_type(kb, q);
    if (t != TRI_Q_CHOICE && t != TRI_Q_MULTI)
        return text; /* yes/no options are not listed, so not numbered */
    size_t nopt = tri_question_option_count(kb, q), at = 0, count = 0;
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == ',' || *p == '\t' || *p == ';')
            p++;
        if (!*p)
            break;
        if (!isdigit((unsigned char)*p))
            return text;
        char *end;
        long k = strtol(p, &end, 10);
        if (*end && *end != ' ' && *end != ',' && *end != '\t' && *end != ';')
            return text;
        if (k < 1 || (size_t)k > nopt)
            return text; /* the library says what is wrong */
        const char *id = tri_question_option_id(kb, q, (size_t)k - 1);
        int w = snprintf(buf + at, size - at, "%s%s", count ? ", " : "", id);
        if (w < 0 || (size_t)w >= size - at)
            return text;
        at += (size_t)w;
        count++;
        p = end;
    }
    return count ? buf : text;
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
static const char *const result_commands[] = {"how", "what", "if", "save", "result", "help",
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
            int w = printf("  %s%2zu.%s ", paint(r, CYAN), o + 1, paint(r, RESET));
            (void)w;
            wrapped(r, tri_interview_option_text(r->iv, q, o, r->lang), 6, 6);
        }
    }
    const char *unit = tri_question_unit(kb, q);
    char line[256];
    if (t == TRI_Q_NUMBER && unit)
        snprintf(line, sizeof line, "(A number, in %s. ? for help, why to see why it is asked.)",
                 unit);
    else
        snprintf(line, sizeof line, "(%s ? for help.)", answer_hint(kb, q));
    fputs(paint(r, DIM), stdout);
    wrapped(r, line, 0, 0);
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
        say(r, h);
    }
    putchar('\n');
    say(r, answer_hint(r->kb, q));
    say(r, "You can also type: why (why this question is asked), back (change the last answer), "
           "skip (if you do not know), result (the result so far), quit (stop; you can save your "
           "answers first).");
}

/* Prints the (provisional) result report. */
static void show_report(ask_run *r)
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

/* After an answer: the canonical form when the words were interpreted. */
static void confirm(ask_run *r, size_t q, const char *typed)
{
    tri_qtype t = tri_question_type(r->kb, q);
    if (t == TRI_Q_DURATION || t == TRI_Q_TEXT || is_plain_choice(r->kb, q, typed))
        return;
    const char *canon = tri_session_answer_text(r->s, q);
    if (!canon || tri_session_answer_state(r->s, q) != TRI_ANSWERED)
        return;
    char line[1024];
    size_t at = (size_t)snprintf(line, sizeof line, "(taken as: ");
    if (t == TRI_Q_NUMBER) {
        const char *unit = tri_question_unit(r->kb, q);
        at += (size_t)snprintf(line + at, sizeof line - at, "%s%s%s", canon, unit ? " " : "",
                               unit ? unit : "");
    } else {
        /* canon is "id" or "[id, id]": look each id up */
        char ids[512];
        snprintf(ids, sizeof ids, "%s", canon);
        bool first = true;
        for (char *tok = strtok(ids, "[], "); tok && at < sizeof line; tok = strtok(NULL, "[], ")) {
            for (size_t o = 0; o < tri_question_option_count(r->kb, q); o++)
                if (!strcmp(tok, tri_question_option_id(r->kb, q, o))) {
                    at += (size_t)snprintf(line + at, sizeof line - at, "%s%s", first ? "" : "; ",
                                           tri_interview_option_text(r->iv, q, o, r->lang));
                    first = false;
                }
        }
    }
    if (at < sizeof line - 1)
        snprintf(line + at, sizeof line - at, ")");
    fputs(paint(r, DIM), stdout);
    wrapped(r, line, 0, 0);
    fputs(paint(r, RESET), stdout);
}

/* ---- leaving before the result ------------------------------------------------------------ */

static int leave_incomplete(ask_run *r, bool asked_to_quit)
{
    if (!asked_to_quit) {
        printf("\nEnd of input: the interview was not completed.\n");
    } else if (r->save_path) {
        printf("Your answers so far are saved to %s.\n", r->save_path);
    } else {
        const char *name = line_read("Save your answers before you go? Type a file name, or "
                                     "press Enter to leave without saving: ",
                                     !r->interactive);
        while (name && name[strspn(name, " \t")]) {
            const char *f = name + strspn(name, " \t");
            if (ask_save(r, f)) {
                printf("Saved to %s. `triage ask --answers %s` carries on from here.\n", f, f);
                break;
            }
            name = line_read("Another file name, or Enter to leave without saving: ",
                             !r->interactive);
        }
        printf("The interview was not completed.\n");
    }
    return EXIT_INCOMPLETE;
}

/* ---- the questions ------------------------------------------------------------------------ */

/* Asks one question until it is answered. Returns 0 to go on, or an exit code. */
static int ask_one(ask_run *r, const tri_next *nx, bool *alarm_shown)
{
    size_t q = nx->question;
    show_question(r, nx);
    for (;;) {
        const char *line = line_read("> ", !r->interactive);
        if (!line)
            return leave_incomplete(r, false);
        while (*line == ' ' || *line == '\t')
            line++;
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
            printf("Going back to: %s\n", tri_question_id(r->kb, (size_t)back));
            return 0;
        }
        case W_SKIP:
            tri_interview_skip(r->iv, q);
            ask_snapshot(r);
            return 0;
        case W_RESULT:
            printf("\nThe result so far (the questions are not finished):\n\n");
            show_report(r);
            show_question(r, nx);
            continue;
        case W_QUIT:
            return leave_incomplete(r, true);
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
            char msg[160];
            snprintf(msg, sizeof msg, "Choose %s from 1 to %zu.",
                     t == TRI_Q_MULTI ? "one or more numbers" : "a number",
                     tri_question_option_count(r->kb, q));
            hint(r, msg);
            continue;
        }
        tri_error err;
        date_relative_answer(tri_interview_session(r->iv), text);
        if (tri_interview_answer(r->iv, q, text, &err) != TRI_OK) {
            char msg[600];
            snprintf(msg, sizeof msg, "%s. %s", err.message, answer_hint(r->kb, q));
            hint(r, msg);
            continue;
        }
        ask_snapshot(r);
        confirm(r, q, line);
        tri_session_evaluate(r->s);
        if (tri_result_level(r->s) == TRI_LEVEL_EMERGENCY && !*alarm_shown) {
            *alarm_shown = true;
            putchar('\n');
            fputs(paint(r, ALARM), stdout);
            fputs("!! This may be an emergency.", stdout);
            fputs(paint(r, RESET), stdout);
            putchar(' ');
            wrapped(r,
                    "Call your local emergency number now; do not wait for the end of these "
                    "questions. (Type result to see why.)",
                    29, 0);
        }
        return 0;
    }
}

/* ---- after the result ------------------------------------------------------------------------ */

/* Edit distance between a and b (short ids), capped at 9. */
static unsigned distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 9;
    unsigned row[64];
    for (size_t j = 0; j <= m; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        unsigned diag = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= m; j++) {
            unsigned up = row[j];
            unsigned best = diag + (tolower((unsigned char)a[i - 1]) != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m] > 9 ? 9 : row[m];
}

/* The question id closest to a misspelt one (at most 2 edits), or NULL. */
static const char *nearest_question(const tri_kb *kb, const char *id)
{
    const char *best = NULL;
    unsigned best_d = 3;
    for (size_t q = 0; q < tri_kb_question_count(kb); q++) {
        unsigned d = distance(id, tri_question_id(kb, q));
        if (d < best_d) {
            best_d = d;
            best = tri_question_id(kb, q);
        }
    }
    return best;
}

static void what_if(ask_run *r, const char *args)
{
    while (*args == ' ')
        args++;
    char qid[64];
    size_t n = strcspn(args, " =:");
    if (n == 0 || n >= sizeof qid) {
        hint(r, "Say which question and which answer, for example: what if timing awake_only");
        return;
    }
    memcpy(qid, args, n);
    qid[n] = '\0';
    const char *ans = args + n;
    while (*ans == ' ' || *ans == '=' || *ans == ':')
        ans++;
    int q = tri_kb_question_find(r->kb, qid);
    if (q < 0) {
        char msg[4096];
        const char *near = nearest_question(r->kb, qid);
        if (near) {
            snprintf(msg, sizeof msg, "There is no question '%s' (did you mean '%s'?)", qid, near);
        } else {
            size_t at = (size_t)snprintf(msg, sizeof msg, "There is no question '%s'. The "
                                         "questions are:", qid);
            for (size_t i = 0; i < tri_kb_question_count(r->kb) && at < sizeof msg; i++)
                at += (size_t)snprintf(msg + at, sizeof msg - at, " %s", tri_question_id(r->kb, i));
        }
        hint(r, msg);
        return;
    }
    if (!*ans) {
        hint(r, "Say which answer, for example: what if timing awake_only");
        return;
    }
    char mapped[1024];
    const char *text = ask_map_numbers(r->kb, (size_t)q, ans, mapped, sizeof mapped);
    tri_error err;
    tri_session_evaluate(r->s);
    tri_level now = tri_result_level(r->s);
    size_t now_n = tri_result_explanation_count(r->s);
    size_t now_first = now_n ? tri_result_explanation(r->s, 0, NULL, NULL) : (size_t)-1;
    const char *old = tri_session_answer_text(r->s, (size_t)q);
    char old_text[256];
    snprintf(old_text, sizeof old_text, "%s", old ? old : "not answered");
    tri_session *alt = tri_interview_what_if(r->iv, (size_t)q, text, &err);
    if (!alt) {
        hint(r, err.message);
        return;
    }
    const char *new_text = tri_session_answer_text(alt, (size_t)q);
    printf("\nWhat if %s were %s (your answer: %s)?\n", qid, new_text ? new_text : ans, old_text);
    tri_level lv = tri_result_level(alt);
    if (lv == now)
        printf("  Triage: %s (unchanged)\n", tri_level_name(lv));
    else
        printf("  Triage: %s%s%s (now %s)\n", paint(r, BOLD), tri_level_name(lv), paint(r, RESET),
               tri_level_name(now));
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

static void how(ask_run *r, const char *arg)
{
    while (*arg == ' ')
        arg++;
    int c = -1;
    if (isdigit((unsigned char)*arg)) {
        size_t k = (size_t)strtoul(arg, NULL, 10);
        if (k >= 1 && k <= tri_result_explanation_count(r->s))
            c = (int)tri_result_explanation(r->s, k - 1, NULL, NULL);
    } else if (*arg) {
        char id[96];
        snprintf(id, sizeof id, "%s", arg);
        id[strcspn(id, " ")] = '\0';
        c = tri_kb_condition_find(r->kb, id);
    }
    if (c < 0) {
        char list[2048];
        size_t at = (size_t)snprintf(list, sizeof list,
                                     "Say which explanation: its number in the result or its id (");
        size_t n = tri_result_explanation_count(r->s);
        for (size_t i = 0; i < n && at < sizeof list; i++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "",
                                   tri_condition_id(r->kb, tri_result_explanation(r->s, i, NULL,
                                                                                  NULL)));
        if (at < sizeof list)
            snprintf(list + at, sizeof list - at, ")");
        hint(r, list);
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

static void result_help(ask_run *r)
{
    say(r, "You can type: how ID (the reasoning for one explanation, by its id or its number), "
           "what if QUESTION ANSWER (the result with one answer changed), save FILE (write your "
           "answers), result (show the result again), quit.");
}

static int after_result(ask_run *r)
{
    static const char *words[512];
    size_t n = 0;
    for (size_t i = 0; i < sizeof result_commands / sizeof result_commands[0]; i++)
        words[n++] = result_commands[i];
    for (size_t c = 0; c < tri_kb_condition_count(r->kb) && n < 256; c++)
        words[n++] = tri_condition_id(r->kb, c);
    for (size_t q = 0; q < tri_kb_question_count(r->kb) && n < 512; q++)
        words[n++] = tri_question_id(r->kb, q);
    line_set_words(words, n);
    putchar('\n');
    result_help(r);
    for (;;) {
        const char *line = line_read("result> ", !r->interactive);
        if (!line)
            return EXIT_OK;
        while (*line == ' ' || *line == '\t')
            line++;
        if (!*line)
            continue;
        if (!strncasecmp(line, "how", 3) && (line[3] == ' ' || !line[3])) {
            how(r, line + 3);
        } else if (!strncasecmp(line, "what if", 7) && (line[7] == ' ' || !line[7])) {
            what_if(r, line + 7);
        } else if (!strncasecmp(line, "what-if", 7) && (line[7] == ' ' || !line[7])) {
            what_if(r, line + 7);
        } else if (!strncasecmp(line, "save", 4) && (line[4] == ' ' || !line[4])) {
            const char *f = line + 4;
            while (*f == ' ')
                f++;
            if (!*f)
                hint(r, "Say where: save FILE");
            else if (ask_save(r, f))
                printf("Saved your answers to %s.\n", f);
        } else {
            switch (command_of(line)) {
            case W_QUIT:
                return EXIT_OK;
            case W_RESULT:
                putchar('\n');
                show_report(r);
                break;
            case W_HELP:
                result_help(r);
                break;
            default: {
                char msg[160];
                snprintf(msg, sizeof msg, "I do not know '%.60s'.", line);
                hint(r, msg);
                result_help(r);
            }
            }
        }
    }
}

/* ---- the whole interview ----------------------------------------------------------------------- */

int ask_text(ask_run *r)
{
    say(r, "triage ask: questions about twitches, jerks and spasms, one at a time. This is "
           "information, not a diagnosis; in an emergency call your local emergency number.");
    say(r, "Answer with a number or in words. Type ? for help, why to see why a question is "
           "asked, back to change your last answer, skip if you do not know, quit to stop.");
    size_t given = 0;
    for (size_t q = 0; q < tri_kb_question_count(r->kb); q++)
        given += tri_session_answer_state(r->s, q) != TRI_UNANSWERED;
    if (given)
        printf("Starting from %zu earlier answer%s.\n", given, given == 1 ? "" : "s");
    bool alarm = false;
    tri_next nx;
    while (tri_interview_next(r->iv, &nx)) {
        int rc = ask_one(r, &nx, &alarm);
        if (rc)
            return rc;
    }
    r->complete = true;
    const char *why = tri_interview_stop_reason(r->iv);
    putchar('\n');
    char line[256];
    snprintf(line, sizeof line, "That is enough: %s.", why ? why : "done");
    fputs(paint(r, DIM), stdout);
    say(r, line);
    fputs(paint(r, RESET), stdout);
    if (r->save_path && ask_save(r, r->save_path))
        printf("Your answers are saved to %s.\n", r->save_path);
    putchar('\n');
    show_report(r);
    return after_result(r);
}
