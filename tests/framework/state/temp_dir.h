// TempDir: a fresh directory under the system's temporary directory,
// removed with everything in it when the object is destroyed.
//
// Thread-safety: not thread-safe; one test owns it.
#ifndef SLUICE_TESTS_FRAMEWORK_STATE_TEMP_DIR_H_
#define SLUICE_TESTS_FRAMEWORK_STATE_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace sluice::state {

class TempDir {
 public:
  // Creates /tmp/sluice-state-XXXXXX. Throws std::runtime_error on failure.
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sluice-state-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The directory itself.
  const std::filesystem::path& path() const noexcept { return path_; }
  // `name` inside the directory, as a string.
  std::string sub(const std::string& name) const {
    return (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace sluice::state

#endif  // SLUICE_TESTS_FRAMEWORK_STATE_TEMP_DIR_H_
