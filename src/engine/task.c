/* task.c - the four data generators. Everything random comes from the Rng
 * passed in, in a fixed order, so a seed fixes the data bit for bit.
 *
 *   adding : 2 numeric inputs per step, MSE on the last step (docs/tasks.md)
 *   kerala : "NAME was born in PLACE . <filler> NAME is very fluent in ___"
 *            (the filler: clauses about NAME, each ending in ".")
 *   mouse  : "the mouse is used to ___ <suffix> <pad>..."  (answer after the blank)
 *   clouds : "<filler> the SUBJECT are in the ___"           (answer 4 steps back)
 *            (the filler: clauses about "she" or "he")
 *
 * Word tasks feed one-hot words: x[t, b, token] = 1. */
#include "task.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* Filler for kerala and clouds: a small grammar of clauses, each ending in
 * ".", about the sentence's subject. Its words are disjoint from every
 * informative word of those tasks (no place, language, animal or answer), so
 * the filler carries nothing about the answer. The first two clauses are the
 * article's own middle sentence ("Jane used to play for the women's football
 * team and has also topped at state-level examinations."). */
enum {
    FW_USED, FW_TO, FW_PLAY, FW_FOR, FW_WOMENS, FW_FOOTBALL, FW_TEAM, FW_AND, FW_HAS,
    FW_ALSO, FW_TOPPED, FW_AT, FW_STATE, FW_EXAMS, FW_NOW, FW_SHE, FW_HE, FW_MOVED,
    FW_CITY, FW_WORKED, FW_AS, FW_A, FW_TEACHER, FW_OFTEN, FW_READ, FW_ABOUT, FW_MUSIC,
    FW_WROTE, FW_LETTERS, FW_EVERY, FW_MORNING, FW_VISITED, FW_FAMILY, FW_FRIENDS,
    FW_SMALL, FW_HOUSE, FW_LAUGHED,
    N_FILLERS
};
#define FILLER_WORDS                                                                      \
    "used", "to", "play", "for", "women's", "football", "team", "and", "has", "also",     \
        "topped", "at", "state-level", "examinations", "now", "she", "he", "moved",       \
        "city", "worked", "as", "a", "teacher", "often", "read", "about", "music",        \
        "wrote", "letters", "every", "morning", "visited", "family", "friends", "small",   \
        "house", "laughed"
_Static_assert(sizeof((const char *[]){FILLER_WORDS}) / sizeof(const char *) == N_FILLERS,
               "N_FILLERS");

/* Clause codes: a filler word (>= 0), or one of these, which each task maps
 * to its own words: the subject (kerala: the sentence's NAME; clouds: "she"
 * or "he"), "in", "the", ".". */
enum { F_SUBJ = -1, F_IN = -2, F_THE = -3, F_DOT = -4 };
#define CLAUSE_MAX 17
typedef struct Clause {
    int n;
    signed char w[CLAUSE_MAX];
} Clause;

