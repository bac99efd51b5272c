// JSON serdes over nlohmann_json.
//
// Serdes::json<T>() works for nlohmann::json itself and for any T with
// nlohmann's to_json/from_json (NLOHMANN_DEFINE_TYPE_* or hand-written).
// Bytes that are not JSON, or JSON that does not convert to T, throw
// SerdeError, so they reach the deserialization error policy.
//
// Thread-safety: as Serde.
#ifndef SLUICE_JSON_SERDE_H_
#define SLUICE_JSON_SERDE_H_

#include <nlohmann/json.hpp>

#include "sluice/serde.h"

namespace sluice {

// Returns a serde that encodes T as compact JSON text.
template <typename T>
Serde<T> json_serde() {
  return Serde<T>::from(
      "json",
      [](const T& value, std::string& out) {
        try {
          out += nlohmann::json(value).dump();
        } catch (const nlohmann::json::exception& e) {
          throw SerdeError(std::string("cannot encode JSON: ") + e.what());
        }
      },
      [](std::optional<std::string_view> bytes) -> T {
        if (!bytes) throw SerdeError("null value where JSON was expected");
        try {
          return nlohmann::json::parse(bytes->begin(), bytes->end())
              .template get<T>();
        } catch (const nlohmann::json::exception& e) {
          throw SerdeError(std::string("invalid JSON: ") + e.what());
        }
      });
}

}  // namespace sluice

#endif  // SLUICE_JSON_SERDE_H_
