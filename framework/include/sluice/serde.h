// Serde<T>: how values of T become bytes and back.
//
// Kafka records carry bytes; a Serde turns a T into bytes (serialize) and
// bytes into a T (deserialize). Bytes may be null in Kafka (a record with no
// key, a tombstone); deserializers receive std::nullopt for null.
// Deserializers report bad input by throwing SerdeError; the runtime hands
// that to the configured deserialization error policy (errors.h).
//
// Built-in serdes: Serdes::string(), bytes(), int64(), float64(); JSON serdes
// over nlohmann_json live in json_serde.h. default_serde<T>() picks the
// built-in serde for T when there is one.
//
// Thread-safety: a Serde is an immutable, shared handle; serialize and
// deserialize may be called from several threads at once.
#ifndef SLUICE_SERDE_H_
#define SLUICE_SERDE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sluice {

// Raw bytes as a value type (for Serdes::bytes()).
using Bytes = std::vector<std::byte>;

// Thrown by serializers and deserializers for input they cannot handle.
class SerdeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The behaviour behind a Serde<T>. Implement this for custom formats, or use
// Serde<T>::from() with two callables.
template <typename T>
class SerdeImpl {
 public:
  virtual ~SerdeImpl() = default;
  // Appends the encoding of `value` to `out` (which the caller has cleared).
  // Throws SerdeError when `value` cannot be encoded.
  virtual void serialize(const T& value, std::string& out) const = 0;
  // Decodes `bytes` (std::nullopt for a null Kafka key/value).
  // Throws SerdeError for bytes that are not a valid encoding.
  virtual T deserialize(std::optional<std::string_view> bytes) const = 0;
  // A short name for error messages and describe(), e.g. "string".
  virtual std::string_view name() const noexcept = 0;
};

template <typename T>
class Serde {
 public:
  using Type = T;

  // An empty serde; using it is an error reported by StreamsBuilder::build().
  Serde() = default;
  explicit Serde(std::shared_ptr<const SerdeImpl<T>> impl)
      : impl_(std::move(impl)) {}

  // A serde from two callables:
  //   serialize(const T&, std::string& out) and
  //   deserialize(std::optional<std::string_view>) -> T.
  template <typename Ser, typename De>
  static Serde from(std::string name, Ser serialize, De deserialize);

  // True when this serde can be used.
  explicit operator bool() const noexcept { return impl_ != nullptr; }

  // REQUIRES: *this. See SerdeImpl.
  void serialize(const T& value, std::string& out) const {
    impl_->serialize(value, out);
  }
  // REQUIRES: *this. See SerdeImpl.
  T deserialize(std::optional<std::string_view> bytes) const {
    return impl_->deserialize(bytes);
  }
  std::string_view name() const noexcept {
    return impl_ ? impl_->name() : std::string_view("none");
  }

 private:
  std::shared_ptr<const SerdeImpl<T>> impl_;
};

namespace detail {

template <typename T, typename Ser, typename De>
class LambdaSerde final : public SerdeImpl<T> {
 public:
  LambdaSerde(std::string name, Ser ser, De de)
      : name_(std::move(name)), ser_(std::move(ser)), de_(std::move(de)) {}
  void serialize(const T& value, std::string& out) const override {
    ser_(value, out);
  }
  T deserialize(std::optional<std::string_view> bytes) const override {
    return de_(bytes);
  }
  std::string_view name() const noexcept override { return name_; }

 private:
  std::string name_;
  Ser ser_;
  De de_;
};

}  // namespace detail

template <typename T>
template <typename Ser, typename De>
Serde<T> Serde<T>::from(std::string name, Ser serialize, De deserialize) {
  static_assert(std::is_invocable_v<const Ser&, const T&, std::string&>,
                "serialize must be callable as (const T&, std::string&)");
  static_assert(
      std::is_convertible_v<
          std::invoke_result_t<const De&, std::optional<std::string_view>>, T>,
      "deserialize must be callable as (std::optional<std::string_view>) -> T");
  return Serde<T>(std::make_shared<detail::LambdaSerde<T, Ser, De>>(
      std::move(name), std::move(serialize), std::move(deserialize)));
}

// The built-in serdes.
struct Serdes {
  // UTF-8 text as is; a null record key or value reads as "".
  static Serde<std::string> string();
  // Raw bytes; a null reads as empty.
  static Serde<Bytes> bytes();
  // 8-byte big-endian two's complement, as Kafka's LongSerializer.
  static Serde<std::int64_t> int64();
  // 8-byte big-endian IEEE-754, as Kafka's DoubleSerializer.
  static Serde<double> float64();
};

// The built-in serde for T, or an empty Serde when T has none.
template <typename T>
Serde<T> default_serde() {
  if constexpr (std::is_same_v<T, std::string>) {
    return Serdes::string();
  } else if constexpr (std::is_same_v<T, Bytes>) {
    return Serdes::bytes();
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return Serdes::int64();
  } else if constexpr (std::is_same_v<T, double>) {
    return Serdes::float64();
  } else {
    return Serde<T>();
  }
}

}  // namespace sluice

#endif  // SLUICE_SERDE_H_