static const Clause clauses[] = {
    {10, {F_SUBJ, FW_USED, FW_TO, FW_PLAY, FW_FOR, F_THE, FW_WOMENS, FW_FOOTBALL, FW_TEAM, F_DOT}},
    {8, {F_SUBJ, FW_HAS, FW_ALSO, FW_TOPPED, FW_AT, FW_STATE, FW_EXAMS, F_DOT}},
    {17, {F_SUBJ, FW_USED, FW_TO, FW_PLAY, FW_FOR, F_THE, FW_WOMENS, FW_FOOTBALL, FW_TEAM,
          FW_AND, FW_HAS, FW_ALSO, FW_TOPPED, FW_AT, FW_STATE, FW_EXAMS, F_DOT}},
    {6, {F_SUBJ, FW_MOVED, FW_TO, F_THE, FW_CITY, F_DOT}},
    {6, {F_SUBJ, FW_WORKED, FW_AS, FW_A, FW_TEACHER, F_DOT}},
    {6, {F_SUBJ, FW_WORKED, F_IN, F_THE, FW_CITY, F_DOT}},
    {6, {F_SUBJ, FW_OFTEN, FW_READ, FW_ABOUT, FW_MUSIC, F_DOT}},
    {6, {F_SUBJ, FW_WROTE, FW_LETTERS, FW_EVERY, FW_MORNING, F_DOT}},
    {5, {F_SUBJ, FW_READ, FW_EVERY, FW_MORNING, F_DOT}},
    {6, {F_SUBJ, FW_VISITED, FW_FAMILY, FW_AND, FW_FRIENDS, F_DOT}},
    {4, {F_SUBJ, FW_VISITED, FW_FRIENDS, F_DOT}},
    {6, {F_SUBJ, FW_HAS, FW_A, FW_SMALL, FW_HOUSE, F_DOT}},
    {4, {F_SUBJ, FW_OFTEN, FW_LAUGHED, F_DOT}},
    {3, {F_SUBJ, FW_LAUGHED, F_DOT}},
    {3, {F_SUBJ, FW_MOVED, F_DOT}},
};
#define N_CLAUSES COUNT(clauses)
#define CLAUSE_MIN 3

/* How one task spells the clause codes. */
typedef struct FillerMap {
    int word0;            /* id of filler word 0 */
    int in, the, dot;     /* ids of "in", "the", "." */
} FillerMap;

/* ---- kerala ---------------------------------------------------------------
 * Token layout (T = 12 + F fillers):
 *   t:  0    1   2    3  4     5  6..5+F   T-6  T-5 T-4  T-3    T-2 T-1
 *       NAME was born in PLACE .  fillers  NAME is  very fluent in  ___
 * The loss is scored at T-1 (the blank); the answer is the language of PLACE. */
enum { K_WAS, K_BORN, K_IN, K_DOT, K_IS, K_VERY, K_FLUENT, K_BLANK, K_NAME0 };
#define K_NAMES 8
#define K_PLACES 8
enum {
    K_PLACE0 = K_NAME0 + K_NAMES,
    K_FILLER0 = K_PLACE0 + K_PLACES,
    K_THE = K_FILLER0 + N_FILLERS, /* only in the filler */
    K_NWORDS
};
#define KERALA_MIN_LEN 12

static const char *const kerala_words[] = {
    "was", "born", "in", ".", "is", "very", "fluent", "___",
    /* names: chosen to say nothing about any place */
    "Jane", "Sam", "Robin", "Kim", "Jordan", "Chris", "Taylor", "Morgan",
    /* places, in the order of their languages below */
    "Kerala", "Bavaria", "Tuscany", "Hokkaido", "Bahia", "Provence", "Andalusia", "Bengal",
    FILLER_WORDS,
    "the",
};
_Static_assert(sizeof kerala_words / sizeof *kerala_words == K_NWORDS, "kerala vocabulary");

static const char *const kerala_languages[K_PLACES] = {
    "Malayalam", "German", "Italian", "Japanese", "Portuguese", "French", "Spanish", "Bengali",
};

/* ---- clouds ---------------------------------------------------------------
 *   t:  0..F-1   T-6 T-5     T-4 T-3 T-2 T-1
 *       fillers  the SUBJECT are in  the ___        (T = 6 + F) */
enum { C_THE, C_ARE, C_IN, C_BLANK, C_SUBJ0 };
#define C_SUBJECTS 5
enum {
    C_FILLER0 = C_SUBJ0 + C_SUBJECTS,
    C_DOT = C_FILLER0 + N_FILLERS, /* only in the filler */
    C_NWORDS
};
#define CLOUDS_MIN_LEN 6

static const char *const clouds_words[] = {
    "the", "are", "in", "___",
    "clouds", "fish", "bees", "cars", "cows",
    FILLER_WORDS,
    ".",
};
_Static_assert(sizeof clouds_words / sizeof *clouds_words == C_NWORDS, "clouds vocabulary");

