/*
 * common.c - diagnostics printing, rule loading and terminal helpers.
 *
 * Everything that came from outside the program (what a person typed, the
 * contents and names of files) reaches the terminal through safe_char, so
 * control characters and escape sequences are shown as text, never obeyed.
 */
#include "common.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

void print_exit_codes(FILE *out)
{
#define EXIT_LINE(name, value, text) fprintf(out, "  %3d  %s\n", value, text);
    EXIT_CODE_LIST(EXIT_LINE)
#undef EXIT_LINE
}

bool want_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    const char *term = getenv("TERM");
    if (term && !strcmp(term, "dumb"))
        return false;
    return isatty(fileno(f));
}

unsigned terminal_width(FILE *f)
{
    struct winsize ws;
    if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col > 120 ? 120 : ws.ws_col;
    return 80;
}

void date_relative_answer(tri_session *s, const char *text)
{
    while (*text == ' ')
        text++;
    if (strncasecmp(text, "since ", 6) != 0 || tri_session_date(s))
        return;
    time_t now = time(NULL);
    struct tm tm;
    char day[16];
    if (localtime_r(&now, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm))
        tri_session_set_date(s, day);
}

/* ---- text from outside, shown safely --------------------------------------- */

/* Length of the UTF-8 sequence at s[0..n) and its code point, or 0 when the
 * bytes are not valid UTF-8 (overlong forms and surrogates included). */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || len > n)
        return 0;
    unsigned v = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Characters a terminal obeys rather than shows: C0 and C1 controls, DEL,
 * and the bidirectional overrides that reorder what is displayed. */
static bool is_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

size_t safe_char(const char *s, size_t n, bool keep_tab, char out[12], size_t *shown)
{
    unsigned cp = 0;
    size_t len = utf8_decode((const unsigned char *)s, n, &cp);
    if (!len) { /* a byte that is not UTF-8 */
        *shown = (size_t)snprintf(out, 12, "\\x%02x", (unsigned char)s[0]);
        return 1;
    }
    if (is_control(cp) && !(keep_tab && cp == '\t')) {
        *shown = cp < 0x80 ? (size_t)snprintf(out, 12, "\\x%02x", cp)
                           : (size_t)snprintf(out, 12, "\\u%04x", cp);
        return len;
    }
    memcpy(out, s, len);
    *shown = len;
    return len;
}

void put_safe(FILE *f, const char *s, size_t n)
{
    char out[12];
    size_t shown;
    for (size_t i = 0; i < n;) {
        i += safe_char(s + i, n - i, false, out, &shown);
        fwrite(out, 1, shown, f);
    }
}

const char *safe_copy(char *buf, size_t size, const char *s)
{
    size_t at = 0, n = strlen(s);
    char out[12];
    size_t shown;
    for (size_t i = 0; i < n;) {
        size_t used = safe_char(s + i, n - i, false, out, &shown);
        if (at + shown >= size)
            break;
        memcpy(buf + at, out, shown);
        at += shown;
        i += used;
    }
    buf[at] = '\0';
    return buf;
}

void cli_error(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fflush(stdout); /* what was said before comes first */
    fputs("triage: ", stderr);
    put_safe(stderr, msg, strlen(msg));
    fputc('\n', stderr);
}

void diag_printer_init(diag_printer *p, FILE *out)
{
    p->out = out;
    p->color = want_color(out);
    p->errors = p->warnings = 0;
}

void print_diag(const tri_diag *d, void *ctx)
{
    diag_printer *p = ctx;
    FILE *out = p ? p->out : stderr;
    bool color = p && p->color;
    const char *sev = d->severity == TRI_SEV_ERROR     ? "error"
                      : d->severity == TRI_SEV_WARNING ? "warning"
                                                       : "note";
    const char *sev_color = d->severity == TRI_SEV_ERROR     ? "\033[1;31m"
                            : d->severity == TRI_SEV_WARNING ? "\033[1;35m"
                                                             : "\033[1;36m";
    if (p) {
        if (d->severity == TRI_SEV_ERROR)
            p->errors++;
        else if (d->severity == TRI_SEV_WARNING)
            p->warnings++;
    }
    if (!d->line) {
        /* no position: a problem with a whole file (cannot open, too big, out of memory) */
        fputs("triage: ", out);
        if (d->severity != TRI_SEV_ERROR)
            fprintf(out, "%s: ", sev);
        put_safe(out, d->message, strlen(d->message));
        fputc('\n', out);
        return;
    }
    if (color)
        fputs("\033[1m", out);
    put_safe(out, d->file, strlen(d->file));
    fprintf(out, ":%u:%u:", d->line, d->column);
    if (color)
        fprintf(out, "\033[0m %s%s:\033[0m ", sev_color, sev);
    else
        fprintf(out, " %s: ", sev);
    put_safe(out, d->message, strlen(d->message));
    fputc('\n', out);
    if (!d->source_line)
        return;
    char num[16];
    int w = snprintf(num, sizeof num, "%u", d->line);
    if (w < 5)
        w = 5;
    /* The excerpt is at most a window of the line (the engine cuts long lines
     * around the column): "..." marks a cut at either end. Each of the two
     * lines is built in a buffer and written in one call. The line is shown
     * with tabs kept and controls escaped; the caret goes under the column's
     * character in that shown line. */
    char line[4096], caret[4096];
    size_t nl = 0, nc = 0;
    nl += (size_t)snprintf(line, sizeof line, "%*u | ", w, d->line);
    nc += (size_t)snprintf(caret, sizeof caret, "%*s | ", w, "");
    unsigned first = d->source_first_column ? d->source_first_column : 1;
    if (first > 1) {
        memcpy(line + nl, "...", 3), nl += 3;
        memcpy(caret + nc, "   ", 3), nc += 3;
    }
    char shown_ch[12];
    size_t shown;
    unsigned col = first;
    for (size_t i = 0; i < d->source_line_len && nl + 16 < sizeof line;) {
        size_t used = safe_char(d->source_line + i, d->source_line_len - i, true, shown_ch, &shown);
        memcpy(line + nl, shown_ch, shown), nl += shown;
        if (col < d->column && nc + 16 < sizeof caret) {
            /* pad to the column: tabs stay tabs, other characters become spaces */
            size_t cols = shown_ch[0] == '\\' ? shown : shown_ch[0] == '\t' ? 0 : 1;
            if (shown_ch[0] == '\t')
                caret[nc++] = '\t';
            for (size_t k = 0; k < cols; k++)
                caret[nc++] = ' ';
            col++;
        }
        i += used;
    }
    if (d->source_cut && nl + 4 < sizeof line)
        memcpy(line + nl, "...", 3), nl += 3;
    line[nl++] = '\n';
    fwrite(line, 1, nl, out);
    if (color)
        nc += (size_t)snprintf(caret + nc, sizeof caret - nc, "%s", sev_color);
    caret[nc++] = '^';
    for (unsigned i = 1; i < d->length && i < 200 && nc + 8 < sizeof caret; i++)
        caret[nc++] = '~';
    if (color)
        nc += (size_t)snprintf(caret + nc, sizeof caret - nc, "\033[0m");
    caret[nc++] = '\n';
    fwrite(caret, 1, nc, out);
}

