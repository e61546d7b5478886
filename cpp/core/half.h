// IEEE 754 binary16 (float16) as stored bits, with round-to-nearest-even conversion from
// float and exact conversion to float. No arithmetic: ops compute float16 in float32.
#pragma once
#include <cstdint>
#include <cstring>

namespace nnext {

struct Half {
  uint16_t bits;
};

inline float half_to_float(Half h) {
  const uint32_t sign = uint32_t(h.bits & 0x8000u) << 16;
  uint32_t exp = (h.bits >> 10) & 0x1fu, mant = h.bits & 0x3ffu, out;
  if (exp == 0x1f) {
    out = sign | 0x7f800000u | (mant << 13);  // inf, or NaN with its payload
  } else if (exp != 0) {
    out = sign | ((exp + 112) << 23) | (mant << 13);  // rebias 15 -> 127
  } else if (mant == 0) {
    out = sign;
  } else {  // subnormal: shift the leading one into the implicit bit
    int e = 113;
    while (!(mant & 0x400u)) {
      mant <<= 1;
      --e;
    }
    out = sign | (uint32_t(e) << 23) | ((mant & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &out, 4);
  return f;
}

inline Half float_to_half(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000u, exp = (x >> 23) & 0xffu, mant = x & 0x7fffffu;
  if (exp == 0xff) return {uint16_t(sign | 0x7c00u | (mant ? 0x200u | (mant >> 13) : 0u))};
  const int e = int(exp) - 112;                      // the binary16 biased exponent
  if (e >= 0x1f) return {uint16_t(sign | 0x7c00u)};  // overflow: infinity
  uint32_t out, rem, half_way;
  if (e <= 0) {  // subnormal (or zero) in binary16: units of 2^-24
    if (e < -10) return {uint16_t(sign)};
    const uint32_t full = mant | 0x800000u;
    const int shift = 14 - e;
    out = full >> shift;
    rem = full & ((1u << shift) - 1);
    half_way = 1u << (shift - 1);
  } else {
    out = (uint32_t(e) << 10) | (mant >> 13);
    rem = mant & 0x1fffu;
    half_way = 0x1000u;
  }
  // Round half to even; a carry out of the mantissa steps the exponent (up to infinity).
  if (rem > half_way || (rem == half_way && (out & 1u))) ++out;
  return {uint16_t(sign | out)};
}

}  // namespace nnext