static const char *const clouds_answers[C_SUBJECTS] = {"sky", "sea", "hive", "garage", "field"};

/* ---- mouse ----------------------------------------------------------------
 *   t:  0   1     2  3    4  5    6..5+L   6+L..T-1
 *       the mouse is used to ___  suffix   <pad>...
 * The loss is scored at t = 5 (the blank). Everything up to and including the
 * blank is the same for every sample; only the suffix tells the class. */
enum {
    M_THE, M_MOUSE, M_IS, M_USED, M_TO, M_BLANK, M_PAD,
    /* scroll */
    M_THROUGH, M_LONG, M_PAGE, M_UP, M_AND, M_DOWN, M_LIST, M_WITH, M_LITTLE, M_WHEEL,
    M_FOR, M_EASY, M_USE, M_OF, M_COMPUTERS,
    /* click */
    M_ON, M_SMALL, M_ICON, M_LINKS, M_BUTTONS, M_LEFT, M_BUTTON, M_TWICE,
    /* hide */
    M_UNDER, M_KITCHEN, M_FLOOR, M_BEHIND, M_OLD, M_CUPBOARD, M_IN, M_HOUSE, M_AT, M_NIGHT,
    M_FROM, M_BIG, M_CAT,
    /* eat */
    M_CHEESE, M_CRUMBS, M_SEEDS, M_GRAIN, M_BAG,
    M_NWORDS
};
#define M_BLANK_STEP 5
#define M_CLASSES 4
#define M_VARIANTS 4
#define M_SUFFIX_MAX 6

static const char *const mouse_words[] = {
    [M_THE] = "the", [M_MOUSE] = "mouse", [M_IS] = "is", [M_USED] = "used", [M_TO] = "to",
    [M_BLANK] = "___", [M_PAD] = "<pad>",
    [M_THROUGH] = "through", [M_LONG] = "long", [M_PAGE] = "page", [M_UP] = "up",
    [M_AND] = "and", [M_DOWN] = "down", [M_LIST] = "list", [M_WITH] = "with",
    [M_LITTLE] = "little", [M_WHEEL] = "wheel", [M_FOR] = "for", [M_EASY] = "easy",
    [M_USE] = "use", [M_OF] = "of", [M_COMPUTERS] = "computers",
    [M_ON] = "on", [M_SMALL] = "small", [M_ICON] = "icon", [M_LINKS] = "links",
    [M_BUTTONS] = "buttons", [M_LEFT] = "left", [M_BUTTON] = "button", [M_TWICE] = "twice",
    [M_UNDER] = "under", [M_KITCHEN] = "kitchen", [M_FLOOR] = "floor", [M_BEHIND] = "behind",
    [M_OLD] = "old", [M_CUPBOARD] = "cupboard", [M_IN] = "in", [M_HOUSE] = "house",
    [M_AT] = "at", [M_NIGHT] = "night", [M_FROM] = "from", [M_BIG] = "big", [M_CAT] = "cat",
    [M_CHEESE] = "cheese", [M_CRUMBS] = "crumbs", [M_SEEDS] = "seeds", [M_GRAIN] = "grain",
    [M_BAG] = "bag",
};
_Static_assert(sizeof mouse_words / sizeof *mouse_words == M_NWORDS, "mouse vocabulary");

static const unsigned char mouse_prefix[M_BLANK_STEP + 1] = {M_THE, M_MOUSE, M_IS,
                                                             M_USED, M_TO, M_BLANK};

static const char *const mouse_classes[M_CLASSES] = {"scroll", "click", "hide", "eat"};

typedef struct Suffix {
    int n;
    unsigned char w[M_SUFFIX_MAX];
} Suffix;

/* Several suffixes per class. First words are shared across classes ("on",
 * "with", "the", "from") and so are later ones ("kitchen", "at night", "big"),
 * so the class is not one fixed token at a fixed place: the network has to
 * read the suffix. */
