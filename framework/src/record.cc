#include "sluice/record.h"

#include <algorithm>
#include <atomic>

namespace sluice {

Headers::Headers(std::initializer_list<Header> headers) {
  if (headers.size() != 0) {
    list_ = std::make_shared<std::vector<Header>>(headers);
  }
}

std::vector<Header>& Headers::own() {
  if (!list_) {
    list_ = std::make_shared<std::vector<Header>>();
  } else if (list_.use_count() > 1) {
    list_ = std::make_shared<std::vector<Header>>(*list_);
  } else {
    // The last other holder may have let go on another thread: see its
    // reads of the list before writing to it.
    std::atomic_thread_fence(std::memory_order_acquire);
  }
  return *list_;
}

void Headers::remove(std::string_view key) {
  const auto named = [&](const Header& h) { return h.key == key; };
  if (std::none_of(begin(), end(), named)) return;  // nothing to unshare
  std::erase_if(own(), named);
}

void Headers::clear() noexcept {
  if (list_ && list_.use_count() == 1) {
    std::atomic_thread_fence(std::memory_order_acquire);
    list_->clear();
  } else {
    list_.reset();
  }
}

const std::string* Headers::last_value(std::string_view key) const {
  const Header* it = std::find_if(std::make_reverse_iterator(end()),
                                  std::make_reverse_iterator(begin()),
                                  [&](const Header& h) { return h.key == key; })
                         .base();
  if (it == begin()) return nullptr;
  const Header& found = *(it - 1);
  return found.value ? &*found.value : nullptr;
}

bool operator==(const Headers& a, const Headers& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace sluice
