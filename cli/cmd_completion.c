/*
 * cmd_completion.c - `triage completion bash|zsh`: prints a completion
 * script for the shell.
 *
 * The scripts are generated from the command table, which main.c hands
 * over with completion_set_commands before any command runs (so this file
 * depends on no other command, and main.c alone on every one): each
 * command's usage line gives its options, which of them take a value, the
 * values of those with a fixed set ("--format text|json") and its first
 * positional words ("fhir-questionnaire|fhir-response"); its help gives the
 * descriptions zsh shows. A new option in a usage line is completed with no
 * change here. Values written in capitals (PATH, FILE, DIR) are left to the
 * shell's file completion.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static int cmd_completion(int argc, char **argv);

static const command *const *commands;
static size_t ncommands;

void completion_set_commands(const command *const *all, size_t n)
{
    commands = all;
    ncommands = n;
}

const command command_completion = {
    "completion",
    "triage completion bash|zsh",
    "print a shell completion script (bash or zsh)",
    "\nbash:  source <(triage completion bash)   (or save it in\n"
    "       ~/.local/share/bash-completion/completions/triage)\n"
    "zsh:   source <(triage completion zsh)    (after compinit; or save it as _triage\n"
    "       in a folder of $fpath)\n",
    cmd_completion,
};

#define MAX_OPTS 24
#define MAX_WORD 64

typedef struct opt_info {
    char name[MAX_WORD];     /* "--format" */
    bool takes_value;
    bool file;               /* the value is a file or folder (PATH, FILE, DIR, ...) */
    char values[128];        /* "text json", or "" for free values (files) */
    char help[160];          /* from the command's help, for zsh */
} opt_info;

typedef struct cmd_info {
    const command *c;
    opt_info opts[MAX_OPTS];
    size_t nopts;
    char words[256]; /* first positional: fixed words ("bash zsh"), or "" */
} cmd_info;

static bool is_value_word(const char *w)
{
    if (!*w)
        return false;
    for (const char *p = w; *p; p++)
        if (!isupper((unsigned char)*p) && *p != '_' && *p != '.')
            return false;
    return true;
}

static bool is_choice_word(const char *w)
{
    if (!*w || *w == '-')
        return false;
    for (const char *p = w; *p; p++)
        if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && !strchr("|-_", *p))
            return false;
    return true;
}

/* "a|b|c" -> "a b c" */
static void choices(const char *w, char *out, size_t size)
{
    snprintf(out, size, "%s", w);
    for (char *p = out; *p; p++)
        if (*p == '|')
            *p = ' ';
}

/* The description of option name in help ("  --rules PATH     a rule ..."). */
static void option_help(const char *help, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    size_t n = strlen(name);
    for (const char *line = help; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        const char *p = line;
        while (*p == ' ')
            p++;
        if (strncmp(p, name, n) != 0 || (p[n] != ' ' && p[n] != '\n'))
            continue;
        p += n;
        while (*p == ' ' && p[1] != ' ')
            p++;                                   /* one space: the argument follows */
        while (*p && *p != ' ' && *p != '\n')
            p++;                                   /* skip the argument, if any */
        while (*p == ' ')
            p++;
        size_t k = 0;
        for (; p[k] && p[k] != '\n' && k + 1 < size; k++)
            out[k] = p[k] == '[' ? '(' : p[k] == ']' ? ')' : p[k];
        out[k] = '\0';
        return;
    }
}

static void parse_usage(cmd_info *ci)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", ci->c->usage);
    for (char *p = buf; *p; p++)
        if (*p == '[' || *p == ']' || *p == '\n')
            *p = ' ';
    /* words: split on spaces, then on '|' where a piece is an option */
    char *words[128];
    size_t n = 0;
    for (char *tok = strtok(buf, " "); tok && n < 120; tok = strtok(NULL, " ")) {
        char *bar = strstr(tok, "|--");
        if (bar) {
            *bar = '\0';
            words[n++] = tok;
            words[n++] = bar + 1;
        } else {
            words[n++] = tok;
        }
    }
    bool first_positional = true;
    for (size_t i = 0; i < n; i++) {
        const char *w = words[i];
        if (!strcmp(w, "triage") || !strcmp(w, ci->c->name) || !strcmp(w, "..."))
            continue;
        if (!strncmp(w, "--", 2)) {
            size_t k = 0;
            for (; k < ci->nopts; k++)
                if (!strcmp(ci->opts[k].name, w))
                    break;
            if (k == ci->nopts) {
                if (ci->nopts == MAX_OPTS)
                    continue;
                opt_info *o = &ci->opts[ci->nopts++];
                memset(o, 0, sizeof *o);
                snprintf(o->name, sizeof o->name, "%s", w);
                option_help(ci->c->help, w, o->help, sizeof o->help);
            }
            opt_info *o = &ci->opts[k];
            const char *next = i + 1 < n ? words[i + 1] : "";
            if (is_value_word(next)) {
                o->takes_value = true;
                o->file = strcmp(next, "TAG") != 0 && strcmp(next, "N") != 0;
                i++;
            } else if (is_choice_word(next) && strchr(next, '|')) {
                o->takes_value = true;
                choices(next, o->values, sizeof o->values);
                i++;
            }
            continue;
        }
        if (first_positional && is_choice_word(w) && !ci->words[0])
            choices(w, ci->words, sizeof ci->words);
        first_positional = false;
    }
}