static const Suffix mouse_suffix[M_CLASSES][M_VARIANTS] = {
    { /* scroll */
        {4, {M_THROUGH, M_THE, M_LONG, M_PAGE}},
        {5, {M_UP, M_AND, M_DOWN, M_THE, M_LIST}},
        {4, {M_WITH, M_THE, M_LITTLE, M_WHEEL}},
        {6, {M_FOR, M_THE, M_EASY, M_USE, M_OF, M_COMPUTERS}},
    },
    { /* click */
        {4, {M_ON, M_THE, M_SMALL, M_ICON}},
        {4, {M_ON, M_LINKS, M_AND, M_BUTTONS}},
        {4, {M_THE, M_LEFT, M_BUTTON, M_TWICE}},
        {4, {M_WITH, M_THE, M_LEFT, M_BUTTON}},
    },
    { /* hide */
        {4, {M_UNDER, M_THE, M_KITCHEN, M_FLOOR}},
        {4, {M_BEHIND, M_THE, M_OLD, M_CUPBOARD}},
        {5, {M_IN, M_THE, M_HOUSE, M_AT, M_NIGHT}},
        {4, {M_FROM, M_THE, M_BIG, M_CAT}},
    },
    { /* eat */
        {4, {M_CHEESE, M_IN, M_THE, M_KITCHEN}},
        {4, {M_THE, M_CRUMBS, M_AT, M_NIGHT}},
        {4, {M_ON, M_SEEDS, M_AND, M_GRAIN}},
        {6, {M_FROM, M_THE, M_BIG, M_BAG, M_OF, M_GRAIN}},
    },
};

static int mouse_longest_suffix(void)
{
    int n = 0;
    for (int c = 0; c < M_CLASSES; c++)
        for (int v = 0; v < M_VARIANTS; v++)
            if (mouse_suffix[c][v].n > n) n = mouse_suffix[c][v].n;
    return n;
}

/* ---- sizes and setup ------------------------------------------------------ */

#define ADDING_MIN_LEN 2 /* one step in each half */

int task_min_seq_len(TaskKind k)
{
    switch (k) {
    case TASK_ADDING: return ADDING_MIN_LEN;
    case TASK_KERALA: return KERALA_MIN_LEN;
    case TASK_MOUSE: return M_BLANK_STEP + 1 + mouse_longest_suffix();
    case TASK_CLOUDS: return CLOUDS_MIN_LEN;
    }
    return 1;
}

int task_init(Task *t, const Config *cfg, Error *err)
{
    memset(t, 0, sizeof *t);
    if ((unsigned)cfg->task > TASK_CLOUDS)
        return error_set(err, "task: %d is not a task (allowed: adding, kerala, mouse, clouds)",
                         (int)cfg->task);
    int T = cfg->seq_len, min = task_min_seq_len(cfg->task);
    if (T < min)
        return error_set(err, "seq_len: %d is too short for task %s (minimum %d)", T,
                         task_name(cfg->task), min);
    if (T > CONFIG_MAX_SEQ_LEN)
        return error_set(err, "seq_len: %d is too long (allowed: %d .. %d)", T, min,
                         CONFIG_MAX_SEQ_LEN);
    t->kind = cfg->task;
    t->T = T;
    t->min_seq_len = min;
    t->score_step = T - 1;
    switch (cfg->task) {
    case TASK_ADDING:
        t->loss = LOSS_MSE;
        t->I = 2, t->O = 1;
        /* the sum of two U(0,1) has mean 1 and variance 2/12; predicting 1 is best */
        t->baseline_mse = 1.0 / 6.0;
        t->cue_step = -1;
        break;
    case TASK_KERALA:
        t->loss = LOSS_XENT;
        t->I = K_NWORDS, t->O = K_PLACES;
        t->words = kerala_words, t->classes = kerala_languages;
        t->cue_step = 4;
        break;
    case TASK_MOUSE:
        t->loss = LOSS_XENT;
        t->I = M_NWORDS, t->O = M_CLASSES;
        t->words = mouse_words, t->classes = mouse_classes;
        t->score_step = M_BLANK_STEP;
        t->cue_step = M_BLANK_STEP + 1, t->cue_span = 1;
        break;
    case TASK_CLOUDS:
        t->loss = LOSS_XENT;
        t->I = C_NWORDS, t->O = C_SUBJECTS;
        t->words = clouds_words, t->classes = clouds_answers;
        t->cue_step = T - 5;
        break;
    }
    if (t->loss == LOSS_XENT) t->chance_accuracy = 1.0 / t->O; /* classes are uniform */
    return 0;
}

