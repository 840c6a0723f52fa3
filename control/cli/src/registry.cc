#include <iostream>
#include <sstream>

#include "nfv/cli/command.h"
#include "nfv/common/strings.h"

namespace nfv::cli {

namespace po = boost::program_options;

void Registry::add(Command command) { commands_.push_back(std::move(command)); }

const Command* Registry::find(const std::vector<std::string>& args, size_t& consumed) const {
  const Command* best = nullptr;
  size_t best_words = 0;
  for (const Command& command : commands_) {
    auto words = split(command.name, ' ');
    if (words.size() > args.size() || words.size() <= best_words) continue;
    bool match = true;
    for (size_t i = 0; i < words.size() && match; ++i) match = (words[i] == args[i]);
    if (match) {
      best = &command;
      best_words = words.size();
    }
  }
  consumed = best_words;
  return best;
}

std::optional<po::variables_map> parse_args(Context& ctx, const std::string& command,
                                            const std::vector<std::string>& args,
                                            po::options_description& options,
                                            const po::positional_options_description& positional,
                                            int& exit_code, const std::string& usage_tail) {
  options.add_options()("help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    if (vm.count("help")) {
      *ctx.out << "usage: nfvctl " << command << " [options]" << usage_tail << "\n\n"
               << options << "\n";
      exit_code = kExitOk;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    *ctx.err << "nfvctl " << command << ": " << e.what() << " (see: nfvctl " << command
             << " --help)\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return vm;
}

}  // namespace nfv::cli
