// SwiftPM needs one source file per C target; the header is the whole interface.
#include "CLibFuzzer.h"
