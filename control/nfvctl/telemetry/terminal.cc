#include "telemetry/terminal.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <string_view>

namespace nfv::nfvctl {
namespace {

constexpr std::string_view kEnterScreen = "\x1b[?1049h\x1b[?25l";  // alternate screen, no cursor
constexpr std::string_view kLeaveScreen = "\x1b[?25h\x1b[?1049l";
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGWINCH};

// One live view per process: the state its signal handlers and restore() share.
struct TerminalState {
  bool active = false;
  termios saved{};
  struct sigaction previous[std::size(kSignals)]{};
  int wake_read = -1;  // the handlers write a byte here so read_keys() returns
  int wake_write = -1;
};
TerminalState g_state;
volatile std::sig_atomic_t g_interrupted = 0;

void write_all(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the terminal went away: nothing left to show it
    text.remove_prefix(static_cast<size_t>(n));
  }
}

void on_signal(int signal) {
  if (signal != SIGWINCH) g_interrupted = signal;
  int saved_errno = errno;
  char byte = 1;
  [[maybe_unused]] ssize_t ignored = ::write(g_state.wake_write, &byte, 1);
  errno = saved_errno;
}

winsize window_size() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) {
    size.ws_col = 80;
    size.ws_row = 24;
  }
  return size;
}

}  // namespace

Result<std::unique_ptr<Terminal>> Terminal::open() {
  if (g_state.active) return make_error("the live view is already open");
  if (!::isatty(STDIN_FILENO) || !::isatty(STDOUT_FILENO)) {
    return make_error("the live view needs a terminal on stdin and stdout (use --once or --count)");
  }
  if (::tcgetattr(STDIN_FILENO, &g_state.saved) != 0) {
    return make_error("cannot read the terminal's settings: errno {}", errno);
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    return make_error("cannot create a pipe for signals: errno {}", errno);
  }
  g_state.wake_read = pipe_fds[0];
  g_state.wake_write = pipe_fds[1];
  g_interrupted = 0;
  std::unique_ptr<Terminal> terminal(new Terminal());
  g_state.active = true;  // from here on the destructor restores everything
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < std::size(kSignals); ++i) {
    ::sigaction(kSignals[i], &action, &g_state.previous[i]);
  }
  termios raw = g_state.saved;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);  // ISIG stays: Ctrl-C is SIGINT
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
  write_all(kEnterScreen);
  return terminal;
}

Terminal::~Terminal() { restore(); }

void Terminal::restore() {
  if (!g_state.active) return;
  write_all(kLeaveScreen);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_state.saved);
  for (size_t i = 0; i < std::size(kSignals); ++i) {
    ::sigaction(kSignals[i], &g_state.previous[i], nullptr);
  }
  ::close(g_state.wake_read);
  ::close(g_state.wake_write);
  g_state = TerminalState{};
}

int Terminal::columns() const { return window_size().ws_col; }
int Terminal::rows() const { return window_size().ws_row; }

void Terminal::draw(const std::vector<std::string>& lines) {
  // Home, each line then "erase to its end", then erase below: no flicker of a full clear.
  std::string frame = "\x1b[H";
  for (size_t i = 0; i < lines.size(); ++i) {
    frame += lines[i];
    frame += "\x1b[K";
    if (i + 1 < lines.size()) frame += "\r\n";
  }
  frame += "\x1b[J";
  write_all(frame);
}

std::string Terminal::read_keys(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {g_state.wake_read, POLLIN, 0}};
  int ready = ::poll(fds, 2, static_cast<int>(std::max<int64_t>(left.count(), 0)));
  if (ready <= 0) return "";
  char buffer[64];
  if (fds[1].revents & POLLIN) {
    while (::read(g_state.wake_read, buffer, sizeof buffer) > 0) {
    }
  }
  std::string keys;
  if (fds[0].revents & POLLIN) {
    ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0) keys.assign(buffer, static_cast<size_t>(n));
  }
  if (fds[0].revents & (POLLHUP | POLLERR)) g_interrupted = SIGHUP;  // the terminal is gone
  return keys;
}

int Terminal::interrupted() const { return g_interrupted; }

}  // namespace nfv::nfvctl
