// INTERNAL. Read access to one partition of a store, for interactive queries.
#ifndef SLUICE_DETAIL_READABLE_STORE_H_
#define SLUICE_DETAIL_READABLE_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::detail {

class ReadableBytes {
 public:
  using Visitor =
      std::function<bool(std::string_view key, std::string_view value)>;
  virtual ~ReadableBytes() = default;
  // Throws std::runtime_error when the store cannot be read.
  virtual std::optional<std::string> get(std::string_view key) const = 0;
  virtual void range(std::string_view from, std::string_view to,
                     const Visitor& visit) const = 0;
};

}  // namespace sluice::detail

#endif  // SLUICE_DETAIL_READABLE_STORE_H_
