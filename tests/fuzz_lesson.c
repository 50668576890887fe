/* fuzz_lesson.c - libFuzzer entry point for the lesson parser, a pure function
 * of (name, bytes). Build (clang):
 *   CC=clang meson setup build-fuzz -Db_sanitize=address,undefined -Db_lundef=false
 *   (tests/meson.build builds fuzz_lesson when the compiler accepts -fsanitize=fuzzer)
 *   mkdir -p /tmp/corpus && build-fuzz/tests/fuzz_lesson -max_total_time=60 /tmp/corpus lessons/
 * (libFuzzer adds new inputs to the FIRST directory: never put lessons/ first)
 * Every input must parse or fail with one line; nothing may crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Lesson l;
    Error err;
    if (lesson_parse(&l, "fuzz.md", (const char *)data, size, &err) == 0) {
        lesson_free(&l);
    } else if (strchr(err.msg, '\n') || strncmp(err.msg, "fuzz.md:", 8) != 0) {
        abort(); /* every error is one line naming the place */
    }
    return 0;
}
