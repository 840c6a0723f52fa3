// Line-oriented logging to stderr: "<time> <program> <level>: <message>". One write per
// line so lines from several threads never interleave. Not for the per-packet path.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace nfv::log {

enum class Level { kError = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

void set_program(std::string_view name);  // default "nfv"
void set_level(Level level);
Level level();
void write(Level level, std::string_view message);

template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
  write(Level::kError, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void warning(fmt::format_string<Args...> format, Args&&... args) {
  if (level() >= Level::kWarning) {
    write(Level::kWarning, fmt::format(format, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  if (level() >= Level::kInfo) write(Level::kInfo, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  if (level() >= Level::kDebug) {
    write(Level::kDebug, fmt::format(format, std::forward<Args>(args)...));
  }
}

}  // namespace nfv::log
