// The last lines of a text file (a log, a guest's console), for error messages and tests.
#pragma once

#include <cstddef>
#include <string>

namespace nfv {

// The last `lines` lines of the file at `path`, each ending in '\n'; "" when it cannot be
// read.
std::string file_tail(const std::string& path, size_t lines);

}  // namespace nfv
