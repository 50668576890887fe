/* paths.h - the files one command reads and writes, compared by the file each name
 * resolves to, so that no output overwrites an input or another output however it
 * is spelled (./fig.png, dir/../fig.png, a symbolic link, a hard link).
 *
 * An existing file is known by its device and inode (symbolic links followed); every
 * file, there or not, also by the device and inode of its directory plus its name (so
 * a directory reached through a link, ".." or a bind mount is one directory), and a
 * dangling link by the name it points to, resolved the same way. Two names in one
 * directory that differ only in the case of ASCII letters are one file when that
 * directory folds case (vfat, exFAT, NTFS, SMB, ext4 casefold): a probe file tells. */
#ifndef RNNSCOPE_PATHS_H
#define RNNSCOPE_PATHS_H

#include <stddef.h>

#include "error.h"

#define PATHS_MAX 16

typedef enum {
    PATH_INPUT,   /* read: the lesson file, the --replay sidecar */
    PATH_NAMED,   /* written, and named on the command line: a link there is written through */
    PATH_DERIVED, /* written under a name rnnscope made (a sidecar beside the PNG, the image a
                   * sidecar names): never written through a link (afile_open_flags, AFILE_NO_LINK) */
} PathKind;

typedef struct PathUse {
    PathKind kind;
    const char *what; /* in messages: "--csv", "the lesson file", "the sidecar of --export" */
    const char *path;
} PathUse;

typedef struct PathList {
    PathUse use[PATHS_MAX];
    int n;
} PathList;

/* Appends one file (path NULL: nothing). The strings are not copied. */
void paths_add(PathList *l, PathKind kind, const char *what, const char *path);

/* 0 if every output is a file of its own; -1 with err naming both uses when an output
 * is an input ("--csv: 'x.md' is the lesson file (it would be overwritten)") or two
 * outputs are one file ("--csv and --export name the same file 'x.png'"). Reads the
 * file system (lstat, readlink, stat); writes nothing, but where two names in one
 * directory differ only in case it makes and removes a probe file there. */
int paths_check(const PathList *l, Error *err);

/* The directory part of path into dir (size n): "." without a slash, "/" for "/x". */
void paths_dir(const char *path, char *dir, size_t n);

#endif
