// What a process wrote to its log, for tests that check the words an operator reads.
#pragma once

#include <cstddef>
#include <string>

namespace nfv::testing {

// The whole file at `path` ("" if it cannot be read).
std::string file_text(const std::string& path);

// Whether the file at `path` contains `text` (false if it cannot be read).
bool file_contains(const std::string& path, const std::string& text);

// How many times `text` (not empty) occurs in the file at `path` (0 if it cannot be read).
size_t file_count(const std::string& path, const std::string& text);

}  // namespace nfv::testing
