/*
 * story_numbers.c - numbers, lengths of time and frequencies in a story.
 *
 * Numbers as people write them: digits ("0.5", "1,5"), words ("twenty-five",
 * "a hundred and twenty"), fractions ("half a", "a quarter of an"), vague
 * amounts ("a couple of" 2, "a few" 2-4, "several" 3-7, "a handful" 3-6,
 * "many" 6-50, "dozens" 24-100) and ranges ("one to four", "3-4", "20~29",
 * "between 1 and 2", "2 or 3"). The vague amounts use the same values as
 * the answers grammar (quantity.c), so a story and a typed answer agree.
 *
 * A length of time is a number with a time unit, or a range of them ("0.5-4
 * s", "half a second to four seconds", "a second or two", "an hour and a
 * half", "less than a minute", "5+ minutes"). A frequency is a count per
 * period ("once or twice a night", "3-4x/week", "several times a day",
 * "every other night", "every few minutes", "nightly", "all day long",
 * "constantly"); it is brought to the period a person would use (fewer
 * than one a night is so many a week; every minute is many a day, counting
 * 16 waking hours) and mapped to an option by the vocabulary's rules.
 */
#include <math.h>

#include "story_internal.h"

static const struct {
    const char *word;
    double value;
} small_numbers[] = {
    {"zero", 0},     {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},
    {"five", 5},     {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},
    {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
    {"twenty", 20},  {"thirty", 30},  {"forty", 40},     {"fourty", 40},   {"fifty", 50},
    {"sixty", 60},   {"seventy", 70}, {"eighty", 80},    {"ninety", 90},
};

/* The value of a number word, or -1. */
static double word_value(const story_doc *d, uint32_t i)
{
    if (!story_is_word(d, i))
        return -1;
    const char *w = story_token_norm(d, i);
    for (size_t k = 0; k < sizeof small_numbers / sizeof small_numbers[0]; k++)
        if (!strcmp(w, small_numbers[k].word))
            return small_numbers[k].value;
    return -1;
}

static void set(story_num *n, double lo, double hi, uint32_t end, bool vague)
{
    n->lo = lo;
    n->hi = hi;
    n->end = end;
    n->vague = vague;
    n->article = false;
}

/* Skips "of" after a vague amount ("a couple of"). */
static uint32_t skip_of(const story_doc *d, uint32_t j, uint32_t lim)
{
    return j < lim && story_is(d, j, "of") ? j + 1 : j;
}

/* Word numbers: "twenty five", "twenty-five", "a hundred and twenty". */
static bool word_number(const story_doc *d, uint32_t i, uint32_t lim, story_num *n)
{
    double v = word_value(d, i);
    if (v < 0)
        return false;
    uint32_t j = i + 1;
    if (v >= 20 && fmod(v, 10) == 0 && j < lim) {
        uint32_t k = j;
        if (k < lim && story_is(d, k, "-") && (d->tokens[k].flags & STORY_TF_GLUED))
            k++;
        double u = k < lim ? word_value(d, k) : -1;
        if (u >= 1 && u <= 9) {
            v += u;
            j = k + 1;
        }
    }
    if (j < lim && story_is(d, j, "hundred")) {
        v = (v ? v : 1) * 100;
        j++;
        uint32_t k = j < lim && story_is(d, j, "and") ? j + 1 : j;
        story_num rest;
        if (k < lim && word_value(d, k) > 0 && word_number(d, k, lim, &rest) && rest.hi < 100) {
            v += rest.lo;
            j = rest.end;
        }
    }
    set(n, v, v, j, false);
    return true;
}

/* "and a half" after a number. */
static void and_a_half(const story_doc *d, uint32_t lim, story_num *n)
{
    uint32_t j = n->end;
    if (j + 2 < lim && story_is(d, j, "and") && story_is(d, j + 1, "a") &&
        story_is(d, j + 2, "half")) {
        n->lo += 0.5;
        n->hi += 0.5;
        n->end = j + 3;
    }
}

bool story_number_one(const story_doc *d, uint32_t i, uint32_t lim, story_num *n)
{
    if (i >= lim || i >= d->ntokens)
        return false;
    const story_token *t = &d->tokens[i];
    if (t->kind == STORY_TOK_NUMBER) {
        set(n, t->value, t->value, i + 1, false);
        /* "1½" */
        if (i + 1 < lim && story_is_number(d, i + 1) && (d->tokens[i + 1].flags & STORY_TF_GLUED) &&
            d->tokens[i + 1].value < 1 && d->norm[d->tokens[i + 1].norm] == '0') {
            n->lo = n->hi = t->value + d->tokens[i + 1].value;
            n->end = i + 2;
        }
        and_a_half(d, lim, n);
        return true;
    }
    if (t->kind != STORY_TOK_WORD)
        return false;
    uint32_t j = i + 1;
    if (story_is(d, i, "half")) {
        if (j < lim && (story_is(d, j, "a") || story_is(d, j, "an")))
            j++;
        set(n, 0.5, 0.5, j, false);
        return true;
    }
    if (story_is(d, i, "quarter")) {
        j = skip_of(d, j, lim);
        if (j < lim && (story_is(d, j, "a") || story_is(d, j, "an")))
            j++;
        set(n, 0.25, 0.25, j, false);
        return true;
    }
    bool article = story_is(d, i, "a") || story_is(d, i, "an");
    if (article || story_is(d, i, "one")) {
        if (j < lim && story_is(d, j, "half")) {
            set(n, 0.5, 0.5, j + 1, false);
            return true;
        }
        if (j < lim && story_is(d, j, "quarter"))
            return story_number_one(d, j, lim, n);
        if (article && j < lim) {
            if (story_is(d, j, "couple")) {
                set(n, 2, 2, skip_of(d, j + 1, lim), false);
                return true;
            }
            if (story_is(d, j, "few")) {
                set(n, 2, 4, j + 1, true);
                return true;
            }
            if (story_is(d, j, "dozen")) {
                set(n, 12, 12, skip_of(d, j + 1, lim), false);
                return true;
            }
            if (story_is(d, j, "handful")) {
                set(n, 3, 6, skip_of(d, j + 1, lim), true);
                return true;
            }
            if (story_is(d, j, "lot") && j + 1 < lim && story_is(d, j + 1, "of")) {
                set(n, 6, 50, j + 2, true);
                return true;
            }
            if (story_is(d, j, "split")) {
                set(n, 0.1, 0.5, j + 1, true);
                return true;
            }
            if (story_is(d, j, "hundred")) {
                set(n, 100, 100, j + 1, false);
                return true;
            }
        }
        if (!article)
            return word_number(d, i, lim, n) && (and_a_half(d, lim, n), true);
        set(n, 1, 1, j, false);
        n->article = true;
        return true;
    }
    if (story_is(d, i, "couple")) {
        set(n, 2, 2, skip_of(d, j, lim), false);
        return true;
    }
    if (story_is(d, i, "few")) {
        set(n, 2, 4, j, true);
        return true;
    }
    if (story_is(d, i, "several")) {
        set(n, 3, 7, j, true);
        return true;
    }
    if (story_is(d, i, "many") || story_is(d, i, "multiple") || story_is(d, i, "numerous") ||
        (story_is(d, i, "lots") && j < lim && story_is(d, j, "of"))) {
        set(n, 6, 50, skip_of(d, j, lim), true);
        return true;
    }
    if (story_is(d, i, "dozens")) {
        set(n, 24, 100, skip_of(d, j, lim), true);
        return true;
    }
    if (story_is(d, i, "hundreds")) {
        set(n, 200, 1000, skip_of(d, j, lim), true);
        return true;
    }
    if (story_is(d, i, "countless")) {
        set(n, 50, 1000, j, true);
        return true;
    }
    if (story_is(d, i, "dozen")) {
        set(n, 12, 12, skip_of(d, j, lim), false);
        return true;
    }
    if (story_is(d, i, "split")) {
        set(n, 0.1, 0.5, j, true);
        return true;
    }
    if (word_number(d, i, lim, n)) {
        and_a_half(d, lim, n);
        return true;
    }
    return false;
}

/* A range separator at j; for "and", only after "between". */
static bool range_separator(const story_doc *d, uint32_t j, bool between)
{
    if (story_is(d, j, "-") || story_is(d, j, "~") || story_is(d, j, "to") ||
        story_is(d, j, "or") || story_is(d, j, "till") || story_is(d, j, "until") ||
        story_is(d, j, "/"))
        return !story_is(d, j, "/") || (d->tokens[j].flags & STORY_TF_GLUED);
    return between && story_is(d, j, "and");
}

bool story_number_range(const story_doc *d, uint32_t i, uint32_t lim, story_num *n)
{
    bool between = i < lim && (story_is(d, i, "between") || story_is(d, i, "from"));
    uint32_t at = between ? i + 1 : i;
    if (!story_number_one(d, at, lim, n) || n->article)
        return false;
    uint32_t j = n->end;
    story_num b;
    if (j < lim && range_separator(d, j, between) && !story_is(d, j, "/") &&
        story_number_one(d, j + 1, lim, &b) && !b.article) {
        n->lo = fmin(n->lo, b.lo);
        n->hi = fmax(n->hi, b.hi);
        n->end = b.end;
        n->vague = n->vague || b.vague;
    } else if (between) {
        return false;
    }
    return true;
}

/* ---- time units --------------------------------------------------------- */

static const struct {
    const char *word;
    double seconds;
    bool glued_only; /* a single letter: only right after the number ("5m") */
} time_units[] = {
    /* (an abbreviation is a word of at most 4 letters that is not a whole word below) */
    {"ms", 0.001, false},
    {"msec", 0.001, false},
    {"msecs", 0.001, false},
    {"millisecond", 0.001, false},
    {"milliseconds", 0.001, false},
    {"s", 1, false},
    {"sec", 1, false},
    {"secs", 1, false},
    {"second", 1, false},
    {"seconds", 1, false},
    {"sek", 1, false},
    {"m", 60, true},
    {"min", 60, false},
    {"mins", 60, false},
    {"minute", 60, false},
    {"minutes", 60, false},
    {"minuts", 60, false},
    {"h", 3600, false},
    {"hr", 3600, false},
    {"hrs", 3600, false},
    {"hour", 3600, false},
    {"hours", 3600, false},
    {"d", 86400, true},
    {"day", 86400, false},
    {"days", 86400, false},
    {"w", 604800, true},
    {"wk", 604800, false},
    {"wks", 604800, false},
    {"week", 604800, false},
    {"weeks", 604800, false},
    {"mo", 2629800, true},
    {"mos", 2629800, false},
    {"mth", 2629800, false},
    {"mths", 2629800, false},
    {"month", 2629800, false},
    {"months", 2629800, false},
    {"y", 31557600, true},
    {"yr", 31557600, false},
    {"yrs", 31557600, false},
    {"year", 31557600, false},
    {"years", 31557600, false},
};

double story_time_unit(const story_doc *d, uint32_t i, uint32_t *end)
{
    if (!story_is_word(d, i))
        return 0;
    const char *w = story_token_norm(d, i);
    for (size_t k = 0; k < sizeof time_units / sizeof time_units[0]; k++)
        if (!strcmp(w, time_units[k].word)) {
            if (time_units[k].glued_only && !(d->tokens[i].flags & STORY_TF_GLUED))
                return 0;
            /* "y/o" is an age, not years */
            if (!strcmp(w, "y") && i + 1 < d->ntokens &&
                (story_is(d, i + 1, "/") || story_is(d, i + 1, ".")))
                return 0;
            *end = i + 1;
            /* "sec." / "min.", not the full stop after "a year." */
            static const char *const whole[] = {"day", "days", "week", "hour", "year", "sek", NULL};
            if (w[1] && d->tokens[i].norm_len <= 4 && !story_is_one_of(d, i, whole) &&
                i + 1 < d->ntokens && story_is(d, i + 1, ".") &&
                (d->tokens[i + 1].flags & STORY_TF_GLUED) && i + 2 < d->ntokens &&
                !(d->tokens[i + 2].flags & STORY_TF_CAPITAL) &&
                !(d->tokens[i + 2].flags & STORY_TF_LINE))
                *end = i + 2;
            return time_units[k].seconds;
        }
    return 0;
}

/* ---- lengths of time -------------------------------------------------- */

static const char *const lt_one[] = {"under", "below", "within", NULL};
static const char *const gt_one[] = {"over", "above", NULL};

/* "less than", "up to", "more than", ... at j: 1 below, 2 above, 0 none; *next after. */
static int bound_words(const story_doc *d, uint32_t j, uint32_t lim, uint32_t *next)
{
    *next = j;
    if (j >= lim)
        return 0;
    if (story_is_one_of(d, j, lt_one)) {
        *next = j + 1;
        return 1;
    }
    if (story_is_one_of(d, j, gt_one)) {
        *next = j + 1;
        return 2;
    }
    if (j + 1 < lim && story_is(d, j + 1, "than") &&
        (story_is(d, j, "less") || story_is(d, j, "shorter") || story_is(d, j, "fewer"))) {
        *next = j + 2;
        return 1;
    }
    if (j + 1 < lim && story_is(d, j + 1, "than") &&
        (story_is(d, j, "more") || story_is(d, j, "longer"))) {
        *next = j + 2;
        return 2;
    }
    if (j + 1 < lim && story_is(d, j, "up") && story_is(d, j + 1, "to")) {
        *next = j + 2;
        return 1;
    }
    if (j + 1 < lim && story_is(d, j, "at") && story_is(d, j + 1, "most")) {
        *next = j + 2;
        return 1;
    }
    if (j + 1 < lim && story_is(d, j, "at") && story_is(d, j + 1, "least")) {
        *next = j + 2;
        return 2;
    }
    if (j + 2 < lim && (story_is(d, j, "no") || story_is(d, j, "not")) &&
        story_is(d, j + 2, "than")) {
        if (story_is(d, j + 1, "more") || story_is(d, j + 1, "longer")) {
            *next = j + 3;
            return 1;
        }
        if (story_is(d, j + 1, "less") || story_is(d, j + 1, "shorter")) {
            *next = j + 3;
            return 2;
        }
    }
    return 0;
}

/* One number with its unit, if it has one: *unit = 0 when it has none. */
static bool number_with_unit(const story_doc *d, uint32_t j, uint32_t lim, story_num *n,
                             double *unit, bool *more)
{
    if (!story_number_one(d, j, lim, n))
        return false;
    uint32_t k = n->end;
    *more = false;
    if (k < lim && story_is(d, k, "+") && (d->tokens[k].flags & STORY_TF_GLUED)) {
        *more = true; /* "5+ minutes" */
        k++;
    }
    uint32_t e;
    *unit = k < lim ? story_time_unit(d, k, &e) : 0;
    if (*unit) {
        n->end = e;
        if (e + 2 < lim && story_is(d, e, "and") && story_is(d, e + 1, "a") &&
            story_is(d, e + 2, "half")) {
            n->lo += 0.5;
            n->hi += 0.5;
            n->end = e + 3; /* "an hour and a half" */
        }
    } else if (*more) {
        n->end = k;
    }
    return true;
}

bool story_duration_at(const story_doc *d, uint32_t i, uint32_t lim, story_num *n)
{
    uint32_t j;
    int bound = bound_words(d, i, lim, &j);
    bool between = j < lim && (story_is(d, j, "between") || story_is(d, j, "from"));
    if (between)
        j++;
    story_num a, b;
    double ua, ub = 0;
    bool more_a, more_b = false;
    if (!number_with_unit(d, j, lim, &a, &ua, &more_a))
        return false;
    if (a.article && !ua)
        return false;
    uint32_t end = a.end;
    bool have_b = false;
    if (end < lim && range_separator(d, end, between) && !story_is(d, end, "/")) {
        uint32_t k = end + 1;
        if (k < lim && bound_words(d, k, lim, &k) == 0 &&
            number_with_unit(d, k, lim, &b, &ub, &more_b) && (!b.article || ub)) {
            have_b = true;
            end = b.end;
        }
    }
    if (!ua && !ub)
        return false;
    if (!ua)
        ua = ub;
    if (!ub)
        ub = ua;
    n->lo = a.lo * ua;
    n->hi = a.hi * ua;
    if (have_b) {
        n->lo = fmin(n->lo, b.lo * ub);
        n->hi = fmax(n->hi, b.hi * ub);
    }
    n->vague = a.vague || (have_b && b.vague);
    n->article = false;
    /* "or more", "or longer", "or less" */
    if (end + 1 < lim && story_is(d, end, "or")) {
        if (story_is(d, end + 1, "more") || story_is(d, end + 1, "longer")) {
            more_b = true;
            end += 2;
        } else if (story_is(d, end + 1, "less") || story_is(d, end + 1, "shorter")) {
            bound = 1;
            end += 2;
        }
    }
    if (bound == 1)
        n->lo = 0;
    if (bound == 2 || more_a || more_b)
        n->hi = INFINITY;
    n->end = end;
    return true;
}

/* ---- intros ----------------------------------------------------------- */

static const char *const skipped_before[] = {
    "about",     "around",    "roughly", "approximately", "approx",  "~",    "nearly",
    "almost",    "like",      "maybe",   "perhaps",       "just",    "only", "usually",
    "typically", "generally", "mostly",  "from",          "between", "some", "circa",
    "ca",        "probably",  "over",    "under",         "than",    "less", "more",
    "up",        "to",        "at",      "least",         "most",    NULL};

void story_set_intro(const story_doc *d, story_finding *f)
{
    uint32_t first = story_clause_first(d, f->tok_first);
    uint32_t j = f->tok_first;
    unsigned skips = 0;
    while (j > first && skips < 4 && story_is_one_of(d, j - 1, skipped_before)) {
        j--;
        skips++;
    }
    uint32_t e = j, words = 0;
    while (j > first && words < 3 && d->tokens[j - 1].kind == STORY_TOK_WORD) {
        j--;
        words++;
    }
    f->intro_first = j;
    f->intro_end = e;
}

/* ---- frequencies ------------------------------------------------------- */

typedef struct period_word {
    const char *word;
    uint8_t period;
} period_word;

static const period_word period_nouns[] = {
    {"night", STORY_PER_NIGHT},    {"nights", STORY_PER_NIGHT},   {"evening", STORY_PER_NIGHT},
    {"evenings", STORY_PER_NIGHT}, {"nite", STORY_PER_NIGHT},     {"day", STORY_PER_DAY},
    {"days", STORY_PER_DAY},       {"morning", STORY_PER_DAY},    {"mornings", STORY_PER_DAY},
    {"week", STORY_PER_WEEK},      {"weeks", STORY_PER_WEEK},     {"wk", STORY_PER_WEEK},
    {"month", STORY_PER_MONTH},    {"months", STORY_PER_MONTH},   {"year", STORY_PER_YEAR},
    {"years", STORY_PER_YEAR},     {"yr", STORY_PER_YEAR},        {"hour", STORY_PER_HOUR},
    {"hours", STORY_PER_HOUR},     {"hr", STORY_PER_HOUR},        {"minute", STORY_PER_MINUTE},
    {"minutes", STORY_PER_MINUTE}, {"min", STORY_PER_MINUTE},     {"mins", STORY_PER_MINUTE},
    {"second", STORY_PER_SECOND},  {"seconds", STORY_PER_SECOND}, {"sec", STORY_PER_SECOND},
    {"secs", STORY_PER_SECOND},
};

static const period_word period_adverbs[] = {
    {"nightly", STORY_PER_NIGHT}, {"daily", STORY_PER_DAY},   {"weekly", STORY_PER_WEEK},
    {"monthly", STORY_PER_MONTH}, {"yearly", STORY_PER_YEAR}, {"annually", STORY_PER_YEAR},
    {"hourly", STORY_PER_HOUR},
};

static uint8_t lookup(const story_doc *d, uint32_t i, const period_word *list, size_t n)
{
    if (!story_is_word(d, i))
        return STORY_PER_NONE;
    const char *w = story_token_norm(d, i);
    for (size_t k = 0; k < n; k++)
        if (!strcmp(w, list[k].word))
            return list[k].period;
    return STORY_PER_NONE;
}

#define NOUN(d, i) lookup(d, i, period_nouns, sizeof period_nouns / sizeof period_nouns[0])
#define ADVERB(d, i) lookup(d, i, period_adverbs, sizeof period_adverbs / sizeof period_adverbs[0])

/* "a night", "per week", "/week", "each day", "at night", "in the night",
 * "during the night", "nightly": the period and the token after it. */
static uint8_t per_period(const story_doc *d, uint32_t j, uint32_t lim, uint32_t *end)
{
    if (j >= lim)
        return STORY_PER_NONE;
    uint8_t p = ADVERB(d, j);
    if (p) {
        *end = j + 1;
        return p;
    }
    static const char *const per[] = {"a",  "an", "per",    "each",    "every",      "/",
                                      "at", "in", "during", "through", "throughout", NULL};
    if (!story_is_one_of(d, j, per))
        return STORY_PER_NONE;
    uint32_t k = j + 1;
    if (k < lim && (story_is(d, k, "the") || story_is(d, k, "a") || story_is(d, k, "an") ||
                    story_is(d, k, "one") || story_is(d, k, "single")))
        k++;
    p = k < lim ? NOUN(d, k) : STORY_PER_NONE;
    if (!p)
        return STORY_PER_NONE;
    if (story_is(d, j, "at") && p != STORY_PER_NIGHT)
        return STORY_PER_NONE; /* "at night" is per night; "at the weekend" is not a rate */
    *end = k + 1;
    return p;
}

/* Brings a rate to the period a person would name. A rate per second,
 * minute or hour counts over 16 waking hours, or over 8 hours of the night
 * when its sentence speaks of the night or of sleep. */
static void normalise(uint8_t *period, double *lo, double *hi, bool at_night)
{
    if (*period == STORY_PER_SECOND) {
        *lo *= 60;
        *hi *= 60;
        *period = STORY_PER_MINUTE;
    }
    if (*period == STORY_PER_MINUTE) {
        *lo *= 60;
        *hi *= 60;
        *period = STORY_PER_HOUR;
    }
    if (*period == STORY_PER_HOUR) {
        *lo *= at_night ? 8 : 16;
        *hi *= at_night ? 8 : 16;
        *period = at_night ? STORY_PER_NIGHT : STORY_PER_DAY;
    }
    if ((*period == STORY_PER_DAY || *period == STORY_PER_NIGHT) && *hi < 1) {
        *lo *= 7;
        *hi *= 7;
        *period = STORY_PER_WEEK;
    }
    if (*period == STORY_PER_WEEK && *hi < 1) {
        *lo *= 30.4375 / 7;
        *hi *= 30.4375 / 7;
        *period = STORY_PER_MONTH;
    }
    if (*period == STORY_PER_MONTH && *hi < 1) {
        *lo *= 12;
        *hi *= 12;
        *period = STORY_PER_YEAR;
    }
    if (*period == STORY_PER_MONTH && *lo >= 8) {
        *lo /= 30.4375 / 7;
        *hi /= 30.4375 / 7;
        *period = STORY_PER_WEEK;
    }
    if (*period == STORY_PER_WEEK && *lo >= 7) {
        *lo /= 7;
        *hi /= 7;
        *period = STORY_PER_DAY;
    }
}

static void map_option(const story_vocab *v, story_finding *f)
{
    double mid = isinf(f->hi) ? INFINITY : (f->lo + f->hi) / 2;
    for (size_t k = 0; k < v->nfrequencies; k++) {
        const story_frequency_rule *r = &v->frequencies[k];
        if (r->period != f->period || mid < r->min)
            continue;
        if (mid < r->max || (isinf(mid) && isinf(r->max))) {
            f->option = r->option;
            f->entry = (uint16_t)k;
            return;
        }
    }
}

static void add_frequency(story_ctx *c, uint32_t first, uint32_t end, uint8_t period, double lo,
                          double hi, bool vague)
{
    if (story_any_used(c, first, end))
        return;
    story_finding *f = story_add(c, STORY_FREQUENCY, first, end);
    if (!f)
        return;
    static const char *const night_words[] = {"night", "nights",  "asleep",    "sleep", "sleeping",
                                              "bed",   "nightly", "overnight", NULL};
    bool at_night = false;
    const story_doc *d = c->doc;
    const story_sentence *st = &d->sentences[d->clauses[d->tokens[first].clause].sentence];
    for (uint32_t k = st->tok_first; k < st->tok_end && !at_night; k++)
        at_night = story_is_one_of(d, k, night_words);
    normalise(&period, &lo, &hi, at_night);
    f->period = period;
    f->lo = lo;
    f->hi = hi;
    if (vague)
        f->flags |= STORY_VAGUE;
    map_option(c->vocab, f);
    story_use(c, first, end);
}

/* "all the time", "constantly", "non-stop", "never stops", "24/7". */
const char *const story_continuous_phrases[] = {"all the time",
                                                "constantly",
                                                "constant",
                                                "non stop",
                                                "nonstop",
                                                "continuous",
                                                "continuously",
                                                "never stops|stop",
                                                "doesn't|won't|don't|never stop|stops",
                                                "does|do|will not stop",
                                                "without stopping",
                                                "24 / 7",
                                                "round|around the clock",
                                                "all day and [all] night",
                                                "day and night",
                                                NULL};

typedef struct freq_pass {
    story_ctx *c;
    story_pattern *continuous;
    size_t ncontinuous;
} freq_pass;

static bool continuous_at(const freq_pass *fp, uint32_t i, uint32_t lim, uint32_t *end)
{
    for (size_t k = 0; k < fp->ncontinuous; k++)
        if (story_pattern_at(fp->c->doc, &fp->continuous[k], i, lim, end))
            return true;
    return false;
}

/* Counts without "times": "once", "twice", "thrice", "once or twice". */
static bool count_word(const story_doc *d, uint32_t i, uint32_t lim, story_num *n)
{
    double v = story_is(d, i, "once")     ? 1
               : story_is(d, i, "twice")  ? 2
               : story_is(d, i, "thrice") ? 3
                                          : 0;
    if (!v)
        return false;
    set(n, v, v, i + 1, false);
    if (i + 2 < lim && story_is(d, i + 1, "or")) {
        double w = story_is(d, i + 2, "twice") ? 2 : story_is(d, i + 2, "thrice") ? 3 : 0;
        if (!w && story_is(d, i + 2, "two") && i + 3 < lim && story_is(d, i + 3, "times"))
            w = 2;
        if (w) {
            n->hi = w;
            n->end = story_is(d, i + 2, "two") ? i + 4 : i + 3;
        }
    }
    return true;
}

/* Cues that a bare count is the count of all episodes so far. */
static bool ever_cue(const story_doc *d, uint32_t first, uint32_t end, uint32_t lim, uint32_t *stop)
{
    static const char *const after[] = {"ever", "total", "altogether", NULL};
    *stop = end;
    if (end < lim && story_is_one_of(d, end, after)) {
        *stop = end + 1;
        return true;
    }
    if (end + 1 < lim && ((story_is(d, end, "so") && story_is(d, end + 1, "far")) ||
                          (story_is(d, end, "in") &&
                           (story_is(d, end + 1, "total") || story_is(d, end + 1, "all"))))) {
        *stop = end + 2;
        return true;
    }
    static const char *const before[] = {"only", "just", "happened", "happen", "had", "occurred",
                                         "been", "has",  "have",     "ve",     NULL};
    uint32_t cf = story_clause_first(d, first);
    for (uint32_t k = first; k > cf && first - k < 3; k--)
        if (story_is_one_of(d, k - 1, before))
            return true;
    return false;
}

/* A frequency starting at i; adds it and returns true if there is one. */
static bool frequency_at(const freq_pass *fp, uint32_t i, uint32_t lim)
{
    story_ctx *c = fp->c;
    const story_doc *d = c->doc;
    uint32_t end;
    if (continuous_at(fp, i, lim, &end)) {
        add_frequency(c, i, end, STORY_PER_CONTINUOUS, INFINITY, INFINITY, false);
        return true;
    }
    /* all day (long), all night (long), the whole night */
    if ((story_is(d, i, "all") ||
         (story_is(d, i, "the") && i + 1 < lim && story_is(d, i + 1, "whole"))) &&
        i + 1 < lim) {
        uint32_t k = story_is(d, i, "all") ? i + 1 : i + 2;
        uint8_t p = k < lim ? NOUN(d, k) : STORY_PER_NONE;
        if (p == STORY_PER_DAY || p == STORY_PER_NIGHT) {
            end = k + 1;
            if (end < lim && story_is(d, end, "long"))
                end++;
            add_frequency(c, i, end, p, INFINITY, INFINITY, false);
            return true;
        }
    }
    /* every (single|other|few|N) period(s) */
    if (story_is(d, i, "every") || story_is(d, i, "each")) {
        uint32_t k = i + 1;
        double lo = 1, hi = 1;
        bool vague = false;
        if (k < lim && story_is(d, k, "single"))
            k++;
        if (k < lim && (story_is(d, k, "other") || story_is(d, k, "second"))) {
            lo = hi = 0.5;
            k++;
        } else {
            story_num n;
            if (k < lim && story_number_range(d, k, lim, &n) && n.lo > 0) {
                lo = 1 / n.hi;
                hi = 1 / n.lo;
                vague = n.vague;
                k = n.end;
            }
        }
        uint8_t p = k < lim ? NOUN(d, k) : STORY_PER_NONE;
        if (p) {
            add_frequency(c, i, k + 1, p, lo, hi, vague);
            return true;
        }
        return false;
    }
    /* nightly, daily (not "my daily routine"); most nights, some days */
    static const char *const after_adverb[] = {
        "and",    "or",      "but",       "now",     "since", "for",       "at",     "in",
        "on",     "when",    "before",    "after",   "while", "too",       "lately", "recently",
        "mostly", "usually", "basically", "almost",  "so",    "though",    "then",   "during",
        "as",     "if",      "until",     "lasting", "each",  "sometimes", NULL};
    uint8_t p = ADVERB(d, i);
    if (p && i + 1 < lim && story_is_word(d, i + 1) && !story_is_one_of(d, i + 1, after_adverb))
        p = STORY_PER_NONE;
    if (p) {
        add_frequency(c, i, i + 1, p, 1, 1, false);
        return true;
    }
    if ((story_is(d, i, "most") || story_is(d, i, "some")) && i + 1 < lim) {
        p = NOUN(d, i + 1);
        if (p == STORY_PER_NIGHT || p == STORY_PER_DAY) {
            bool most = story_is(d, i, "most");
            end = i + 2;
            if (most && end + 2 < lim && story_is(d, end, "of") && story_is(d, end + 1, "the") &&
                NOUN(d, end + 2) == STORY_PER_WEEK)
                end += 3;
            add_frequency(c, i, end, most ? p : STORY_PER_WEEK, most ? 1 : 2, most ? 1 : 3, true);
            return true;
        }
    }
    /* counts: once / twice / N times / N x / N nights a week */
    story_num n;
    uint32_t k;
    if (count_word(d, i, lim, &n)) {
        k = n.end;
    } else if (story_number_range(d, i, lim, &n) && !n.article) {
        k = n.end;
        uint32_t e;
        if (k < lim && (story_is(d, k, "times") || story_is(d, k, "time") || story_is(d, k, "x"))) {
            k++;
        } else if (k < lim &&
                   (story_is(d, k, "per") || story_is(d, k, "/") || story_is(d, k, "a") ||
                    story_is(d, k, "an") || story_is(d, k, "each")) &&
                   (p = per_period(d, k, lim, &e)) != STORY_PER_NONE) {
            /* "10-15 per day", "3/week" */
            add_frequency(c, i, e, p, n.lo, n.hi, n.vague);
            return true;
        } else if (k < lim && (NOUN(d, k) == STORY_PER_NIGHT || NOUN(d, k) == STORY_PER_DAY)) {
            /* "3 nights a week" */
            uint8_t q = per_period(d, k + 1, lim, &e);
            if (q == STORY_PER_WEEK || q == STORY_PER_MONTH) {
                add_frequency(c, i, e, q, n.lo, n.hi, n.vague);
                return true;
            }
            return false;
        } else {
            return false;
        }
    } else {
        return false;
    }
    p = per_period(d, k, lim, &end);
    if (p) {
        add_frequency(c, i, end, p, n.lo, n.hi, n.vague);
        return true;
    }
    uint32_t stop;
    if (ever_cue(d, i, k, lim, &stop)) {
        add_frequency(c, i, stop, STORY_PER_EVER, n.lo, n.hi, n.vague);
        return true;
    }
    return false;
}

void story_find_frequencies(story_ctx *c)
{
    const story_doc *d = c->doc;
    freq_pass fp = {c, NULL, 0};
    fp.continuous = story_patterns(c->ar, story_continuous_phrases, &fp.ncontinuous);
    if (!fp.continuous) {
        c->nomem = true;
        return;
    }
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (c->used[i] || d->tokens[i].kind == STORY_TOK_PUNCT)
            continue;
        frequency_at(&fp, i, story_sentence_end(d, i));
    }
}

