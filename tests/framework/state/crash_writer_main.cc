// A child process for the crash test: opens a store, commits batches without
// flushing (except once, after batch `flush_after` when it is > 0), then
// _exit()s so that neither the destructor nor RocksDB's shutdown flush runs.
//
// Usage: sluice_state_crash_writer <dir> <batches> <flush_after>
//                                  <keys_per_batch> <value_bytes>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "crash_batches.h"
#include "state/rocksdb_key_value_store.h"
#include "state/store_resources.h"

namespace {

int fail(const sluice::Status& status) {
  std::fprintf(stderr, "crash writer: %s\n", status.to_string().c_str());
  std::fflush(stderr);
  _exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  using sluice::state::RocksDbKeyValueStore;
  using sluice::state::StoreResources;
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s dir batches flush_after keys value_bytes\n",
                 argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const int batches = std::atoi(argv[2]);
  const int flush_after = std::atoi(argv[3]);
  const int keys = std::atoi(argv[4]);
  const auto value_bytes = static_cast<std::size_t>(std::atol(argv[5]));

  // Small memtables, so that RocksDB flushes on its own while batches arrive.
  sluice::state::StoreResourcesConfig config;
  config.write_buffer_size = 64 * 1024;
  auto resources = StoreResources::create(config);
  if (!resources.ok()) fail(resources.status());
  auto store = RocksDbKeyValueStore::open("crash", dir, **resources);
  if (!store.ok()) fail(store.status());
  for (int i = 1; i <= batches; ++i) {
    sluice::Status s =
        (*store)->write_batch(sluice::state::crash::batch(i, keys, value_bytes),
                              sluice::state::crash::offset_of(i));
    if (!s.ok()) fail(s);
    if (i == flush_after) {
      if (sluice::Status f = (*store)->flush(); !f.ok()) fail(f);
    }
  }
  _exit(0);  // a crash: no destructor, no flush, background work cut off
}
