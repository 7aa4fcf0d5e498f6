/*
 * answer.h - answer text to answer values: the one door through which every
 * answer enters a session.
 *
 * Answer text comes from places that must agree: answers files, case files
 * and JSON Lines records (strict: option ids, as files hold them), readers
 * of other formats such as FHIR (strict, through tri_session_answer_values)
 * and a person at a prompt (lenient: option words and the knowledge base's
 * patterns too, through tri_session_answer). All of them end in answer_set.
 */
#ifndef TRIAGE_ANSWER_H
#define TRIAGE_ANSWER_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* How answer text is read. */
typedef enum answer_mode {
    ANSWER_STRICT,  /* as files hold it: option ids, yes/no/true/false, "unknown" */
    ANSWER_LENIENT  /* as a person types it: also option words, patterns, "don't know" */
} answer_mode;

/* bad is set to this when the answer as a whole is at fault, not one item. */
#define ANSWER_WHOLE SIZE_MAX

/* Sets question q of s from items[0..n) (lens[i] bytes each; a list only for
 * a multi question; "unknown" alone marks it unknown). Returns TRI_OK;
 * TRI_ERR_INVALID with why (lower case, no final period) saying what was
 * expected and *bad (may be NULL) the index of the item at fault, or
 * ANSWER_WHOLE; or TRI_ERR_NOMEM. On error the session is unchanged. */
tri_status answer_set(tri_session *s, uint32_t q, const char *const *items, const size_t *lens,
                      size_t n, answer_mode mode, size_t *bad, char *why, size_t why_size);

#endif
