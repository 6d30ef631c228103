// Shim over htslib (Debian libhts-dev). Function-like macros that Swift cannot call are
// wrapped here as gx_-prefixed static inline functions. Only Seq's Alignment/ files import this.
#ifndef GX_CHTSLIB_SHIM_H
#define GX_CHTSLIB_SHIM_H
#include <htslib/hts.h>
#include <htslib/sam.h>
#include <htslib/faidx.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include <htslib/thread_pool.h>
#endif
