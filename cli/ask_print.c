/*
 * ask_print.c - how the text front end of `triage ask` writes: paragraphs
 * wrapped to the terminal's width, hints, colours only when wanted, levels
 * in words, and every character from outside shown safely (safe_char).
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "ask.h"

const char *paint(const ask_run *r, const char *code)
{
    return r->color ? code : "";
}

/* Prints text wrapped at r->width: the first line after `first` columns
 * already used, the next ones indented by indent spaces. Control characters
 * (from what a person typed or a rule file holds) are shown as text. */
void wrapped(const ask_run *r, const char *text, unsigned first, unsigned indent)
{
    unsigned at = first, width = r->width ? r->width : 80;
    const char *p = text, *end = text + strlen(text);
    bool line_start = true;
    while (*p) {
        if (*p == '\n') {
            putchar('\n');
            for (unsigned i = 0; i < indent; i++)
                putchar(' ');
            at = indent;
            line_start = true;
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        /* one word, shown safely: its shown bytes and its columns */
        char word[1024];
        size_t wlen = 0;
        unsigned chars = 0;
        while (*p && *p != ' ' && *p != '\n') {
            char out[12];
            size_t shown;
            size_t used = safe_char(p, (size_t)(end - p), false, out, &shown);
            if (wlen + shown >= sizeof word) {
                fwrite(word, 1, wlen, stdout); /* a very long word: no wrapping inside it */
                wlen = 0;
            }
            memcpy(word + wlen, out, shown);
            wlen += shown;
            chars += out[0] == '\\' ? (unsigned)shown : 1;
            p += used;
        }
        if (!line_start && at + 1 + chars > width) {
            putchar('\n');
            for (unsigned i = 0; i < indent; i++)
                putchar(' ');
            at = indent;
        } else if (!line_start) {
            putchar(' ');
            at++;
        }
        fwrite(word, 1, wlen, stdout);
        at += chars;
        line_start = false;
    }
    putchar('\n');
}

/* Prints preformatted text line by line, wrapping each long line under its
 * own start: "  1. text" continues below "text". */
void wrapped_lines(const ask_run *r, const char *text)
{
    char line[4096];
    while (*text) {
        size_t n = strcspn(text, "\n");
        size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
        memcpy(line, text, k);
        line[k] = '\0';
        size_t indent = strspn(line, " ");
        size_t mark = indent;
        while (isdigit((unsigned char)line[mark]))
            mark++;
        if (mark > indent && line[mark] == '.' && line[mark + 1] == ' ')
            mark += 2;
        else if (line[indent] == '-' && line[indent + 1] == ' ')
            mark = indent + 2;
        else
            mark = indent;
        fwrite(line, 1, mark, stdout);
        wrapped(r, line + mark, (unsigned)mark, (unsigned)mark);
        text += n;
        if (*text == '\n')
            text++;
    }
}

void say(const ask_run *r, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    wrapped(r, text, 0, 0);
}

void hint(const ask_run *r, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fputs("  ", stdout);
    fputs(paint(r, YELLOW), stdout);
    wrapped(r, text, 2, 2);
    fputs(paint(r, RESET), stdout);
}

const char *level_label(tri_level level)
{
    static const char *const labels[] = {"EMERGENCY", "URGENT", "SOON", "ROUTINE", "SELF CARE"};
    return (unsigned)level < TRI_LEVEL_COUNT ? labels[level] : "?";
}

const char *level_words(tri_level level)
{
    static const char *const words[] = {"emergency", "urgent", "soon", "routine", "self-care"};
    return (unsigned)level < TRI_LEVEL_COUNT ? words[level] : "?";
}
