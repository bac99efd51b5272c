// KeyValueStore<K,V>: a typed state store for hand-written Processors.
//
// Declare the store with StreamsBuilder::add_state_store, connect it with
// KStream::process(supplier, named, {"store"}), and get it in init():
//
//   void init(ProcessorContext<K2, V2>& context) override {
//     store_.emplace(context.key_value_store<std::string,
//     std::int64_t>("seen"));
//   }
//
// Writes are cached and reach the store's changelog and local storage at
// each commit; reads see them at once. The view stays valid for the
// processor's life.
//
// Thread-safety: used by its task's thread only.
#ifndef SLUICE_STATE_STORE_H_
#define SLUICE_STATE_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "sluice/detail/task_context.h"
#include "sluice/serde.h"

namespace sluice {

template <typename K, typename V>
class KeyValueStore {
 public:
  KeyValueStore(detail::StateStoreBase& store, Serde<K> key_serde,
                Serde<V> value_serde)
      : store_(&store),
        ks_(std::move(key_serde)),
        vs_(std::move(value_serde)) {}

  const std::string& name() const noexcept { return store_->name(); }

  std::optional<V> get(const K& key) {
    encode_key(key);
    auto bytes = store_->get(key_buf_);
    if (!bytes) return std::nullopt;
    return vs_.deserialize(*bytes);
  }
  void put(const K& key, const V& value) {
    encode_key(key);
    value_buf_.clear();
    vs_.serialize(value, value_buf_);
    store_->put(key_buf_, value_buf_);
  }
  void remove(const K& key) {
    encode_key(key);
    store_->put(key_buf_, std::nullopt);
  }
  // Visits entries whose key bytes are in [from, to], in byte order; return
  // false from `visit` to stop.
  void range(const K& from, const K& to,
             const std::function<bool(const K&, const V&)>& visit) {
    std::string f;
    std::string t;
    ks_.serialize(from, f);
    ks_.serialize(to, t);
    store_->range(f, t, [&](std::string_view k, std::string_view v) {
      return visit(ks_.deserialize(k), vs_.deserialize(v));
    });
  }

 private:
  void encode_key(const K& key) {
    key_buf_.clear();
    ks_.serialize(key, key_buf_);
  }

  detail::StateStoreBase* store_;
  Serde<K> ks_;
  Serde<V> vs_;
  std::string key_buf_;
  std::string value_buf_;
};

}  // namespace sluice

#endif  // SLUICE_STATE_STORE_H_
