// Threading: one thread count and one OpenMP team for our loops and OpenBLAS's parallel
// sections, a grain size under which loops stay on the calling thread, teams that shrink to
// one thread while they do not get their cores, and flush-to-zero for a kernel's duration.
#pragma once
#include <chrono>
#include <cstdint>

namespace nnext {

// Below this many elements (1 MiB of float32) a loop stays on the calling thread. Waking
// OpenMP threads costs only microseconds, but in training loops our loops alternate with
// OpenBLAS gemms on the same cores, and every parallel region between two gemms is a chance
// for the two thread pools to get in each other's way; the layer-sized loops (batch x units,
// ~10^5 elements) take tens of microseconds on one core, less than that risk costs.
constexpr int64_t kGrainSize = 1 << 18;

int get_num_threads();
// Sets the threads for OpenMP loops and for OpenBLAS; n >= 1.
void set_num_threads(int n);
// How many threads a loop over `work` elements should use.
int threads_for(int64_t work);
// Ends a shrink whose back-off is over; called before work that may run on a team.
void refresh_team();

// On a shared CPU a team whose members wait for a core is slower than one thread: a barrier
// waits for the slowest member, and a member that another process's thread holds off its
// core arrives milliseconds late (measured: a 7x slower MNIST epoch beside one busy
// process). TeamClock times one parallel region: when its members started or finished so
// far apart that the wait outweighs the work (above 100 us, a quarter of the region), every
// team (our loops, OpenBLAS) runs on one thread for a back-off that doubles while the
// waits recur (50 ms to 1.6 s), then tries the full team again.
class TeamClock {
 public:
  explicit TeamClock(int threads) : threads_(threads < kMaxTimed ? threads : kMaxTimed) {
    for (int t = 0; t < threads_; ++t) start_[t] = end_[t] = -1;  // -1: did not run
    fork_ = now_ns();
  }
  void started(int t) {
    if (t < threads_) start_[t] = now_ns();
  }
  void finished(int t) {
    if (t < threads_) end_[t] = now_ns();
  }
  // After the region: judges the waits and shrinks or restores the teams.
  void join();

  static int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

 private:
  static constexpr int kMaxTimed = 64;
  int threads_;
  int64_t fork_;
  int64_t start_[kMaxTimed], end_[kMaxTimed];
};

// Sets FTZ/DAZ on the current thread and restores the previous mode on scope exit.
// Denormal arithmetic is ~100x slower on x86; TensorFlow's thread pools flush them too.
class FlushDenormals {
 public:
  FlushDenormals();
  ~FlushDenormals();
  FlushDenormals(const FlushDenormals&) = delete;
  FlushDenormals& operator=(const FlushDenormals&) = delete;

 private:
  unsigned int saved_;
};

int omp_thread_index();
int omp_thread_count();

// Runs body(begin, end) over [0, n) split into contiguous chunks on up to
// threads_for(n * cost_per_item) threads. `body` must not throw.
template <class Body>
void parallel_for(int64_t n, int64_t cost_per_item, Body body) {
  int nt = threads_for(n * cost_per_item);
  if (nt <= 1 || n <= 1) {
    FlushDenormals ftz;
    if (n > 0) body(int64_t(0), n);
    return;
  }
  TeamClock clock(nt);
#pragma omp parallel num_threads(nt)
  {
    FlushDenormals ftz;
    int t = omp_thread_index(), count = omp_thread_count();
    clock.started(t);
    int64_t chunk = (n + count - 1) / count;
    int64_t begin = chunk * t, end = begin + chunk < n ? begin + chunk : n;
    if (begin < end) body(begin, end);
    clock.finished(t);
  }
  clock.join();
}

}  // namespace nnext
