/*
 * load.c - the one place that builds a knowledge base: the rule files (a
 * path, or sources in memory) -> loader (syntax trees) -> compile -> lint
 * when asked -> the trees freed. The public tri_kb_load* functions.
 *
 * Memory: the knowledge base's arena keeps only what the compiler copies
 * into it (records, texts, ids, patterns); the files' bytes, the trees and
 * every scratch table live in a second arena, freed here once lint has run
 * (lint points its findings at the trees).
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

/* One load in progress: the knowledge base being built, and the arena of
 * everything that goes once it is built (the files' text, the syntax
 * trees, the paths of a directory walk, the compiler's and lint's scratch). */
typedef struct load {
    tri_kb *kb;
    arena *trees;
    const node **roots; /* the files parsed so far, in order */
    uint32_t n;
    diag_sink d;
} load;

static void load_fail(load *ld, const char *file)
{
    diag_fail(&ld->d, TRI_ERR_NOMEM, file, "out of memory");
}

/* Starts a load of at most max_files files: false (reported) on failure. */
static bool load_start(load *ld, const tri_options *opt, size_t max_files)
{
    const tri_allocator *a = opt ? opt->allocator : NULL;
    arena *ar = arena_new(a);
    ld->trees = arena_new(a);
    tri_kb *kb = ar ? arena_calloc(ar, 1, sizeof *kb) : NULL;
    ld->roots = ld->trees ? arena_alloc(ld->trees, (max_files + 1) * sizeof *ld->roots) : NULL;
    if (kb) {
        kb->ar = ar;
        kb->rx = rx_set_new(ar);
    }
    if (!kb || !ld->roots || !kb->rx || qty_grammar_init(&kb->grammar, kb->rx) != TRI_OK) {
        arena_free(ar);
        arena_free(ld->trees);
        load_fail(ld, NULL);
        return false;
    }
    ld->kb = kb;
    return true;
}

/* Names the files, fingerprints their bytes (tri_kb_version), compiles the
 * trees and, when asked, lints them; then frees the trees. Returns the
 * knowledge base, or NULL (freed) after any error. */
static tri_kb *load_finish(load *ld, const tri_options *opt)
{
    tri_kb *kb = ld->kb;
    if (diag_status(&ld->d) == TRI_OK) {
        kb->nfiles = ld->n;
        kb->files = arena_alloc(kb->ar, (ld->n + 1) * sizeof *kb->files);
        uint64_t h = 1469598103934665603ull;
        for (uint32_t i = 0; kb->files && i < ld->n; i++) {
            const src_file *src = ld->roots[i]->src;
            const char *b = base_name(src->name);
            fnv(&h, b, strlen(b) + 1);
            fnv(&h, src->data, src->size);
            if (!(kb->files[i] = arena_strdup(kb->ar, src->name)))
                kb->files = NULL;
        }
        snprintf(kb->version, sizeof kb->version, "fnv1a64:%016llx", (unsigned long long)h);
        kb_syntax syntax;
        if (!kb->files)
            load_fail(ld, NULL);
        else if (compile_kb(kb, ld->roots, ld->n, ld->trees, opt && opt->keep_source, &syntax,
                            &ld->d) == TRI_OK &&
                 opt && opt->lint)
            lint_kb(kb, &syntax, &ld->d);
    }
    arena_free(ld->trees);
    if (diag_status(&ld->d) != TRI_OK) {
        tri_kb_free(kb);
        return NULL;
    }
    return kb;
}

tri_kb *tri_kb_load_sources(const tri_source *sources, size_t count, const tri_options *opt,
                            tri_error *err)
{
    load ld = {0};
    diag_init(&ld.d, opt, err);
    if (count > TRI_MAX_FILES) {
        diag_fail(&ld.d, TRI_ERR_LIMIT, NULL, "%zu rule files, over the limit of %d", count,
                  TRI_MAX_FILES);
        return NULL;
    }
    if (!load_start(&ld, opt, count))
        return NULL;
    for (size_t i = 0; i < count && ld.d.hard != TRI_ERR_NOMEM; i++) {
        const node *root = loader_parse(ld.trees, sources[i].name, sources[i].data,
                                        sources[i].size, &ld.d);
        if (root)
            ld.roots[ld.n++] = root;
    }
    return load_finish(&ld, opt);
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
    load ld = {0};
    diag_init(&ld.d, opt, err);
    if (!path) {
        diag_fail(&ld.d, TRI_ERR_ARG, NULL, "no rules path given");
        return NULL;
    }
    if (!load_start(&ld, opt, TRI_MAX_FILES))
        return NULL;
    char **paths = arena_alloc(ld.trees, TRI_MAX_FILES * sizeof *paths);
    collect_ctx cc = {ld.trees, paths, 0, &ld.d};
    tri_status st = TRI_ERR_NOMEM;
    if (!paths)
        load_fail(&ld, path);
    else if ((st = files_each_yaml(path, collect_path, &cc, arena_allocator(ld.trees), &ld.d)) ==
                 TRI_OK &&
             cc.n == 0)
        diag_fail(&ld.d, TRI_ERR_IO, path, "no .yaml rule files in '%s'", path);
    for (uint32_t i = 0; st == TRI_OK && i < cc.n && ld.d.hard != TRI_ERR_NOMEM; i++) {
        const node *root = loader_parse_file(ld.trees, paths[i], &ld.d);
        if (root)
            ld.roots[ld.n++] = root;
    }
    return load_finish(&ld, opt);
}

tri_kb *tri_kb_load_default(const tri_options *opt, tri_error *err)
{
    size_t n;
    const tri_source *src = tri_default_sources(&n);
    return tri_kb_load_sources(src, n, opt, err);
}

