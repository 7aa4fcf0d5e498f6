/*
 * cmd_run.c - `triage run`: evaluate one answers file and print the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fhir.h"
#include "trace.h"

static int cmd_run(int argc, char **argv);

const command command_run = {
    "run",
    "triage run [--rules PATH] [--format text|json] [--detail] [--trace]\n"
    "                  [--pretty] [--lang TAG] ANSWERS|--answers-fhir FILE",
    "evaluate one answers file ('-' for standard input) and print the result",
    "\nOptions:\n"
    "  --rules PATH     a rule file or directory (default: the built-in knowledge\n"
    "                   base)\n"
    "  --format FORMAT  text (for a person, the default) or json (one object on one\n"
    "                   line; docs/result.schema.json)\n"
    "  --detail         text: the detailed report (every reason, verdict, piece of\n"
    "                   advice and safety-net entry); without it, a short report\n"
    "                   that fits on one screen\n"
    "  --trace          also list every rule with its outcome: fired; did not fire,\n"
    "                   and the first test that failed; unknown, and the answer that\n"
    "                   is missing (JSON: the member \"trace\")\n"
    "  --pretty         indent the JSON\n"
    "  --lang TAG       language of the texts (default en; falls back to English)\n"
    "  --answers-fhir FILE\n"
    "                   read the answers from a FHIR R4 QuestionnaireResponse (JSON)\n",
    cmd_run,
};

static int cmd_run(int argc, char **argv)
{
    const char *rules = NULL, *format = "text", *lang = NULL, *fhir = NULL;
    bool pretty = false, detail = false, trace = false;
    const arg_spec specs[] = {{"--rules", &rules, NULL},
                              {"--format", &format, NULL},
                              {"--lang", &lang, NULL},
                              {"--pretty", NULL, &pretty},
                              {"--detail", NULL, &detail},
                              {"--trace", NULL, &trace},
                              {"--answers-fhir", &fhir, NULL},
                              {NULL, NULL, NULL}};
    static const char *const formats[] = {"text", "json", NULL};
    const char *args[2];
    int nargs = 0;
    bool ok = parse_args("run", argc, argv, specs, args, 2, &nargs) &&
              check_choice("run", "format", format, formats);
    const char *answers = nargs ? args[0] : fhir;
    if (ok && nargs != (fhir ? 0 : 1)) {
        if (fhir)
            usage_error("run", "give an answers file or --answers-fhir FILE, not both");
        else if (nargs > 1)
            usage_error("run", "one answers file at a time ('%s' and '%s')", args[0], args[1]);
        else
            usage_error("run", "no answers file given");
        ok = false;
    }
    if (!ok)
        return EXIT_USAGE;
    diag_printer dp;
    diag_printer_init(&dp, stderr);
    tri_kb *kb = load_rules(rules, &dp);
    if (!kb)
        return EXIT_RULES;
    tri_options opt = {0};
    opt.on_diag = print_diag;
    opt.diag_ctx = &dp;
    tri_error err;
    tri_session *s = tri_session_new(kb, &opt, &err);
    if (!s) {
        tri_kb_free(kb);
        return EXIT_RULES;
    }
    int rc = EXIT_OK;
    tri_status st = fhir ? fhir_read_response_file(s, fhir, &dp)
                         : tri_session_load_answers_file(s, answers, &err);
    if (st != TRI_OK) {
        if (dp.errors > 1)
            cli_error("%u errors in '%s'", dp.errors, answers);
        rc = EXIT_INPUT;
        goto done;
    }
    tri_session_evaluate(s);
    tri_report_options ro = {0};
    ro.lang = lang;
    size_t len;
    const char *out;
    if (!strcmp(format, "json")) {
        ro.pretty = pretty;
        out = tri_session_report_json(s, &ro, &len);
    } else {
        ro.color = want_color(stdout);
        ro.width = terminal_width(stdout);
        ro.detail = detail;
        out = tri_session_report_text(s, &ro, &len);
    }
    if (!out) {
        cli_error("out of memory");
        rc = EXIT_INPUT;
        goto done;
    }
    bool json = !strcmp(format, "json");
    if (trace && json) {
        /* the trace goes in as the result's last member */
        while (len && out[len - 1] == '\n')
            len--;
        fwrite(out, 1, len ? len - 1 : 0, stdout); /* all but the closing brace */
        fputs(pretty ? ",\n  " : ",", stdout);
        trace_json(stdout, s, pretty);
        fputs(pretty ? "\n}\n" : "}", stdout);
    } else {
        fwrite(out, 1, len, stdout);
    }
    if (trace && !json) {
        fputc('\n', stdout);
        trace_text(stdout, s);
    }
    if (json && !pretty)
        fputc('\n', stdout);
done:
    tri_session_free(s);
    tri_kb_free(kb);
    return rc;
}
