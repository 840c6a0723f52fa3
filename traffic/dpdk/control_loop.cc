#include "control_loop.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "nfv/common/strings.h"

namespace nfv::traffic {
namespace {
// A send_hex of many jumbo frames is long, but a line without an end is a broken client.
constexpr size_t kMaxLineBytes = 64u << 20;
}  // namespace

const char* ControlLoop::describe(Exit exit) {
  switch (exit) {
    case Exit::kQuit:
      return "quit command";
    case Exit::kEndOfInput:
      return "end of input (stdin closed)";
    case Exit::kSignal:
      return "signal";
    case Exit::kOutputClosed:
      return "reply output closed";
  }
  return "?";
}

ControlLoop::Wait ControlLoop::wait_for(int fd) {
  while (true) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {signal_fd_, POLLIN, 0}};
    int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Wait::kEndOfInput;
    }
    if (fds[1].revents & POLLIN) return Wait::kSignal;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) return Wait::kReady;
  }
}

std::optional<std::string> ControlLoop::next_line(Exit& exit) {
  while (true) {
    if (auto line = take_line(buffer_)) return line;
    if (input_closed_ || buffer_.size() > kMaxLineBytes) {
      exit = Exit::kEndOfInput;
      return std::nullopt;
    }
    if (wait_for(input_fd_) == Wait::kSignal) {
      exit = Exit::kSignal;
      return std::nullopt;
    }
    char chunk[65536];
    ssize_t n = ::read(input_fd_, chunk, sizeof(chunk));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      input_closed_ = true;
      // A last command without a newline still counts.
      if (!buffer_.empty()) buffer_.push_back('\n');
      continue;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

bool ControlLoop::write_line(const json& reply) {
  std::string text = reply.dump() + "\n";
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(output_fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

Result<json> ControlLoop::execute(const std::string& line, bool& quit, Exit& exit) {
  auto request = proto::parse_request_line(line);
  if (!request) return std::move(request).error();
  if (request->cmd == proto::kQuit.name) {
    quit = true;
    return json::object();
  }
  auto task = make_command_task(setup_, *request);
  if (!task) return std::move(task).error();
  datapath_.submit(std::move(task).value());
  if (wait_for(datapath_.completion_fd()) != Wait::kReady) {
    exit = Exit::kSignal;
    return make_error("interrupted by a signal");
  }
  return datapath_.take_reply();
}

ControlLoop::Exit ControlLoop::run() {
  Exit exit = Exit::kEndOfInput;
  while (auto line = next_line(exit)) {
    if (line->find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    bool quit = false;
    Exit interrupted = Exit::kEndOfInput;
    Result<json> result = execute(*line, quit, interrupted);
    if (interrupted == Exit::kSignal) return Exit::kSignal;
    if (quit) return Exit::kQuit;
    json reply = result ? proto::make_ok_reply(std::move(result).value())
                        : proto::make_error_reply(result.error().message);
    if (!write_line(reply)) return Exit::kOutputClosed;
  }
  return exit;
}

void ControlLoop::acknowledge_quit() { (void)write_line(proto::make_ok_reply(json::object())); }

}  // namespace nfv::traffic
