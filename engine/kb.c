/*
 * kb.c - loading a knowledge base (files, directories, embedded sources)
 * and the public read-only accessors over the compiled arrays.
 */
#include "kb.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "compile.h"
#include "files.h"
#include "lint.h"

/* ---- names of levels and types ------------------------------------------- */

static const char *const level_names[] = {
#define LEVEL_NAME(name, text) text,
    TRI_LEVEL_LIST(LEVEL_NAME)
#undef LEVEL_NAME
};

static const char *const level_meanings[] = {
    "call the emergency number or go to an emergency department now",
    "get a medical assessment today",
    "see a doctor within days; specialist review within about two weeks",
    "book a routine appointment within the next weeks",
    "manage at home; see a doctor if it lasts over two weeks, spreads or changes",
};

static const char *const qtype_names[] = {
#define QTYPE_NAME(name, text) text,
    TRI_QTYPE_LIST(QTYPE_NAME)
#undef QTYPE_NAME
};

const char *tri_level_name(tri_level level)
{
    return (unsigned)level < TRI_LEVEL_COUNT ? level_names[level] : "?";
}

const char *tri_level_meaning(tri_level level)
{
    return (unsigned)level < TRI_LEVEL_COUNT ? level_meanings[level] : "?";
}

bool tri_level_parse(const char *name, tri_level *out)
{
    for (int i = 0; i < TRI_LEVEL_COUNT; i++)
        if (strcmp(name, level_names[i]) == 0) {
            *out = (tri_level)i;
            return true;
        }
    return false;
}

const char *tri_qtype_name(tri_qtype type)
{
    return (unsigned)type < TRI_Q_COUNT ? qtype_names[type] : "?";
}

const char *kb_text_get(const kb_text *t, const char *lang)
{
    if (lang && strcmp(lang, "en") != 0)
        for (uint32_t i = 0; i < t->nalts; i++)
            if (strcmp(t->alts[i].lang, lang) == 0)
                return t->alts[i].text;
    return t->en;
}

/* ---- loading -------------------------------------------------------------- */

