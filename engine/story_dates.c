/*
 * story_dates.c - time since a point in the past: "since September",
 * "since last September", "started in March 2022", "3 weeks ago", "about 5
 * months ago", "for the past 3 weeks", "since yesterday".
 *
 * A date is measured against the story's date (the caller's `date:` or
 * today, passed in; the library never reads the clock). A month without a
 * year is the most recent such month ("since September" in February 2023 is
 * September 2022); "last September" is the most recent one before the
 * present month. A month gives a range, from its last day to its first, as
 * qty_parse_since() does for typed answers ("since September" on 16
 * February 2023 is 139 to 168 days). With no date, a text that names the
 * present month ("now it is February") gives the month (on its 15th) but no
 * year, so an explicit year is then not used; otherwise spans from dates are
 * reported with STORY_NEEDS_DATE and no value. Spans counted back from now
 * ("ago", "the past 3 weeks", and "since 2 years" as other languages say
 * "for 2 years") need no date. Vague starts ("since I was
 * young", "since childhood") give nothing.
 */
#include <math.h>

#include "story_internal.h"

#define DAY 86400.0

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/* Days from 1970-01-01 to y-m-d (y >= 1600). */
static int32_t days_of(int y, int m, int d)
{
    static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    long p = y - 1, e = 1969;
    long days = 365L * (y - 1970) + (p / 4 - p / 100 + p / 400) - (e / 4 - e / 100 + e / 400);
    days += before[m - 1] + (m > 2 && is_leap(y)) + d - 1;
    return (int32_t)days;
}

static void civil(int32_t days, int *y, int *m, int *d)
{
    int yy = 1970 + (int)floor(days / 365.2425);
    while (days_of(yy, 1, 1) > days)
        yy--;
    while (days_of(yy + 1, 1, 1) <= days)
        yy++;
    int mm = 12;
    while (days_of(yy, mm, 1) > days)
        mm--;
    *y = yy;
    *m = mm;
    *d = days - days_of(yy, mm, 1) + 1;
}

bool story_set_date(story_doc *d, const char *date)
{
    if (strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return false;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && (date[k] < '0' || date[k] > '9'))
            return false;
    int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
    int m = (date[5] - '0') * 10 + (date[6] - '0');
    int dd = (date[8] - '0') * 10 + (date[9] - '0');
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || dd < 1 || dd > days_in(y, m))
        return false;
    d->today = days_of(y, m, dd);
    return true;
}

/* ---- words of dates ------------------------------------------------------ */

static const char *const month_names[12][3] = {
    {"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL},
    {"april", "apr", NULL},   {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},    {"august", "aug", NULL},   {"september", "sep", "sept"},
    {"october", "oct", NULL}, {"november", "nov", NULL}, {"december", "dec", NULL},
};

/* The month named at token i (1-12), or 0. "may", "march" and "august" are
 * also ordinary words: when strict, they count only with a capital. */
static int month_at(const story_doc *d, uint32_t i, bool strict)
{
    if (!story_is_word(d, i))
        return 0;
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 3 && month_names[m][k]; k++)
            if (story_is(d, i, month_names[m][k])) {
                if (strict && (m == 4 || m == 2 || m == 7) &&
                    !(d->tokens[i].flags & STORY_TF_CAPITAL))
                    return 0;
                return m + 1;
            }
    return 0;
}

static int weekday_at(const story_doc *d, uint32_t i)
{
    static const char *const days[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};
    for (int k = 0; k < 7; k++)
        if (story_is(d, i, days[k]))
            return k;
    return -1;
}

static int int_at(const story_doc *d, uint32_t i, int lo, int hi)
{
    if (!story_is_number(d, i))
        return -1;
    double v = d->tokens[i].value;
    if (v != floor(v) || v < lo || v > hi)
        return -1;
    return (int)v;
}

/* A day of the month: "3", "3rd", "the 3rd". */
static int day_at(const story_doc *d, uint32_t i, uint32_t lim, uint32_t *end)
{
    int dd = int_at(d, i, 1, 31);
    if (dd < 0)
        return -1;
    *end = i + 1;
    if (i + 1 < lim && (d->tokens[i + 1].flags & STORY_TF_GLUED) &&
        (story_is(d, i + 1, "st") || story_is(d, i + 1, "nd") || story_is(d, i + 1, "rd") ||
         story_is(d, i + 1, "th")))
        *end = i + 2;
    return dd;
}

