// CPU level queries. This file is compiled into every level's library and into the probe
// module that runs before any of them loads (plain x86-64: it must run on any CPU).
#include "core/cpu_level.h"

namespace nnext {

int cpu_level_supported() {
  // libgcc's cpuid tables; the level names check the whole feature set of each level,
  // including XGETBV's report that the OS saves the AVX and AVX-512 registers.
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return 4;
  if (__builtin_cpu_supports("x86-64-v3")) return 3;
  if (__builtin_cpu_supports("x86-64-v2")) return 2;
  return 1;
}

int cpu_level_compiled() { return NNEXT_CPU_LEVEL; }

}  // namespace nnext
