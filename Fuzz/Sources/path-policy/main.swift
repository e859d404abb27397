import FuzzSupport

// libFuzzer's flags come from the command line (see scripts/fuzz); `fuzzOneInput` is also exported
// as `LLVMFuzzerTestOneInput`.
FuzzDriver.run { data, size in fuzzOneInput(data, size) }
