/*
 * ask_words.c - a person's words in `triage ask`: option numbers, answers
 * read back in words, and which question a `what if` answer is about.
 *
 * Finding the question (what if): a question id first is taken as it is.
 * Otherwise every question is offered the words: the longest run of them
 * that it accepts as an answer ("I am 60" -> age 60; "it started 2 years
 * ago" -> 2 years; "it happens during the day" -> timing, by its options'
 * wording) makes it a candidate. Candidates
 * are scored by the words they share with the question's text (compared on
 * their first five letters, a shorter word as the start of a longer one,
 * little words left out), whether the whole text
 * was the answer, and whether the person answered that question; a yes/no
 * question is a candidate when it shares two words ("what if I bit my
 * tongue"), answered "no" when the words deny it, and a choice question that
 * shares a word when all the words of one of its options are there ("it is
 * never seen while I am awake"). The best score wins; a tie is reported
 * rather than guessed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ask.h"

/* ---- option numbers ---------------------------------------------------------------- */

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

/* ---- answers in words ---------------------------------------------------------------- */

const char *answer_words(const ask_run *r, const tri_session *s, size_t q, char *buf, size_t size)
{
    tri_answer_state st = tri_session_answer_state(s, q);
    const char *canon = tri_session_answer_text(s, q);
    if (st == TRI_UNANSWERED || !canon) {
        snprintf(buf, size, "not answered");
        return buf;
    }
    if (st == TRI_ANSWER_UNKNOWN) {
        snprintf(buf, size, "don't know");
        return buf;
    }
    tri_qtype t = tri_question_type(r->kb, q);
    if (t == TRI_Q_NUMBER) {
        const char *unit = tri_question_unit(r->kb, q);
        snprintf(buf, size, "%s%s%s", canon, unit ? " " : "", unit ? unit : "");
        return buf;
    }
    if (t != TRI_Q_CHOICE && t != TRI_Q_MULTI && t != TRI_Q_YES_NO) {
        snprintf(buf, size, "%s", canon);
        return buf;
    }
    /* canon is "id" or "[id, id]": each id in words */
    char ids[1024];
    snprintf(ids, sizeof ids, "%s", canon);
    size_t at = 0;
    buf[0] = '\0';
    for (char *tok = strtok(ids, "[], "); tok && at < size; tok = strtok(NULL, "[], "))
        for (size_t o = 0; o < tri_question_option_count(r->kb, q); o++)
            if (!strcmp(tok, tri_question_option_id(r->kb, q, o)))
                at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? "; " : "",
                                       tri_interview_option_text(r->iv, q, o, r->lang));
    return buf;
}

/* ---- which question an answer in words is about ---------------------------------------- */

#define MAX_WORDS 48

typedef struct words {
    char stem[MAX_WORDS][6];
    size_t n;
} words;

static bool is_little_word(const char *w)
{
    static const char *const little[] = {
        "i",    "im",   "am",   "is",    "are",  "was",  "were", "be",    "it",   "its",  "the",
        "a",    "an",   "to",   "of",    "in",   "on",   "at",   "for",   "with", "and",  "or",
        "my",   "me",   "you",  "your",  "he",   "she",  "they", "his",   "her",  "their", "does",
        "do",   "did",  "has",  "have",  "had",  "what", "if",   "when",  "how",  "that", "this",
        "there", "would", "any", "yes",  "no",   "not",  "we",   "our",   "them", "him",  "so",
        "but",  "as",   "by",   "from",  "ive",  "id",   "ill",  "dont",  "do",   "than", "then",
        /* words too many questions use to tell one from another */
        "happen", "happens", "happened", "happening", "while", "ever", "any", "can", "get",
        "gets", "like", "feel", "feels", "time", "times"};
    for (size_t i = 0; i < sizeof little / sizeof little[0]; i++)
        if (!strcmp(w, little[i]))
            return true;
    return false;
}

/* The stems (first five letters, lower case) of the words of text that carry meaning. */
static void split_words(const char *text, words *out)
{
    out->n = 0;
    const char *p = text;
    while (*p && out->n < MAX_WORDS) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        char w[32];
        size_t n = 0;
        while (*p && (isalnum((unsigned char)*p) || *p == '\'')) {
            if (*p != '\'' && n < sizeof w - 1)
                w[n++] = (char)tolower((unsigned char)*p);
            p++;
        }
        w[n] = '\0';
        if (!n || is_little_word(w) || isdigit((unsigned char)w[0]))
            continue;
        snprintf(out->stem[out->n++], sizeof out->stem[0], "%.5s", w);
    }
}

/* Whether two stems are one word: equal, or the shorter (of three letters
 * or more) begins the longer ("bit", "bitte"n). */
static bool same_word(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;
    return na == nb ? !strcmp(a, b) : n >= 3 && !strncmp(a, b, n);
}

/* How many stems of a occur in b. */
static unsigned shared(const words *a, const words *b)
{
    unsigned n = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (same_word(a->stem[i], b->stem[j])) {
                n++;
                break;
            }
    return n;
}

static bool denies(const char *text)
{
    static const char *const no[] = {"no", "not", "never", "don't", "dont", "doesn't", "doesnt",
                                     "didn't", "didnt", "haven't", "havent", "hasn't", "hasnt",
                                     "can't", "cant", "isn't", "isnt", "without"};
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ,.;");
        for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
            if (strlen(no[i]) == n && !strncasecmp(p, no[i], n))
                return true;
        p += n;
        while (*p && *p != ' ')
            p++;
    }
    return false;
}

/* Whether run holds a word that means something (or a number), not only
 * little words such as "a" or "am", which number and duration questions
 * would read as 1 or as a time of day. */
