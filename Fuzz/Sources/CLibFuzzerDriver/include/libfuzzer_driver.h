/*
 * libFuzzer's driver entry point (compiler-rt, libclang_rt.fuzzer_no_main). Declared here so that the
 * Swift fuzz executable can hand its own `main` to libFuzzer; only `scripts/fuzz.sh` links the library,
 * and only builds with -DDOSESUM_LIBFUZZER call it.
 */
#ifndef LIBFUZZER_DRIVER_H
#define LIBFUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
