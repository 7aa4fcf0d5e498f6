/*
 * write_files.c - see write_files.h. A file is created with O_EXCL, so two
 * runs (or a file that appeared meanwhile) never overwrite anything.
 */
#include "write_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

bool make_dirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        cli_error("cannot create '%s': name too long", path);
        return false;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char keep = buf[i];
        buf[i] = '\0';
        struct stat st;
        if (stat(buf, &st) != 0) {
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                cli_error("cannot create '%s': %s", buf, strerror(errno));
                return false;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            cli_error("cannot create '%s': a file of that name is in the way", buf);
            return false;
        }
        buf[i] = keep;
    }
    return true;
}

bool write_new_file(const char *dir, const char *name, const char *data, size_t size)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        cli_error("cannot create '%s/%s': name too long", dir, name);
        return false;
    }
    char *slash = strrchr(path, '/');
    *slash = '\0';
    bool ok = make_dirs(path);
    *slash = '/';
    if (!ok)
        return false;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) {
        cli_error(errno == EEXIST ? "'%s' exists already; not overwritten" : "cannot create '%s': %s",
                  path, strerror(errno));
        return false;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            cli_error("cannot write '%s': %s", path, strerror(errno));
            close(fd);
            return false;
        }
        done += (size_t)w;
    }
    if (close(fd) != 0) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        return false;
    }
    return true;
}

bool is_empty_or_missing_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = false;
    closedir(d);
    return empty;
}
