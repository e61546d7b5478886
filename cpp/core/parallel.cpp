// Thread count bookkeeping, the shrinking of teams that wait for cores, OpenBLAS's parallel
// sections on our OpenMP team, and the MXCSR flush-to-zero guard.
#include "core/parallel.h"

#include <omp.h>
#include <xmmintrin.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include "core/error.h"
#include "kernels/blas.h"

namespace nnext {
namespace {

constexpr int64_t kMinWaitNs = 100'000;           // below this a wait is a thread waking up
constexpr int64_t kFirstBackoffNs = 50'000'000;   // 50 ms of one thread after a long wait
constexpr int64_t kMaxBackoffNs = 1'600'000'000;  // doubling while the waits recur

int initial_threads() {
  // OMP_NUM_THREADS is honoured through omp_get_max_threads().
  int n = omp_get_max_threads();
  return n > 0 ? n : 1;
}

std::atomic<int> g_threads{initial_threads()};
// While the steady clock is before this (ns), teams are one thread; 0: not shrunk.
std::atomic<int64_t> g_shrunk_until{0};
std::atomic<int64_t> g_backoff{kFirstBackoffNs};
std::atomic<bool> g_blas_shrunk{false};

void shrink_teams() {
  int64_t backoff = g_backoff.load(std::memory_order_relaxed);
  g_shrunk_until.store(TeamClock::now_ns() + backoff, std::memory_order_relaxed);
  g_backoff.store(std::min(backoff * 2, kMaxBackoffNs), std::memory_order_relaxed);
  // OpenBLAS splits a gemm into as many coupled jobs as it has threads; one thread, one job.
  if (!g_blas_shrunk.exchange(true)) blas_set_num_threads(1);
}

// OpenBLAS's parallel sections run here, on the OpenMP team of our loops, rather than on
// OpenBLAS's own threads: one pool, so the two cannot steal each other's cores between a
// gemm and the loop after it, and the same clock watches both. The jobs of a level-3 call
// wait for one another, so each needs a thread of its own: where OpenMP may give fewer
// (inside a parallel region, a thread limit, dynamic teams) plain threads run them.
void run_blas_jobs(int sync, BlasJob job, int jobs, size_t job_size, void* job_data, int arg) {
  auto run = [&](int i) { job(i, static_cast<char*>(job_data) + size_t(i) * job_size, arg); };
  if (omp_in_parallel() || omp_get_dynamic() || omp_get_thread_limit() < jobs) {
    std::vector<std::thread> others;
    for (int i = 1; i < jobs; ++i) others.emplace_back(run, i);
    run(0);
    for (auto& t : others) t.join();
    return;
  }
  TeamClock clock(jobs);
#pragma omp parallel num_threads(jobs)
  {
    int t = omp_get_thread_num();
    clock.started(t);
    for (int i = t; i < jobs; i += omp_get_num_threads()) run(i);
    clock.finished(t);
  }
  clock.join();
}

// Before any gemm: OpenBLAS reads the callback when it forks its jobs.
const bool g_blas_on_our_team = (blas_set_team(&run_blas_jobs), true);

}  // namespace

int get_num_threads() { return g_threads.load(); }

void set_num_threads(int n) {
  NNEXT_CHECK(n >= 1, ValueError, "set_num_threads: the thread count must be at least 1, got ", n);
  g_threads.store(n);
  g_shrunk_until.store(0);
  g_backoff.store(kFirstBackoffNs);
  g_blas_shrunk.store(false);
  omp_set_num_threads(n);
  blas_set_num_threads(n);
}

void refresh_team() {
  int64_t until = g_shrunk_until.load(std::memory_order_relaxed);
  if (until == 0 || TeamClock::now_ns() < until) return;
  // The back-off is over: the next regions run on the full team and are judged again.
  if (g_shrunk_until.exchange(0) != 0 && g_blas_shrunk.exchange(false))
    blas_set_num_threads(g_threads.load());
}

int threads_for(int64_t work) {
  if (work < kGrainSize) return 1;
  refresh_team();
  if (g_shrunk_until.load(std::memory_order_relaxed) != 0) return 1;
  int64_t by_work = work / kGrainSize;
  int n = g_threads.load();
  return by_work < n ? int(by_work) : n;
}

void TeamClock::join() {
  int64_t done = now_ns(), last_start = fork_, first_end = done, last_end = fork_;
  for (int t = 0; t < threads_; ++t) {
    if (start_[t] < 0 || end_[t] < 0) continue;
    last_start = std::max(last_start, start_[t]);
    first_end = std::min(first_end, end_[t]);
    last_end = std::max(last_end, end_[t]);
  }
  // A late start is a member waiting for a core; a late finish, one preempted on the way.
  int64_t wait = std::max(last_start - fork_, last_end - first_end);
  if (wait > kMinWaitNs && 4 * wait > done - fork_) {
    shrink_teams();
  } else if (wait <= kMinWaitNs) {
    g_backoff.store(kFirstBackoffNs, std::memory_order_relaxed);  // the full team is back
  }
}

int omp_thread_index() { return omp_get_thread_num(); }
int omp_thread_count() { return omp_get_num_threads(); }

FlushDenormals::FlushDenormals() : saved_(_mm_getcsr()) {
  _mm_setcsr(saved_ | 0x8040);  // FTZ (bit 15) | DAZ (bit 6)
}
FlushDenormals::~FlushDenormals() { _mm_setcsr(saved_); }

}  // namespace nnext
