#include "nfv/testing/test_dirs.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace nfv::testing {
namespace {

constexpr size_t kMaxNameChars = 24;

std::string short_test_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? info->name() : "test";
  std::string clean;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) clean.push_back(c);
    if (clean.size() == kMaxNameChars) break;
  }
  return clean.empty() ? "test" : clean;
}

}  // namespace

Result<TestDir> TestDir::create() {
  std::string pattern = "/tmp/nfv-" + short_test_name() + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return make_error("cannot create a test directory {}: {}; is /tmp writable?", pattern,
                      std::strerror(errno));
  }
  return TestDir(pattern);
}

TestDir::TestDir(TestDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TestDir::~TestDir() {
  if (path_.empty()) return;
  bool keep = std::getenv("NFV_KEEP_TEST_DIRS") != nullptr || ::testing::Test::HasFailure();
  if (keep) {
    std::cerr << "test files kept in " << path_ << "\n";
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TestDir::file(std::string_view name) const { return path_ + "/" + std::string(name); }

}  // namespace nfv::testing
