/*
 * story_people.c - who the story is about, and their age and sex.
 *
 * Mentions: "I", "my", "me" (the narrator, persons[0]); a noun after a
 * possessive ("my son", "our 7-year-old", "my husband", "the baby", "my
 * mum"); "he"/"she"/"his"/"her", resolved to the last person mentioned whose
 * sex fits; and the family as a whole ("in the family", "family history").
 * A mention followed by a verb of reporting ("my wife says", "I noticed",
 * "I'm worried") is a witness: it says who tells the story, not who has the
 * twitches. Object pronouns ("it wakes me") are not subjects.
 *
 * The subject is the person with the most evidence: one point each time a
 * person is the first non-witness subject of a clause, two more each time a
 * possessive of theirs stands before a body part ("her eyelid", "my legs").
 * Ties go to the person mentioned first; no evidence at all means the
 * narrator. Each clause is about its first non-witness mention, or a
 * family-history phrase in it, else about the clause before it in the same
 * sentence, else about the subject.
 *
 * Ages: "25 y/o", "25yo", "25 years old", "a 30-year-old", "my 7-year-old",
 * "18 months old" (1.5), "45F", "F45", "M34", "I'm 62", "he is 7", "my son,
 * 7,", "my husband (58)", "aged 3", "age: 45", "turned 40", and decades
 * ("in my twenties", "in her early 40s", "mid-thirties"), which give a range
 * (20-29, 40-43, 33-36) rather than nothing. "teenager" and "baby" give no
 * age. An age belongs to the person mentioned with it, else the clause's.
 * Sex comes from the same words ("45F"), from "female"/"male"/"woman"/"man"
 * said of oneself or next to an age, from the noun ("my son": male) and from
 * the pronoun used for someone other than the narrator.
 */
#include <math.h>
#include <stdio.h>

#include "story_internal.h"

typedef struct noun {
    const char *word;
    uint8_t who, sex;
} noun;

#define F STORY_SEX_FEMALE
#define M STORY_SEX_MALE
static const noun nouns[] = {
    {"son", STORY_WHO_CHILD, M},          {"daughter", STORY_WHO_CHILD, F},
    {"kid", STORY_WHO_CHILD, 0},          {"kiddo", STORY_WHO_CHILD, 0},
    {"child", STORY_WHO_CHILD, 0},        {"baby", STORY_WHO_CHILD, 0},
    {"boy", STORY_WHO_CHILD, M},          {"girl", STORY_WHO_CHILD, F},
    {"toddler", STORY_WHO_CHILD, 0},      {"infant", STORY_WHO_CHILD, 0},
    {"newborn", STORY_WHO_CHILD, 0},      {"teen", STORY_WHO_CHILD, 0},
    {"teenager", STORY_WHO_CHILD, 0},     {"stepson", STORY_WHO_CHILD, M},
    {"stepdaughter", STORY_WHO_CHILD, F}, {"bub", STORY_WHO_CHILD, 0},
    {"husband", STORY_WHO_PARTNER, M},    {"wife", STORY_WHO_PARTNER, F},
    {"partner", STORY_WHO_PARTNER, 0},    {"boyfriend", STORY_WHO_PARTNER, M},
    {"girlfriend", STORY_WHO_PARTNER, F}, {"fiance", STORY_WHO_PARTNER, M},
    {"fiancé", STORY_WHO_PARTNER, M},     {"fiancee", STORY_WHO_PARTNER, F},
    {"fiancée", STORY_WHO_PARTNER, F},    {"spouse", STORY_WHO_PARTNER, 0},
    {"hubby", STORY_WHO_PARTNER, M},      {"bf", STORY_WHO_PARTNER, M},
    {"gf", STORY_WHO_PARTNER, F},         {"mother", STORY_WHO_OTHER, F},
    {"mom", STORY_WHO_OTHER, F},          {"mum", STORY_WHO_OTHER, F},
    {"mommy", STORY_WHO_OTHER, F},        {"mama", STORY_WHO_OTHER, F},
    {"father", STORY_WHO_OTHER, M},       {"dad", STORY_WHO_OTHER, M},
    {"daddy", STORY_WHO_OTHER, M},        {"papa", STORY_WHO_OTHER, M},
    {"brother", STORY_WHO_OTHER, M},      {"sister", STORY_WHO_OTHER, F},
    {"grandmother", STORY_WHO_OTHER, F},  {"grandma", STORY_WHO_OTHER, F},
    {"granny", STORY_WHO_OTHER, F},       {"nan", STORY_WHO_OTHER, F},
    {"grandfather", STORY_WHO_OTHER, M},  {"grandpa", STORY_WHO_OTHER, M},
    {"grandad", STORY_WHO_OTHER, M},      {"granddad", STORY_WHO_OTHER, M},
    {"aunt", STORY_WHO_OTHER, F},         {"auntie", STORY_WHO_OTHER, F},
    {"uncle", STORY_WHO_OTHER, M},        {"cousin", STORY_WHO_OTHER, 0},
    {"niece", STORY_WHO_OTHER, F},        {"nephew", STORY_WHO_OTHER, M},
    {"friend", STORY_WHO_OTHER, 0},       {"roommate", STORY_WHO_OTHER, 0},
    {"flatmate", STORY_WHO_OTHER, 0},     {"colleague", STORY_WHO_OTHER, 0},
    {"neighbour", STORY_WHO_OTHER, 0},    {"neighbor", STORY_WHO_OTHER, 0},
    {"parents", STORY_WHO_OTHER, 0},      {"grandparents", STORY_WHO_OTHER, 0},
    {"doctor", STORY_WHO_OTHER, 0},       {"gp", STORY_WHO_OTHER, 0},
    {"neurologist", STORY_WHO_OTHER, 0},  {"dentist", STORY_WHO_OTHER, 0},
    {"optician", STORY_WHO_OTHER, 0},     {"nurse", STORY_WHO_OTHER, 0},
    {"relatives", STORY_WHO_FAMILY, 0},   {"relative", STORY_WHO_FAMILY, 0},
    {"family", STORY_WHO_FAMILY, 0},      {"siblings", STORY_WHO_FAMILY, 0},
};
#undef F
#undef M
static const noun family_noun = {"family", STORY_WHO_FAMILY, 0};

