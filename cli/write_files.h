/*
 * write_files.h - writing new files into a folder, for the commands that
 * create files (rules export, init): parents are created as needed and an
 * existing file is never overwritten.
 */
#ifndef TRIAGE_CLI_WRITE_FILES_H
#define TRIAGE_CLI_WRITE_FILES_H

#include <stdbool.h>
#include <stddef.h>

/* Creates the folder path and any missing parents. Prints the problem and
 * returns false on failure. */
bool make_dirs(const char *path);

/* Writes size bytes of data to the new file dir/name (name may contain
 * '/'), creating folders as needed. Refuses (prints, returns false) when the
 * file exists or cannot be written. */
bool write_new_file(const char *dir, const char *name, const char *data, size_t size);

/* True when path is a folder with no entries (or does not exist). */
bool is_empty_or_missing_dir(const char *path);

#endif