/* Passes errors (and the notes that follow them) to print_diag; drops
 * warnings and their notes: only `triage lint` shows those. */
typedef struct errors_only {
    diag_printer *p;
    bool dropping; /* the last error or warning was a warning */
} errors_only;

static void print_errors_only(const tri_diag *d, void *ctx)
{
    errors_only *e = ctx;
    if (d->severity != TRI_SEV_NOTE)
        e->dropping = d->severity == TRI_SEV_WARNING;
    if (!e->dropping)
        print_diag(d, e->p);
}

tri_kb *load_rules(const char *path, diag_printer *p)
{
    return load_rules_with(path, p, false);
}

tri_kb *load_rules_with(const char *path, diag_printer *p, bool keep_source)
{
    errors_only filter = {p, false};
    tri_options opt = {0};
    opt.keep_source = keep_source;
    opt.on_diag = print_errors_only;
    opt.diag_ctx = &filter;
    /* The built-in rules are lint-clean (tests lint/shipped-*), so only rules
     * given with --rules are linted at start-up. */
    opt.lint = path != NULL;
    tri_error err;
    tri_kb *kb = path ? tri_kb_load(path, &opt, &err) : tri_kb_load_default(&opt, &err);
    if (!kb && p->errors == 0)
        cli_error("cannot load the rules: %s", err.message);
    else if (!kb && err.line)
        fprintf(stderr, "triage: the rules did not load (%u error%s)\n", p->errors,
                p->errors == 1 ? "" : "s");
    return kb;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_error("%s: %s (try 'triage help %s')", cmd, msg, cmd);
    return EXIT_USAGE;
}

bool parse_args(const char *cmd, int argc, char **argv, const arg_spec *specs, const char **args,
                int max_args, int *nargs)
{
    *nargs = 0;
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && !strcmp(a, "--")) {
            options = false;
            continue;
        }
        if (!options || a[0] != '-' || a[1] == '\0') { /* "-" is standard input */
            if (*nargs == max_args) {
                usage_error(cmd, "unexpected argument '%s'", a);
                return false;
            }
            args[(*nargs)++] = a;
            continue;
        }
        const arg_spec *s = specs;
        size_t n = 0;
        for (; s->name; s++) {
            n = strlen(s->name);
            if (!strncmp(a, s->name, n) && (a[n] == '\0' || a[n] == '='))
                break;
        }
        if (!s->name) {
            usage_error(cmd, "unknown option '%s'", a);
            return false;
        }
        if (a[n] == '=') {
            if (!s->value) {
                usage_error(cmd, "%s takes no value", s->name);
                return false;
            }
            *s->value = a + n + 1;
            if (s->flag)
                *s->flag = true;
        } else if (s->flag) {
            *s->flag = true;
        } else if (i + 1 < argc) {
            *s->value = argv[++i];
        } else {
            usage_error(cmd, "%s needs a value", s->name);
            return false;
        }
    }
    return true;
}

bool check_choice(const char *cmd, const char *what, const char *value,
                  const char *const *allowed)
{
    char list[256];
    size_t at = 0, n = 0;
    while (allowed[n])
        n++;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(value, allowed[i]))
            return true;
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s",
                               i == 0 ? "" : i + 1 == n ? " or " : ", ", allowed[i]);
        if (at >= sizeof list)
            at = sizeof list - 1;
    }
    usage_error(cmd, "unknown %s '%s' (expected %s)", what, value, list);
    return false;
}