/* Words for body parts, to tell "her eyelid" (she has it) from "her voice". */
static const char *const body_words[] = {
    "eye",     "eyes",      "eyelid",  "eyelids", "lid",    "lids",    "face",     "cheek",
    "cheeks",  "cheekbone", "mouth",   "lip",     "lips",   "jaw",     "chin",     "forehead",
    "eyebrow", "eyebrows",  "brow",    "nose",    "tongue", "neck",    "shoulder", "shoulders",
    "arm",     "arms",      "hand",    "hands",   "finger", "fingers", "thumb",    "leg",
    "legs",    "calf",      "calves",  "thigh",   "thighs", "foot",    "feet",     "toe",
    "toes",    "knee",      "knees",   "body",    "muscle", "muscles", "head",     "chest",
    "back",    "belly",     "stomach", "tummy",   "side",   "temple",  "ear",      NULL};
static const char *const body_modifiers[] = {"left", "right", "upper",  "lower", "whole", "entire",
                                             "both", "top",   "bottom", "outer", "inner", NULL};

static const char *const witness_verbs[] = {
    "says",    "said",    "say",      "tells",   "told",    "tell",     "thinks",    "think",
    "thought", "believe", "believes", "guess",   "noticed", "notice",   "notices",   "noticing",
    "saw",     "see",     "sees",     "seen",    "watched", "watch",    "watches",   "watching",
    "heard",   "hear",    "hears",    "filmed",  "film",    "recorded", "record",    "asked",
    "ask",     "asking",  "worry",    "worried", "worries", "wonder",   "wondering", "want",
    "wants",   "wanted",  "would",    "hope",    "found",   "know",     "knows",     "knew",
    "took",    "take",    "brought",  "reckon",  "reckons", "suspect",  "wrote",     "writing",
    "write",   "am",      "was",      "can",     "could",   "also",     "just",      "have",
    "has",     "had",     "do",       "did",     "don't",   "dont",     "really",    "first",
    "only",    "never",   NULL};
/* Verbs after "am/was/have/can/..." that still make a witness ("I am worried"). */
static const char *const witness_after_aux[] = {
    "worried",  "concerned", "writing", "asking",  "wondering", "noticed",  "seen",
    "heard",    "see",       "hear",    "watched", "filmed",    "recorded", "told",
    "asked",    "not",       "sure",    "afraid",  "scared",    "noticing", "seeing",
    "watching", "thinking",  "think",   "know",    "knew",      "notice",   NULL};

static const char *const self_words[] = {"i",    "i'm", "im",     "i've", "ive", "i'd",
                                         "i'll", "my",  "myself", "mine", NULL};
static const char *const possessives[] = {"my", "our", "the", "his", "her", "their", "your", NULL};
static const char *const child_modifiers[] = {
    "little", "young",  "teenage", "older",   "younger", "eldest", "oldest", "youngest",
    "baby",   "infant", "newborn", "toddler", "elderly", "old",    "step",   "middle",
    "twin",   "adult",  "new",     "sweet",   "dear",    "late",   NULL};

/* The noun at token i, "'s" stripped; NULL if none. */
static const noun *noun_at(const story_doc *d, uint32_t i)
{
    if (!story_is_word(d, i))
        return NULL;
    const char *w = story_token_norm(d, i);
    size_t n = d->tokens[i].norm_len;
    if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
        n -= 2;
    for (size_t k = 0; k < sizeof nouns / sizeof nouns[0]; k++)
        if (strlen(nouns[k].word) == n && !strncmp(w, nouns[k].word, n))
            return &nouns[k];
    return NULL;
}

/* Whether tokens from i form an age used as a noun or modifier
 * ("7-year-old", "7 yo", "7yo", "18-month-old"); *end after it. */
static bool age_noun_at(const story_doc *d, uint32_t i, uint32_t lim, uint32_t *end)
{
    if (!story_is_number(d, i))
        return false;
    uint32_t j = i + 1;
    if (j < lim && story_is(d, j, "-"))
        j++;
    if (j < lim && (story_is(d, j, "yo") || story_is(d, j, "yr") || story_is(d, j, "y"))) {
        if (story_is(d, j, "y") && j + 2 < lim && story_is(d, j + 1, "/") &&
            story_is(d, j + 2, "o")) {
            *end = j + 3;
            return true;
        }
        if (story_is(d, j, "yo")) {
            *end = j + 1;
            return true;
        }
    }
    if (j + 1 < lim && (story_is(d, j, "year") || story_is(d, j, "month") ||
                        story_is(d, j, "week") || story_is(d, j, "yr"))) {
        uint32_t k = j + 1;
        if (k < lim && story_is(d, k, "-"))
            k++;
        if (k < lim && story_is(d, k, "old")) {
            *end = k + 1;
            return true;
        }
    }
    return false;
}

