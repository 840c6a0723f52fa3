// The command loop: reads JSON lines from stdin, hands each command's task to the datapath,
// waits for its reply and writes exactly one JSON line to the reply fd. SIGINT/SIGTERM
// (readable `signal_fd`, see SignalWatcher) and the end of stdin stop it like `quit` does.
#pragma once

#include <optional>
#include <string>

#include "commands.h"
#include "datapath.h"

namespace nfv::traffic {

class ControlLoop {
 public:
  enum class Exit { kQuit, kEndOfInput, kSignal, kOutputClosed };

  ControlLoop(const Setup& setup, Datapath& datapath, int input_fd, int output_fd, int signal_fd)
      : setup_(setup),
        datapath_(datapath),
        input_fd_(input_fd),
        output_fd_(output_fd),
        signal_fd_(signal_fd) {}

  Exit run();
  // After clean-up: the reply to the quit command that ended run().
  void acknowledge_quit();

  static const char* describe(Exit exit);

 private:
  enum class Wait { kReady, kSignal, kEndOfInput };
  // Waits until `fd` is readable (or the signal fd fires).
  Wait wait_for(int fd);
  // The next complete line from the input.
  std::optional<std::string> next_line(Exit& exit);
  bool write_line(const json& reply);
  Result<json> execute(const std::string& line, bool& quit, Exit& exit);

  const Setup& setup_;
  Datapath& datapath_;
  int input_fd_;
  int output_fd_;
  int signal_fd_;
  std::string buffer_;
  bool input_closed_ = false;
};

}  // namespace nfv::traffic
