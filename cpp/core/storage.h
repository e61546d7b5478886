// Storage: one 64-byte-aligned buffer shared by a tensor and all its views. It comes
// either from nnext's caching allocator or from foreign memory (a NumPy array) whose
// owner the deleter keeps alive.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace nnext {

constexpr size_t kAlignment = 64;

class Storage {
 public:
  // Allocates `nbytes` from the caching allocator (MemoryError when impossible).
  explicit Storage(size_t nbytes);
  // Wraps memory owned elsewhere; `release` runs when the last view dies.
  Storage(void* data, size_t nbytes, std::function<void()> release);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }

 private:
  void* data_;
  size_t nbytes_;
  std::function<void()> release_;  // empty for allocator-owned memory
};

struct MemoryStats {
  int64_t current_bytes;  // bytes held by live nnext buffers
  int64_t peak_bytes;     // high-water mark of current_bytes
  int64_t cached_bytes;   // freed large blocks kept for reuse
};

MemoryStats memory_stats();
void reset_peak_memory();
// Frees the shared cache of large blocks and the calling thread's small blocks.
void empty_cache();

}  // namespace nnext
