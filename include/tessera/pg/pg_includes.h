// The one way C++ files include PostgreSQL's base headers: with C linkage, in the right order.
// Further PostgreSQL headers go inside an `extern "C" { }` block after this include.
#pragma once

extern "C" {
#include "postgres.h"

#include "fmgr.h"
}
