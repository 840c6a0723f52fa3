// nfv-traffic's command line, and the DPDK EAL arguments derived from it. Pure: nobody
// writes EAL strings by hand, and the translation is unit-tested without DPDK.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/strings.h"

namespace nfv::traffic {

// One net_virtio_user port: "SOCKET_PATH[,mac=MAC][,queues=N][,enable=K][,server][,ring=D]".
struct PortOption {
  std::string socket;
  std::optional<MacAddress> mac;  // unset: virtio-user picks a random one
  uint16_t queues = 1;            // queue pairs the virtio device offers (vdev queues=)
  uint16_t enable = 0;            // queue pairs configured in the ethdev (0: all of them)
  bool server = false;            // nfv-traffic creates the socket; the switch connects
  uint16_t ring_size = 0;         // descriptors per virtqueue (0: the driver's 256)

  uint16_t enabled_queues() const { return enable ? enable : queues; }
};

inline constexpr uint16_t kMaxQueuesPerPort = 16;

Result<PortOption> parse_port_option(std::string_view text);
// The inverse of parse_port_option (used by the test fixture to build command lines).
std::string format_port_option(const PortOption& port);

struct Options {
  std::vector<PortOption> ports;
  std::string file_prefix;  // empty: "nfv-traffic-<pid>"
  bool no_huge = false;     // memfd-backed memory, for tests
  uint32_t memory_mb = 256;
  std::vector<uint32_t> lcores;  // CPUs: {main} or {main, datapath}; empty: one floating lcore
  bool busy_poll = false;
  uint32_t idle_sleep_us = 100;       // longest nap of an idle datapath (without --busy-poll)
  uint32_t mbufs = 0;                 // mbuf pool size (0: sized from ports and queues)
  std::vector<std::string> eal_args;  // appended verbatim, after ours
  std::string log_path;               // empty: logs go to stderr

  // The CPU the datapath runs on is the second lcore when two are given.
  bool has_worker_lcore() const { return lcores.size() == 2; }
};

struct CommandLine {
  Options options;
  bool help = false;  // --help was given: print help_text and exit 0
  std::string help_text;
};

Result<CommandLine> parse_command_line(int argc, const char* const* argv);

// "net_virtio_user<index>,path=...,mac=...,queues=N[,server=1][,queue_size=D]"
std::string virtio_user_vdev(size_t index, const PortOption& port);
std::string virtio_user_name(size_t index);

// The EAL argv (argv[0] included). `allowed_cpus` is the process's CPU affinity: without
// --lcores, one lcore may float over all of them (tests share 2 CPUs with a switch).
std::vector<std::string> eal_arguments(const Options& options,
                                       const std::vector<uint32_t>& allowed_cpus);

}  // namespace nfv::traffic
