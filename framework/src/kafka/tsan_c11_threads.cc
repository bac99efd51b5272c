// ThreadSanitizer and librdkafka's C11 threads, in TSan builds only.
//
// librdkafka creates its threads with C11 thrd_create(). On glibc >= 2.34
// thrd_create() calls glibc's internal pthread_create directly, past the
// pthread_create that TSan intercepts (GCC 12's libtsan has no thrd_create
// interceptor), so TSan never sets up those threads: their first malloc
// crashes inside TSan's allocator (SEGV in SizeClassAllocator64LocalCache,
// thread "rdk:main"/"rdk:mock"). Defining thrd_create in the program
// interposes it for librdkafka (the linker binds librdkafka.a's calls to
// it), and it goes through the intercepted pthread_create, exactly as
// glibc's own thrd_create does (same function cast; thrd_join() reads the
// int result back from the void*). The same
// holds for C11 mutexes and condition variables (glibc's mtx_t and cnd_t are
// pthread_mutex_t and pthread_cond_t): without the pthread versions TSan
// sees none of librdkafka's locking, and every record handed from a
// librdkafka thread to sluice's would be reported as a race. librdkafka's
// own atomics stay invisible (the library is not instrumented): suppress
// reports inside it with TSAN_OPTIONS=suppressions=... (tests/tsan.supp).
#if defined(__SANITIZE_THREAD__)
#define SLUICE_TSAN_C11_SHIM 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SLUICE_TSAN_C11_SHIM 1
#endif
#endif

#ifdef SLUICE_TSAN_C11_SHIM
#include <pthread.h>
#include <threads.h>

#include <cerrno>
#include <cstdint>

namespace {

int result(int err) {
  if (err == 0) return thrd_success;
  if (err == EBUSY) return thrd_busy;
  if (err == ETIMEDOUT) return thrd_timedout;
  return err == ENOMEM || err == EAGAIN ? thrd_nomem : thrd_error;
}
pthread_mutex_t* m(mtx_t* mutex) {
  return reinterpret_cast<pthread_mutex_t*>(mutex);
}
pthread_cond_t* c(cnd_t* cond) {
  return reinterpret_cast<pthread_cond_t*>(cond);
}

}  // namespace

extern "C" {

int thrd_create(thrd_t* thread, thrd_start_t start, void* arg) {
  return result(pthread_create(thread, nullptr,
                               reinterpret_cast<void* (*)(void*)>(start), arg));
}
int thrd_join(thrd_t thread, int* res) {
  void* out = nullptr;
  const int err = pthread_join(thread, &out);
  if (err == 0 && res != nullptr) {
    *res = static_cast<int>(reinterpret_cast<std::intptr_t>(out));
  }
  return result(err);
}
int thrd_detach(thrd_t thread) { return result(pthread_detach(thread)); }

int mtx_init(mtx_t* mutex, int type) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  if ((type & mtx_recursive) != 0) {
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  }
  const int err = pthread_mutex_init(m(mutex), &attr);
  pthread_mutexattr_destroy(&attr);
  return result(err);
}
int mtx_lock(mtx_t* mutex) { return result(pthread_mutex_lock(m(mutex))); }
int mtx_trylock(mtx_t* mutex) {
  return result(pthread_mutex_trylock(m(mutex)));
}
int mtx_timedlock(mtx_t* __restrict mutex,
                  const struct timespec* __restrict until) {
  return result(pthread_mutex_timedlock(m(mutex), until));
}
int mtx_unlock(mtx_t* mutex) { return result(pthread_mutex_unlock(m(mutex))); }
void mtx_destroy(mtx_t* mutex) { pthread_mutex_destroy(m(mutex)); }

int cnd_init(cnd_t* cond) {
  return result(pthread_cond_init(c(cond), nullptr));
}
int cnd_signal(cnd_t* cond) { return result(pthread_cond_signal(c(cond))); }
int cnd_broadcast(cnd_t* cond) {
  return result(pthread_cond_broadcast(c(cond)));
}
int cnd_wait(cnd_t* cond, mtx_t* mutex) {
  return result(pthread_cond_wait(c(cond), m(mutex)));
}
int cnd_timedwait(cnd_t* __restrict cond, mtx_t* __restrict mutex,
                  const struct timespec* __restrict until) {
  return result(pthread_cond_timedwait(c(cond), m(mutex), until));
}
void cnd_destroy(cnd_t* cond) { pthread_cond_destroy(c(cond)); }

}  // extern "C"
#endif
