// Membership of the control socket's group is not root: port.add over the socket creates no
// vdev that reaches the host and no vhost socket outside the vhost directory unless nfv-switch
// was started with an option allowing it, never follows a planted symlink, and nfv-switch
// refuses to start with sockets in a directory others can write to.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "nfv/testing/result_assertions.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_binaries.h"
#include "nfv/testing/wait.h"

namespace nfv::testing {
namespace {

api::PortAddParams tap_port() {
  api::PortAddParams port;
  port.name = "tap";
  port.type = "dpdk";
  port.devargs = "net_tap_iso" + std::to_string(::getpid() % 100000) + ",iface=nfviso" +
                 std::to_string(::getpid() % 100000);
  return port;
}

api::PortAddParams vhost_port(const std::string& name, const std::string& path) {
  api::PortAddParams port;
  port.name = name;
  port.type = "vhost";
  port.path = path;
  return port;
}

TEST(ControlSocketPolicy, AHostVdevNeedsAllowVdev) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  {
    NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
    auto refused = sw.client().call(api::kPortAdd, tap_port());
    ASSERT_FALSE(refused) << "net_tap was created over the control socket";
    EXPECT_EQ(refused.error().code, static_cast<int>(api::ErrorCode::kInvalidParams));
    EXPECT_NE(refused.error().message.find("is not allowed over the control socket"),
              std::string::npos)
        << refused.error().message;
    api::PortAddParams ring;
    ring.name = "null";
    ring.type = "dpdk";
    ring.devargs = "net_null_iso0";
    auto in_process = sw.client().call(api::kPortAdd, ring);
    EXPECT_TRUE(in_process) << in_process.error().message;
  }
  SwitchProcessOptions options;
  options.name = "allowed";
  options.args = {"--allow-vdev", "net_tap"};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));
  auto added = sw.client().call(api::kPortAdd, tap_port());
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->driver, "net_tap");
  NFV_EXPECT_OK(sw.client().call(api::kPortDel, api::NameParams{"tap", false}));
}

TEST(ControlSocketPolicy, VhostSocketsOutsideTheVhostDirectoryNeedAllowVhostDir) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(TestDir other, TestDir::create());
  std::filesystem::create_directory_symlink(other.path(), dir.file("out"));
  {
    NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
    auto outside = sw.client().call(api::kPortAdd, vhost_port("o", other.file("o.sock")));
    ASSERT_FALSE(outside);
    EXPECT_NE(outside.error().message.find("is outside the vhost directory " + dir.path()),
              std::string::npos)
        << outside.error().message;
    auto dotdot = sw.client().call(api::kPortAdd, vhost_port("d", dir.path() + "/../" + "d.sock"));
    EXPECT_FALSE(dotdot) << "'..' led out of the vhost directory";
    auto linked = sw.client().call(api::kPortAdd, vhost_port("l", dir.file("out/l.sock")));
    ASSERT_FALSE(linked) << "a symlinked directory led out of the vhost directory";
    EXPECT_NE(linked.error().message.find("resolves to " + other.path()), std::string::npos)
        << linked.error().message;
    EXPECT_FALSE(std::filesystem::exists(other.file("o.sock")));
    EXPECT_FALSE(std::filesystem::exists(other.file("l.sock")));
    auto inside = sw.client().call(api::kPortAdd, vhost_port("i", dir.file("i.sock")));
    EXPECT_TRUE(inside) << inside.error().message;
  }
  SwitchProcessOptions options;
  options.name = "allowed";
  options.args = {"--allow-vhost-dir", other.path()};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));
  auto allowed = sw.client().call(api::kPortAdd, vhost_port("o", other.file("o.sock")));
  ASSERT_TRUE(allowed) << allowed.error().message;
  EXPECT_TRUE(std::filesystem::exists(other.file("o.sock")));
}

