/* stb_image_private.h - stb_image's PNG decoder, private to the including file
 * (static functions, no exported symbols), for the tests that read PNGs back.
 * Its own code is not ours to keep warning-free under -Wextra -Wpedantic.
 * Include it once per program, in one .c file. */
#ifndef RNNSCOPE_STB_IMAGE_PRIVATE_H
#define RNNSCOPE_STB_IMAGE_PRIVATE_H

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#if defined(__GNUC__)
/* static but unused stb functions are reported at the end of the file: off for all of it */
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#include <stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#endif