/* ---- durations and numbers -------------------------------------------- */

/* "lasting seconds", "for months": a plural unit alone after such a word. */
static bool bare_unit(story_ctx *c, uint32_t i)
{
    static const struct {
        const char *word;
        double unit, lo, hi;
    } bare[] = {{"seconds", 1, 2, 59},     {"minutes", 60, 2, 59},  {"hours", 3600, 2, 23},
                {"days", 86400, 2, 13},    {"weeks", 604800, 2, 8}, {"months", 2629800, 2, 11},
                {"years", 31557600, 2, 10}};
    static const char *const intro[] = {"for",   "lasting", "lasts", "last", "lasted",
                                        "takes", "took",    "goes",  NULL};
    const story_doc *d = c->doc;
    uint32_t prev = story_prev(d, i);
    if (prev == STORY_NONE || !story_is_one_of(d, prev, intro))
        return false;
    if (story_next(d, i) != STORY_NONE && story_is(d, story_next(d, i), "ago"))
        return false;
    for (size_t k = 0; k < sizeof bare / sizeof bare[0]; k++)
        if (story_is(d, i, bare[k].word)) {
            story_finding *f = story_add(c, STORY_DURATION, i, i + 1);
            if (!f)
                return false;
            f->lo = bare[k].lo * bare[k].unit;
            f->hi = bare[k].hi * bare[k].unit;
            f->flags |= STORY_VAGUE;
            story_set_intro(d, f);
            story_use(c, i, i + 1);
            return true;
        }
    return false;
}

