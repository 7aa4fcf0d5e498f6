/*
 * answer_values.c - one strict answer set from values in memory: the public
 * door to session_set for readers of formats other than YAML (FHIR
 * QuestionnaireResponse), so that they accept exactly what an answers file
 * accepts and no more.
 *
 * Place in the pipeline: beside answers.c (which reads YAML answers files);
 * nothing here parses a file or keeps positions: the caller reports errors
 * at its own positions.
 */
#include <string.h>

#include "diag.h"
#include "session.h"

tri_status tri_session_answer_values(tri_session *s, size_t q, const char *const *values,
                                     size_t count, tri_error *err)
{
    diag_sink d;
    diag_init(&d, NULL, err);
    if (q >= s->kb->nquestions || !values || count == 0 || count > TRI_MAX_OPTIONS) {
        diag_fail(&d, TRI_ERR_ARG, NULL,
                  count > TRI_MAX_OPTIONS ? "more than %d answers" : "no such question or no value",
                  TRI_MAX_OPTIONS);
        return TRI_ERR_ARG;
    }
    size_t lens[TRI_MAX_OPTIONS];
    for (size_t i = 0; i < count; i++)
        lens[i] = strlen(values[i]);
    char why[512];
    if (session_set(s, (uint32_t)q, values, lens, count, true, why, sizeof why))
        return TRI_OK;
    tri_status st = strcmp(why, "out of memory") ? TRI_ERR_INVALID : TRI_ERR_NOMEM;
    if (err) {
        err->status = st;
        diag_copy(err->message, sizeof err->message, why);
        err->errors = 1;
    }
    return st;
}