/* ---- generation ----------------------------------------------------------- */

/* x[t, col, w] = 1 and token[t, col] = w. */
static void put(Batch *b, int t, int col, int w)
{
    size_t tb = (size_t)t * b->B + col;
    b->token[tb] = w;
    b->x[tb * b->I + w] = 1.0;
}

static void score(Batch *b, int t, int col, int cls)
{
    size_t tb = (size_t)t * b->B + col;
    b->target[tb] = cls;
    b->mask[tb] = 1;
}

/* Adding problem, variant of Le, Jaitly & Hinton (2015) and Arjovsky, Shah &
 * Bengio (2016): x[t] = (u_t ~ U(0,1), m_t in {0,1}); one marker uniform in
 * [0, T/2), one uniform in [T/2, T); y[T-1] = sum of the two marked u. */
static void adding_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T, B = b->B, half = T / 2;
    for (int col = 0; col < B; col++) {
        int p1 = rng_int(rng, half);
        int p2 = half + rng_int(rng, T - half);
        double sum = 0;
        for (int t = 0; t < T; t++) {
            double *x = b->x + ((size_t)t * B + col) * 2;
            double u = rng_uniform(rng);
            int marked = t == p1 || t == p2;
            x[0] = u;
            x[1] = marked;
            if (marked) sum += u;
        }
        size_t last = (size_t)(T - 1) * B + col;
        b->y[last] = sum; /* O = 1 */
        b->mask[last] = 1;
    }
}

static const FillerMap kerala_map = {K_FILLER0, K_IN, K_THE, K_DOT};
static const FillerMap clouds_map = {C_FILLER0, C_IN, C_THE, C_DOT};

static int clause_word(const FillerMap *m, int code, int subj)
{
    switch (code) {
    case F_SUBJ: return subj;
    case F_IN: return m->in;
    case F_THE: return m->the;
    case F_DOT: return m->dot;
    default: return m->word0 + code;
    }
}

/* Writes n filler tokens for column col from t on: whole clauses while at
 * least CLAUSE_MIN fit (uniform among those that fit, never the same clause
 * twice in a row unless it is the only one), then "now" or "and now" for a
 * gap of 1 or 2. subj >= 0 is the subject's id; subj < 0 picks "she" or "he"
 * for each clause. Returns the next t. */
static int put_filler(Batch *b, int t, int col, int n, const FillerMap *m, int subj, Rng *rng)
{
    int fits[N_CLAUSES], prev = -1;
    while (n >= CLAUSE_MIN) {
        int nf = 0;
        for (int c = 0; c < N_CLAUSES; c++)
            if (clauses[c].n <= n) fits[nf++] = c;
        if (nf > 1)
            for (int i = 0; i < nf; i++)
                if (fits[i] == prev) fits[i] = fits[--nf];
        const Clause *c = &clauses[prev = fits[rng_int(rng, nf)]];
        int s = subj >= 0 ? subj : m->word0 + (rng_int(rng, 2) ? FW_SHE : FW_HE);
        for (int i = 0; i < c->n; i++) put(b, t++, col, clause_word(m, c->w[i], s));
        n -= c->n;
    }
    if (n == 2) put(b, t++, col, m->word0 + FW_AND);
    if (n >= 1) put(b, t++, col, m->word0 + FW_NOW);
    return t;
}