static void fnv(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        *h ^= p[i];
        *h *= 1099511628211ull;
    }
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static tri_kb *kb_new(const tri_options *opt, diag_sink *d)
{
    arena *ar = arena_new(opt ? opt->allocator : NULL);
    if (!ar) {
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    tri_kb *kb = arena_calloc(ar, 1, sizeof *kb);
    if (!kb) {
        arena_free(ar);
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    kb->ar = ar;
    kb->rx = rx_set_new(ar);
    if (!kb->rx || qty_grammar_init(&kb->grammar, kb->rx) != TRI_OK) {
        arena_free(ar);
        diag_fail(d, TRI_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    return kb;
}

/* Compiles the parsed files; frees kb and returns NULL on any error. */
static tri_kb *kb_finish(tri_kb *kb, const node **roots, uint32_t n, const tri_options *opt,
                         diag_sink *d)
{
    if (diag_status(d) != TRI_OK) {
        tri_kb_free(kb);
        return NULL;
    }
    kb->roots = roots;
    kb->nfiles = n;
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < n; i++) {
        const src_file *src = roots[i]->src;
        const char *b = base_name(src->name);
        fnv(&h, b, strlen(b) + 1);
        fnv(&h, src->data, src->size);
    }
    snprintf(kb->version, sizeof kb->version, "fnv1a64:%016llx", (unsigned long long)h);
    if (compile_kb(kb, roots, n, d) != TRI_OK) {
        tri_kb_free(kb);
        return NULL;
    }
    if (opt && opt->lint)
        lint_kb(kb, d);
    if (d->errors) {
        tri_kb_free(kb);
        return NULL;
    }
    return kb;
}

tri_kb *tri_kb_load_sources(const tri_source *sources, size_t count, const tri_options *opt,
                            tri_error *err)
{
    diag_sink d;
    diag_init(&d, opt, err);
    if (count > TRI_MAX_FILES) {
        diag_fail(&d, TRI_ERR_LIMIT, NULL, "%zu rule files, over the limit of %d", count,
                  TRI_MAX_FILES);
        return NULL;
    }
    tri_kb *kb = kb_new(opt, &d);
    if (!kb)
        return NULL;
    const node **roots = arena_alloc(kb->ar, (count + 1) * sizeof *roots);
    if (!roots) {
        tri_kb_free(kb);
        diag_fail(&d, TRI_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    uint32_t n = 0;
    for (size_t i = 0; i < count; i++) {
        const node *root = loader_parse(kb->ar, sources[i].name, sources[i].data,
                                        sources[i].size, &d);
        if (root)
            roots[n++] = root;
        if (d.hard == TRI_ERR_NOMEM)
            break;
    }
    return kb_finish(kb, roots, n, opt, &d);
}

typedef struct collect_ctx {
    arena *ar;
    char **paths;
    uint32_t n;
    diag_sink *d;
} collect_ctx;

static bool collect_path(const char *path, void *ctx)
{
    collect_ctx *c = ctx;
    if (c->n == TRI_MAX_FILES) {
        diag_fail(c->d, TRI_ERR_LIMIT, path, "more than %d rule files", TRI_MAX_FILES);
        return false;
    }
    if (!(c->paths[c->n] = arena_strdup(c->ar, path))) {
        diag_fail(c->d, TRI_ERR_NOMEM, path, "out of memory");
        return false;
    }
    c->n++;
    return true;
}

tri_kb *tri_kb_load(const char *path, const tri_options *opt, tri_error *err)
{
    diag_sink d;
    diag_init(&d, opt, err);
    if (!path) {
        diag_fail(&d, TRI_ERR_ARG, NULL, "no rules path given");
        return NULL;
    }
    tri_kb *kb = kb_new(opt, &d);
    if (!kb)
        return NULL;
    char **paths = arena_alloc(kb->ar, TRI_MAX_FILES * sizeof *paths);
    const node **roots = arena_alloc(kb->ar, TRI_MAX_FILES * sizeof *roots);
    if (!paths || !roots) {
        tri_kb_free(kb);
        diag_fail(&d, TRI_ERR_NOMEM, path, "out of memory");
        return NULL;
    }
    collect_ctx cc = {kb->ar, paths, 0, &d};
    if (files_each_yaml(path, collect_path, &cc, arena_allocator(kb->ar), &d) != TRI_OK) {
        tri_kb_free(kb);
        return NULL;
    }
    if (cc.n == 0) {
        tri_kb_free(kb);
        diag_fail(&d, TRI_ERR_IO, path, "no .yaml rule files in '%s'", path);
        return NULL;
    }
    uint32_t npaths = cc.n, n = 0;
    for (uint32_t i = 0; i < npaths; i++) {
        const node *root = loader_parse_file(kb->ar, paths[i], &d);
        if (root)
            roots[n++] = root;
        if (d.hard == TRI_ERR_NOMEM)
            break;
    }
    return kb_finish(kb, roots, n, opt, &d);
}

tri_kb *tri_kb_load_default(const tri_options *opt, tri_error *err)
{
    size_t n;
    const tri_source *src = tri_default_sources(&n);
    return tri_kb_load_sources(src, n, opt, err);
}

void tri_kb_free(tri_kb *kb)
{
    if (kb)
        arena_free(kb->ar);
}

/* ---- accessors ------------------------------------------------------------- */

const char *tri_kb_version(const tri_kb *kb)
{
    return kb->version;
}

size_t tri_kb_file_count(const tri_kb *kb)
{
    return kb->nfiles;
}

size_t tri_kb_question_count(const tri_kb *kb)
{
    return kb->nquestions;
}

int tri_kb_question_find(const tri_kb *kb, const char *id)
{
    uint32_t i = id_index_find(&kb->idx_questions, id, strlen(id));
    return i == NO_INDEX ? -1 : (int)i;
}

const char *tri_kb_question_suggest(const tri_kb *kb, const char *id)
{
    names_best nb;
    names_best_init(&nb, id);
    for (uint32_t q = 0; q < kb->nquestions; q++)
        names_best_offer(&nb, kb->questions[q].id);
    return names_best_get(&nb);
}

const char *tri_question_id(const tri_kb *kb, size_t q)
{
    return kb->questions[q].id;
}

tri_qtype tri_question_type(const tri_kb *kb, size_t q)
{
    return kb->questions[q].type;
}

const char *tri_question_text(const tri_kb *kb, size_t q, const char *lang, bool for_parent)
{
    const kb_question *qq = &kb->questions[q];
    if (for_parent && qq->parent_text.en)
        return kb_text_get(&qq->parent_text, lang);
    return kb_text_get(&qq->text, lang);
}

const char *tri_question_help(const tri_kb *kb, size_t q, const char *lang)
{
    return kb_text_get(&kb->questions[q].help, lang);
}

const char *tri_question_unit(const tri_kb *kb, size_t q)
{
    return kb->questions[q].unit;
}

bool tri_question_bounds(const tri_kb *kb, size_t q, double *min, double *max)
{
    *min = kb->questions[q].min;
    *max = kb->questions[q].max;
    return kb->questions[q].type == TRI_Q_NUMBER;
}

bool tri_question_is_screening(const tri_kb *kb, size_t q)
{
    return kb->questions[q].screening;
}

bool tri_question_is_red_flag(const tri_kb *kb, size_t q)
{
    return kb->questions[q].red_flag;
}

size_t tri_question_option_count(const tri_kb *kb, size_t q)
{
    return kb->questions[q].noptions;
}

const char *tri_question_option_id(const tri_kb *kb, size_t q, size_t option)
{
    return kb->questions[q].options[option].id;
}

const char *tri_question_option_text(const tri_kb *kb, size_t q, size_t option, const char *lang)
{
    return kb_text_get(&kb->questions[q].options[option].text, lang);
}

size_t tri_kb_condition_count(const tri_kb *kb)
{
    return kb->nconditions;
}

int tri_kb_condition_find(const tri_kb *kb, const char *id)
{
    uint32_t i = id_index_find(&kb->idx_conditions, id, strlen(id));
    return i == NO_INDEX ? -1 : (int)i;
}

const char *tri_condition_id(const tri_kb *kb, size_t c)
{
    return kb->conditions[c].id;
}

const char *tri_condition_name(const tri_kb *kb, size_t c, const char *lang)
{
    return kb_text_get(&kb->conditions[c].name, lang);
}

tri_level tri_condition_level(const tri_kb *kb, size_t c)
{
    return (tri_level)kb->conditions[c].level;
}

size_t tri_kb_rule_count(const tri_kb *kb)
{
    return kb->nrules;
}

const char *tri_rule_id(const tri_kb *kb, size_t r)
{
    return kb->rules[r].id;
}

const char *tri_rule_file(const tri_kb *kb, size_t r, unsigned *line, unsigned *column)
{
    const node *w = kb->rules[r].where;
    *line = w->line;
    *column = w->col;
    return w->src->name;
}

size_t tri_kb_red_flag_count(const tri_kb *kb)
{
    return kb->nred_flags;
}

int tri_kb_red_flag_find(const tri_kb *kb, const char *id)
{
    uint32_t i = id_index_find(&kb->idx_red_flags, id, strlen(id));
    return i == NO_INDEX ? -1 : (int)i;
}

const char *tri_red_flag_id(const tri_kb *kb, size_t f)
{
    return kb->red_flags[f].id;
}

tri_level tri_red_flag_level(const tri_kb *kb, size_t f)
{
    return (tri_level)kb->red_flags[f].level;
}
