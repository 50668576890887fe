#define _XOPEN_SOURCE 700 /* readlink */
#include "paths.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATHS_LEN 8192
#define PATHS_MAX_HOPS 40 /* as the kernel's ELOOP limit */

/* What a name resolves to: an existing file (dev, ino), or a file not yet there: the
 * directory it would be made in (dev, ino) and its name there; a directory that cannot
 * be reached is kept as spelled (nothing can be written there anyway). */
typedef struct FileId {
    int exists;   /* 1: dev, ino are the file's; 0: the directory's, plus name */
    int dir_ok;   /* 0: the directory could not be reached; name is the path as spelled */
    dev_t dev;
    ino_t ino;
    char name[PATHS_LEN];
} FileId;

void paths_dir(const char *p, char *dir, size_t n)
{
    const char *slash = strrchr(p, '/');
    if (!slash) snprintf(dir, n, ".");
    else if (slash == p) snprintf(dir, n, "/");
    else snprintf(dir, n, "%.*s", (int)(slash - p), p);
}

static void file_id(const char *path, FileId *id)
{
    char cur[PATHS_LEN], next[PATHS_LEN], dir[PATHS_LEN];
    memset(id, 0, sizeof *id);
    snprintf(cur, sizeof cur, "%s", path);
    for (int hop = 0; hop < PATHS_MAX_HOPS; hop++) {
        struct stat st;
        if (lstat(cur, &st) != 0) break; /* not there: its directory resolved, plus its name */
        if (!S_ISLNK(st.st_mode)) {
            id->exists = 1, id->dev = st.st_dev, id->ino = st.st_ino;
            return;
        }
        /* a link: followed by hand, since it may dangle */
        char target[PATHS_LEN];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0) break;
        target[n] = 0;
        paths_dir(cur, dir, sizeof dir);
        int k = target[0] == '/' ? snprintf(next, sizeof next, "%s", target)
                                 : snprintf(next, sizeof next, "%s/%s", dir, target);
        if (k < 0 || (size_t)k >= sizeof next) break; /* too long to be written anyway */
        memcpy(cur, next, sizeof cur);
    }
    /* not there: the directory it would be made in, by its device and inode (however it
     * is reached: links, "..", bind mounts), and the name */
    paths_dir(cur, dir, sizeof dir);
    const char *slash = strrchr(cur, '/');
    const char *base = slash ? slash + 1 : cur;
    struct stat ds;
    if (stat(dir, &ds) == 0) {
        id->dir_ok = 1, id->dev = ds.st_dev, id->ino = ds.st_ino;
        snprintf(id->name, sizeof id->name, "%s", base);
    } else {
        snprintf(id->name, sizeof id->name, "%s", cur);
    }
}

static int same_id(const FileId *a, const FileId *b)
{
    if (a->exists != b->exists || a->dir_ok != b->dir_ok) return 0;
    if (a->exists) return a->dev == b->dev && a->ino == b->ino;
    if (a->dir_ok && (a->dev != b->dev || a->ino != b->ino)) return 0;
    return strcmp(a->name, b->name) == 0;
}

int paths_same_file(const char *a, const char *b)
{
    static FileId ia, ib;
    file_id(a, &ia);
    file_id(b, &ib);
    return same_id(&ia, &ib);
}

void paths_add(PathList *l, PathKind kind, const char *what, const char *path)
{
    if (!path) return;
    assert(l->n < PATHS_MAX);
    l->use[l->n++] = (PathUse){kind, what, path};
}

/* "--csv: 'x'" for a flag, "the sidecar of --export 'x'" for a phrase */
static const char *sep(const char *what)
{
    return strchr(what, ' ') ? "" : ":";
}

int paths_check(const PathList *l, Error *err)
{
    static FileId id[PATHS_MAX];
    for (int i = 0; i < l->n; i++) file_id(l->use[i].path, &id[i]);
    for (int i = 0; i < l->n; i++) {
        const PathUse *o = &l->use[i];
        if (o->kind == PATH_INPUT) continue;
        for (int j = 0; j < l->n; j++) {
            const PathUse *u = &l->use[j];
            if (j == i || !same_id(&id[i], &id[j])) continue;
            if (u->kind == PATH_INPUT)
                return error_set(err, "%s%s '%s' is %s (it would be overwritten)", o->what,
                                 sep(o->what), o->path, u->what);
            if (j < i)
                return error_set(err, "%s and %s name the same file '%s'", u->what, o->what,
                                 o->path);
        }
    }
    return 0;
}