/* ---- persons -------------------------------------------------------------- */

static uint8_t person_for(story_doc *d, const noun *nn, uint32_t first, uint32_t end)
{
    const char *term = nn ? nn->word : "";
    uint8_t who = nn ? nn->who : STORY_WHO_CHILD;
    uint8_t sex = nn ? nn->sex : 0;
    for (uint32_t p = 1; p < d->npersons; p++) {
        story_person *q = &d->persons[p];
        if (q->who != who)
            continue;
        bool same = !strcmp(q->term, term) || who == STORY_WHO_FAMILY || who == STORY_WHO_PARTNER ||
                    (who == STORY_WHO_CHILD && (!sex || !q->sex || sex == q->sex) &&
                     (!term[0] || !q->term[0] || !nn->sex || !q->sex || sex == q->sex));
        if (same) {
            if (!q->sex)
                q->sex = sex;
            if (!q->term[0] && term[0])
                snprintf(q->term, sizeof q->term, "%s", term);
            return (uint8_t)p;
        }
    }
    if (d->npersons >= STORY_MAX_PERSONS)
        return 0xFF;
    story_person *q = &d->persons[d->npersons];
    memset(q, 0, sizeof *q);
    q->who = who;
    q->sex = sex;
    q->start = d->tokens[first].start;
    q->end = d->tokens[end - 1].end;
    snprintf(q->term, sizeof q->term, "%s", term);
    return (uint8_t)d->npersons++;
}

/* What find_mentions() knows of each person so far. */
typedef struct seen {
    uint32_t last[STORY_MAX_PERSONS]; /* 1 + index of the last mention, 0 if none */
    bool subject[STORY_MAX_PERSONS];  /* mentioned once as more than a witness */
} seen;

/* The person "he"/"she" refers to: the last one mentioned whose sex fits,
 * preferring people who were mentioned as more than a witness ("Mom says
 * ... She is 4": not Mom). */
static uint8_t resolve_pronoun(story_doc *d, const seen *sn, uint8_t sex, uint32_t at)
{
    for (int pass = 0; pass < 2; pass++) {
        int best = -1;
        for (uint32_t p = 1; p < d->npersons; p++) {
            const story_person *q = &d->persons[p];
            if (!sn->last[p] || q->who == STORY_WHO_FAMILY || (q->sex && q->sex != sex) ||
                !strcmp(q->term, "parents") || !strcmp(q->term, "grandparents") ||
                (pass == 0 && !sn->subject[p]))
                continue;
            if (best < 0 || sn->last[p] > sn->last[best])
                best = (int)p;
        }
        if (best >= 0) {
            if (!d->persons[best].sex)
                d->persons[best].sex = sex;
            return (uint8_t)best;
        }
    }
    /* someone not named: "She is 7 and her eye twitches" */
    if (d->npersons >= STORY_MAX_PERSONS)
        return 0xFF;
    story_person *q = &d->persons[d->npersons];
    memset(q, 0, sizeof *q);
    q->who = STORY_WHO_OTHER;
    q->sex = sex;
    q->start = d->tokens[at].start;
    q->end = d->tokens[at].end;
    return (uint8_t)d->npersons++;
}

static bool is_witness(const story_doc *d, uint32_t end, uint32_t lim)
{
    uint32_t j = end;
    if (j < lim && story_is(d, j, ","))
        return false;
    if (j >= lim || !story_is_one_of(d, j, witness_verbs))
        return false;
    static const char *const aux[] = {"am",    "was",  "can",   "could", "also",  "just", "have",
                                      "has",   "had",  "do",    "did",   "don't", "dont", "really",
                                      "first", "only", "never", "would", NULL};
    if (!story_is_one_of(d, j, aux))
        return true;
    /* "I can see" yes, "I can't move" no; "I have noticed" yes, "I have twitches" no */
    for (uint32_t k = j + 1; k < lim && k < j + 3; k++) {
        if (story_is_one_of(d, k, witness_after_aux) || story_is_one_of(d, k, witness_verbs)) {
            if (story_is_one_of(d, k, aux) && !story_is(d, k, "would"))
                continue;
            return true;
        }
        if (!story_is_one_of(d, k, aux))
            return false;
    }
    return false;
}

static bool body_after(const story_doc *d, uint32_t j, uint32_t lim)
{
    for (int k = 0; k < 2 && j < lim && story_is_one_of(d, j, body_modifiers); k++)
        j++;
    return j < lim && story_is_one_of(d, j, body_words);
}

static void add_mention(story_doc *d, seen *sn, uint32_t first, uint32_t end, uint8_t person,
                        bool witness, bool owns)
{
    if (person == 0xFF)
        return;
    sn->last[person] = d->nmentions + 1;
    if (!witness)
        sn->subject[person] = true;
    if (d->nmentions >= STORY_MAX_MENTIONS) {
        d->truncated = true;
        return;
    }
    story_mention *m = &d->mentions[d->nmentions++];
    m->tok_first = first;
    m->tok_end = end;
    m->person = person;
    m->witness = witness;
    m->owns_body = owns;
}

/* Family-history phrases: "in the family", "family history", "runs in my family". */
const char *const story_family_phrases[] = {
    "in [the|my|our|his|her] family",
    "family history",
    "family members|member",
    "runs|run|ran in [the|my|our|his|her] family",
    "anyone|anybody|nobody|noone|someone in [the|my|our] family",
    "my|our|his|her family",
    "relatives",
    NULL};

