/* export.h - the canvas as a PNG file, written safely: encoded into a temporary file
 * in the target directory, flushed and synced, then renamed into place. On any
 * failure an existing file is left untouched and no temporary file remains. */
#ifndef RNNSCOPE_EXPORT_H
#define RNNSCOPE_EXPORT_H

#include <stddef.h>

#include "atomic_file.h"
#include "canvas.h"
#include "dlist.h"
#include "error.h"
#include "plot.h"
#include "run.h"

/* Writes c to path as an 8-bit RGB PNG, replacing an existing file. 0, or -1 with
 * err saying what failed and where (one line). */
int export_png(const Canvas *c, const char *path, Error *err);

/* The same, but fails (leaving it alone) if path already exists, even if it
 * appears between the check and the write. */
int export_png_new(const Canvas *c, const char *path, Error *err);

/* First free name dir/prefix-0001.ext .. dir/prefix-9999.ext into out (size n) whose
 * sidecar, dir/prefix-NNNN.json, is free too; ext is "png" or "svg" (NULL: png). dir
 * NULL or "" means the current directory. 0, or -1 with err set. */
int export_unique_name(const char *dir, const char *prefix, const char *ext, char *out, size_t n,
                       Error *err);

/* Encodes c as an 8-bit RGB PNG into the open file f (the caller commits or aborts
 * it). 0, or -1 with err (encoding failed); write errors are f's, reported at commit. */
int export_png_write(const Canvas *c, AtomicFile *f, Error *err);

/* Encodes w x h ARGB pixels (alpha ignored) as an 8-bit RGB PNG, handing the bytes to
 * write(ctx, ...). 0, or -1 (out of memory, or an empty image). */
int export_png_encode(const uint32_t *px, int w, int h,
                      void (*write)(void *ctx, const void *data, size_t n), void *ctx);

/* Writes the recorded figure l as SVG into the open file f (the caller commits or
 * aborts it): text as <text> naming DejaVu Sans, lines as paths, images as embedded
 * PNGs (svg.c). 0, or -1 with err (the list ran out of memory, an image could not be
 * encoded); write errors are f's, reported at commit. */
int export_svg_write(const DList *l, AtomicFile *f, Error *err);

/* Writes l as SVG to path, all or nothing, failing (and leaving it alone) if path
 * already exists, even if it appears between the check and the write (the window's
 * export key). 0, or -1 with err set. */
int export_svg_new(const DList *l, const char *path, Error *err);

/* Test hook: make the image writer (PNG or SVG) fail once nbytes have been written
 * (-1 = never); export_test_arm applies it to a file about to be written. */
void export_test_fail_after(long nbytes);
void export_test_arm(AtomicFile *f);

/* Writes the data the figure plots as tidy CSV (header, then one row per plotted
 * value): every panel of layout L drawn with view v (columns in docs/export.md). */
void export_csv_write(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v,
                      const PlotLayout *L);
extern const char export_csv_header[];

#endif
