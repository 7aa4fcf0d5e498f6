/*
 * cmd_rules.c - `triage rules export DIR`: writes the knowledge base built
 * into the program as the rule files it was built from, byte for byte (the
 * same names and bytes as rules/ in the source tree), to edit, diff or load
 * with --rules.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "write_files.h"

static int cmd_rules(int argc, char **argv);

const command command_rules = {
    "rules",
    "triage rules export DIR",
    "write the built-in rule files into a folder, byte for byte",
    "\nDIR is created if needed; an existing file in it is never overwritten.\n"
    "Compare a rule change with the built-in rules: triage eval --rules DIR --compare builtin.\n",
    cmd_rules,
};

static int cmd_rules(int argc, char **argv)
{
    const arg_spec specs[] = {{NULL, NULL, NULL}};
    const char *args[3];
    int nargs = 0;
    if (!parse_args("rules", argc, argv, specs, args, 3, &nargs))
        return EXIT_USAGE;
    if (nargs == 0)
        return usage_error("rules", "no action given (export DIR)");
    static const char *const actions[] = {"export", NULL};
    if (!check_choice("rules", "action", args[0], actions))
        return EXIT_USAGE;
    if (nargs != 2)
        return usage_error("rules", nargs < 2 ? "export needs a folder" : "unexpected argument '%s'",
                           args[nargs - 1]);
    const char *dir = args[1];
    size_t count;
    const tri_source *src = tri_default_sources(&count);
    if (!make_dirs(dir))
        return EXIT_INPUT;
    for (size_t i = 0; i < count; i++) {
        /* names are "rules/face.yaml": the folder is DIR */
        const char *name = strchr(src[i].name, '/');
        name = name ? name + 1 : src[i].name;
        if (!write_new_file(dir, name, src[i].data, src[i].size))
            return EXIT_INPUT;
    }
    fprintf(stderr, "triage: wrote %zu rule files to '%s'\n", count, dir);
    return EXIT_OK;
}