static bool family_at(const story_doc *d, const story_pattern *list, size_t n, uint32_t i,
                      uint32_t lim, uint32_t *end)
{
    for (size_t k = 0; k < n; k++)
        if (story_pattern_at(d, &list[k], i, lim, end))
            return true;
    return false;
}

static void find_mentions(story_ctx *c)
{
    story_doc *d = c->doc;
    size_t nfamily;
    story_pattern *family = story_patterns(c->ar, story_family_phrases, &nfamily);
    seen sn;
    memset(&sn, 0, sizeof sn);
    if (!family) {
        c->nomem = true;
        return;
    }
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (!story_is_word(d, i))
            continue;
        uint32_t lim = story_clause_end(d, i), end;
        if (family_at(d, family, nfamily, i, lim, &end)) {
            uint8_t p = person_for(d, &family_noun, i, end);
            add_mention(d, &sn, i, end, p, false, false);
            i = end - 1;
            continue;
        }
        /* possessive + [modifiers or an age] + noun, or possessive + age ("my 7-year-old") */
        if (story_is_one_of(d, i, possessives)) {
            uint32_t j = i + 1;
            bool aged = false;
            for (int k = 0; k < 3 && j < lim; k++) {
                uint32_t e;
                if (age_noun_at(d, j, lim, &e)) {
                    j = e;
                    aged = true;
                } else if (story_is_one_of(d, j, child_modifiers) && !noun_at(d, j)) {
                    j++;
                } else if (story_is(d, j, "-") || story_is(d, j, ",")) {
                    j++;
                } else {
                    break;
                }
            }
            const noun *nn = j < lim ? noun_at(d, j) : NULL;
            bool the = story_is(d, i, "the");
            if (nn && the && nn->who != STORY_WHO_CHILD)
                nn = NULL; /* "the doctor" and "the family" are not the people of the story */
            if (nn || (aged && !the && (story_is(d, i, "my") || story_is(d, i, "our")))) {
                uint32_t e = nn ? j + 1 : j;
                uint8_t p = person_for(d, nn, i, e);
                add_mention(d, &sn, i, e, p, is_witness(d, e, lim), false);
                i = e - 1;
                continue;
            }
        }
        /* a capitalised kin word with no possessive: "Mom says" */
        const noun *nn = noun_at(d, i);
        if (nn && nn->who == STORY_WHO_OTHER && (d->tokens[i].flags & STORY_TF_CAPITAL) &&
            i == story_clause_first(d, i)) {
            uint8_t p = person_for(d, nn, i, i + 1);
            add_mention(d, &sn, i, i + 1, p, is_witness(d, i + 1, lim), false);
            continue;
        }
        if (story_is_one_of(d, i, self_words)) {
            bool owns = story_is(d, i, "my") && body_after(d, i + 1, lim);
            add_mention(d, &sn, i, i + 1, 0, !owns && is_witness(d, i + 1, lim), owns);
            continue;
        }
        bool he = story_is(d, i, "he") || story_is(d, i, "he's") || story_is(d, i, "his") ||
                  story_is(d, i, "hes");
        bool she = story_is(d, i, "she") || story_is(d, i, "she's") || story_is(d, i, "shes") ||
                   (story_is(d, i, "her") && i + 1 < lim && body_after(d, i + 1, lim)) ||
                   (story_is(d, i, "her") && i == story_clause_first(d, i));
        if (he || she) {
            uint8_t p = resolve_pronoun(d, &sn, he ? STORY_SEX_MALE : STORY_SEX_FEMALE, i);
            bool owns =
                (story_is(d, i, "his") || story_is(d, i, "her")) && body_after(d, i + 1, lim);
            add_mention(d, &sn, i, i + 1, p, !owns && is_witness(d, i + 1, lim), owns);
            continue;
        }
        /* "him", "her" as objects, "me": not subjects, but they keep pronouns resolved */
    }
}

/* ---- subject and clauses ------------------------------------------------- */

static void choose_subject(story_doc *d)
{
    uint32_t m = 0;
    uint32_t first_at[STORY_MAX_PERSONS];
    for (uint32_t p = 0; p < STORY_MAX_PERSONS; p++)
        first_at[p] = UINT32_MAX;
    for (uint32_t cl = 0; cl < d->nclauses; cl++) {
        bool counted = false;
        while (m < d->nmentions && d->mentions[m].tok_first < d->clauses[cl].tok_end) {
            const story_mention *mm = &d->mentions[m++];
            story_person *q = &d->persons[mm->person];
            if (mm->owns_body)
                q->score += 2;
            if (!counted && !mm->witness) {
                q->score += 1;
                counted = true;
                if (first_at[mm->person] == UINT32_MAX)
                    first_at[mm->person] = mm->tok_first;
            }
            if (mm->owns_body && first_at[mm->person] == UINT32_MAX)
                first_at[mm->person] = mm->tok_first;
        }
    }
    uint32_t best = 0;
    for (uint32_t p = 1; p < d->npersons; p++) {
        const story_person *q = &d->persons[p];
        if (q->who == STORY_WHO_FAMILY || q->score == 0)
            continue;
        const story_person *b = &d->persons[best];
        if (q->score > b->score || (q->score == b->score && first_at[p] < first_at[best]))
            best = p;
    }
    d->subject = (uint8_t)best;
}

