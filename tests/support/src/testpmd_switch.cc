#include "nfv/testing/testpmd_switch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "nfv/testing/test_binaries.h"

namespace nfv::testing {
namespace {

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

Status wait_for_path(const std::string& path, int exit_fd, Clock::time_point deadline) {
  UniqueFd watch(inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  if (!watch.valid()) return make_error("inotify_init1(): {}", std::strerror(errno));
  std::string dir = parent_of(path);
  if (inotify_add_watch(watch.get(), dir.c_str(), IN_CREATE | IN_MOVED_TO) < 0) {
    return make_error("cannot watch {}: {}", dir, std::strerror(errno));
  }
  while (!exists(path)) {  // checked after the watch is in place: no missed creation
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return make_error("{} did not appear in time", path);
    pollfd fds[2] = {{watch.get(), POLLIN, 0}, {exit_fd, POLLIN, 0}};
    int ready = ::poll(fds, exit_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return make_error("poll(): {}", std::strerror(errno));
    if (exit_fd >= 0 && (fds[1].revents & POLLIN) && !exists(path)) {
      return make_error("the process exited before creating {}", path);
    }
    char events[4096];
    while (::read(watch.get(), events, sizeof(events)) > 0) {
    }
  }
  return {};
}

Result<TestpmdSwitch> TestpmdSwitch::start(const TestDir& dir, TestpmdSwitchOptions options) {
  if (options.sockets.empty()) return make_error("TestpmdSwitch: no sockets");
  std::string prefix = unique_file_prefix("nfvt-" + options.name);
  std::string queues = std::to_string(options.queues);
  SubprocessOptions process;
  // Two lcores (main + one forwarding core) on the two CPUs every test machine has;
  // memfd memory so no hugepage is needed and tests can run side by side.
  process.argv = {"dpdk-testpmd",  "--no-huge", "-m", "512", "--no-pci",
                  "--file-prefix", prefix,      "-l", "0,1"};
  for (size_t i = 0; i < options.sockets.size(); ++i) {
    std::string vdev =
        "net_vhost" + std::to_string(i) + ",iface=" + options.sockets[i] + ",queues=" + queues;
    if (options.client) vdev += ",client=1";
    process.argv.insert(process.argv.end(), {"--vdev", vdev});
  }
  process.argv.insert(process.argv.end(), {"--", "--forward-mode=" + options.forward_mode,
                                           "--total-num-mbufs=16384", "--disable-link-check",
                                           "--rxq=" + queues, "--txq=" + queues, "--nb-cores=1"});
  process.argv.insert(process.argv.end(), options.extra_args.begin(), options.extra_args.end());
  process.log_path = dir.file(options.name + ".log");
  process.pipe_stdout = false;  // testpmd is chatty; everything goes to its log
  auto started = Subprocess::start(std::move(process));
  if (!started) return std::move(started).error();
  TestpmdSwitch testpmd(prefix, std::move(started).value());
  if (!options.client) {
    auto deadline = Clock::now() + options.start_timeout;
    for (const std::string& socket : options.sockets) {
      Status ready = wait_for_path(socket, testpmd.process_.exit_fd(), deadline);
      if (!ready) {
        return make_error(
            "dpdk-testpmd did not create its vhost-user socket: {}\n--- last lines "
            "of {} ---\n{}",
            ready.error().message, testpmd.log_path(), testpmd.process_.log_tail());
      }
    }
  }
  return testpmd;
}

Result<ExitStatus> TestpmdSwitch::stop(std::chrono::milliseconds timeout) {
  stopped_ = true;
  (void)process_.write("\n");  // "Press enter to exit"
  process_.close_stdin();
  auto status = process_.wait(Clock::now() + timeout);
  if (!status) {
    ExitStatus killed = process_.terminate(1s);
    remove_dpdk_runtime_dir(file_prefix_);
    return make_error("dpdk-testpmd did not exit within {} ms after its newline ({} then)",
                      timeout.count(), killed.describe());
  }
  remove_dpdk_runtime_dir(file_prefix_);
  return status;
}

TestpmdSwitch::~TestpmdSwitch() {
  if (process_.pid() <= 0 || stopped_) return;
  (void)stop(10s);
}

}  // namespace nfv::testing
