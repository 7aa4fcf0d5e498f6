/*
 * kb.c - the public read-only accessors over a compiled knowledge base, and
 * the names of its levels and question types. Building one is load.c's job.
 */
#include "kb.h"

#include <string.h>

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
        for (const kb_text_alt *a = t->alts; a && a->lang; a++)
            if (strcmp(a->lang, lang) == 0)
                return a->text;
    return t->en;
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
    kb_pos p = kb->rules[r].pos;
    *line = p.line;
    *column = p.col;
    return kb->files[p.file];
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
