/*
 * ask_keep.c - keeping a person's answers between runs of `triage ask`, and
 * where they are kept.
 *
 * The text front end keeps the answers given so far in the user's state
 * folder ($XDG_STATE_HOME/triage/, by default ~/.local/state/triage/), in
 * last-answers.yaml, rewritten after every answer: leaving early, by quit,
 * end of input, Ctrl-C, a closed terminal or a crash, loses nothing, and
 * `triage ask --resume` goes on from there. The folder is private to the
 * user (mode 0700, files 0600): the answers are about someone's health.
 * The file is written whole or not at all (write_files.c).
 */
#include <stdlib.h>
#include <string.h>

#include "ask.h"

static const char keep_name[] = "last-answers.yaml";

char *keep_path_new(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    const char *base, *sub;
    /* the XDG base directory specification: a relative path is ignored */
    if (state && state[0] == '/') {
        base = state;
        sub = "/triage/";
    } else if (home && home[0] == '/') {
        base = home;
        sub = "/.local/state/triage/";
    } else {
        return NULL;
    }
    size_t n = strlen(base) + strlen(sub) + sizeof keep_name;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", base, sub, keep_name);
    return p;
}

void ask_keep(ask_run *r)
{
    if (!r->keep_path)
        return;
    size_t len;
    const char *y = tri_session_answers_yaml(r->s, &len);
    char why[512];
    if (y && write_file_atomic(r->keep_path, y, len, WRITE_PRIVATE, why, sizeof why)) {
        r->kept = true;
        return;
    }
    if (!r->keep_warned) /* once: the interview goes on without it */
        cli_error("%s (your answers are not kept between runs)", y ? why : "out of memory");
    r->keep_warned = true;
    r->kept = false;
}
