/*
 * embedded.h - files compiled into the command at build time
 * (cmake/embed_files.cmake): the JSON Schemas of docs/, which `triage init`
 * copies next to a new rule folder.
 */
#ifndef TRIAGE_CLI_EMBEDDED_H
#define TRIAGE_CLI_EMBEDDED_H

#include <stddef.h>

typedef struct embedded_file {
    const char *name; /* base name: "rules.schema.json" */
    const char *data;
    size_t size;
} embedded_file;

/* The schemas in docs/ (NAME.schema.json), in name order. */
const embedded_file *embedded_schemas(size_t *count);

#endif
