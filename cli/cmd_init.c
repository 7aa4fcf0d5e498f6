/*
 * cmd_init.c - `triage init DIR`: a starter rule folder that lints clean and
 * whose case file passes, with the JSON Schemas copied in so that editors
 * find them by a relative path wherever the folder goes.
 *
 *   DIR/rules/starter.yaml    one question, one condition, one rule
 *   DIR/cases/starter.yaml    two cases that pass (`triage eval`)
 *   DIR/answers/example.yaml  an answers file (`triage run`)
 *   DIR/schema/               the JSON Schemas; each file's first line points at one
 *   DIR/README.md             the commands to run next
 *
 * Rules and cases live in sibling folders because --rules reads every .yaml
 * file under its folder: a case file inside it would be read as rules.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "embedded.h"
#include "write_files.h"

static int cmd_init(int argc, char **argv);

const command command_init = {
    "init",
    "triage init DIR",
    "write a starter rule folder: rules, cases, answers and schemas",
    "\nDIR must be new or empty. The starter lints clean and its cases pass:\n"
    "  triage lint --rules DIR/rules\n"
    "  triage eval --rules DIR/rules DIR/cases\n"
    "  triage run --rules DIR/rules DIR/answers/example.yaml\n",
    cmd_init,
};

/* Based on clinical-facts.md, C01 (hypnic jerks): only at sleep onset;
 * a normal variant (level L5, self-care); self-care advice as listed there. */
static const char starter_rules[] =
    "# yaml-language-server: $schema=../schema/rules.schema.json\n"
    "# A starter knowledge base written by `triage init`: one question, one condition and\n"
    "# one rule. Add your own next to them, then run: triage lint --rules rules\n"
    "format: 1\n"
    "\n"
    "questions:\n"
    "  - id: timing\n"
    "    type: choice\n"
    "    text: When does it happen, compared with sleep?\n"
    "    help: Think of the last few times it happened.\n"
    "    options:\n"
    "      - {id: sleep_onset, text: Only as I am falling asleep}\n"
    "      - {id: awake, text: While I am awake}\n"
    "\n"
    "conditions:\n"
    "  - id: hypnic_jerks\n"
    "    name: Sleep starts (hypnic jerks)\n"
    "    summary: A sudden jerk of the body just as you fall asleep. Most people have them.\n"
    "    level: self_care\n"
    "    self_care: Keep a regular sleep schedule; avoid caffeine and hard exercise late in the "
    "day.\n"
    "    references: [\"https://sleepeducation.org/sleep-disorders/sleep-starts/\"]\n"
    "\n"
    "rules:\n"
    "  - id: hj-sleep-onset\n"
    "    when: {timing: sleep_onset}\n"
    "    then:\n"
    "      - support: {hypnic_jerks: 0.6}\n"
    "    because: It happens only as you fall asleep, the moment sleep starts occur.\n"
    "    references: [\"https://sleepeducation.org/sleep-disorders/sleep-starts/\"]\n";

static const char starter_cases[] =
    "# yaml-language-server: $schema=../schema/cases.schema.json\n"
    "# Vignettes for the starter rules: triage eval --rules rules cases\n"
    "cases:\n"
    "  - id: starter-sleep-onset\n"
    "    source: the rule hj-sleep-onset in rules/starter.yaml\n"
    "    answers: {timing: sleep_onset}\n"
    "    expect:\n"
    "      top: [hypnic_jerks]\n"
    "      triage: [self_care]\n"
    "\n"
    "  - id: starter-awake\n"
    "    source: nothing in the starter rules explains a jerk while awake\n"
    "    answers: {timing: awake}\n"
    "    expect:\n"
    "      not_in_top3: [hypnic_jerks]\n"
    "      triage_at_least: routine\n";

static const char example_answers[] =
    "# yaml-language-server: $schema=../schema/answers.schema.json\n"
    "# An answers file: triage run --rules rules answers/example.yaml\n"
    "format: 1\n"
    "answers:\n"
    "  timing: sleep_onset\n";

static const char readme[] =
    "# A triage rule folder\n"
    "\n"
    "Written by `triage init`. From this folder:\n"
    "\n"
    "```sh\n"
    "triage lint --rules rules                      # check the rules\n"
    "triage eval --rules rules cases                # run the vignettes\n"
    "triage run --rules rules answers/example.yaml  # evaluate an answers file\n"
    "triage ask --rules rules                       # the questionnaire\n"
    "```\n"
    "\n"
    "The first line of each YAML file points an editor with a YAML language server at the\n"
    "JSON Schema for it in `schema/`, for completion and checks as you type. The rule\n"
    "language is described in `man triage` and in docs/rule-language.md of the triage sources.\n";

static int cmd_init(int argc, char **argv)
{
    const arg_spec specs[] = {{NULL, NULL, NULL}};
    const char *args[2];
    int nargs = 0;
    if (!parse_args("init", argc, argv, specs, args, 2, &nargs))
        return EXIT_USAGE;
    if (nargs != 1)
        return usage_error("init", nargs ? "one folder at a time" : "no folder given");
    const char *dir = args[0];
    if (!is_empty_or_missing_dir(dir))
        return usage_error("init", "'%s' is not an empty folder (choose a new or empty one)", dir);
    if (!make_dirs(dir))
        return EXIT_INPUT;
    struct {
        const char *name, *data;
        size_t size;
    } files[] = {
        {"rules/starter.yaml", starter_rules, sizeof starter_rules - 1},
        {"cases/starter.yaml", starter_cases, sizeof starter_cases - 1},
        {"answers/example.yaml", example_answers, sizeof example_answers - 1},
        {"README.md", readme, sizeof readme - 1},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (!write_new_file(dir, files[i].name, files[i].data, files[i].size))
            return EXIT_INPUT;
    size_t nschemas;
    const embedded_file *schemas = embedded_schemas(&nschemas);
    for (size_t i = 0; i < nschemas; i++) {
        char name[256];
        snprintf(name, sizeof name, "schema/%s", schemas[i].name);
        if (!write_new_file(dir, name, schemas[i].data, schemas[i].size))
            return EXIT_INPUT;
    }
    printf("Wrote a starter rule folder in '%s':\n"
           "  rules/starter.yaml    one question, one condition, one rule\n"
           "  cases/starter.yaml    two vignettes that pass\n"
           "  answers/example.yaml  an answers file\n"
           "  schema/               JSON Schemas for editors (the first line of each file)\n"
           "Next:\n"
           "  triage lint --rules %s/rules\n"
           "  triage eval --rules %s/rules %s/cases\n",
           dir, dir, dir, dir);
    return EXIT_OK;
}
