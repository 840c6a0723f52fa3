#include "nfv/testing/log_files.h"

#include <fstream>
#include <optional>
#include <sstream>

namespace nfv::testing {
namespace {

std::optional<std::string> read_all(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

std::string file_text(const std::string& path) { return read_all(path).value_or(""); }

bool file_contains(const std::string& path, const std::string& text) {
  auto all = read_all(path);
  return all && all->find(text) != std::string::npos;
}

size_t file_count(const std::string& path, const std::string& text) {
  auto all = read_all(path);
  if (!all || text.empty()) return 0;
  size_t count = 0;
  for (size_t at = all->find(text); at != std::string::npos; at = all->find(text, at + 1)) ++count;
  return count;
}

}  // namespace nfv::testing
