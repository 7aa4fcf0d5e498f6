/*
 * schema.h - shapes of YAML values that the rule files, answers files and
 * case files share, checked at a node of the syntax tree (loader.h): each
 * reports what was expected and what was found, with the node's position.
 */
#ifndef TRIAGE_SCHEMA_H
#define TRIAGE_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "loader.h"

/* Parses a triage level name at node n into *level; otherwise reports an
 * error ("unknown triage level", with the nearest name) and returns false. */
bool schema_level(diag_sink *d, const node *n, uint8_t *level);

#endif
