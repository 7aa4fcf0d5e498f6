/*
 * files.h - the files the engine reads: the YAML files under a path (a file
 * itself, or every .yaml/.yml file below a directory, recursively, in name
 * order), and whole files read into memory within the size limit.
 */
#ifndef TRIAGE_FILES_H
#define TRIAGE_FILES_H

#include "diag.h"

/* Calls fn(path, ctx) for path itself when it is a file, or for each YAML
 * file below it when it is a directory; fn returns false to stop. The path
 * passed to fn is valid only during the call. Problems (cannot open, nested
 * too deep, out of memory) are reported to d; returns diag_status(d). */
tri_status files_each_yaml(const char *path, tri_path_fn fn, void *ctx, const tri_allocator *a,
                           diag_sink *d);

/* Reads the whole file at path ("-": standard input) into a buffer from a,
 * refusing files over TRI_MAX_FILE_BYTES. On TRI_OK, *data (owned by the
 * caller, freed with a) holds *size bytes. Otherwise the problem (cannot
 * open or read, too big, out of memory) has been reported to d. */
tri_status files_read(const char *path, const tri_allocator *a, char **data, size_t *size,
                      diag_sink *d);

#endif
