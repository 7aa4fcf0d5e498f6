/*
 * cmd_export.c - `triage export`: the question set and answers in formats
 * other systems read: a FHIR R4 Questionnaire, and an answers file as a FHIR
 * R4 QuestionnaireResponse (fhir.c holds the mapping).
 *
 * The resource is built in memory first, so nothing is written unless it is
 * whole: to standard output, or with --output to a file, which is replaced
 * whole or not at all (write_files.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "fhir.h"
#include "write_files.h"

static int cmd_export(int argc, char **argv);

const command command_export = {
    "export",
    "triage export fhir-questionnaire|fhir-response [--rules PATH] [--lang TAG] [--output FILE]\n"
    "                     [ANSWERS]",
    "write the questions or an answers file as FHIR R4 resources (JSON)",
    "\nFormats:\n"
    "  fhir-questionnaire  the question set as a FHIR R4 Questionnaire (ask_if as enableWhen)\n"
    "  fhir-response       the answers file ANSWERS ('-': standard input) as a FHIR R4\n"
    "                      QuestionnaireResponse, which 'triage run --answers-fhir' reads back\n"
    "\nOptions:\n"
    "  --rules PATH     a rule file or directory (default: the built-in knowledge base)\n"
    "  --lang TAG       language of the texts (default en; falls back to English)\n"
    "  --output FILE    write to FILE instead of standard output: the whole resource or, on\n"
    "                   any failure, nothing (an existing FILE is then left as it was)\n",
    cmd_export,
};

/* The resource being written, in memory. */
typedef struct output {
    char *data;
    size_t size;
    FILE *f;
} output;

static bool output_open(output *o)
{
    o->data = NULL;
    o->size = 0;
    o->f = open_memstream(&o->data, &o->size);
    if (!o->f)
        cli_error("out of memory");
    return o->f != NULL;
}

/* Sends what was written to path (NULL: standard output) and frees it.
 * written: the writer succeeded. Returns an exit code. */
static int output_close(output *o, bool written, const char *path)
{
    bool ok = fclose(o->f) == 0 && written;
    int rc = EXIT_OK;
    char why[4200];
    if (!ok) {
        cli_error("out of memory");
        rc = EXIT_INPUT;
    } else if (!path) {
        fwrite(o->data, 1, o->size, stdout); /* main checks standard output */
    } else if (!write_file_atomic(path, o->data, o->size, 0, why, sizeof why)) {
        cli_error("%s", why);
        rc = EXIT_INPUT;
    }
    free(o->data);
    return rc;
}

static int export_response(const tri_kb *kb, const char *answers, const char *lang,
                           const char *path, diag_printer *dp)
{
    tri_options opt = {0};
    opt.on_diag = print_diag;
    opt.diag_ctx = dp;
    tri_error err;
    tri_session *s = tri_session_new(kb, &opt, &err);
    if (!s) {
        cli_error("out of memory");
        return EXIT_INPUT;
    }
    int rc = EXIT_OK;
    if (tri_session_load_answers_file(s, answers, &err) != TRI_OK) {
        if (dp->errors > 1)
            cli_error("%u errors in '%s'", dp->errors, answers);
        rc = EXIT_INPUT;
    } else {
        output o;
        rc = output_open(&o) ? output_close(&o, fhir_write_response(o.f, s, lang), path)
                             : EXIT_INPUT;
    }
    tri_session_free(s);
    return rc;
}

static int cmd_export(int argc, char **argv)
{
    const char *rules = NULL, *lang = NULL, *path = NULL;
    const arg_spec specs[] = {{"--rules", &rules, NULL},
                              {"--lang", &lang, NULL},
                              {"--output", &path, NULL},
                              {NULL, NULL, NULL}};
    static const char *const formats[] = {"fhir-questionnaire", "fhir-response", NULL};
    const char *args[3];
    int nargs = 0;
    if (!parse_args("export", argc, argv, specs, args, 3, &nargs))
        return EXIT_USAGE;
    if (nargs == 0)
        return usage_error("export", "no format given (fhir-questionnaire or fhir-response)");
    if (!check_choice("export", "format", args[0], formats))
        return EXIT_USAGE;
    bool response = !strcmp(args[0], "fhir-response");
    if (response && nargs != 2)
        return usage_error("export", nargs < 2 ? "fhir-response needs an answers file"
                                               : "one answers file at a time");
    if (!response && nargs != 1)
        return usage_error("export", "unexpected argument '%s'", args[1]);
    if (path) { /* said before any work */
        char why[4200];
        if (!check_writable(path, why, sizeof why)) {
            cli_error("%s (--output)", why);
            return EXIT_INPUT;
        }
    }
    diag_printer dp;
    diag_printer_init(&dp, stderr);
    tri_kb *kb = load_rules(rules, &dp);
    if (!kb)
        return EXIT_RULES;
    int rc = EXIT_OK;
    output o;
    if (response)
        rc = export_response(kb, args[1], lang, path, &dp);
    else if (output_open(&o))
        rc = output_close(&o, fhir_write_questionnaire(o.f, kb, lang), path);
    else
        rc = EXIT_INPUT;
    tri_kb_free(kb);
    return rc;
}
