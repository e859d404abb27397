#ifndef TEARSHEET_CLIBFUZZER_H
#define TEARSHEET_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's library entry point (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library):
/// parses the libFuzzer flags in argv and runs `callback` on every input. Defined by the fuzzer
/// runtime that `-sanitize=fuzzer` links in.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
