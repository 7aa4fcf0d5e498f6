/*
 * write_files.h - writing files so that nobody ever sees half of one: the
 * answers of `triage ask` (--save, save, the kept copy), `triage export
 * --output`, and the new files of `rules export` and `init`.
 *
 * Every file is written under a temporary name beside its target, flushed to
 * disk, then renamed over the target (or, for a new file, linked to its name,
 * which fails rather than overwrite). A full disk, a folder in the way or an
 * unwritable folder leaves the target as it was and is reported. Ctrl-C,
 * SIGTERM, SIGHUP and SIGQUIT are held while a temporary file exists, so a
 * signal never leaves one behind.
 */
#ifndef TRIAGE_CLI_WRITE_FILES_H
#define TRIAGE_CLI_WRITE_FILES_H

#include <stdbool.h>
#include <stddef.h>

/* Creates the folder path and any missing parents. Prints the problem and
 * returns false on failure. */
bool make_dirs(const char *path);

/* Writes size bytes of data to the new file dir/name (name may contain
 * '/'), creating folders as needed, whole or not at all. Refuses (prints,
 * returns false) when the file exists or cannot be written; an existing file
 * is never touched. */
bool write_new_file(const char *dir, const char *name, const char *data, size_t size);

/* True when path is a folder with no entries (or does not exist). */
bool is_empty_or_missing_dir(const char *path);

/* How write_file_atomic writes. */
enum write_flags {
    WRITE_PRIVATE = 1,   /* missing folders are created (mode 0700); the file is the owner's only */
    WRITE_NO_FOLLOW = 2, /* a symbolic link at path is replaced, not followed */
};

/* Writes len bytes of data to path whole or not at all: the target is always
 * either the old file or the whole new one. A symbolic link at path is
 * followed (the file it names is replaced; the link stays) unless
 * WRITE_NO_FOLLOW. A target that is not a regular file (a folder, a FIFO, a
 * device) is refused. Without WRITE_PRIVATE the folder must exist and the
 * file gets the usual mode (0666 less the umask). On failure returns false
 * with why (lower case, naming the file) filled; nothing is printed. */
bool write_file_atomic(const char *path, const char *data, size_t len, unsigned flags, char *why,
                       size_t why_size);

/* Whether write_file_atomic(path, ..., 0, ...) can succeed, checked before
 * the work whose result goes there (before the first question for --save):
 * the target is a regular file or missing, and a temporary file can be
 * created beside it. Leaves nothing behind. A full disk is only found when
 * the data is written. On failure returns false with why filled. */
bool check_writable(const char *path, char *why, size_t why_size);

/* The file write_file_atomic(path) replaces: the target of a symbolic link
 * at path, or path. Caller frees; NULL when out of memory. */
char *write_target_new(const char *path);

#endif
