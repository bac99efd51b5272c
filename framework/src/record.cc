#include "sluice/record.h"

#include <algorithm>

namespace sluice {

void Headers::remove(std::string_view key) {
  std::erase_if(headers_, [&](const Header& h) { return h.key == key; });
}

const std::string* Headers::last_value(std::string_view key) const {
  for (auto it = headers_.rbegin(); it != headers_.rend(); ++it) {
    if (it->key == key) return it->value ? &*it->value : nullptr;
  }
  return nullptr;
}

}  // namespace sluice
