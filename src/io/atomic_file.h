/* atomic_file.h - write a file completely or not at all.
 * Writes go to a temporary file in the target's directory; afile_commit
 * flushes, closes and renames it into place. On any failure (or afile_abort)
 * the temporary file is removed and an existing target is left untouched. */
#ifndef RNNSCOPE_ATOMIC_FILE_H
#define RNNSCOPE_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

typedef struct AtomicFile {
    FILE *f;
    char path[4096];
    char tmp[4096 + 32];
    int failed;    /* a write failed; commit will report it */
    long written;  /* bytes written so far */
    long fail_after; /* test hook: writes fail past this many bytes (-1: never) */
} AtomicFile;

/* Opens a temporary file beside path. Returns 0 or -1 with err naming path. */
int afile_open(AtomicFile *a, const char *path, Error *err);
/* printf / raw write; errors are remembered and reported by afile_commit. */
void afile_printf(AtomicFile *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void afile_write(AtomicFile *a, const void *data, size_t n);
/* Pushes the data written so far to disk (fflush + fsync), so that only the rename
 * is left; for writing several files all-or-nothing. 0, or -1 (the file stays open:
 * abort it). */
int afile_sync(AtomicFile *a, Error *err);
/* Completes the file and renames it into place. Returns 0, or -1 (nothing left behind). */
int afile_commit(AtomicFile *a, Error *err);
/* The same, but never replaces: fails if path exists (even if it appeared meanwhile). */
int afile_commit_new(AtomicFile *a, Error *err);
/* Gives up: removes the temporary file. */
void afile_abort(AtomicFile *a);

/* Test hook: when >= 0, files opened from now on fail their writes once this many
 * bytes have been written (copied into AtomicFile.fail_after at afile_open). */
extern long afile_fail_after;

#endif
