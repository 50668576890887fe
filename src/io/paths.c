#define _XOPEN_SOURCE 700 /* readlink */
#include "paths.h"

#include "atomic_file.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATHS_LEN 8192
#define PATHS_MAX_HOPS 40 /* as the kernel's ELOOP limit */

/* What a name resolves to: the directory it is (or would be) in, by device and inode,
 * and its name there (links followed, dangling ones too); and if the file exists, its
 * own device and inode. A directory that cannot be reached is kept as spelled (nothing
 * can be written there anyway). */
typedef struct FileId {
    int exists;   /* 1: dev, ino are the file's */
    int dir_ok;   /* 0: the directory could not be reached; name is the path as spelled */
    dev_t dev, ddev;
    ino_t ino, dino;
    char name[PATHS_LEN];
    char dir[PATHS_LEN]; /* as reached, for the probe of dir_folds_case */
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
    char cur[PATHS_LEN], next[PATHS_LEN];
    memset(id, 0, sizeof *id);
    snprintf(cur, sizeof cur, "%s", path);
    for (int hop = 0; hop < PATHS_MAX_HOPS; hop++) {
        struct stat st;
        if (lstat(cur, &st) != 0) break; /* not there: its directory resolved, plus its name */
        if (!S_ISLNK(st.st_mode)) {
            id->exists = 1, id->dev = st.st_dev, id->ino = st.st_ino;
            break;
        }
        /* a link: followed by hand, since it may dangle */
        char target[PATHS_LEN];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0) break;
        target[n] = 0;
        paths_dir(cur, id->dir, sizeof id->dir);
        int k = target[0] == '/' ? snprintf(next, sizeof next, "%s", target)
                                 : snprintf(next, sizeof next, "%s/%s", id->dir, target);
        if (k < 0 || (size_t)k >= sizeof next) break; /* too long to be written anyway */
        memcpy(cur, next, sizeof cur);
    }
    /* the directory it is or would be made in, by its device and inode (however it is
     * reached: links, "..", bind mounts), and the name */
    paths_dir(cur, id->dir, sizeof id->dir);
    const char *slash = strrchr(cur, '/');
    const char *base = slash ? slash + 1 : cur;
    struct stat ds;
    if (stat(id->dir, &ds) == 0) {
        id->dir_ok = 1, id->ddev = ds.st_dev, id->dino = ds.st_ino;
        snprintf(id->name, sizeof id->name, "%s", base);
    } else {
        snprintf(id->name, sizeof id->name, "%s", cur);
    }
}

/* 1 if the names are equal but for the case of ASCII letters */
static int same_but_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return 0;
    }
    return *a == *b;
}

/* 1 if directory dir treats names that differ only in case as one name (vfat, exFAT,
 * NTFS, SMB shares, ext4 with casefold, macOS): a probe file .rnnscope-case-XXXXXX is
 * made, looked up with the case of every letter swapped, and removed. A directory that
 * takes no file cannot be written to anyway: 0. */
static int dir_folds_case(const char *dir)
{
    char probe[PATHS_LEN + 32], swapped[PATHS_LEN + 32];
    int k = snprintf(probe, sizeof probe, "%s/.rnnscope-case-XXXXXX", dir);
    if (k < 0 || (size_t)k >= sizeof probe) return 0;
    int slot, fd = afile_temp_create(probe, &slot);
    if (fd < 0) return 0;
    close(fd);
    memcpy(swapped, probe, sizeof probe);
    for (char *c = swapped + strlen(dir) + 1; *c; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) *c ^= 0x20;
    struct stat st;
    int folds = lstat(swapped, &st) == 0;
    afile_temp_remove(probe, slot);
    return folds;
}

/* 1 if name holds a byte outside ASCII (a UTF-8 letter such as É) */
static int non_ascii(const char *name)
{
    for (const unsigned char *c = (const unsigned char *)name; *c; c++)
        if (*c >= 0x80) return 1;
    return 0;
}

/* 1 if directory dir takes names a and b (not ASCII-case twins, so no rule known here
 * says how they fold: É and é are one name on exFAT, NTFS, APFS and ext4 casefold, two
 * on Linux's vfat with utf8; a composed é and e + U+0301 are one on APFS and ext4
 * casefold, two on exFAT) for one: a probe .rnnscope-case-A-XXXXXX is made and looked up
 * as .rnnscope-case-B- with the same six characters, then removed. 0 also when the probe
 * cannot be made (fusefat refuses every name outside ASCII: then so is the output). */
static int dir_takes_as_one(const char *dir, const char *a, const char *b)
{
    char probe[PATHS_LEN + 300], other[PATHS_LEN + 300];
    if (strlen(a) > 233 || strlen(b) > 233) return 0; /* the probe's name over 255 bytes */
    int k = snprintf(probe, sizeof probe, "%s/.rnnscope-case-%s-XXXXXX", dir, a);
    if (k < 0 || (size_t)k >= sizeof probe) return 0;
    int slot, fd = afile_temp_create(probe, &slot);
    if (fd < 0) return 0;
    close(fd);
    k = snprintf(other, sizeof other, "%s/.rnnscope-case-%s-%s", dir, b, probe + k - 6);
    struct stat st;
    int one = k > 0 && (size_t)k < sizeof other && lstat(other, &st) == 0;
    afile_temp_remove(probe, slot);
    return one;
}

/* Whether a and b are one file: 0 no, 1 yes, 2 yes because their directory folds
 * ASCII case, 3 yes because it takes two names outside ASCII for one. fold caches dir_folds_case of the directory (-1: not probed yet). The inodes
 * alone do not do: a FUSE file system (fusefat, exfat-fuse) gives one file another
 * inode for each spelling of its name. */
static int same_id(const FileId *a, const FileId *b, int *fold)
{
    if (a->exists && b->exists && a->dev == b->dev && a->ino == b->ino) return 1;
    if (a->dir_ok != b->dir_ok) return 0;
    if (a->dir_ok && (a->ddev != b->ddev || a->dino != b->dino)) return 0;
    if (strcmp(a->name, b->name) == 0) return 1;
    if (!a->dir_ok) return 0;
    if (same_but_case(a->name, b->name)) {
        if (*fold < 0) *fold = dir_folds_case(a->dir);
        return *fold ? 2 : 0;
    }
    /* names outside ASCII: the directory itself is asked about these two names */
    if (non_ascii(a->name) || non_ascii(b->name))
        return dir_takes_as_one(a->dir, a->name, b->name) ? 3 : 0;
    return 0;
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
    int fold[PATHS_MAX]; /* per use: does its directory fold case (-1: not probed) */
    for (int i = 0; i < l->n; i++) file_id(l->use[i].path, &id[i]), fold[i] = -1;
    for (int i = 0; i < l->n; i++) {
        const PathUse *o = &l->use[i];
        if (o->kind == PATH_INPUT) continue;
        for (int j = 0; j < l->n; j++) {
            const PathUse *u = &l->use[j];
            int same = j == i ? 0 : same_id(&id[i], &id[j], &fold[i]);
            if (!same) continue;
            const char *why = same == 2 ? "the directory does not tell upper from lower case"
                                        : "the directory takes the two names for one";
            if (same >= 2 && u->kind == PATH_INPUT)
                return error_set(err, "%s%s '%s' is %s '%s' (it would be overwritten: %s)", o->what,
                                 sep(o->what), o->path, u->what, u->path, why);
            if (same >= 2 && j < i)
                return error_set(err, "%s '%s' and %s '%s' are one file (%s)", u->what, u->path,
                                 o->what, o->path, why);
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
