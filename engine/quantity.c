/*
 * quantity.c - the duration and number grammar.
 *
 * Design: one anchored pattern recognises the whole phrase and captures the
 * parts (bound words, first number, its unit, second number, its unit);
 * C code turns the captured number words and units into values. Keeping the
 * word lists inside the pattern means an unknown word fails the match
 * instead of being silently skipped.
 */
#include "quantity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEDGE \
    "(?:(?:about|around|roughly|approximately|approx\\.?|maybe|perhaps|probably|almost|nearly|" \
    "just|only|usually|typically|generally|often|mostly|~|c\\.|circa|for)\\s*)*"
#define UNITS_WORD "(?:one|two|three|four|five|six|seven|eight|nine)"
#define NUMWORD                                                                              \
    "(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]" UNITS_WORD ")?|" \
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"       \
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a |one )?hundred|"            \
    "half(?: an?)?|(?:a )?quarter(?: of)?(?: an?)?|an?|a couple(?: of)?|couple(?: of)?|"   \
    "a few|few|several|a split|split)"
#define NUM "(?:\\d+(?:[.,]\\d+)?|[.,]\\d+|" NUMWORD ")"
#define UNIT                                                                                   \
    "(?:milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|"      \
    "weeks?|wks?|w|months?|mths?|mos?|years?|yrs?|y)\\b"
#define RANGE_SEP "\\s*(?:-|\\x{2013}|\\x{2014}|~|to|or|and|until|till)\\s*"
#define LT_WORDS "(?<lt>less than|under|up to|below|at most|no more than|<)"
#define GT_WORDS "(?<gt>more than|over|at least|above|longer than|>)"

static const char duration_pattern[] =
    "^\\s*" HEDGE "(?:" LT_WORDS "|" GT_WORDS ")?\\s*" HEDGE "(?:between\\s+|from\\s+)?"
    "(?<a>" NUM ")\\s*(?<ua>" UNIT ")?"
    "(?:" RANGE_SEP HEDGE "(?<b>" NUM ")\\s*(?<ub>" UNIT ")?)?"
    "\\s*(?:long|each|at a time|or so|ish|in total|or more)?\\s*[.!]?\\s*$";

static const char number_pattern[] =
    "^\\s*" HEDGE "(?:" LT_WORDS "|" GT_WORDS ")?\\s*" HEDGE "(?:between\\s+|from\\s+)?"
    "(?<a>" NUM ")(?:" RANGE_SEP "(?<b>" NUM "))?\\s*(?<u>[a-z][a-z .]*?)?\\s*[.!]?\\s*$";

/* group numbers, in order of appearance in both patterns */
enum { G_LT = 1, G_GT, G_A, G_UA, G_B, G_UB };
enum { N_LT = 1, N_GT, N_A, N_B, N_U };

const char qty_out_of_memory[] = "out of memory";

tri_status qty_grammar_init(qty_grammar *g, rx_set *set)
{
    tri_status st;
    char msg[128];
    unsigned off;
    g->duration_rx = rx_compile(set, duration_pattern, sizeof duration_pattern - 1, &st, msg,
                                sizeof msg, &off);
    if (g->duration_rx < 0)
        return st == TRI_ERR_NOMEM ? st : TRI_ERR_ARG;
    g->number_rx =
        rx_compile(set, number_pattern, sizeof number_pattern - 1, &st, msg, sizeof msg, &off);
    if (g->number_rx < 0)
        return st == TRI_ERR_NOMEM ? st : TRI_ERR_ARG;
    return TRI_OK;
}

