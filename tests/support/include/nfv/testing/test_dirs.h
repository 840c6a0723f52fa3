// A private temporary directory per test, for sockets, logs and captures. Removed when the
// test ends, unless it failed or NFV_KEEP_TEST_DIRS is set (then its path is printed, so
// the logs can be read).
#pragma once

#include <string>
#include <string_view>

#include "nfv/common/result.h"

namespace nfv::testing {

class TestDir {
 public:
  // /tmp/nfv-<test name>-XXXXXX, kept short: vhost-user socket paths must fit in 107 bytes.
  static Result<TestDir> create();

  TestDir(TestDir&& other) noexcept;
  TestDir& operator=(TestDir&& other) = delete;
  TestDir(const TestDir&) = delete;
  ~TestDir();

  const std::string& path() const { return path_; }
  // path()/name
  std::string file(std::string_view name) const;

 private:
  explicit TestDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace nfv::testing