static void kerala_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T, nfill = T - KERALA_MIN_LEN;
    for (int col = 0; col < b->B; col++) {
        int place = rng_int(rng, K_PLACES);
        int name = K_NAME0 + rng_int(rng, K_NAMES);
        int t = 0;
        put(b, t++, col, name);
        put(b, t++, col, K_WAS);
        put(b, t++, col, K_BORN);
        put(b, t++, col, K_IN);
        put(b, t++, col, K_PLACE0 + place);
        put(b, t++, col, K_DOT);
        t = put_filler(b, t, col, nfill, &kerala_map, name, rng);
        put(b, t++, col, name);
        put(b, t++, col, K_IS);
        put(b, t++, col, K_VERY);
        put(b, t++, col, K_FLUENT);
        put(b, t++, col, K_IN);
        put(b, t++, col, K_BLANK);
        assert(t == T);
        score(b, T - 1, col, place);
    }
}

static void clouds_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T, nfill = T - CLOUDS_MIN_LEN;
    for (int col = 0; col < b->B; col++) {
        int subj = rng_int(rng, C_SUBJECTS);
        int t = 0;
        t = put_filler(b, t, col, nfill, &clouds_map, -1, rng);
        put(b, t++, col, C_THE);
        put(b, t++, col, C_SUBJ0 + subj);
        put(b, t++, col, C_ARE);
        put(b, t++, col, C_IN);
        put(b, t++, col, C_THE);
        put(b, t++, col, C_BLANK);
        assert(t == T);
        score(b, T - 1, col, subj);
    }
}

static void mouse_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T;
    for (int col = 0; col < b->B; col++) {
        int cls = rng_int(rng, M_CLASSES);
        const Suffix *s = &mouse_suffix[cls][rng_int(rng, M_VARIANTS)];
        int t = 0;
        for (int i = 0; i <= M_BLANK_STEP; i++) put(b, t++, col, mouse_prefix[i]);
        for (int i = 0; i < s->n; i++) put(b, t++, col, s->w[i]);
        while (t < T) put(b, t++, col, M_PAD);
        score(b, M_BLANK_STEP, col, cls);
    }
}

void task_batch(const Task *t, Rng *rng, Batch *b)
{
    assert(b->T == t->T && b->I == t->I && b->O == t->O);
    size_t tb = (size_t)b->T * b->B;
    memset(b->mask, 0, tb);
    memset(b->y, 0, tb * b->O * sizeof *b->y);
    for (size_t i = 0; i < tb; i++) b->target[i] = -1;
    if (t->kind == TASK_ADDING) {
        for (size_t i = 0; i < tb; i++) b->token[i] = -1;
        adding_batch(t, rng, b); /* writes every x */
        return;
    }
    memset(b->x, 0, tb * b->I * sizeof *b->x);
    switch (t->kind) {
    case TASK_KERALA: kerala_batch(t, rng, b); break;
    case TASK_MOUSE: mouse_batch(t, rng, b); break;
    case TASK_CLOUDS: clouds_batch(t, rng, b); break;
    case TASK_ADDING: break;
    }
}

/* ---- text ----------------------------------------------------------------- */

const char *task_word(const Task *t, int id)
{
    if (!t->words || id < 0 || id >= t->I) return "?";
    return t->words[id];
}

int task_cue_end(const Task *t, const Batch *b, int col)
{
    if (t->cue_step < 0 || !b || t->cue_step >= b->T) return -1;
    int e = t->cue_step;
    if (!t->cue_span || !b->token) return e;
    size_t B = (size_t)b->B;
    while (e + 1 < b->T && strcmp(task_word(t, b->token[(size_t)(e + 1) * B + (size_t)col]), "<pad>")) e++;
    return e;
}