TEST(ControlSocketPolicy, APlantedSymlinkAtTheSocketPathIsNotFollowed) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(TestDir other, TestDir::create());
  std::string target = other.file("precious");
  std::ofstream(target) << "secret\n";
  ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
  struct stat before {};
  ASSERT_EQ(::stat(target.c_str(), &before), 0);
  ASSERT_EQ(::symlink(target.c_str(), dir.file("vm1.sock").c_str()), 0);

  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  auto port = vhost_port("vm1", dir.file("vm1.sock"));
  port.socket = api::SocketConfig{"65534", "65534", 0666};
  auto refused = sw.client().call(api::kPortAdd, port);
  ASSERT_FALSE(refused) << "a vhost socket was set up through a symlink";
  struct stat after {};
  ASSERT_EQ(::stat(target.c_str(), &after), 0);
  EXPECT_EQ(after.st_uid, before.st_uid);
  EXPECT_EQ(after.st_gid, before.st_gid);
  EXPECT_EQ(after.st_mode, before.st_mode);
  std::ifstream in(target);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "secret");
}

// nfv-switch with `args`: its exit status and its output.
std::pair<ExitStatus, std::string> run_switch(const TestDir& dir, std::vector<std::string> args) {
  auto binary = test_binary_path("nfv-switch");
  EXPECT_TRUE(binary) << binary.error().message;
  std::string prefix = unique_file_prefix("iso");
  SubprocessOptions options;
  options.argv = {*binary, "--no-huge", "--memory", "256", "--file-prefix", prefix};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = dir.file(prefix + ".log");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  auto process = Subprocess::start(options);
  EXPECT_TRUE(process) << process.error().message;
  auto status = process->wait(Clock::now() + std::chrono::seconds(30));
  EXPECT_TRUE(status) << status.error().message;
  return {*status, process->log_tail()};
}

TEST(StartupChecks, SocketsInADirectoryOthersCanWriteAreRefused) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir logs, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(TestDir run, TestDir::create());
  ASSERT_EQ(::chmod(run.path().c_str(), 0777), 0);
  auto [control, control_text] =
      run_switch(logs, {"--control-socket", run.file("ctl.sock"), "--vhost-dir", logs.path()});
  EXPECT_EQ(control.code, 1);
  EXPECT_EQ(control_text, "nfv-switch: --control-socket: directory " + run.path() +
                              " is world-writable (mode 0777): only root or the switch's user "
                              "may write there: chown root " +
                              run.path() + " && chmod 0755 " + run.path() +
                              ", or choose another --control-socket directory\n");

  ASSERT_EQ(::chmod(run.path().c_str(), 0770), 0);
  auto [vhost, vhost_text] =
      run_switch(logs, {"--control-socket", logs.file("ctl.sock"), "--vhost-dir", run.path()});
  EXPECT_EQ(vhost.code, 1);
  EXPECT_NE(vhost_text.find("nfv-switch: --vhost-dir: directory " + run.path() +
                            " is group-writable (mode 0770): chmod 0755 " + run.path()),
            std::string::npos)
      << vhost_text;
}

TEST(StartupChecks, TheVhostDirectoryGetsItsConfiguredGroupAndMode) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  auto binary = test_binary_path("nfv-switch");
  ASSERT_TRUE(binary) << binary.error().message;
  std::string vhost_dir = dir.file("vhost");
  SubprocessOptions options;
  options.argv = {*binary,
                  "--no-huge",
                  "--memory",
                  "256",
                  "--file-prefix",
                  unique_file_prefix("iso"),
                  "--control-socket",
                  dir.file("ctl.sock"),
                  "--vhost-dir",
                  vhost_dir,
                  "--vhost-dir-group",
                  "65534",
                  "--vhost-dir-mode",
                  "2770",
                  "--port",
                  "a,type=vhost"};
  options.log_path = dir.file("switch.log");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess sw, Subprocess::start(options));
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(dir.file("ctl.sock")); },
                         std::chrono::seconds(30), "the control socket appears"))
      << sw.log_tail();
  struct stat st {};
  ASSERT_EQ(::stat(vhost_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_gid, 65534u);
  EXPECT_EQ(st.st_mode & 07777, 02770u);
  EXPECT_TRUE(std::filesystem::exists(vhost_dir + "/a.sock"));
  EXPECT_TRUE(sw.terminate(std::chrono::seconds(10)).success()) << sw.log_tail();
}

}  // namespace
}  // namespace nfv::testing