static bool has_meaning(const char *run)
{
    words w;
    split_words(run, &w);
    return w.n > 0 || strpbrk(run, "0123456789") != NULL;
}

/* The longest run of words of text that q takes as an answer ("2 years"
 * in "it started 2 years ago"), copied to run; NULL when there is none.
 * *chosen gets the answer in words (the options' texts). */
static const char *accepted_words(ask_run *r, size_t q, const char *text, char *run,
                                  size_t run_size, char *chosen, size_t size)
{
    size_t n = strlen(text), best = 0;
    const char *found = NULL;
    for (size_t b = 0; b < n; b += strspn(text + b, " ")) {
        for (size_t e = n; e > b && e - b > best;) {
            snprintf(run, run_size, "%.*s", (int)(e - b), text + b);
            tri_error err;
            bool ok = has_meaning(run) && tri_session_answer(r->probe, q, run, &err) == TRI_OK &&
                      tri_session_answer_state(r->probe, q) == TRI_ANSWERED;
            if (ok) {
                answer_words(r, r->probe, q, chosen, size);
                best = e - b;
                found = text + b;
            }
            tri_session_unanswer(r->probe, q);
            while (e > b && text[e - 1] != ' ') /* drop the last word */
                e--;
            while (e > b && text[e - 1] == ' ')
                e--;
        }
        b += strcspn(text + b, " ");
    }
    if (found)
        snprintf(run, run_size, "%.*s", (int)best, found);
    return found ? run : NULL;
}

/* For a choice question that takes no tail of the words: the one option
 * all of whose words are among them ("it is never seen while I am awake"
 * -> "Never"), or NULL. */
static const char *option_in_words(ask_run *r, size_t q, const words *said)
{
    const char *found = NULL;
    for (size_t o = 0; o < tri_question_option_count(r->kb, q); o++) {
        words opt;
        split_words(tri_interview_option_text(r->iv, q, o, r->lang), &opt);
        if (opt.n == 0 || shared(&opt, said) != opt.n)
            continue;
        if (found)
            return NULL; /* two options fit: say nothing */
        found = tri_question_option_id(r->kb, q, o);
    }
    return found;
}

int question_for_words(ask_run *r, const char *text, const char **answer, char *msg,
                       size_t msg_size)
{
    const tri_kb *kb = r->kb;
    text += strspn(text, " ");
    /* a question id first, as before: "timing awake_only", "timing=awake_only" */
    char first[64];
    size_t n = strcspn(text, " =:");
    if (n && n < sizeof first) {
        memcpy(first, text, n);
        first[n] = '\0';
        int q = tri_kb_question_find(kb, first);
        if (q >= 0) {
            const char *a = text + n;
            a += strspn(a, " =:");
            if (!*a) {
                snprintf(msg, msg_size, "Say which answer, for example: what if %s %s", first,
                         tri_question_option_count(kb, (size_t)q)
                             ? tri_question_option_id(kb, (size_t)q, 0)
                             : "...");
                return -1;
            }
            *answer = a;
            return q;
        }
    }
    if (!*text) {
        snprintf(msg, msg_size, "Say the answer you want to try, in your own words.");
        return -1;
    }
    words said;
    split_words(text, &said);
    int best = -1, tie = -1;
    unsigned best_score = 0;
    char best_answer[1024] = "";
    for (size_t q = 0; q < tri_kb_question_count(kb); q++) {
        tri_qtype t = tri_question_type(kb, q);
        if (t == TRI_Q_TEXT)
            continue;
        words asked;
        char qtext[1024];
        const char *unit = tri_question_unit(kb, q);
        snprintf(qtext, sizeof qtext, "%s %s", tri_interview_question_text(r->iv, q, r->lang),
                 unit ? unit : "");
        split_words(qtext, &asked);
        unsigned overlap = shared(&said, &asked);
        char chosen[1024] = "", run[1024];
        const char *a = accepted_words(r, q, text, run, sizeof run, chosen, sizeof chosen);
        bool parsed = a != NULL;
        if (!a && t == TRI_Q_YES_NO && overlap >= 2)
            a = denies(text) ? "no" : "yes";
        else if (!a && t == TRI_Q_CHOICE && overlap >= 1)
            a = option_in_words(r, q, &said);
        else if (a && t == TRI_Q_YES_NO && overlap == 0)
            a = NULL; /* a bare "yes" says nothing about which question */
        if (!a)
            continue;
        words opt;
        split_words(chosen, &opt);
        unsigned score = 2 * overlap + shared(&said, &opt) + (parsed ? 2 : 0) +
                         (parsed && !strcmp(a, text)) +
                         (tri_session_answer_state(r->s, q) == TRI_ANSWERED);
        if (best < 0 || score > best_score) {
            best = (int)q;
            best_score = score;
            snprintf(best_answer, sizeof best_answer, "%s", a);
            tie = -1;
        } else if (score == best_score) {
            tie = (int)q;
        }
    }
    if (best < 0) {
        snprintf(msg, msg_size,
                 "I could not tell which question that answer is about. Say it as you would "
                 "answer the question, for example: what if it happens while I am awake.");
        return -1;
    }
    if (tie >= 0) {
        snprintf(msg, msg_size,
                 "That could answer more than one question (\"%s\" and \"%s\"). Say a little "
                 "more, with words from the question you mean.",
                 tri_interview_question_text(r->iv, (size_t)best, r->lang),
                 tri_interview_question_text(r->iv, (size_t)tie, r->lang));
        return -1;
    }
    snprintf(r->what_if_answer, sizeof r->what_if_answer, "%s", best_answer);
    *answer = r->what_if_answer;
    return best;
}