/* Appends text at *len; on overflow ends buf with "..." and returns -1. */
static int append(char *buf, size_t n, size_t *len, const char *s)
{
    size_t k = strlen(s);
    if (*len + k + 1 <= n) {
        memcpy(buf + *len, s, k + 1);
        *len += k;
        return 0;
    }
    if (n >= 4) {
        size_t at = *len + 4 <= n ? *len : n - 4;
        memcpy(buf + at, "...", 4);
        *len = at + 3;
    }
    return -1;
}

int task_format(const Task *t, const Batch *b, int col, char *buf, size_t n)
{
    size_t len = 0;
    char tmp[96];
    if (n == 0) return 0;
    buf[0] = 0;
    assert(col >= 0 && col < b->B);
    for (int s = 0; s < b->T; s++) {
        size_t tb = (size_t)s * b->B + col;
        if (t->kind == TASK_ADDING) {
            const double *x = b->x + tb * 2;
            snprintf(tmp, sizeof tmp, x[1] != 0 ? "%s[%.2f]" : "%s%.2f", s ? " " : "", x[0]);
        } else if (b->mask[tb] && b->target[tb] >= 0 && b->target[tb] < t->O) {
            snprintf(tmp, sizeof tmp, "%s[%s -> %s]", s ? " " : "", task_word(t, b->token[tb]),
                     t->classes[b->target[tb]]);
        } else {
            snprintf(tmp, sizeof tmp, "%s%s", s ? " " : "", task_word(t, b->token[tb]));
        }
        if (append(buf, n, &len, tmp)) return (int)len;
    }
    if (t->kind == TASK_ADDING) {
        snprintf(tmp, sizeof tmp, " -> %.4f", b->y[(size_t)(b->T - 1) * b->B + col]);
        append(buf, n, &len, tmp);
    }
    return (int)len;
}

/* ---- pinned examples ------------------------------------------------------- */

/* ASCII case-insensitive: "jane" is "Jane". */
static int same_word(const char *a, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)w[i];
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y || !x) return 0;
    }
    return a[n] == 0;
}

static int lookup(const Task *t, const char *w, size_t n)
{
    for (int i = 0; i < t->I; i++)
        if (same_word(t->words[i], w, n)) return i;
    return -1;
}

/* The next word of text from *p: its start and length; a trailing "." of a
 * longer word is a word of its own. Returns 0 at the end. */
static int next_word(const char **p, const char **w, size_t *n)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) return 0;
    const char *e = s;
    while (*e && *e != ' ' && *e != '\t') e++;
    if (e - s > 1 && e[-1] == '.') e--;
    *w = s, *n = (size_t)(e - s), *p = e;
    return 1;
}

static int is_filler(const FillerMap *m, int w, int subj)
{
    return (w >= m->word0 && w < m->word0 + N_FILLERS) || w == m->in || w == m->the ||
           w == m->dot || w == subj;
}

/* Checks tokens[0..T) against the task's frame; on a mismatch returns the
 * index of the first wrong word and fills want (what was expected there). */