static void assign_clauses(story_doc *d)
{
    uint32_t m = 0;
    for (uint32_t cl = 0; cl < d->nclauses; cl++) {
        story_clause *c = &d->clauses[cl];
        int person = -1;
        bool family = false;
        while (m < d->nmentions && d->mentions[m].tok_first < c->tok_end) {
            const story_mention *mm = &d->mentions[m++];
            if (d->persons[mm->person].who == STORY_WHO_FAMILY)
                family = true, person = mm->person;
            if (!family && person < 0 && !mm->witness)
                person = mm->person;
        }
        if (person < 0)
            person = cl > 0 && d->clauses[cl - 1].sentence == c->sentence
                         ? d->clauses[cl - 1].person
                         : d->subject;
        c->person = (uint8_t)person;
    }
}

/* A person noun's sex, said by the noun itself: "my son" is male. */
static void sex_from_mentions(story_ctx *c)
{
    story_doc *d = c->doc;
    bool said[STORY_MAX_PERSONS] = {false};
    for (uint32_t k = 0; k < d->nmentions; k++) {
        const story_mention *mm = &d->mentions[k];
        const story_person *q = &d->persons[mm->person];
        if (mm->person == 0 || said[mm->person] || !q->sex || q->who == STORY_WHO_FAMILY)
            continue;
        const noun *nn = noun_at(d, mm->tok_end - 1);
        bool pronoun = !nn && mm->tok_end - mm->tok_first == 1;
        if ((nn && nn->sex) || pronoun) {
            uint32_t first = nn ? mm->tok_end - 1 : mm->tok_first;
            story_finding *f = story_add(c, STORY_SEX, first, mm->tok_end);
            if (!f)
                return;
            f->sex = q->sex;
            f->person = mm->person;
            said[mm->person] = true;
        }
    }
}

void story_find_people(story_ctx *c)
{
    find_mentions(c);
    choose_subject(c->doc);
    assign_clauses(c->doc);
    sex_from_mentions(c);
}

/* ---- ages ------------------------------------------------------------- */

/* The mention of a person that covers token i, or the nearest one before
 * it in its clause (not a witness only when another is available). */
static int person_near(const story_doc *d, uint32_t i)
{
    uint32_t cf = story_clause_first(d, i);
    int best = -1;
    for (uint32_t k = 0; k < d->nmentions; k++) {
        const story_mention *mm = &d->mentions[k];
        if (mm->tok_first <= i && i < mm->tok_end)
            return mm->person;
        if (mm->tok_first >= cf && mm->tok_end <= i &&
            d->persons[mm->person].who != STORY_WHO_FAMILY)
            best = mm->person;
    }
    return best;
}

static void add_age(story_ctx *c, uint32_t first, uint32_t end, double lo, double hi, int person)
{
    if (lo < 0 || hi > 120 || story_any_used(c, first, end))
        return;
    story_finding *f = story_add(c, STORY_AGE, first, end);
    if (!f)
        return;
    f->lo = lo;
    f->hi = hi;
    if (person < 0)
        person = person_near(c->doc, first);
    if (person >= 0)
        f->person = (uint8_t)person;
    story_use(c, first, end);
}

static void add_sex(story_ctx *c, uint32_t first, uint32_t end, uint8_t sex, int person)
{
    story_finding *f = story_add(c, STORY_SEX, first, end);
    if (!f)
        return;
    f->sex = sex;
    if (person < 0)
        person = person_near(c->doc, first);
    if (person >= 0)
        f->person = (uint8_t)person;
}

/* "years old", "yo", "y/o", "months old" ... after a number: the factor to
 * years (0 if none) and the token after. */
static double age_unit(const story_doc *d, uint32_t j, uint32_t lim, uint32_t *end)
{
    if (j < lim && story_is(d, j, "-"))
        j++;
    if (j >= lim)
        return 0;
    if (story_is(d, j, "yo") || story_is(d, j, "yob")) {
        *end = j + 1;
        return 1;
    }
    if (story_is(d, j, "y") && j + 2 < lim &&
        (story_is(d, j + 1, "/") || story_is(d, j + 1, ".")) && story_is(d, j + 2, "o")) {
        *end = j + 3;
        if (*end < lim && story_is(d, *end, ".") && (d->tokens[*end].flags & STORY_TF_GLUED))
            (*end)++;
        return 1;
    }
    static const struct {
        const char *word;
        double years;
    } units[] = {{"year", 1},
                 {"years", 1},
                 {"yr", 1},
                 {"yrs", 1},
                 {"y", 1},
                 {"month", 1 / 12.0},
                 {"months", 1 / 12.0},
                 {"mo", 1 / 12.0},
                 {"week", 7 / 365.25},
                 {"weeks", 7 / 365.25},
                 {"day", 1 / 365.25},
                 {"days", 1 / 365.25}};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (story_is(d, j, units[k].word)) {
            uint32_t e = j + 1;
            if (e < lim && story_is(d, e, "-"))
                e++;
            if (e < lim && story_is(d, e, "old")) {
                *end = e + 1;
                return units[k].years;
            }
            if (e + 1 < lim && story_is(d, e, "of") && story_is(d, e + 1, "age")) {
                *end = e + 2;
                return units[k].years;
            }
            return 0;
        }
    return 0;
}

static const char *const decades[] = {"teens",   "twenties",  "thirties", "forties",  "fifties",
                                      "sixties", "seventies", "eighties", "nineties", NULL};

