// nfvctl's commands: each component registers its commands explicitly (register_*_commands,
// called from nfvctl's main), never through static constructors.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace nfv::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;     // the operation failed
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitWarnings = 3;  // done, with warnings the operator should read

struct Context {
  bool json = false;          // -j/--json: print data as JSON
  std::string switch_socket;  // -s/--socket: nfv-switch control socket
  std::string nfvd_socket;    // --nfvd-socket: nfvd control socket
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
};

struct Command {
  std::string name;     // one or more words: "topology", "vf create"
  std::string summary;  // one line for `nfvctl --help`
  std::function<int(Context&, const std::vector<std::string>& args)> run;
};

class Registry {
 public:
  void add(Command command);
  // Longest command name matching the leading words of `args`; sets `consumed`.
  const Command* find(const std::vector<std::string>& args, size_t& consumed) const;
  const std::vector<Command>& commands() const { return commands_; }

 private:
  std::vector<Command> commands_;
};

// Parses a command's arguments. Returns nullopt after printing help (`--help`) or a usage
// error; `exit_code` then holds kExitOk or kExitUsage.
std::optional<boost::program_options::variables_map> parse_args(
    Context& ctx, const std::string& command, const std::vector<std::string>& args,
    boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional, int& exit_code,
    const std::string& usage_tail = "");

}  // namespace nfv::cli
