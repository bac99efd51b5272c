#include "sluice/record.h"

#include <algorithm>

namespace sluice {

void Headers::remove(std::string_view key) {
  std::erase_if(headers_, [&](const Header& h) { return h.key == key; });
}

const std::string* Headers::last_value(std::string_view key) const {
  auto it = std::find_if(headers_.rbegin(), headers_.rend(),
                         [&](const Header& h) { return h.key == key; });
  if (it == headers_.rend() || !it->value) return nullptr;
  return &*it->value;
}

}  // namespace sluice
