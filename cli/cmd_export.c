/*
 * cmd_export.c - `triage export`: the question set and answers in formats
 * other systems read: a FHIR R4 Questionnaire, and an answers file as a FHIR
 * R4 QuestionnaireResponse (fhir.c holds the mapping).
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fhir.h"

static int cmd_export(int argc, char **argv);

const command command_export = {
    "export",
    "triage export fhir-questionnaire|fhir-response [--rules PATH] [--lang TAG] [ANSWERS]",
    "write the questions or an answers file as FHIR R4 resources (JSON)",
    "\nFormats:\n"
    "  fhir-questionnaire  the question set as a FHIR R4 Questionnaire (ask_if as enableWhen)\n"
    "  fhir-response       the answers file ANSWERS ('-': standard input) as a FHIR R4\n"
    "                      QuestionnaireResponse, which 'triage run --answers-fhir' reads back\n"
    "\nOptions:\n"
    "  --rules PATH     a rule file or directory (default: the built-in knowledge base)\n"
    "  --lang TAG       language of the texts (default en; falls back to English)\n",
    cmd_export,
};

static int export_response(const tri_kb *kb, const char *answers, const char *lang,
                           diag_printer *dp)
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
    } else if (!fhir_write_response(stdout, s, lang)) {
        cli_error("cannot write the output");
        rc = EXIT_INPUT;
    }
    tri_session_free(s);
    return rc;
}

static int cmd_export(int argc, char **argv)
{
    const char *rules = NULL, *lang = NULL;
    const arg_spec specs[] = {
        {"--rules", &rules, NULL}, {"--lang", &lang, NULL}, {NULL, NULL, NULL}};
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
    diag_printer dp;
    diag_printer_init(&dp, stderr);
    tri_kb *kb = load_rules(rules, &dp);
    if (!kb)
        return EXIT_RULES;
    int rc = EXIT_OK;
    if (response) {
        rc = export_response(kb, args[1], lang, &dp);
    } else if (!fhir_write_questionnaire(stdout, kb, lang)) {
        cli_error("cannot write the output");
        rc = EXIT_INPUT;
    }
    tri_kb_free(kb);
    return rc;
}