/* "in my twenties", "in her early 40s", "mid-thirties": [lo, hi]. */
static bool decade_at(const story_doc *d, uint32_t i, uint32_t lim, double *lo, double *hi,
                      uint32_t *end)
{
    uint32_t j = i;
    double from = 0, to = 9;
    if (story_is(d, j, "early")) {
        from = 0, to = 3, j++;
    } else if (story_is(d, j, "mid")) {
        from = 3, to = 6, j++;
    } else if (story_is(d, j, "late")) {
        from = 6, to = 9, j++;
    }
    if (j < lim && story_is(d, j, "-"))
        j++;
    if (j >= lim)
        return false;
    double base = -1;
    for (int k = 0; decades[k]; k++)
        if (story_is(d, j, decades[k]))
            base = k == 0 ? 10 : 10.0 * (k + 1);
    uint32_t e = j + 1;
    if (base < 0 && story_is_number(d, j) &&
        (d->tokens[j].value == 20 || d->tokens[j].value == 30 || d->tokens[j].value == 40 ||
         d->tokens[j].value == 50 || d->tokens[j].value == 60 || d->tokens[j].value == 70 ||
         d->tokens[j].value == 80 || d->tokens[j].value == 90)) {
        uint32_t k = j + 1;
        if (k < lim && story_is(d, k, "'"))
            k++;
        if (k < lim && story_is(d, k, "s") && (d->tokens[k].flags & STORY_TF_GLUED)) {
            base = d->tokens[j].value;
            e = k + 1;
        }
    }
    if (base < 0)
        return false;
    if (base == 10) { /* teens: 13-19 */
        *lo = 13 + (from ? from - 1 : 0);
        *hi = to == 9 ? 19 : 13 + to;
    } else {
        *lo = base + from;
        *hi = base + to;
    }
    *end = e;
    return true;
}

static bool integer_age(const story_doc *d, uint32_t i, double *v)
{
    if (!story_is_number(d, i))
        return false;
    *v = d->tokens[i].value;
    return *v >= 0 && *v <= 120 && *v == floor(*v);
}

/* Words that may follow "I'm 62" and keep it an age. */
static const char *const after_age[] = {
    "and",     "now",   "but",   "so",   "with",  "this", "next", "soon", "yet",
    "already", "years", "yrs",   "year", "y",     "yo",   "old",  "f",    "m",
    "female",  "male",  "woman", "man",  "today", "btw",  "if",   NULL};
static const char *const sex_words_f[] = {"female", "woman", "lady", "f", "girl", NULL};
static const char *const sex_words_m[] = {"male", "man", "guy", "gentleman", "m", "boy", NULL};

static bool age_ends_well(const story_doc *d, uint32_t e, uint32_t lim)
{
    return e >= lim || d->tokens[e].kind == STORY_TOK_PUNCT || story_is_one_of(d, e, after_age);
}

/* The sex letter glued to a number: "45F", "F45", "M34"; 0 if none. */
static uint8_t sex_letter(const story_doc *d, uint32_t i, bool strict_m)
{
    if (!story_is_word(d, i) || d->tokens[i].norm_len != 1)
        return 0;
    char ch = story_token_norm(d, i)[0];
    if (ch == 'f')
        return STORY_SEX_FEMALE;
    if (ch == 'm' && (!strict_m || (d->tokens[i].flags & STORY_TF_CAPITAL)))
        return STORY_SEX_MALE;
    return 0;
}

