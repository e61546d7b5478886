// x86-64 microarchitecture levels of the psABI: 1 (baseline), 2 (SSE4.2, POPCNT), 3 (AVX2,
// FMA, BMI2), 4 (AVX-512 F/BW/CD/DQ/VL). The computing floors are compiled once per level
// (CMakeLists.txt) and nnext/_runtime.py loads the best one the CPU supports.
#pragma once

namespace nnext {

// The highest level the running CPU and its OS support (AVX state enabled by XSAVE).
int cpu_level_supported();
// The level this library's kernels were compiled for.
int cpu_level_compiled();

}  // namespace nnext
