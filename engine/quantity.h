/*
 * quantity.h - numbers and durations as people write them.
 *
 * "2 s", "0.5-4 s", "half a second to four seconds", "about two seconds",
 * "10 min", "3 days", "5 months", "less than a second", "twenty five".
 * The grammar is a pair of PCRE2 patterns compiled once into the knowledge
 * base's rx_set; number words are turned into values by a small table.
 * Every result is a closed range [lo, hi] (equal for a single value);
 * durations are in seconds; "more than X" gives hi = +infinity.
 */
#ifndef TRIAGE_QUANTITY_H
#define TRIAGE_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "rx.h"

typedef struct qty_grammar {
    int duration_rx;
    int number_rx;
} qty_grammar;

/* Compiles the grammar into set. TRI_OK or TRI_ERR_NOMEM. */
tri_status qty_grammar_init(qty_grammar *g, rx_set *set);

/* The explanation returned when matching ran out of memory. */
extern const char qty_out_of_memory[];

/* Parses a duration. Returns NULL on success, or a short explanation of what
 * was expected (a static string, or qty_out_of_memory) on failure. */
const char *qty_parse_duration(const qty_grammar *g, const rx_set *set, rx_scratch *sc,
                               const char *text, size_t len, double *lo, double *hi);

/* Parses a number, optionally a range ("20-29") and optionally followed by
 * unit (e.g. "25 years old" for unit "years"); unit may be NULL. */
const char *qty_parse_number(const qty_grammar *g, const rx_set *set, rx_scratch *sc,
                             const char *text, size_t len, const char *unit, double *lo,
                             double *hi);

/* Years a date may name (a person's history; four digits at most). */
#define QTY_MIN_YEAR 1900
#define QTY_MAX_YEAR 9999

/* Parses a day written exactly YYYY-MM-DD that exists in the calendar into
 * days since 1970-01-01. Returns NULL on success, or why (filled with an
 * explanation, such as "there is no day 30 in February 2023"). */
const char *qty_parse_day(const char *text, size_t len, long *days, char *why, size_t size);

/* Parses "since 2022-09-01", "since 2022-09", "since September" or
 * "since September 2022" as the time from that day (or month) to the day
 * `today` (YYYY-MM-DD). A month gives a range: from its last day to its first.
 * Returns NULL on success, or an explanation (a static string). Years have
 * four digits; anything else is refused before any arithmetic. */
const char *qty_parse_since(const char *text, size_t len, const char *today, double *lo,
                            double *hi);

/* Seconds in one of the named units ("s", "min", "week", ...); 0 if unknown. */
double qty_unit_seconds(const char *unit, size_t len);

/* Writes a duration in seconds the way a person reads it ("4 s", "5 months"). */
void qty_format_duration(double seconds, char *buf, size_t size);

#endif