void story_find_durations(story_ctx *c)
{
    const story_doc *d = c->doc;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (c->used[i] || d->tokens[i].kind == STORY_TOK_PUNCT)
            continue;
        uint32_t lim = story_clause_end(d, i);
        story_num n;
        if (!story_duration_at(d, i, lim, &n)) {
            bare_unit(c, i);
            continue;
        }
        if (story_any_used(c, i, n.end))
            continue;
        /* "a day", "a week" alone are rates ("2 coffees a day") unless a word
         * of length comes before them ("for a week", "lasted a day") */
        static const char *const length_words[] = {
            "for",    "lasting", "lasts", "last",   "lasted", "over", "about",
            "around", "within",  "in",    "past",   "than",   "only", "just",
            "takes",  "took",    "whole", "entire", "like",   "been", "nearly",
            "almost", "under",   "since", "after",  "least",  "most", NULL};
        uint32_t p = story_prev(d, i);
        if ((story_is(d, i, "a") || story_is(d, i, "an")) && n.lo == n.hi && n.lo >= 86400 &&
            (p == STORY_NONE || !story_is_one_of(d, p, length_words)))
            continue;
        /* "3 weeks ago" and "7 years old" belong to other passes; "a second
         * time" is not a length of time */
        if (n.end < d->ntokens && (story_is(d, n.end, "ago") || story_is(d, n.end, "old") ||
                                   story_is(d, n.end, "time") || story_is(d, n.end, "times")))
            continue;
        story_finding *f = story_add(c, STORY_DURATION, i, n.end);
        if (!f)
            return;
        f->lo = n.lo;
        f->hi = n.hi;
        if (n.vague)
            f->flags |= STORY_VAGUE;
        story_set_intro(d, f);
        story_use(c, i, n.end);
        i = n.end - 1;
    }
}

void story_find_numbers(story_ctx *c)
{
    const story_doc *d = c->doc;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (c->used[i] || !story_is_number(d, i))
            continue;
        uint32_t lim = story_clause_end(d, i), end = i + 1;
        double lo = d->tokens[i].value, hi = lo;
        /* a range of digits: "20-29", "20 to 29" */
        if (i + 2 < lim && range_separator(d, i + 1, false) && !story_is(d, i + 1, "/") &&
            story_is_number(d, i + 2) && !c->used[i + 2]) {
            double b = d->tokens[i + 2].value;
            lo = fmin(lo, b);
            hi = fmax(hi, b);
            end = i + 3;
        }
        story_finding *f = story_add(c, STORY_NUMBER, i, end);
        if (!f)
            return;
        f->lo = lo;
        f->hi = hi;
        story_set_intro(d, f);
        story_use(c, i, end);
        i = end - 1;
    }
}