static const struct {
    const char *word;
    double value;
} small_numbers[] = {
    {"zero", 0},      {"one", 1},        {"two", 2},        {"three", 3},    {"four", 4},
    {"five", 5},      {"six", 6},        {"seven", 7},      {"eight", 8},    {"nine", 9},
    {"ten", 10},      {"eleven", 11},    {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
    {"twenty", 20},   {"thirty", 30},    {"forty", 40},     {"fifty", 50},   {"sixty", 60},
    {"seventy", 70},  {"eighty", 80},    {"ninety", 90},    {"hundred", 100},
};

static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Value range of a captured number (digits or words). */
static bool number_value(const char *s, size_t n, double *lo, double *hi)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    if ((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '.') {
        char *end;
        double v = strtod(buf, &end);
        if (*end || !isfinite(v))
            return false;
        *lo = *hi = v;
        return true;
    }
    /* word forms: "a", "twenty five", "twenty-five", "a hundred", "half an" */
    double current = 0;
    bool any = false;
    for (char *p = buf; *p;) {
        while (*p == ' ' || *p == '-')
            p++;
        char *w = p;
        while (*p && *p != ' ' && *p != '-')
            p++;
        size_t wl = (size_t)(p - w);
        if (!wl)
            break;
        static const struct {
            const char *word;
            double lo, hi;
        } fractions[] = {{"half", 0.5, 0.5},   {"quarter", 0.25, 0.25}, {"couple", 2, 2},
                         {"few", 2, 4},        {"several", 3, 7},       {"split", 0.1, 0.5}};
        for (size_t i = 0; i < sizeof fractions / sizeof fractions[0]; i++)
            if (word_is(w, wl, fractions[i].word)) {
                *lo = fractions[i].lo;
                *hi = fractions[i].hi;
                return true;
            }
        if (word_is(w, wl, "a") || word_is(w, wl, "an") || word_is(w, wl, "of"))
            continue;
        bool found = false;
        for (size_t i = 0; i < sizeof small_numbers / sizeof small_numbers[0]; i++)
            if (word_is(w, wl, small_numbers[i].word)) {
                double v = small_numbers[i].value;
                current = v == 100 ? (current > 0 ? current : 1) * 100 : current + v;
                any = found = true;
                break;
            }
        if (!found)
            return false;
    }
    if (!any)
        current = 1; /* "a", "an": one */
    *lo = *hi = current;
    return true;
}

double qty_unit_seconds(const char *u, size_t n)
{
    static const struct {
        const char *name;
        double seconds;
    } units[] = {
        {"ms", 0.001},        {"msec", 0.001},     {"msecs", 0.001},   {"millisecond", 0.001},
        {"milliseconds", 0.001}, {"s", 1},         {"sec", 1},         {"secs", 1},
        {"second", 1},        {"seconds", 1},      {"m", 60},          {"min", 60},
        {"mins", 60},         {"minute", 60},      {"minutes", 60},    {"h", 3600},
        {"hr", 3600},         {"hrs", 3600},       {"hour", 3600},     {"hours", 3600},
        {"d", 86400},         {"day", 86400},      {"days", 86400},    {"w", 604800},
        {"wk", 604800},       {"wks", 604800},     {"week", 604800},   {"weeks", 604800},
        {"mo", 2629800},      {"mos", 2629800},    {"mth", 2629800},   {"mths", 2629800},
        {"month", 2629800},   {"months", 2629800}, {"y", 31557600},    {"yr", 31557600},
        {"yrs", 31557600},    {"year", 31557600},  {"years", 31557600},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (word_is(u, n, units[i].name))
            return units[i].seconds;
    return 0;
}

static bool group_text(const rx_scratch *sc, unsigned g, const char *text, const char **s,
                       size_t *n)
{
    size_t b, e;
    if (!rx_group(sc, g, &b, &e) || e == b)
        return false;
    *s = text + b;
    *n = e - b;
    return true;
}

/* Applies "less than" / "more than" and orders the range. */
static void finish_range(bool lt, bool gt, double *lo, double *hi)
{
    if (*lo > *hi) {
        double t = *lo;
        *lo = *hi;
        *hi = t;
    }
    if (lt)
        *lo = 0;
    if (gt)
        *hi = INFINITY;
}

const char *qty_parse_duration(const qty_grammar *g, const rx_set *set, rx_scratch *sc,
                               const char *text, size_t len, double *lo, double *hi)
{
    static const char expected[] =
        "expected a length of time such as '2 s', '0.5-4 s', 'half a second' or '5 months'";
    int m = rx_match(set, g->duration_rx, sc, text, len, 0);
    if (m == -2)
        return qty_out_of_memory;
    if (m != 1)
        return expected;
    const char *s, *u;
    size_t n, un;
    double alo, ahi, blo, bhi, ua = 0, ub = 0;
    if (!group_text(sc, G_A, text, &s, &n) || !number_value(s, n, &alo, &ahi))
        return expected;
    if (group_text(sc, G_UA, text, &u, &un))
        ua = qty_unit_seconds(u, un);
    bool lt = rx_group(sc, G_LT, &(size_t){0}, &(size_t){0});
    bool gt = rx_group(sc, G_GT, &(size_t){0}, &(size_t){0});
    if (group_text(sc, G_B, text, &s, &n)) {
        if (!number_value(s, n, &blo, &bhi))
            return expected;
        if (group_text(sc, G_UB, text, &u, &un))
            ub = qty_unit_seconds(u, un);
        if (!ub)
            ub = ua;
        if (!ua)
            ua = ub;
        if (!ua)
            return "add a unit, for example '0.5-4 s' or '2-3 min'";
        *lo = fmin(alo * ua, blo * ub);
        *hi = fmax(ahi * ua, bhi * ub);
    } else {
        if (!ua)
            return "add a unit, for example '2 s', '10 min' or '5 months'";
        *lo = alo * ua;
        *hi = ahi * ua;
    }
    finish_range(lt, gt, lo, hi);
    return NULL;
}

/* Accepts what may follow a number: nothing, the question's unit or a
 * prefix of it ("y", "yrs" for "years"), optionally followed by "old". */
static bool unit_tail_ok(const char *tail, size_t n, const char *unit)
{
    while (n && (tail[n - 1] == ' ' || tail[n - 1] == '.'))
        n--;
    if (n >= 4 && strncasecmp(tail + n - 4, " old", 4) == 0)
        n -= 4;
    if (n == 0)
        return true;
    if (!unit)
        return false;
    size_t ul = strlen(unit);
    if (n <= ul && strncasecmp(tail, unit, n) == 0)
        return true;
    return strncasecmp(unit, "year", 4) == 0 && (word_is(tail, n, "yr") || word_is(tail, n, "yrs"));
}

const char *qty_parse_number(const qty_grammar *g, const rx_set *set, rx_scratch *sc,
                             const char *text, size_t len, const char *unit, double *lo,
                             double *hi)
{
    static const char expected[] = "expected a number such as '25' or '1.5'";
    int m = rx_match(set, g->number_rx, sc, text, len, 0);
    if (m == -2)
        return qty_out_of_memory;
    if (m != 1)
        return expected;
    const char *s;
    size_t n;
    double alo, ahi, blo, bhi;
    if (!group_text(sc, N_A, text, &s, &n) || !number_value(s, n, &alo, &ahi))
        return expected;
    const char *t;
    size_t tn;
    if (group_text(sc, N_U, text, &t, &tn) && !unit_tail_ok(t, tn, unit))
        return expected;
    *lo = alo;
    *hi = ahi;
    if (group_text(sc, N_B, text, &s, &n)) {
        if (!number_value(s, n, &blo, &bhi))
            return expected;
        *lo = fmin(alo, blo);
        *hi = fmax(ahi, bhi);
    }
    finish_range(rx_group(sc, N_LT, &(size_t){0}, &(size_t){0}),
                 rx_group(sc, N_GT, &(size_t){0}, &(size_t){0}), lo, hi);
    return NULL;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). Years are
 * kept within QTY_MIN_YEAR..QTY_MAX_YEAR by every caller, so nothing here
 * can overflow. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static unsigned days_in_month(long y, unsigned m)
{
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};

/* Reads exactly n ASCII digits at s into *v. */
static bool digits(const char *s, size_t n, unsigned *v)
{
    unsigned x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (unsigned)(s[i] - '0');
    }
    *v = x;
    return true;
}

const char *qty_parse_day(const char *text, size_t len, long *days, char *why, size_t size)
{
    unsigned y, m, d;
    if (len != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 4, &y) ||
        !digits(text + 5, 2, &m) || !digits(text + 8, 2, &d)) {
        snprintf(why, size, "expected a day written YYYY-MM-DD, such as 2023-02-16");
        return why;
    }
    if (y < QTY_MIN_YEAR)
        snprintf(why, size, "the year must be %d or later", QTY_MIN_YEAR);
    else if (m < 1 || m > 12)
        snprintf(why, size, "there is no month %02u (months run from 01 to 12)", m);
    else if (d < 1 || d > days_in_month(y, m))
        snprintf(why, size, "there is no day %02u in %s %u (it has %u days)", d,
                 month_names[m - 1], y, days_in_month(y, m));
    else
        why = NULL;
    if (why)
        return why;
    *days = days_from_civil(y, m, d);
    return NULL;
}