static void all_commands(char *out, size_t size)
{
    size_t at = 0;
    for (size_t i = 0; i < ncommands && at < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s ", commands[i]->name);
    snprintf(out + (at < size ? at : size - 1), size - (at < size ? at : size - 1), "help");
}

static void print_bash(const cmd_info *cis, size_t n)
{
    char names[512];
    all_commands(names, sizeof names);
    printf("# bash completion for triage, written by `triage completion bash` (triage %s).\n"
           "# Load it with: source <(triage completion bash)\n"
           "_triage() {\n"
           "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
           "    COMPREPLY=()\n"
           "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
           "        COMPREPLY=($(compgen -W \"%s --help --version\" -- \"$cur\"))\n"
           "        return 0\n"
           "    fi\n"
           "    local opts=\"\" words=\"\"\n"
           "    case \"${COMP_WORDS[1]}\" in\n",
           TRI_VERSION, names);
    for (size_t i = 0; i < n; i++) {
        const cmd_info *ci = &cis[i];
        printf("    %s)\n        case \"$prev\" in\n", ci->c->name);
        for (size_t k = 0; k < ci->nopts; k++) {
            const opt_info *o = &ci->opts[k];
            if (!o->takes_value)
                continue;
            if (o->values[0])
                printf("            %s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return 0 ;;\n",
                       o->name, o->values);
            else
                printf("            %s) return 0 ;;\n", o->name);
        }
        printf("        esac\n        opts=\"");
        for (size_t k = 0; k < ci->nopts; k++)
            printf("%s%s", k ? " " : "", ci->opts[k].name);
        printf(" --help\"\n        valopts=\"");
        for (size_t k = 0; k < ci->nopts; k++)
            if (ci->opts[k].takes_value)
                printf(" %s", ci->opts[k].name);
        printf(" \"\n        words=\"%s\"\n        ;;\n", ci->words);
    }
    printf("    help) words=\"%s\" ;;\n"
           "    *) return 0 ;;\n"
           "    esac\n"
           "    if [[ \"$cur\" == -* ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
           "        return 0\n"
           "    fi\n"
           "    # the first word after the command, when it is one of a fixed set\n"
           "    local i positional=0\n"
           "    for ((i = 2; i < COMP_CWORD; i++)); do\n"
           "        if [[ \"$valopts\" == *\" ${COMP_WORDS[i]} \"* ]]; then\n"
           "            i=$((i + 1))\n"
           "        elif [[ \"${COMP_WORDS[i]}\" != -* ]]; then\n"
           "            positional=$((positional + 1))\n"
           "        fi\n"
           "    done\n"
           "    if [ -n \"$words\" ] && [ \"$positional\" -eq 0 ]; then\n"
           "        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
           "    fi\n"
           "    return 0\n"
           "}\n"
           "complete -o default -F _triage triage\n",
           names);
}

/* Prints s inside a single-quoted zsh word. */
static void zsh_quoted(const char *s)
{
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*s == '[' ? '(' : *s == ']' ? ')' : *s);
    }
}

static void print_zsh(const cmd_info *cis, size_t n)
{
    printf("#compdef triage\n"
           "# zsh completion for triage, written by `triage completion zsh` (triage %s).\n"
           "# Load it with: source <(triage completion zsh)   (after compinit)\n"
           "_triage() {\n"
           "  local -a commands\n"
           "  commands=(\n",
           TRI_VERSION);
    for (size_t i = 0; i < n; i++) {
        printf("    '%s:", cis[i].c->name);
        zsh_quoted(cis[i].c->summary);
        printf("'\n");
    }
    printf("    'help:show help for a command'\n"
           "  )\n"
           "  if (( CURRENT == 2 )); then\n"
           "    _describe -t commands 'triage command' commands\n"
           "    _arguments '--help[show the help]' '--version[show the version]'\n"
           "    return\n"
           "  fi\n"
           "  local cmd=$words[2]\n"
           "  shift words\n"
           "  (( CURRENT-- ))\n"
           "  case $cmd in\n");
    for (size_t i = 0; i < n; i++) {
        const cmd_info *ci = &cis[i];
        printf("    %s)\n      _arguments -s \\\n", ci->c->name);
        for (size_t k = 0; k < ci->nopts; k++) {
            const opt_info *o = &ci->opts[k];
            printf("        '%s%s[", o->name, o->takes_value ? "=" : "");
            zsh_quoted(o->help);
            if (!o->takes_value)
                printf("]' \\\n");
            else if (o->values[0])
                printf("]:value:(%s)' \\\n", o->values);
            else
                printf("]:%s' \\\n", o->file ? "file:_files" : "value: ");
        }
        printf("        '--help[show the help]' \\\n");
        if (ci->words[0])
            printf("        '1:what:(%s)' \\\n", ci->words);
        printf("        '*:file:_files'\n      ;;\n");
    }
    printf("    help)\n      _describe -t commands 'triage command' commands\n      ;;\n"
           "  esac\n"
           "}\n"
           "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
           "  _triage \"$@\"\n"
           "else\n"
           "  compdef _triage triage\n"
           "fi\n");
}

static int cmd_completion(int argc, char **argv)
{
    const arg_spec specs[] = {{NULL, NULL, NULL}};
    const char *args[2];
    int nargs = 0;
    if (!parse_args("completion", argc, argv, specs, args, 2, &nargs))
        return EXIT_USAGE;
    static const char *const shells[] = {"bash", "zsh", NULL};
    if (nargs != 1)
        return usage_error("completion", nargs ? "one shell at a time" : "no shell given (bash or zsh)");
    if (!check_choice("completion", "shell", args[0], shells))
        return EXIT_USAGE;
    static cmd_info cis[32];
    size_t n = ncommands < 32 ? ncommands : 32;
    for (size_t i = 0; i < n; i++) {
        memset(&cis[i], 0, sizeof cis[i]);
        cis[i].c = commands[i];
        parse_usage(&cis[i]);
    }
    if (!strcmp(args[0], "bash"))
        print_bash(cis, n);
    else
        print_zsh(cis, n);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_INPUT;
}