void story_find_ages(story_ctx *c)
{
    story_doc *d = c->doc;
    for (uint32_t i = 0; i < d->ntokens; i++) {
        if (c->used[i])
            continue;
        uint32_t lim = story_clause_end(d, i), slim = story_sentence_end(d, i), end;
        story_num n;
        double v, lo, hi;
        /* N years old, N yo, N-year-old, 20~29 year old, 18 months old */
        if (story_is_number(d, i) && story_number_range(d, i, slim, &n)) {
            double f = age_unit(d, n.end, slim, &end);
            if (f > 0) {
                add_age(c, i, end, n.lo * f, n.hi * f, -1);
                continue;
            }
        }
        if (story_is_word(d, i) && story_number_range(d, i, slim, &n) && !n.vague && !n.article) {
            double f = age_unit(d, n.end, slim, &end);
            if (f > 0) {
                add_age(c, i, end, n.lo * f, n.hi * f, -1);
                continue;
            }
        }
        /* 45F, 45 F inside brackets, F45, M34 */
        if (integer_age(d, i, &v) && i + 1 < slim && (d->tokens[i + 1].flags & STORY_TF_GLUED)) {
            uint8_t sx = sex_letter(d, i + 1, true);
            if (sx && (i + 2 >= slim || !story_is_word(d, i + 2) ||
                       !(d->tokens[i + 2].flags & STORY_TF_GLUED))) {
                add_age(c, i, i + 2, v, v, -1);
                add_sex(c, i, i + 2, sx, -1);
                continue;
            }
        }
        if (story_is_word(d, i) && i + 1 < slim && (d->tokens[i + 1].flags & STORY_TF_GLUED) &&
            integer_age(d, i + 1, &v)) {
            uint8_t sx = sex_letter(d, i, true);
            if (sx && !(d->tokens[i].flags & STORY_TF_GLUED)) {
                add_age(c, i, i + 2, v, v, -1);
                add_sex(c, i, i + 2, sx, -1);
                continue;
            }
        }
        /* F/45, 45/F */
        if (i + 2 < slim && story_is(d, i + 1, "/")) {
            uint8_t sx;
            if (integer_age(d, i, &v) && (sx = sex_letter(d, i + 2, false))) {
                add_age(c, i, i + 3, v, v, -1);
                add_sex(c, i, i + 3, sx, -1);
                continue;
            }
            if ((sx = sex_letter(d, i, false)) && integer_age(d, i + 2, &v)) {
                add_age(c, i, i + 3, v, v, -1);
                add_sex(c, i, i + 3, sx, -1);
                continue;
            }
        }
        /* I'm 62, I am 62, he is 7, she's 9, my son is 7 */
        if (integer_age(d, i, &v) && i > 0) {
            uint32_t p = story_prev(d, i);
            bool copula =
                p != STORY_NONE &&
                (story_is(d, p, "i'm") || story_is(d, p, "im") || story_is(d, p, "he's") ||
                 story_is(d, p, "she's") || story_is(d, p, "am") || story_is(d, p, "is") ||
                 story_is(d, p, "turned") || story_is(d, p, "turning") || story_is(d, p, "aged") ||
                 story_is(d, p, "age"));
            if (p != STORY_NONE && story_is(d, p, "age") && p > 0 &&
                story_prev(d, p) != STORY_NONE) {
                uint32_t pp = story_prev(d, p);
                if (story_is(d, pp, "at") || story_is(d, pp, "since") || story_is(d, pp, "from") ||
                    story_is(d, pp, "until") || story_is(d, pp, "by") ||
                    story_is(d, pp, "before") || story_is(d, pp, "after"))
                    copula = false; /* "since age 3" is when, not how old */
            }
            if (copula && (story_is(d, p, "is") || story_is(d, p, "am"))) {
                /* "it is 5" is not an age: the copula must follow a person */
                uint32_t pp = story_prev(d, p);
                int who = person_near(d, p);
                if (pp == STORY_NONE || who < 0 || story_is(d, pp, "it") ||
                    story_is(d, pp, "that") || story_is(d, pp, "this") || story_is(d, pp, "there"))
                    copula = false;
            }
            uint32_t e = i + 1;
            if (copula && e < slim && story_is(d, e, "-") && story_is_number(d, e + 1))
                e += 2;
            if (copula && age_ends_well(d, e, slim)) {
                double hi2 = e > i + 1 ? d->tokens[i + 2].value : v;
                add_age(c, i, e, fmin(v, hi2), fmax(v, hi2), -1);
                continue;
            }
        }
        /* age: 45, age 45 */
        if ((story_is(d, i, "age") || story_is(d, i, "aged")) && i + 1 < slim) {
            uint32_t j = i + 1;
            if (story_is(d, j, ":") || story_is(d, j, "="))
                j++;
            uint32_t p = story_prev(d, i);
            bool when = p != STORY_NONE && (story_is(d, p, "at") || story_is(d, p, "since") ||
                                            story_is(d, p, "from") || story_is(d, p, "until") ||
                                            story_is(d, p, "by") || story_is(d, p, "before") ||
                                            story_is(d, p, "after") || story_is(d, p, "the"));
            if (!when && integer_age(d, j, &v) && !c->used[j]) {
                double f = age_unit(d, j + 1, slim, &end);
                if (f > 0) {
                    add_age(c, i, end, v * f, v * f, -1);
                } else if (age_ends_well(d, j + 1, slim)) {
                    add_age(c, i, j + 1, v, v, -1);
                }
                continue;
            }
        }
        /* my son, 7, ...  my husband (58) */
        if (integer_age(d, i, &v) && i >= 2 &&
            (story_is(d, i - 1, ",") || story_is(d, i - 1, "("))) {
            bool paren = story_is(d, i - 1, "(");
            int who = -1;
            for (uint32_t k = 0; k < d->nmentions; k++)
                if (d->mentions[k].tok_end == i - 1)
                    who = d->mentions[k].person;
            uint32_t e = i + 1;
            uint8_t sx = 0;
            if (e < slim && (sx = sex_letter(d, e, false)) != 0)
                e++;
            else if (e + 1 < slim && story_is(d, e, ",") && (sx = sex_letter(d, e + 1, false)) != 0)
                e += 2;
            bool closes =
                paren ? (e < slim && story_is(d, e, ")")) : (e >= slim || story_is(d, e, ","));
            if (who >= 0 && closes) {
                add_age(c, i, e, v, v, who);
                if (sx)
                    add_sex(c, i, e, sx, who);
                continue;
            }
            if (paren && closes && who < 0 && sx) { /* "(45, F)" */
                add_age(c, i, e, v, v, -1);
                add_sex(c, i, e, sx, -1);
                continue;
            }
        }
        /* "24 m", "f 31", "54, male": a number and a sex word alone in their
         * sentence or comma-delimited segment */
        if (integer_age(d, i, &v) && v >= 1) {
            uint32_t sf = d->sentences[d->clauses[d->tokens[i].clause].sentence].tok_first;
            int pairs[2][2] = {{-1, 1}, {1, -1}}; /* sex word before / after */
            bool done = false;
            for (int w = 0; w < 2 && !done; w++) {
                uint32_t a, b;
                if (pairs[w][0] < 0) { /* word, [,] number */
                    if (i == sf)
                        continue;
                    uint32_t k = i - 1;
                    if (story_is(d, k, ",") && k > sf)
                        k--;
                    a = k;
                    b = i + 1;
                } else { /* number [,] word */
                    uint32_t k = i + 1;
                    if (k < slim && story_is(d, k, ","))
                        k++;
                    if (k >= slim)
                        continue;
                    a = i;
                    b = k + 1;
                }
                uint32_t sx_at = pairs[w][0] < 0 ? a : b - 1;
                /* a letter glued to the number was read above ("45F"; "5m" is minutes) */
                bool glued = pairs[w][0] < 0 ? (d->tokens[i].flags & STORY_TF_GLUED) != 0
                                             : (d->tokens[sx_at].flags & STORY_TF_GLUED) != 0;
                if (glued)
                    continue;
                uint8_t sx = sex_letter(d, sx_at, false);
                if (!sx && story_is_one_of(d, sx_at, sex_words_f) && !noun_at(d, sx_at))
                    sx = STORY_SEX_FEMALE;
                if (!sx && story_is_one_of(d, sx_at, sex_words_m) && !noun_at(d, sx_at))
                    sx = STORY_SEX_MALE;
                bool open = a == sf || story_is(d, a - 1, ",") || story_is(d, a - 1, "(");
                bool shut = b >= slim || story_is(d, b, ",") || story_is(d, b, ".") ||
                            story_is(d, b, ")") || story_is(d, b, "!");
                if (sx && open && shut && !story_any_used(c, a, b)) {
                    add_age(c, i, i + 1, v, v, -1);
                    add_sex(c, sx_at, sx_at + 1, sx, -1);
                    done = true;
                }
            }
            if (done)
                continue;
        }
        /* in my twenties, in her early 40s, mid-thirties */
        if (story_is(d, i, "in") && i + 1 < lim && story_is_one_of(d, i + 1, possessives) &&
            !story_is(d, i + 1, "the") && decade_at(d, i + 2, lim, &lo, &hi, &end)) {
            int who = person_near(d, i + 1);
            add_age(c, i, end, lo, hi, who);
            continue;
        }
        if ((story_is(d, i, "early") || story_is(d, i, "mid") || story_is(d, i, "late")) &&
            decade_at(d, i, lim, &lo, &hi, &end) && story_prev(d, i) != STORY_NONE &&
            (story_is(d, story_prev(d, i), "i'm") || story_is(d, story_prev(d, i), "am") ||
             story_is(d, story_prev(d, i), "is") || story_is(d, story_prev(d, i), "he's") ||
             story_is(d, story_prev(d, i), "she's") || story_is(d, story_prev(d, i), "im"))) {
            add_age(c, i, end, lo, hi, -1);
            continue;
        }
    }
    /* someone not named, but young: "She is 7" is a child */
    for (uint32_t k = 0; k < d->nfindings; k++) {
        story_finding *f = &d->findings[k];
        if (f->kind != STORY_AGE)
            continue;
        if (f->person == 0xFF)
            f->person = d->clauses[d->tokens[f->tok_first].clause].person;
        if (f->person < d->npersons && f->hi < 18) {
            story_person *q = &d->persons[f->person];
            if (q->who == STORY_WHO_OTHER && !q->term[0])
                q->who = STORY_WHO_CHILD;
        }
    }
    /* sex said of oneself or next to an age: "I'm a woman", "female, 25",
     * "20~29 year old female", "(F)" */
    for (uint32_t i = 0; i < d->ntokens; i++) {
        bool fem = story_is_one_of(d, i, sex_words_f), male = story_is_one_of(d, i, sex_words_m);
        if (!fem && !male)
            continue;
        if (noun_at(d, i))
            continue; /* "girl", "boy" are children, handled as mentions */
        bool letter = d->tokens[i].norm_len == 1;
        uint32_t cf = story_clause_first(d, i), lim = story_sentence_end(d, i);
        bool ok = false;
        if (letter) {
            /* "(F)", "F," at the start, "F 34": a letter alone only in those places */
            ok = (i > 0 && story_is(d, i - 1, "(") && i + 1 < lim && story_is(d, i + 1, ")")) ||
                 (i == cf && i + 1 < lim && story_is(d, i + 1, ",")) ||
                 (i > 0 && story_is(d, i - 1, ",") &&
                  (i + 1 >= lim || story_is(d, i + 1, ",") || story_is(d, i + 1, ")") ||
                   story_is(d, i + 1, ".")));
            if (male && letter && !(d->tokens[i].flags & STORY_TF_CAPITAL))
                ok = false;
        } else {
            for (uint32_t k = i; k > cf && i - k < 5; k--)
                if (story_is(d, k - 1, "i'm") || story_is(d, k - 1, "im") ||
                    (story_is(d, k - 1, "am") && k >= 2 && story_is(d, k - 2, "i")) ||
                    (story_is(d, k - 1, "as") && story_is(d, k, "a")))
                    ok = true;
            /* next to an age finding */
            for (uint32_t k = 0; k < d->nfindings; k++) {
                const story_finding *f = &d->findings[k];
                if (f->kind == STORY_AGE && (f->tok_end == i || f->tok_first == i + 1 ||
                                             (f->tok_first == i + 2 && story_is(d, i + 1, ",")) ||
                                             (f->tok_end + 1 == i && story_is(d, i - 1, ","))))
                    ok = true;
            }
            if (i == cf && i + 1 < lim && (story_is(d, i + 1, ",") || story_is_number(d, i + 1)))
                ok = true;
        }
        if (ok) {
            bool dup = false;
            for (uint32_t k = 0; k < d->nfindings; k++)
                if (d->findings[k].kind == STORY_SEX && d->findings[k].tok_first <= i &&
                    i < d->findings[k].tok_end)
                    dup = true;
            if (!dup)
                add_sex(c, i, i + 1, fem ? STORY_SEX_FEMALE : STORY_SEX_MALE, -1);
        }
    }
}