/* Reads 1 to max digits at *p (advancing it) into *v. */
static bool number_at(const char **p, const char *end, size_t max, unsigned *v)
{
    size_t n = 0;
    while (*p + n < end && n <= max && (*p)[n] >= '0' && (*p)[n] <= '9')
        n++;
    if (n == 0 || n > max)
        return false;
    digits(*p, n, v);
    *p += n;
    return true;
}

const char *qty_parse_since(const char *text, size_t len, const char *today, double *lo,
                            double *hi)
{
    static const char expected[] =
        "expected 'since' and a date, such as 'since 2022-09' or 'since September'";
    static const char no_such[] = "that date does not exist";
    if (len < 7 || strncasecmp(text, "since ", 6) != 0)
        return expected;
    long now;
    char why[128];
    if (!today || qty_parse_day(today, strlen(today), &now, why, sizeof why))
        return "a date like 'since September' needs the day the answers describe (date:)";
    unsigned ty = (unsigned)((today[0] - '0') * 1000 + (today[1] - '0') * 100 +
                             (today[2] - '0') * 10 + (today[3] - '0'));
    unsigned tm = (unsigned)((today[5] - '0') * 10 + (today[6] - '0'));
    const char *p = text + 6, *end = text + len;
    while (p < end && *p == ' ')
        p++;
    unsigned y = 0, m = 0, d = 0;
    if (end - p >= 5 && p[4] == '-' && p[0] >= '0' && p[0] <= '9') {
        /* YYYY-MM or YYYY-MM-DD (one or two digits for the month and day) */
        if (!digits(p, 4, &y))
            return expected;
        p += 5;
        if (!number_at(&p, end, 2, &m))
            return expected;
        if (p < end && *p == '-') {
            p++;
            if (!number_at(&p, end, 2, &d))
                return expected;
            if (d == 0)
                return no_such;
        }
    } else {
        /* a month's name (three letters at least), then maybe a year */
        const char *w = p;
        while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        size_t wl = (size_t)(p - w);
        for (unsigned i = 0; wl >= 3 && i < 12; i++)
            if (wl <= strlen(month_names[i]) && strncasecmp(w, month_names[i], wl) == 0)
                m = i + 1;
        if (!m)
            return "expected a month or a date after 'since'";
        while (p < end && *p == ' ')
            p++;
        if (p < end) {
            /* four digits: a two-digit year is ambiguous, a longer one impossible */
            const char *yp = p;
            if (!number_at(&p, end, 4, &y) || p - yp != 4)
                return "expected a year of four digits after the month, such as 'since "
                       "September 2022'";
        } else {
            y = m <= tm ? ty : ty - 1; /* the most recent such month */
        }
    }
    while (p < end && *p == ' ')
        p++;
    if (p != end)
        return expected;
    if (y < QTY_MIN_YEAR || m < 1 || m > 12 || (d && d > days_in_month(y, m)))
        return no_such;
    long first = days_from_civil(y, m, d ? d : 1);
    long last = d ? first : days_from_civil(y, m, days_in_month(y, m));
    if (first > now)
        return "that date is after the day the answers describe";
    if (last > now)
        last = now;
    *lo = (double)(now - last) * 86400;
    *hi = (double)(now - first) * 86400;
    return NULL;
}

void qty_format_duration(double seconds, char *buf, size_t size)
{
    static const struct {
        double s;
        const char *one, *many;
    } units[] = {
        {31557600, "year", "years"}, {2629800, "month", "months"}, {604800, "week", "weeks"},
        {86400, "day", "days"},      {3600, "hour", "hours"},      {60, "min", "min"},
        {1, "s", "s"},
    };
    if (isinf(seconds)) {
        snprintf(buf, size, "no limit");
        return;
    }
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        double v = seconds / units[i].s;
        if (v >= 1 && fabs(v - round(v * 10) / 10) < 1e-9) {
            snprintf(buf, size, "%g %s", round(v * 10) / 10, v == 1 ? units[i].one : units[i].many);
            return;
        }
    }
    snprintf(buf, size, "%g s", seconds);
}