static int frame_error(const Task *t, const int *tok, int *target, const char **want)
{
    int T = t->T;
    switch (t->kind) {
    case TASK_KERALA: {
        static const int head[] = {-1, K_WAS, K_BORN, K_IN, -1, K_DOT};
        static const int tail[] = {-1, K_IS, K_VERY, K_FLUENT, K_IN, K_BLANK};
        if (tok[0] < K_NAME0 || tok[0] >= K_NAME0 + K_NAMES) return *want = "a name", 0;
        for (int s = 1; s < 6; s++)
            if (s == 4 ? tok[s] < K_PLACE0 || tok[s] >= K_PLACE0 + K_PLACES : tok[s] != head[s])
                return *want = s == 4 ? "a place" : kerala_words[head[s]], s;
        for (int s = 6; s < T - 6; s++)
            if (!is_filler(&kerala_map, tok[s], tok[0]))
                return *want = "a filler word or the name", s;
        for (int s = 0; s < 6; s++)
            if (tok[T - 6 + s] != (s ? tail[s] : tok[0]))
                return *want = s ? kerala_words[tail[s]] : "the same name", T - 6 + s;
        *target = tok[4] - K_PLACE0;
        return -1;
    }
    case TASK_CLOUDS: {
        static const int tail[] = {C_THE, -1, C_ARE, C_IN, C_THE, C_BLANK};
        for (int s = 0; s < T - 6; s++)
            if (!is_filler(&clouds_map, tok[s], -1)) return *want = "a filler word", s;
        for (int s = 0; s < 6; s++) {
            int w = tok[T - 6 + s];
            if (s == 1 ? w < C_SUBJ0 || w >= C_SUBJ0 + C_SUBJECTS : w != tail[s])
                return *want = s == 1 ? "a subject" : clouds_words[tail[s]], T - 6 + s;
        }
        *target = tok[T - 5] - C_SUBJ0;
        return -1;
    }
    case TASK_MOUSE: {
        for (int s = 0; s <= M_BLANK_STEP; s++)
            if (tok[s] != mouse_prefix[s]) return *want = mouse_words[mouse_prefix[s]], s;
        int n = 0;
        while (M_BLANK_STEP + 1 + n < T && tok[M_BLANK_STEP + 1 + n] != M_PAD) n++;
        for (int s = M_BLANK_STEP + 1 + n; s < T; s++)
            if (tok[s] != M_PAD) return *want = "<pad>", s;
        for (int c = 0; c < M_CLASSES; c++)
            for (int v = 0; v < M_VARIANTS; v++) {
                const Suffix *x = &mouse_suffix[c][v];
                int same = x->n == n;
                for (int i = 0; same && i < n; i++) same = x->w[i] == tok[M_BLANK_STEP + 1 + i];
                if (same) return *target = c, -1;
            }
        return *want = "one of the task's endings (docs/tasks.md)", M_BLANK_STEP + 1;
    }
    case TASK_ADDING: break;
    }
    return *want = "a word task", 0;
}

int task_example(const Task *t, const char *text, int *tokens, int *target, int *at, Error *err)
{
    *at = 0;
    if (!t->words)
        return error_set(err, "example: task %s has no sentences", task_name(t->kind));
    const char *p = text, *w;
    size_t len;
    int n = 0;
    while (next_word(&p, &w, &len)) {
        *at = (int)(w - text);
        if (n == t->T) return error_set(err, "example: more than seq_len = %d words", t->T);
        int id = lookup(t, w, len);
        if (id < 0)
            return error_set(err, "example: '%.*s' is not a word of task %s", (int)len, w,
                             task_name(t->kind));
        tokens[n++] = id;
    }
    *at = 0;
    if (t->kind == TASK_MOUSE)
        while (n < t->T && n > M_BLANK_STEP) tokens[n++] = M_PAD;
    if (n != t->T)
        return error_set(err, "example: %d words, but seq_len is %d (the sentence must fill it)",
                         n, t->T);
    const char *want = NULL;
    int bad = frame_error(t, tokens, target, &want);
    if (bad < 0) return 0;
    p = text;
    for (int k = 0; k <= bad && next_word(&p, &w, &len); k++) *at = (int)(w - text);
    return error_set(err, "example: word %d '%s' should be %s", bad + 1, t->words[tokens[bad]],
                     want);
}

void task_put_example(const Task *t, Batch *b, int col, const int *tokens, int target)
{
    assert(t->words && col >= 0 && col < b->B);
    for (int s = 0; s < b->T; s++) {
        size_t tb = (size_t)s * b->B + col;
        memset(b->x + tb * b->I, 0, (size_t)b->I * sizeof *b->x);
        put(b, s, col, tokens[s]);
        b->mask[tb] = 0;
        b->target[tb] = -1;
    }
    score(b, t->score_step, col, target);
}
