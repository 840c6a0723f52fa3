// File helpers of the fake kernel: the backing tree is plain files and relative symlinks.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace nfv::sriov::testing {

inline std::string read_raw(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string read_trimmed(const std::filesystem::path& file) {
  std::string text = read_raw(file);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

inline void write_raw(const std::filesystem::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::trunc);
  out << content;
}

inline void link_relative(const std::filesystem::path& target, const std::filesystem::path& at) {
  std::filesystem::create_directory_symlink(std::filesystem::relative(target, at.parent_path()),
                                            at);
}

}  // namespace nfv::sriov::testing
