// nfv-traffic: plays the guest for end-to-end tests and benchmarks. See README.md.
#include <fcntl.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>

#include "commands.h"
#include "control_loop.h"
#include "datapath.h"
#include "eal_session.h"
#include "nfv/common/unique_fd.h"
#include "nfv/traffic/options.h"
#include "port.h"
#include "signal_watcher.h"

namespace nfv::traffic {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void log_line(std::FILE* log, const std::string& text) {
  std::fprintf(log, "nfv-traffic: %s\n", text.c_str());
  std::fflush(log);
}

bool path_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// A client-mode port needs the switch's socket now: say so in one line instead of a page
// of virtio_user errors. A server-mode port must not find a stale socket in its way.
Status check_sockets(const Options& options) {
  for (size_t i = 0; i < options.ports.size(); ++i) {
    const PortOption& port = options.ports[i];
    bool exists = path_exists(port.socket);
    if (!port.server && !exists) {
      return make_error(
          "port {}: vhost-user socket {} does not exist; start the switch (with a "
          "vhost-user server port there) first, or add ',server' if the switch "
          "connects as a client",
          i, port.socket);
    }
    if (port.server && exists) {
      return make_error(
          "port {}: {} already exists, but with ',server' nfv-traffic creates the "
          "socket; remove the stale file or use another path",
          i, port.socket);
    }
  }
  return {};
}

std::vector<uint32_t> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<uint32_t> cpus;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (uint32_t cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

struct WorkerContext {
  Datapath* datapath;
  const std::atomic<bool>* stop;
};

int run_datapath(void* arg) {
  auto* context = static_cast<WorkerContext*>(arg);
  context->datapath->run(*context->stop);
  return 0;
}

int run(const Options& options) {
  // stdout carries replies only: keep it for them, and point fd 1 at stderr so that nothing
  // else (a driver's printf) can ever interleave with the protocol.
  UniqueFd replies(fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3));
  if (!replies.valid() || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::fprintf(stderr, "nfv-traffic: cannot set up the reply output: %s\n", std::strerror(errno));
    return kExitFailure;
  }
  std::FILE* log = stderr;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_file(nullptr, &std::fclose);
  if (!options.log_path.empty()) {
    log_file.reset(std::fopen(options.log_path.c_str(), "ae"));
    if (!log_file) {
      std::fprintf(stderr, "nfv-traffic: --log %s: cannot open it: %s\n", options.log_path.c_str(),
                   std::strerror(errno));
      return kExitFailure;
    }
    log = log_file.get();
  }
  if (Status sockets = check_sockets(options); !sockets) {
    std::fprintf(stderr, "nfv-traffic: %s\n", sockets.error().message.c_str());
    return kExitFailure;
  }

  signal(SIGPIPE, SIG_IGN);
  // A signal while rte_eal_init blocks (a ',server' port waiting for its switch) removes
  // what start-up created so far and exits.
  bool runtime_dir_existed = path_exists(eal_runtime_dir(options.file_prefix));
  SignalWatcher signals([&options, runtime_dir_existed] {
    for (const PortOption& port : options.ports) {
      if (port.server) unlink(port.socket.c_str());
    }
    if (!runtime_dir_existed) {
      remove_runtime_dir(eal_runtime_dir(options.file_prefix));
      remove_hugepage_files(options.file_prefix);
    }
  });

  std::vector<std::string> eal_args = eal_arguments(options, allowed_cpus());
  log_line(log, "EAL arguments: " + join(eal_args, " "));
  auto eal = EalSession::start(eal_args, options.file_prefix, log);
  if (!eal) {
    std::fprintf(stderr, "nfv-traffic: %s\n", eal.error().message.c_str());
    return kExitFailure;
  }
  {
    auto pool = create_mbuf_pool(options);
    if (!pool) {
      std::fprintf(stderr, "nfv-traffic: %s\n", pool.error().message.c_str());
      return kExitFailure;
    }
    std::vector<std::unique_ptr<VirtioPort>> ports;
    Setup setup;
    setup.file_prefix = options.file_prefix;
    setup.tsc_hz = rte_get_tsc_hz();
    setup.max_frame_size = max_frame_size(pool->get());
    setup.busy_poll = options.busy_poll;
    setup.worker_lcore = options.has_worker_lcore();
    for (uint16_t i = 0; i < options.ports.size(); ++i) {
      auto port = VirtioPort::open(i, options.ports[i], pool->get());
      if (!port) {
        std::fprintf(stderr, "nfv-traffic: %s\n", port.error().message.c_str());
        return kExitFailure;
      }
      const VirtioPort& p = **port;
      setup.ports.push_back({i, p.name(), p.option(), p.mac(), p.queues()});
      log_line(log, fmt::format("port {}: {} on {} mac {} queues {}/{}{}", i, p.name(),
                                p.option().socket, format_mac(p.mac()), p.queues(),
                                p.option().queues, p.option().server ? " (server)" : ""));
      ports.push_back(std::move(port).value());
    }

    DatapathState state;
    state.pool = pool->get();
    state.tsc_hz = setup.tsc_hz;
    for (auto& port : ports) state.ports.emplace_back(*port, setup.tsc_hz);
    Datapath datapath(std::move(state), options.busy_poll, options.idle_sleep_us);
    log_line(log, fmt::format("ready: {} port(s), datapath on {}, {}, idle nap up to {} us, {} "
                              "mbufs of {} bytes",
                              ports.size(), setup.worker_lcore ? "its own lcore" : "the main lcore",
                              options.busy_poll ? "busy polling" : "napping when idle",
                              options.idle_sleep_us, rte_mempool_avail_count(pool->get()),
                              setup.max_frame_size));

    std::atomic<bool> stop{false};
    signals.started();
    ControlLoop loop(setup, datapath, STDIN_FILENO, replies.get(), signals.fd());
    ControlLoop::Exit exit = ControlLoop::Exit::kEndOfInput;
    if (setup.worker_lcore) {
      WorkerContext context{&datapath, &stop};
      unsigned worker = rte_get_next_lcore(-1, 1, 0);
      rte_eal_remote_launch(run_datapath, &context, worker);
      exit = loop.run();
      stop = true;
      rte_eal_wait_lcore(worker);
    } else {
      // The datapath needs the EAL lcore; the command loop makes no DPDK calls.
      std::thread control([&] {
        exit = loop.run();
        stop = true;
      });
      datapath.run(stop);
      control.join();
    }
    log_line(log, fmt::format("stopping: {}", ControlLoop::describe(exit)));
    datapath.shutdown();
    ports.clear();  // stop and close before the pool and the EAL go
    pool->reset();
    eal->reset();
    if (exit == ControlLoop::Exit::kQuit) loop.acknowledge_quit();
  }
  return 0;
}

}  // namespace
}  // namespace nfv::traffic

int main(int argc, char** argv) {
  auto command_line = nfv::traffic::parse_command_line(argc, argv);
  if (!command_line) {
    std::fprintf(stderr, "%s\n", command_line.error().message.c_str());
    return nfv::traffic::kExitUsage;
  }
  if (command_line->help) {
    std::fputs(command_line->help_text.c_str(), stdout);
    return 0;
  }
  return nfv::traffic::run(command_line->options);
}
