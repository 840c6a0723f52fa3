#include "nfv/traffic/options.h"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <sstream>

#include "nfv/traffic/protocol.h"

namespace nfv::traffic {
namespace po = boost::program_options;

Result<PortOption> parse_port_option(std::string_view text) {
  std::vector<std::string> parts = split(text, ',');
  PortOption port;
  port.socket = std::string(trim(parts[0]));
  if (port.socket.empty()) {
    return make_error(
        "--port '{}': the vhost-user socket path comes first, e.g. "
        "--port /run/nfv/vm1.sock,mac=02:00:00:00:00:01",
        text);
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string_view item = trim(parts[i]);
    auto equals = item.find('=');
    std::string_view key = item.substr(0, equals);
    std::string_view value = equals == std::string_view::npos ? "" : item.substr(equals + 1);
    std::string what = fmt::format("--port {}: {}", port.socket, key);
    if (key == "mac") {
      auto mac = parse_mac(value);
      if (!mac) return make_error("{}: {}", what, mac.error().message);
      port.mac = *mac;
    } else if (key == "queues") {
      auto queues = parse_uint(value, what, 1, kMaxQueuesPerPort);
      if (!queues) return std::move(queues).error();
      port.queues = static_cast<uint16_t>(*queues);
    } else if (key == "enable") {
      auto enable = parse_uint(value, what, 1, kMaxQueuesPerPort);
      if (!enable) return std::move(enable).error();
      port.enable = static_cast<uint16_t>(*enable);
    } else if (key == "ring") {
      auto ring = parse_uint(value, what, 64, 4096);
      if (!ring) return std::move(ring).error();
      if ((*ring & (*ring - 1)) != 0) {
        return make_error("{}: {} is not a power of two (64, 128, ... 4096)", what, *ring);
      }
      port.ring_size = static_cast<uint16_t>(*ring);
    } else if (key == "server" && (value.empty() || value == "1")) {
      port.server = true;
    } else {
      return make_error(
          "--port {}: unknown option '{}' (known: mac=MAC, queues=N, enable=K, "
          "server, ring=D)",
          port.socket, item);
    }
  }
  if (port.enable > port.queues) {
    return make_error(
        "--port {}: enable={} is more than queues={}; a guest can only enable "
        "queue pairs the device offers",
        port.socket, port.enable, port.queues);
  }
  return port;
}

std::string format_port_option(const PortOption& port) {
  std::string text = port.socket;
  if (port.mac) text += ",mac=" + format_mac(*port.mac);
  if (port.queues != 1) text += fmt::format(",queues={}", port.queues);
  if (port.enable != 0) text += fmt::format(",enable={}", port.enable);
  if (port.server) text += ",server";
  if (port.ring_size != 0) text += fmt::format(",ring={}", port.ring_size);
  return text;
}

std::string virtio_user_name(size_t index) { return fmt::format("net_virtio_user{}", index); }

std::string virtio_user_vdev(size_t index, const PortOption& port) {
  std::string vdev =
      fmt::format("{},path={},queues={}", virtio_user_name(index), port.socket, port.queues);
  if (port.mac) vdev += ",mac=" + format_mac(*port.mac);
  if (port.server) vdev += ",server=1";
  if (port.ring_size != 0) vdev += fmt::format(",queue_size={}", port.ring_size);
  return vdev;
}

namespace {

Result<std::vector<uint32_t>> parse_lcores(const std::string& text) {
  std::vector<uint32_t> cpus;
  for (const std::string& item : split(text, ',')) {
    auto cpu = parse_uint(item, "--lcores", 0, 1023);
    if (!cpu) return std::move(cpu).error();
    cpus.push_back(static_cast<uint32_t>(*cpu));
  }
  if (cpus.size() > 2 || (cpus.size() == 2 && cpus[0] == cpus[1])) {
    return make_error(
        "--lcores '{}': give one CPU (commands and datapath) or two different CPUs "
        "(commands, then datapath), e.g. --lcores 0,1",
        text);
  }
  return cpus;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

}  // namespace

Result<CommandLine> parse_command_line(int argc, const char* const* argv) {
  CommandLine result;
  Options& options = result.options;
  std::vector<std::string> ports;
  std::string lcores;
  std::vector<std::string> eal_args;
  po::options_description described(
      "Usage: nfv-traffic --port SOCKET [--port SOCKET...] [options]\n\n"
      "nfv-traffic: a DPDK guest with net_virtio_user ports, driven by JSON lines on stdin\n"
      "(one reply line per command on stdout; see traffic/README.md)\n\nOptions",
      100, 50);
  // clang-format off
  described.add_options()
    ("help,h", "print this help and exit")
    ("port", po::value(&ports)->composing(),
     "SOCKET_PATH[,mac=MAC][,queues=N][,enable=K][,server][,ring=D]  repeatable; one "
     "net_virtio_user port each, numbered from 0 in order. queues: queue pairs offered (1-16); "
     "enable: pairs configured (a guest using fewer queues); server: nfv-traffic creates the "
     "socket and the switch connects as a vhost-user client; ring: descriptors per queue")
    ("file-prefix", po::value(&options.file_prefix),
     "DPDK runtime file prefix, unique per DPDK process (default nfv-traffic-<pid>)")
    ("no-huge", po::bool_switch(&options.no_huge),
     "memfd-backed memory instead of hugepages (tests; slower)")
    ("memory", po::value(&options.memory_mb)->default_value(256), "memory in MB (64-65536)")
    ("lcores", po::value(&lcores),
     "CPU,  or  CPU,CPU: the first runs the command loop, the second the datapath. Default: one "
     "lcore allowed on every CPU of this process")
    ("busy-poll", po::bool_switch(&options.busy_poll),
     "never sleep in the datapath (benchmarks); otherwise it naps when idle")
    ("idle-sleep-us", po::value(&options.idle_sleep_us)->default_value(100),
     "longest nap of an idle datapath in microseconds (1-10000)")
    ("mbufs", po::value(&options.mbufs)->default_value(0),
     "mbuf pool size (0: sized from the ports and queues)")
    ("eal-args", po::value(&eal_args)->composing(),
     "extra EAL arguments, appended after nfv-traffic's own (repeatable; split on spaces)")
    ("log", po::value(&options.log_path), "write DPDK and nfv-traffic logs to FILE, not stderr");
  // clang-format on
  std::ostringstream help;
  help << described
       << "\nCommands: one JSON object per line on stdin, e.g. {\"cmd\":\"stats\",\"port\":0};\n"
          "one reply line each on stdout: {\"ok\":true,...} or {\"ok\":false,\"error\":\"...\"}.\n"
          "Parameters and replies: traffic/README.md.\n";
  std::apply(
      [&](const auto&... command) {
        ((help << fmt::format("  {:<14}{}\n", command.name, command.help)), ...);
      },
      proto::kAllCommands);
  result.help_text = help.str();

  po::variables_map values;
  try {
    po::store(po::command_line_parser(argc, argv).options(described).run(), values);
    po::notify(values);
  } catch (const po::error& error) {
    return make_error("nfv-traffic: {} (see --help)", error.what());
  }
  if (values.count("help")) {
    result.help = true;
    return result;
  }
  if (ports.empty()) {
    return make_error(
        "nfv-traffic: no --port given; pass --port SOCKET_PATH for each "
        "vhost-user port of the switch");
  }
  for (const std::string& text : ports) {
    auto port = parse_port_option(text);
    if (!port) return std::move(port).error();
    options.ports.push_back(std::move(port).value());
  }
  if (!lcores.empty()) {
    auto cpus = parse_lcores(lcores);
    if (!cpus) return std::move(cpus).error();
    options.lcores = std::move(cpus).value();
  }
  if (options.memory_mb < 64 || options.memory_mb > 65536) {
    return make_error("--memory {}: out of range [64, 65536] MB", options.memory_mb);
  }
  if (options.idle_sleep_us < 1 || options.idle_sleep_us > 10000) {
    return make_error("--idle-sleep-us {}: out of range [1, 10000]", options.idle_sleep_us);
  }
  if (options.file_prefix.empty()) options.file_prefix = fmt::format("nfv-traffic-{}", getpid());
  if (options.file_prefix.find('/') != std::string::npos) {
    return make_error("--file-prefix '{}': must not contain '/'", options.file_prefix);
  }
  for (const std::string& text : eal_args) {
    for (std::string& word : split_words(text)) options.eal_args.push_back(std::move(word));
  }
  return result;
}

std::vector<std::string> eal_arguments(const Options& options,
                                       const std::vector<uint32_t>& allowed_cpus) {
  std::vector<std::string> args = {"nfv-traffic", "--file-prefix", options.file_prefix, "--no-pci",
                                   // virtio-user shares memory by fd: one fd per memseg list,
                                   // else vhost-user's 8-region limit is exceeded.
                                   "--single-file-segments"};
  if (options.no_huge) {
    args.insert(args.end(), {"--no-huge", "-m", std::to_string(options.memory_mb)});
  } else {
    // No --huge-unlink: 22.11 refuses it with --single-file-segments; EalSession removes
    // the hugepage files at exit instead.
    args.insert(args.end(), {"-m", std::to_string(options.memory_mb)});
  }
  if (options.lcores.empty()) {
    args.insert(args.end(), {"--lcores", fmt::format("0@({})", format_id_list(allowed_cpus))});
  } else {
    std::vector<std::string> cpus;
    for (uint32_t cpu : options.lcores) cpus.push_back(std::to_string(cpu));
    args.insert(args.end(),
                {"-l", join(cpus, ","), "--main-lcore", std::to_string(options.lcores[0])});
  }
  for (size_t i = 0; i < options.ports.size(); ++i) {
    args.insert(args.end(), {"--vdev", virtio_user_vdev(i, options.ports[i])});
  }
  args.insert(args.end(), options.eal_args.begin(), options.eal_args.end());
  return args;
}

}  // namespace nfv::traffic
