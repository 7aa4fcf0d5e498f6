/*
 * fhir.h - the question set and answers as FHIR R4 resources: a
 * Questionnaire (written), a QuestionnaireResponse (written and read).
 *
 * The mapping, documented in the README ("FHIR"):
 *   question id -> item.linkId; choice -> choice; multi -> choice with
 *   repeats; yes_no -> boolean; number -> decimal (unit and bounds as the
 *   standard questionnaire-unit, minValue and maxValue extensions); duration
 *   -> string holding the answers-file text ("0.5-4 s", "3 months"); text ->
 *   string. Options are answerOption.valueCoding with system
 *   FHIR_BASE/CodeSystem/QUESTION_ID and code = option id. Help is a child
 *   display item (linkId QUESTION_ID.help) with itemControl "help". ask_if
 *   becomes enableWhen when it can be said there (see fhir.c), else the
 *   FHIR_BASE/StructureDefinition/ask-if extension carries it as text.
 *   An answer "unknown" is an item with no answer and the standard
 *   data-absent-reason extension (asked-unknown); a number range (20-30) is a
 *   valueDecimal of its lower end with the FHIR_BASE/StructureDefinition/
 *   range-high extension; the answers' date is `authored`.
 */
#ifndef TRIAGE_CLI_FHIR_H
#define TRIAGE_CLI_FHIR_H

#include <stdio.h>

#include "common.h"

/* The base of every identifier this program mints. The project has no web
 * address of its own: the reserved .invalid domain says so, and never
 * resolves to anyone else's. */
#define FHIR_BASE "https://triage.invalid/fhir"

/* Writes kb's questions as a Questionnaire (texts in lang; NULL: English),
 * indented JSON and a newline, to out. Returns false on a write error. */
bool fhir_write_questionnaire(FILE *out, const tri_kb *kb, const char *lang);

/* Writes the answers of s as a QuestionnaireResponse to out. */
bool fhir_write_response(FILE *out, const tri_session *s, const char *lang);

/* Reads a QuestionnaireResponse (data[0..size), named name in messages) into
 * s, as an answers file would be read: every problem is printed through dp
 * with its file:line:col. Returns TRI_OK, or TRI_ERR_INVALID after errors
 * (answers read before them are kept). */
tri_status fhir_read_response(tri_session *s, const char *name, const char *data, size_t size,
                              diag_printer *dp);

/* Reads path ('-': standard input) and calls fhir_read_response. */
tri_status fhir_read_response_file(tri_session *s, const char *path, diag_printer *dp);

#endif