enum { W_DATE, W_YEAR, W_DAYS, W_LAST_MONTH, W_LAST_YEAR, W_THIS_YEAR };
enum { Y_INFER, Y_LAST, Y_THIS, Y_PREVIOUS_YEAR };

/* A point in the past as written. */
typedef struct when {
    int kind;
    int y, m, dd;            /* W_DATE: y may be -1; dd 0 for a whole month */
    int year_rule;           /* W_DATE without a year: Y_* */
    double lo_days, hi_days; /* W_DAYS */
    uint32_t end;
} when;

static bool read_when(const story_doc *d, uint32_t i, uint32_t lim, when *w)
{
    memset(w, 0, sizeof *w);
    w->y = -1;
    uint32_t j = i;
    if (j < lim && story_is(d, j, "the"))
        j++;
    /* "the beginning of", "the end of", "early", "mid-", "late" read as the whole period */
    if (j + 1 < lim &&
        (story_is(d, j, "beginning") || story_is(d, j, "start") || story_is(d, j, "end") ||
         story_is(d, j, "middle")) &&
        story_is(d, j + 1, "of"))
        j += 2;
    if (j < lim && (story_is(d, j, "early") || story_is(d, j, "late") || story_is(d, j, "mid")))
        j++;
    if (j < lim && story_is(d, j, "-"))
        j++;
    if (j >= lim)
        return false;
    if (story_is(d, j, "yesterday")) {
        w->kind = W_DAYS;
        w->lo_days = w->hi_days = 1;
        w->end = j + 1;
        return true;
    }
    if (story_is(d, j, "today")) {
        w->kind = W_DAYS;
        w->end = j + 1;
        return true;
    }
    if (story_is(d, j, "christmas") || story_is(d, j, "xmas")) {
        w->kind = W_DATE;
        w->m = 12;
        w->dd = 25;
        w->end = j + 1;
        return true;
    }
    int wd = weekday_at(d, j);
    if (story_is(d, j, "last") || story_is(d, j, "this")) {
        bool last = story_is(d, j, "last");
        uint32_t k = j + 1;
        int m = k < lim ? month_at(d, k, false) : 0;
        if (m) {
            w->kind = W_DATE;
            w->m = m;
            w->year_rule = last ? Y_LAST : Y_THIS;
            w->end = k + 1;
            return true;
        }
        if (k < lim && story_is(d, k, "week")) {
            w->kind = W_DAYS;
            w->lo_days = last ? 7 : 0;
            w->hi_days = last ? 13 : 6;
            w->end = k + 1;
            return true;
        }
        if (k < lim && (story_is(d, k, "night") || story_is(d, k, "evening"))) {
            w->kind = W_DAYS;
            w->lo_days = w->hi_days = last ? 1 : 0;
            w->end = k + 1;
            return true;
        }
        if (k < lim && story_is(d, k, "month") && last) {
            w->kind = W_LAST_MONTH;
            w->end = k + 1;
            return true;
        }
        if (k < lim && story_is(d, k, "year")) {
            w->kind = last ? W_LAST_YEAR : W_THIS_YEAR;
            w->end = k + 1;
            return true;
        }
        wd = k < lim ? weekday_at(d, k) : -1;
        if (wd < 0)
            return false;
        j = k;
    }
    if (wd >= 0) {
        w->kind = W_DAYS;
        w->lo_days = w->hi_days = -1 - wd; /* resolved against today */
        w->end = j + 1;
        return true;
    }
    /* ISO and numeric forms: 2022-09-01, 2022-09, 09/2022 */
    int y = int_at(d, j, 1900, 2200);
    if (y > 0 && j + 2 < lim && (story_is(d, j + 1, "-") || story_is(d, j + 1, "/")) &&
        int_at(d, j + 2, 1, 12) > 0) {
        w->kind = W_DATE;
        w->y = y;
        w->m = int_at(d, j + 2, 1, 12);
        w->end = j + 3;
        if (j + 4 < lim && story_is(d, j + 3, d->norm[d->tokens[j + 1].norm] == '-' ? "-" : "/") &&
            int_at(d, j + 4, 1, days_in(y, w->m)) > 0) {
            w->dd = int_at(d, j + 4, 1, 31);
            w->end = j + 5;
        }
        return true;
    }
    if (y > 0) {
        w->kind = W_YEAR;
        w->y = y;
        w->end = j + 1;
        return true;
    }
    int mm = int_at(d, j, 1, 12);
    if (mm > 0 && j + 2 < lim && story_is(d, j + 1, "/") && int_at(d, j + 2, 1900, 2200) > 0) {
        w->kind = W_DATE;
        w->m = mm;
        w->y = int_at(d, j + 2, 1900, 2200);
        w->end = j + 3;
        return true;
    }
    /* 3 March, 3rd of March */
    uint32_t k;
    int dd = day_at(d, j, lim, &k);
    if (dd > 0) {
        if (k < lim && story_is(d, k, "of"))
            k++;
        int m = k < lim ? month_at(d, k, false) : 0;
        if (!m)
            return false;
        w->dd = dd;
        w->m = m;
        j = k;
    } else {
        w->m = month_at(d, j, false);
        if (!w->m)
            return false;
        /* March 3(rd) */
        if (j + 1 < lim) {
            dd = day_at(d, j + 1, lim, &k);
            if (dd > 0 && int_at(d, j + 1, 1900, 2200) < 0) {
                w->dd = dd;
                j = k - 1;
            }
        }
    }
    if (w->dd > days_in(2000, w->m))
        return false;
    w->kind = W_DATE;
    k = j + 1;
    if (k < lim && story_is(d, k, ".") && (d->tokens[k].flags & STORY_TF_GLUED) &&
        d->tokens[j].norm_len <= 4 &&
        !(k + 1 < d->ntokens && (d->tokens[k + 1].flags & STORY_TF_CAPITAL)))
        k++; /* "Sept. 2022", not the full stop after "in June." */
    w->end = k;
    uint32_t e = k;
    if (e < lim && story_is(d, e, ","))
        e++;
    if (e < lim && story_is(d, e, "of"))
        e++;
    if (e < lim && int_at(d, e, 1900, 2200) > 0) {
        w->y = int_at(d, e, 1900, 2200);
        w->end = e + 1;
    } else if (e + 1 < lim && (story_is(d, e, "last") || story_is(d, e, "this")) &&
               story_is(d, e + 1, "year")) {
        w->year_rule = story_is(d, e, "last") ? Y_PREVIOUS_YEAR : Y_THIS;
        w->end = e + 2;
    }
    return true;
}

