// The caching allocator. Large blocks are rounded to a size class and, when freed, kept
// (up to a bound) for the next request of that class, so a training loop reuses its
// buffers instead of page-faulting fresh memory every step. Small blocks are kept too, in
// free lists of the thread that frees them: a compiled step of a small model allocates a
// few dozen tiny tensors per replay, and posix_memalign's aligned path (split, then
// consolidate on free) cost a third of the replay's time (perf, the 4-3-1 network).
#include "core/storage.h"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace nnext {
namespace {

// At and above this, blocks go to the shared cache; below it, to the thread's own.
constexpr size_t kCacheMinBytes = size_t(1) << 16;
constexpr size_t kCacheMaxTotal = size_t(2) << 30;
constexpr size_t kSmallClasses = kCacheMinBytes / kAlignment;
constexpr size_t kSmallCacheMaxPerThread = size_t(16) << 20;

std::atomic<int64_t> g_current{0};
std::atomic<int64_t> g_peak{0};

struct BlockCache {
  std::mutex mutex;
  std::unordered_map<size_t, std::vector<void*>> free_blocks;
  size_t cached_bytes = 0;
};

BlockCache& cache() {
  static BlockCache* instance = new BlockCache();  // never destroyed: outlives exit-time frees
  return *instance;
}

// Bytes held by all threads' small-block lists (memory_stats reports them as cached).
std::atomic<int64_t> g_small_cached{0};

// One thread's free lists of small blocks, by size class (a multiple of kAlignment).
struct SmallCache {
  std::vector<void*> lists[kSmallClasses];
  size_t bytes = 0;
  SmallCache();
  ~SmallCache();
  void release_all() {
    for (size_t i = 0; i < kSmallClasses; ++i) {
      for (void* p : lists[i]) std::free(p);
      lists[i].clear();
    }
    g_small_cached.fetch_sub(int64_t(bytes));
    bytes = 0;
  }
};

// Whether this thread's SmallCache exists: a block freed during thread or process exit,
// after the cache was destroyed, goes straight back to malloc.
enum class SmallState : unsigned char { unborn, alive, gone };
thread_local SmallState t_small_state = SmallState::unborn;

SmallCache::SmallCache() { t_small_state = SmallState::alive; }
SmallCache::~SmallCache() {
  release_all();
  t_small_state = SmallState::gone;
}

SmallCache* small_cache() {
  if (t_small_state == SmallState::gone) return nullptr;
  thread_local SmallCache instance;
  return &instance;
}

// Four size classes per power of two: at most 25% of a large block is padding.
size_t size_class(size_t nbytes) {
  if (nbytes < kCacheMinBytes) return (nbytes + kAlignment - 1) / kAlignment * kAlignment;
  size_t top = size_t(1) << (63 - __builtin_clzll(nbytes));
  size_t step = top / 4;
  return (nbytes + step - 1) / step * step;
}

void note_allocated(int64_t nbytes) {
  int64_t now = g_current.fetch_add(nbytes) + nbytes;
  int64_t peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
}

void* allocate(size_t nbytes) {
  size_t cls = size_class(nbytes == 0 ? 1 : nbytes);
  if (cls < kCacheMinBytes) {
    SmallCache* c = small_cache();
    std::vector<void*>* list = c ? &c->lists[cls / kAlignment] : nullptr;
    if (list && !list->empty()) {
      void* p = list->back();
      list->pop_back();
      c->bytes -= cls;
      g_small_cached.fetch_sub(int64_t(cls), std::memory_order_relaxed);
      note_allocated(int64_t(cls));
      return p;
    }
  } else {
    BlockCache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.free_blocks.find(cls);
    if (it != c.free_blocks.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.cached_bytes -= cls;
      note_allocated(int64_t(cls));
      return p;
    }
  }
  void* p = nullptr;
  if (posix_memalign(&p, kAlignment, cls) != 0 || p == nullptr)
    NNEXT_FAIL(MemoryError, "cannot allocate ", nbytes, " bytes");
  note_allocated(int64_t(cls));
  return p;
}

void deallocate(void* p, size_t nbytes) {
  size_t cls = size_class(nbytes == 0 ? 1 : nbytes);
  g_current.fetch_sub(int64_t(cls));
  if (cls < kCacheMinBytes) {
    SmallCache* c = small_cache();
    if (c && c->bytes + cls <= kSmallCacheMaxPerThread) {
      c->lists[cls / kAlignment].push_back(p);
      c->bytes += cls;
      g_small_cached.fetch_add(int64_t(cls), std::memory_order_relaxed);
      return;
    }
  } else {
    BlockCache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (c.cached_bytes + cls <= kCacheMaxTotal) {
      c.free_blocks[cls].push_back(p);
      c.cached_bytes += cls;
      return;
    }
  }
  std::free(p);
}

}  // namespace

Storage::Storage(size_t nbytes) : data_(allocate(nbytes)), nbytes_(nbytes) {}

Storage::Storage(void* data, size_t nbytes, std::function<void()> release)
    : data_(data), nbytes_(nbytes), release_(std::move(release)) {}

Storage::~Storage() {
  if (release_)
    release_();
  else
    deallocate(data_, nbytes_);
}

MemoryStats memory_stats() {
  BlockCache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return {g_current.load(), g_peak.load(), int64_t(c.cached_bytes) + g_small_cached.load()};
}

void reset_peak_memory() { g_peak.store(g_current.load()); }

void empty_cache() {
  // Other threads' small blocks stay theirs: only the owner may touch its lists.
  if (SmallCache* small = small_cache()) small->release_all();
  BlockCache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  for (auto& entry : c.free_blocks)
    for (void* p : entry.second) std::free(p);
  c.free_blocks.clear();
  c.cached_bytes = 0;
}

}  // namespace nnext
