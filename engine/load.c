/*
 * load.c - the one place that builds a knowledge base: the rule files (a
 * path, or sources in memory) -> loader (syntax trees) -> compile -> lint
 * when asked. The public tri_kb_load* functions.
 *
 * Nothing else includes compile.h or lint.h: the representation (kb.c) does
 * not know how it is built or checked.
 */
#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "files.h"
#include "kb.h"
#include "lint.h"
#include "loader.h"

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