/* Days from the start and from the end of w to today; false if w is after
 * today or cannot be placed. */
static bool place(const story_doc *doc, const when *w, double *lo_days, double *hi_days)
{
    int ty, tm, td;
    int32_t today = doc->today;
    civil(today, &ty, &tm, &td);
    int32_t first, last;
    switch (w->kind) {
    case W_DAYS:
        if (w->lo_days < 0) { /* a weekday: the most recent one before today */
            int wd = (int)(-w->lo_days) - 1;
            int dow = (int)(((today % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
            int back = (dow - wd + 7) % 7;
            *lo_days = *hi_days = back ? back : 7;
        } else {
            *lo_days = w->lo_days;
            *hi_days = w->hi_days;
        }
        return true;
    case W_LAST_MONTH: {
        int y = tm == 1 ? ty - 1 : ty, m = tm == 1 ? 12 : tm - 1;
        first = days_of(y, m, 1);
        last = days_of(y, m, days_in(y, m));
        break;
    }
    case W_LAST_YEAR:
        first = days_of(ty - 1, 1, 1);
        last = days_of(ty - 1, 12, 31);
        break;
    case W_THIS_YEAR:
        first = days_of(ty, 1, 1);
        last = today;
        break;
    case W_YEAR:
        if (doc->today_from_text)
            return false; /* the present year is not known */
        first = days_of(w->y, 1, 1);
        last = days_of(w->y, 12, 31);
        break;
    default: {
        int y = doc->today_from_text ? -1 : w->y;
        if (y < 0) {
            switch (w->year_rule) {
            case Y_LAST:
                y = w->m < tm ? ty : ty - 1;
                break;
            case Y_PREVIOUS_YEAR:
                y = ty - 1;
                break;
            case Y_THIS:
                y = ty;
                break;
            default:
                y = w->m <= tm ? ty : ty - 1;
                break;
            }
        }
        if (w->dd > days_in(y, w->m))
            return false;
        first = days_of(y, w->m, w->dd ? w->dd : 1);
        last = w->dd ? first : days_of(y, w->m, days_in(y, w->m));
        break;
    }
    }
    if (first > today)
        return false;
    if (last > today)
        last = today;
    *lo_days = today - last;
    *hi_days = today - first;
    return true;
}

/* ---- the present month named in the text ------------------------------ */

void story_date_from_text(story_doc *d)
{
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (!story_is(d, i, "now") && !story_is(d, i, "currently"))
            continue;
        uint32_t lim = story_sentence_end(d, i);
        /* now [,] [it is|it's|its] [in] MONTH ; MONTH now */
        uint32_t k = i + 1;
        if (k < lim && story_is(d, k, ","))
            k++;
        if (k < lim && (story_is(d, k, "it's") || story_is(d, k, "its")))
            k++;
        else if (k + 1 < lim && story_is(d, k, "it") && story_is(d, k + 1, "is"))
            k += 2;
        if (k < lim && story_is(d, k, "in"))
            k++;
        int m = k < lim ? month_at(d, k, true) : 0;
        if (!m && i > 0 && story_prev(d, i) != STORY_NONE)
            m = month_at(d, story_prev(d, i), true);
        if (m) {
            d->today = days_of(2001, m, 15);
            d->today_from_text = true;
            return;
        }
    }
}

/* ---- the pass ---------------------------------------------------------- */

static void add_elapsed(story_ctx *c, uint32_t first, uint32_t end, uint32_t intro_first,
                        uint32_t intro_end, double lo, double hi, bool needs_date, bool vague)
{
    if (story_any_used(c, first, end))
        return;
    story_finding *f = story_add(c, STORY_ELAPSED, first, end);
    if (!f)
        return;
    f->lo = lo;
    f->hi = hi;
    if (needs_date)
        f->flags |= STORY_NEEDS_DATE;
    if (vague)
        f->flags |= STORY_VAGUE;
    f->intro_first = intro_first;
    f->intro_end = intro_end;
    story_use(c, first, end);
}

/* A date after `since` or a starting verb, at j. */
static bool elapsed_from_date(story_ctx *c, uint32_t first, uint32_t intro_end, uint32_t j,
                              uint32_t lim)
{
    when w;
    if (!read_when(c->doc, j, lim, &w))
        return false;
    double lo, hi;
    if (c->doc->today == INT32_MIN && w.kind != W_DAYS) {
        add_elapsed(c, first, w.end, first, intro_end, NAN, NAN, true, false);
        return true;
    }
    if (c->doc->today == INT32_MIN) {
        if (w.lo_days < 0) { /* a weekday */
            add_elapsed(c, first, w.end, first, intro_end, NAN, NAN, true, false);
            return true;
        }
        lo = w.lo_days;
        hi = w.hi_days;
    } else if (!place(c->doc, &w, &lo, &hi)) {
        /* a year said while only the month of the present is known */
        bool unknown = w.kind == W_YEAR && c->doc->today_from_text;
        if (unknown)
            add_elapsed(c, first, w.end, first, intro_end, NAN, NAN, true, false);
        return unknown;
    }
    add_elapsed(c, first, w.end, first, intro_end, lo * DAY, hi * DAY, false, false);
    return true;
}

static const char *const start_verbs[] = {
    "started",  "start",    "starts",  "began",     "begun", "begin", "beginning",
    "starting", "appeared", "noticed", "developed", "onset", NULL};
static const char *const date_preps[] = {
    "in",    "on",   "around", "about",         "at", "during", "back", "sometime",
    "since", "from", "of",     "approximately", NULL};

/* "ago": "3 weeks ago", "a few months ago", "months ago". */
static bool elapsed_ago(story_ctx *c, uint32_t i, uint32_t lim)
{
    const story_doc *d = c->doc;
    story_num n;
    if (story_duration_at(d, i, lim, &n) && n.end < lim && story_is(d, n.end, "ago")) {
        add_elapsed(c, i, n.end + 1, n.end, n.end + 1, n.lo, n.hi, false, n.vague);
        return true;
    }
    static const struct {
        const char *word;
        double unit, lo, hi;
    } bare[] = {{"days", DAY, 2, 6},
                {"weeks", 7 * DAY, 2, 8},
                {"months", 2629800, 2, 11},
                {"years", 31557600, 2, 10}};
    if (i + 1 < lim && story_is(d, i + 1, "ago"))
        for (size_t k = 0; k < sizeof bare / sizeof bare[0]; k++)
            if (story_is(d, i, bare[k].word)) {
                add_elapsed(c, i, i + 2, i + 1, i + 2, bare[k].lo * bare[k].unit,
                            bare[k].hi * bare[k].unit, false, true);
                return true;
            }
    return false;
}

/* "for the past 3 weeks", "over the last few months", "the past year". */
static bool elapsed_past(story_ctx *c, uint32_t i, uint32_t lim)
{
    const story_doc *d = c->doc;
    uint32_t j = i;
    if (story_is(d, j, "for") || story_is(d, j, "over") || story_is(d, j, "in") ||
        story_is(d, j, "during") || story_is(d, j, "within"))
        j++;
    if (!(j + 1 < lim && (story_is(d, j, "the") || story_is(d, j, "these")) &&
          (story_is(d, j + 1, "past") || story_is(d, j + 1, "last"))))
        return false;
    uint32_t k = j + 2;
    story_num n;
    uint32_t e;
    double unit;
    if (story_duration_at(d, k, lim, &n)) {
        add_elapsed(c, i, n.end, i, k, n.lo, n.hi, false, n.vague);
        return true;
    }
    if (k < lim && (unit = story_time_unit(d, k, &e)) > 0) { /* "the past year" */
        add_elapsed(c, i, e, i, k, unit, unit, false, false);
        return true;
    }
    return false;
}

void story_find_elapsed(story_ctx *c)
{
    const story_doc *d = c->doc;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (c->used[i] || d->tokens[i].kind == STORY_TOK_PUNCT)
            continue;
        uint32_t lim = story_sentence_end(d, i);
        if (story_is(d, i, "since")) {
            uint32_t first = i > 0 && story_is(d, i - 1, "ever") ? i - 1 : i;
            if (elapsed_from_date(c, first, i + 1, i + 1, lim))
                continue;
            /* "since 2 years", as in other languages: for 2 years */
            story_num n;
            if (story_duration_at(d, i + 1, lim, &n) &&
                !(n.end < lim && story_is(d, n.end, "ago"))) {
                add_elapsed(c, first, n.end, first, i + 1, n.lo, n.hi, false, n.vague);
                continue;
            }
        }
        if (story_is_one_of(d, i, start_verbs)) {
            /* started [it] [in|on|around|back in] DATE, within four words */
            uint32_t j = i + 1;
            if (j < lim &&
                (story_is(d, j, "it") || story_is(d, j, "this") || story_is(d, j, "them")))
                j++;
            for (int k = 0; k < 3 && j < lim && story_is_one_of(d, j, date_preps); k++)
                j++;
            if (j < lim && !c->used[j] && elapsed_from_date(c, i, i + 1, j, lim))
                continue;
        }
        if (elapsed_ago(c, i, lim) || elapsed_past(c, i, lim))
            continue;
        /* In March 2022 it started */
        if (story_is(d, i, "in") && i == story_clause_first(d, i)) {
            when w;
            if (read_when(d, i + 1, lim, &w) && w.kind != W_DAYS) {
                for (uint32_t k = w.end; k < lim && k < w.end + 4; k++)
                    if (story_is_one_of(d, k, start_verbs)) {
                        elapsed_from_date(c, i, i + 1, i + 1, lim);
                        break;
                    }
            }
        }
    }
}
