// nfvctl: the appliance's command-line interface.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "nfv/cli/output.h"
#include "nfv/nfvctl/nfvd_commands.h"
#include "nfv/nfvctl/sriov_commands.h"
#include "nfv/nfvctl/switch_commands.h"
#include "nfv/nfvctl/topology_commands.h"

namespace {

constexpr const char* kDefaultSwitchSocket = "/run/nfv-switch/nfv-switch.sock";

void print_help(const nfv::cli::Registry& registry) {
  std::cout << "usage: nfvctl [-j|--json] [-s|--socket PATH] [--nfvd-socket PATH] COMMAND "
               "[ARGS...]\n\n"
               "Global options:\n"
               "  -j, --json          print data as JSON\n"
               "  -s, --socket PATH   nfv-switch control socket (default "
            << kDefaultSwitchSocket
            << ",\n"
               "                      or $NFV_SWITCH_SOCKET)\n"
               "  --nfvd-socket PATH  nfvd control socket (default "
            << nfv::nfvctl::kDefaultNfvdSocket
            << ",\n"
               "                      or $NFVD_SOCKET); asked before a switch change:\n"
               "                      objects of nfvd's config are changed through it;\n"
               "                      `top` reads nfvd's telemetry, else the switch\n"
               "  -h, --help          this help; COMMAND --help for a command's options\n\n"
               "Commands:\n";
  size_t width = 0;
  for (const auto& command : registry.commands()) width = std::max(width, command.name.size());
  for (const auto& command : registry.commands()) {
    std::cout << "  " << command.name << std::string(width - command.name.size() + 3, ' ')
              << command.summary << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  nfv::cli::Registry registry;
  nfv::nfvctl::register_nfvd_commands(registry);
  nfv::nfvctl::register_switch_commands(registry);
  nfv::nfvctl::register_topology_commands(registry);
  nfv::nfvctl::register_sriov_commands(registry);

  nfv::cli::Context ctx;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  const char* env_socket = std::getenv("NFV_SWITCH_SOCKET");
  ctx.switch_socket = env_socket ? env_socket : kDefaultSwitchSocket;
  const char* env_nfvd = std::getenv("NFVD_SOCKET");
  ctx.nfvd_socket = env_nfvd ? env_nfvd : nfv::nfvctl::kDefaultNfvdSocket;

  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    std::string arg = argv[i];
    if (arg == "-j" || arg == "--json") {
      ctx.json = true;
    } else if ((arg == "-s" || arg == "--socket") && i + 1 < argc) {
      ctx.switch_socket = argv[++i];
    } else if (arg.rfind("--socket=", 0) == 0) {
      ctx.switch_socket = arg.substr(std::strlen("--socket="));
    } else if (arg == "--nfvd-socket" && i + 1 < argc) {
      ctx.nfvd_socket = argv[++i];
    } else if (arg.rfind("--nfvd-socket=", 0) == 0) {
      ctx.nfvd_socket = arg.substr(std::strlen("--nfvd-socket="));
    } else if (arg == "-h" || arg == "--help") {
      print_help(registry);
      return nfv::cli::kExitOk;
    } else {
      std::cerr << "nfvctl: unknown option '" << arg << "' (see: nfvctl --help)\n";
      return nfv::cli::kExitUsage;
    }
  }
  std::vector<std::string> args(argv + i, argv + argc);
  if (args.empty()) {
    print_help(registry);
    return nfv::cli::kExitUsage;
  }
  size_t consumed = 0;
  const nfv::cli::Command* command = registry.find(args, consumed);
  if (command == nullptr) {
    std::cerr << "nfvctl: unknown command '" << args[0] << "' (see: nfvctl --help)\n";
    return nfv::cli::kExitUsage;
  }
  // -j/--json is global but also accepted after the command (`nfvctl stats --json`).
  std::vector<std::string> rest;
  for (auto it = args.begin() + static_cast<long>(consumed); it != args.end(); ++it) {
    if (*it == "-j" || *it == "--json") {
      ctx.json = true;
    } else {
      rest.push_back(*it);
    }
  }
  try {
    return command->run(ctx, rest);
  } catch (const std::exception& e) {
    return nfv::cli::fail(ctx, std::string(command->name) + ": " + e.what());
  }
}
