#include "switch/request_command.h"

#include <algorithm>
#include <cctype>

namespace nfv::nfvctl {

std::string command_for(std::string_view method) {
  std::string command(method);
  std::replace(command.begin(), command.end(), '.', ' ');
  return command;
}

std::string usage_tail(const std::vector<std::string>& positional) {
  std::string tail;
  for (const auto& flag : positional) {
    tail += ' ';
    for (char c : flag) tail += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return tail;
}

}  // namespace nfv::nfvctl
