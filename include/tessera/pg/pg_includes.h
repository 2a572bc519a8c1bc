// The one way C++ files include PostgreSQL's base headers: with C linkage, in the right order.
// Further PostgreSQL headers go inside an `extern "C" { }` block after this include.
#pragma once

extern "C" {
#include "postgres.h"

#include "fmgr.h"
}

// PostgreSQL 15 declares tree walker and mutator callbacks without prototypes; C++ needs the
// function pointer cast spelled out (through void (*)(void), the sanctioned generic type).
#define TESSERA_WALKER(fn) reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)(void)>(fn))
#define TESSERA_MUTATOR(fn) reinterpret_cast<Node *(*)()>(reinterpret_cast<void (*)(void)>(fn))
