// Files nfvd keeps across crashes: written to a temporary file, synced, then renamed over the
// old one (and the directory synced), so a kill -9 or a power cut leaves the old content or the
// new one, never half of one.
#pragma once

#include <string>

#include "nfv/common/result.h"

namespace nfv::nfvd {

Status write_file_atomically(const std::string& path, const std::string& text);

// The whole file; an error naming it when it cannot be read.
Result<std::string> read_whole_file(const std::string& path);

}  // namespace nfv::nfvd
