#include "nfv/common/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>

namespace nfv::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::string g_program = "nfv";

const char* level_name(Level level) {
  switch (level) {
    case Level::kError: return "error";
    case Level::kWarning: return "warning";
    case Level::kInfo: return "info";
    case Level::kDebug: return "debug";
  }
  return "?";
}

}  // namespace

void set_program(std::string_view name) { g_program = std::string(name); }
void set_level(Level level) { g_level.store(level, std::memory_order_relaxed); }
Level level() { return g_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view message) {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  localtime_r(&seconds, &tm);
  std::string line = fmt::format("{:02}:{:02}:{:02}.{:03} {} {}: {}\n", tm.tm_hour, tm.tm_min,
                                 tm.tm_sec, millis.count(), g_program, level_name(level), message);
  // One write(2) per line: atomic with respect to other threads' lines.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace nfv::log
