/* atomic_file.h - write a file completely or not at all.
 * Writes go to a temporary file in the target's directory; afile_commit
 * flushes, closes and renames it into place. On any failure (or afile_abort)
 * the temporary file is removed and an existing target is left untouched.
 *
 * Signals: while a temporary file is in flight, SIGINT, SIGTERM and SIGHUP remove
 * every one (of every AtomicFile, and of afile_temp_create) and then end the process
 * by the same signal (shell status 130, 143, 129). A signal the process ignores
 * (nohup) or handles itself (the window: SDL turns SIGINT into a quit event) is left
 * to that disposition: the program goes on and commits or aborts its files.
 * SIGXFSZ is ignored meanwhile: a write past the file size limit (ulimit -f) fails
 * with EFBIG and is reported, instead of killing the process with its files left. */
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
    int slot;        /* in the table of files the signal handler removes (0: none) */
} AtomicFile;

/* afile_open_flags: path is a name rnnscope made, not one the user gave (a sidecar
 * beside the PNG, the image a sidecar names): a symbolic link there is refused, not
 * written through (and if one appears later, the rename replaces the link itself). */
#define AFILE_NO_LINK 1

/* Bytes in one file name (the NAME_MAX of Linux file systems). A temporary file's
 * name is NAME.tmp-XXXXXX with NAME cut to fit, so any name up to this long works. */
#define AFILE_NAME_MAX 255

/* -1 with err ("x: file name too long (300 bytes; allowed: at most 255)") if the last
 * part of path is longer than AFILE_NAME_MAX; 0 otherwise. */
int afile_name_too_long(const char *path, Error *err);

/* Opens a temporary file beside path. A symbolic link at path is followed: the file it
 * points to is replaced, the link stays. Returns 0 or -1 with err naming path. */
int afile_open(AtomicFile *a, const char *path, Error *err);
/* The same with flags (AFILE_NO_LINK, or 0). */
int afile_open_flags(AtomicFile *a, const char *path, int flags, Error *err);
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

/* Commits n files as one unit (a PNG and its sidecar): under an exclusive lock
 * (flock) on the directory of each, so that two processes writing the same names
 * never leave one's PNG beside the other's sidecar; rnnscope takes the same lock,
 * shared, to read a sidecar. In the given order; after a failure the rest are aborted.
 * A lock held by another process for afile_lock_wait_ms is an error, not a wait forever.
 * 0, or -1 with err set. */
int afile_commit_all(AtomicFile *const *files, int n, Error *err);

/* Shared lock on the directory of path, for reading a file written by
 * afile_commit_all; returns a descriptor for afile_unlock_dir (-1: the directory
 * cannot be opened, no lock taken, the read goes ahead; -2 with err set: another
 * process held the lock for all of afile_lock_wait_ms). */
int afile_lock_dir_shared(const char *path, Error *err);
void afile_unlock_dir(int fd);

/* How long the directory locks above are waited for (milliseconds): anyone who can
 * open a directory can lock it, so the wait is bounded; then afile_commit_all fails
 * (nothing written) and afile_lock_dir_shared returns -2. Tests shorten it. */
#define AFILE_LOCK_WAIT_MS 10000
extern long afile_lock_wait_ms;

/* Test hook: afile_commit_all waits this many milliseconds between two renames. */
extern long afile_test_pause_ms;

/* A temporary file outside an AtomicFile (a probe, a benchmark's scratch file): mkstemp
 * on tmpl (ending in XXXXXX), tracked so that the signals above remove it too. Returns
 * the descriptor (-1, errno set, on failure) and the slot for afile_temp_remove (1..). */
int afile_temp_create(char *tmpl, int *slot);
/* Removes that file (unlink) and forgets it. */
void afile_temp_remove(const char *name, int slot);

/* Test hook: when >= 0, files opened from now on fail their writes once this many
 * bytes have been written (copied into AtomicFile.fail_after at afile_open). */
extern long afile_fail_after;

#endif
