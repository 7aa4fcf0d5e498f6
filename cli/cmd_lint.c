/*
 * cmd_lint.c - `triage lint`: every problem in a knowledge base, GNU style
 * (or as one JSON object), then a count line.
 *
 * The library does the checking (loading with tri_options.lint set); this
 * file prints, counts and picks the exit code. Diagnostics go to standard
 * output: they are what the command was asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static int cmd_lint(int argc, char **argv);

const command command_lint = {
    "lint",
    "triage lint [--rules PATH] [--format text|json] [--werror]",
    "check a knowledge base: structure, references, logic, coverage and clinical safety",
    "\nEvery problem is printed as FILE:LINE:COL: error|warning: MESSAGE with the source line\n"
    "and a caret, then a count line such as '3 errors, 1 warning in 2 files' (the files\n"
    "checked). The checks are listed in docs/lint.md.\n"
    "\nOptions:\n"
    "  --rules PATH     a rule file or directory (default: the built-in knowledge base)\n"
    "  --format FORMAT  text (the default) or json: {\"summary\": {...}, \"diagnostics\": [...]}\n"
    "  --werror         treat warnings as errors (exit 1 when there is any)\n",
    cmd_lint,
};

/* ---- counting the files checked ------------------------------------------- */

static bool count_one(const char *path, void *ctx)
{
    (void)path;
    ++*(unsigned *)ctx;
    return true;
}

/* The .yaml files the loader reads under path: the library's own walk
 * (each directory once, symbolic-link loops included, within its limits). */
static unsigned count_files(const char *path)
{
    unsigned n = 0;
    tri_case_files(path, count_one, &n, NULL);
    return n;
}

/* ---- collecting diagnostics ------------------------------------------------ */

typedef struct lint_out {
    bool json;
    diag_printer text;
    FILE *out;
    unsigned errors, warnings, reported;
    bool unreadable; /* an I/O or limit failure: exit 3 */
} lint_out;

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(out, "\\u%04x", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) /* a C1 control */
            fprintf(out, "\\u%04x", *++p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static const char *severity_name(tri_severity s)
{
    return s == TRI_SEV_ERROR ? "error" : s == TRI_SEV_WARNING ? "warning" : "note";
}

static void on_diag(const tri_diag *d, void *ctx)
{
    lint_out *o = ctx;
    bool failure = !strcmp(d->check, "io") || !strcmp(d->check, "limit");
    if (failure)
        o->unreadable = true;
    if (d->severity == TRI_SEV_ERROR)
        o->errors++;
    else if (d->severity == TRI_SEV_WARNING)
        o->warnings++;
    if (o->json) {
        fputs(o->reported++ ? ",\n    " : "\n    ", o->out);
        fputs("{\"file\": ", o->out);
        json_string(o->out, d->file);
        fprintf(o->out, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", \"check\": ",
                d->line, d->column, severity_name(d->severity));
        json_string(o->out, d->check);
        fputs(", \"message\": ", o->out);
        json_string(o->out, d->message);
        fputc('}', o->out);
        return;
    }
    if (failure || !strcmp(d->check, "memory")) {
        cli_error("%s", d->message);
        return;
    }
    print_diag(d, &o->text);
}

static int cmd_lint(int argc, char **argv)
{
    const char *rules = NULL, *format = "text";
    bool werror = false;
    const arg_spec specs[] = {{"--rules", &rules, NULL},
                              {"--format", &format, NULL},
                              {"--werror", NULL, &werror},
                              {NULL, NULL, NULL}};
    static const char *const formats[] = {"text", "json", NULL};
    const char *args[1];
    int nargs = 0;
    bool ok = parse_args("lint", argc, argv, specs, args, 1, &nargs) &&
              check_choice("lint", "format", format, formats);
    if (ok && nargs) {
        usage_error("lint", "unexpected argument '%s' (give the rules with --rules PATH)", args[0]);
        ok = false;
    }
    if (!ok)
        return EXIT_USAGE;

    lint_out o;
    memset(&o, 0, sizeof o);
    o.json = !strcmp(format, "json");
    o.out = stdout;
    diag_printer_init(&o.text, stdout);
    if (o.json)
        printf("{\n  \"format\": %d,\n  \"diagnostics\": [", TRI_OUTPUT_FORMAT);

    tri_options opt = {0};
    opt.on_diag = on_diag;
    opt.diag_ctx = &o;
    opt.lint = true;
    tri_error err;
    tri_kb *kb = rules ? tri_kb_load(rules, &opt, &err) : tri_kb_load_default(&opt, &err);
    unsigned files;
    if (kb)
        files = (unsigned)tri_kb_file_count(kb);
    else if (rules)
        files = count_files(rules);
    else {
        size_t n;
        tri_default_sources(&n);
        files = (unsigned)n;
    }
    tri_kb_free(kb);
    if (err.status == TRI_ERR_IO || err.status == TRI_ERR_LIMIT || err.status == TRI_ERR_NOMEM)
        o.unreadable = true;
    if (o.unreadable && o.errors == 0)
        o.errors = 1; /* reported without a callback (should not happen) */

    if (o.json) {
        fprintf(stdout,
                "%s],\n  \"summary\": {\"errors\": %u, \"warnings\": %u, \"files\": %u}\n}\n",
                o.reported ? "\n  " : "", o.errors, o.warnings, files);
    } else if (!o.unreadable) {
        printf("%u error%s, %u warning%s in %u file%s\n", o.errors, o.errors == 1 ? "" : "s",
               o.warnings, o.warnings == 1 ? "" : "s", files, files == 1 ? "" : "s");
    }
    if (o.unreadable)
        return EXIT_RULES;
    if (o.errors || (werror && o.warnings))
        return EXIT_FAILURES;
    return EXIT_OK;
}
