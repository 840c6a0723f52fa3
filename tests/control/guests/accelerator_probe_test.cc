// The accelerator probe boots the tiny guest under KVM (scripts/guest-image builds it when
// missing) and answers kvm or tcg with a reason, leaving no QEMU process and no file; a QEMU
// that cannot run means TCG, and says why.
#include "nfv/guests/accelerator_probe.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "nfv/testing/test_dirs.h"

namespace nfv::guests {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kImage = "/var/cache/nfv-appliance/guest-image";

// Runs scripts/guest-image (idempotent: about a second when the image is current); its
// output, or "" when it succeeded.
std::string build_image() {
  std::string command = std::string(NFV_REPO_DIR) + "/scripts/guest-image 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "cannot run " + command;
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  int status = ::pclose(pipe);
  std::cout << output;
  return status == 0 ? "" : output;
}

bool kvm_openable() { return ::access("/dev/kvm", R_OK | W_OK) == 0; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Processes that are this test's children or name `needle` on their command line.
std::vector<std::string> leftovers(const std::string& needle) {
  std::vector<std::string> found;
  std::string self = std::to_string(::getpid());
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos || pid == self) continue;
    std::string cmdline = read_file(entry.path() / "cmdline");
    std::string stat = read_file(entry.path() / "stat");
    // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
    std::istringstream fields(stat.substr(stat.rfind(')') + 1));
    std::string state;
    std::string ppid;
    fields >> state >> ppid;
    if (ppid == self || cmdline.find(needle) != std::string::npos) found.push_back(pid);
  }
  return found;
}

class AcceleratorProbeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { build_output_ = new std::string(build_image()); }
  static void TearDownTestSuite() { delete build_output_; }

  void SetUp() override {
    if (!fs::exists(kImage + "/vmlinuz") || !fs::exists(kImage + "/initrd.img")) {
      GTEST_SKIP() << "no guest image in " << kImage << ": scripts/guest-image failed:\n"
                   << *build_output_;
    }
    auto dir = testing::TestDir::create();
    ASSERT_TRUE(dir.ok()) << dir.error().message;
    dir_.emplace(std::move(dir).value());
    // The probe's private directory goes under TMPDIR: this test's directory.
    ::setenv("TMPDIR", dir_->path().c_str(), 1);
  }
  void TearDown() override { ::unsetenv("TMPDIR"); }

  bool dir_is_empty() const { return fs::is_empty(dir_->path()); }

  static std::string* build_output_;
  std::optional<testing::TestDir> dir_;
};
std::string* AcceleratorProbeTest::build_output_ = nullptr;

TEST_F(AcceleratorProbeTest, AnswersKvmOrTcgWithAReasonAndLeavesNothing) {
  auto start = std::chrono::steady_clock::now();
  ProbeResult result =
      probe_accelerator(kImage + "/vmlinuz", kImage + "/initrd.img", std::chrono::seconds(20));
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "probe: " << accelerator_name(result.accelerator) << " (" << result.reason << ") in "
            << took << " s\n";

  EXPECT_FALSE(result.reason.empty());
  EXPECT_LT(took, 20 + 10) << "the probe overran its timeout";
  if (result.accelerator == Accelerator::kKvm) {
    EXPECT_GT(result.boot_seconds, 0);
    EXPECT_LE(result.boot_seconds, 20);
  } else {
    EXPECT_NE(result.reason.find("TCG"), std::string::npos) << result.reason;
  }
  EXPECT_EQ(leftovers(dir_->path()), std::vector<std::string>{}) << "a QEMU of the probe runs";
  EXPECT_TRUE(dir_is_empty()) << "the probe left files in " << dir_->path();
}

// The answer "kvm" where KVM does not work: a QEMU wrapper that runs the same command line
// under TCG (the guest then boots, slowly), so the probe's boot path is exercised anywhere.
TEST_F(AcceleratorProbeTest, AGuestThatBootsMeansKvmWithItsBootTime) {
  if (!kvm_openable()) GTEST_SKIP() << "/dev/kvm cannot be opened: QEMU is not started";
  std::string wrapper = dir_->path() + "/qemu-as-tcg";
  {
    std::ofstream script(wrapper);
    script << "#!/bin/bash\nargs=(\"$@\")\nfor i in \"${!args[@]}\"; do\n"
              "  case \"${args[$i]}\" in kvm) args[$i]=tcg ;; host,*) args[$i]=max ;; esac\n"
              "done\nexec qemu-system-x86_64 \"${args[@]}\"\n";
  }
  fs::permissions(wrapper, fs::perms::owner_all);
  ProbeResult result = probe_accelerator(kImage + "/vmlinuz", kImage + "/initrd.img",
                                         std::chrono::seconds(120), wrapper);
  std::cout << "probe (QEMU under TCG): " << result.reason << "\n";
  EXPECT_EQ(result.accelerator, Accelerator::kKvm) << result.reason;
  EXPECT_GT(result.boot_seconds, 0);
  EXPECT_NE(result.reason.find("booted in"), std::string::npos) << result.reason;
  EXPECT_EQ(leftovers(dir_->path()), std::vector<std::string>{}) << "QEMU still runs";
  fs::remove(wrapper);
  EXPECT_TRUE(dir_is_empty()) << "the probe left files in " << dir_->path();
}

TEST_F(AcceleratorProbeTest, QemuThatCannotRunMeansTcgAndSaysWhy) {
  ProbeResult result = probe_accelerator(kImage + "/vmlinuz", kImage + "/initrd.img",
                                         std::chrono::seconds(5), "/nonexistent/qemu-bogus");
  EXPECT_EQ(result.accelerator, Accelerator::kTcg);
  EXPECT_NE(result.reason.find("using TCG"), std::string::npos) << result.reason;
  if (kvm_openable()) {
    EXPECT_NE(result.reason.find("cannot run /nonexistent/qemu-bogus"), std::string::npos)
        << result.reason;
  } else {
    EXPECT_NE(result.reason.find("/dev/kvm"), std::string::npos) << result.reason;
  }
  EXPECT_EQ(leftovers(dir_->path()), std::vector<std::string>{});
  EXPECT_TRUE(dir_is_empty());
}

TEST_F(AcceleratorProbeTest, QemuThatFailsAtOnceMeansTcgWithItsMessage) {
  if (!kvm_openable()) GTEST_SKIP() << "/dev/kvm cannot be opened: QEMU is not started";
  // `false` runs and exits 1 at once, as a QEMU refusing its command line would.
  ProbeResult result = probe_accelerator(kImage + "/vmlinuz", kImage + "/initrd.img",
                                         std::chrono::seconds(5), "false");
  EXPECT_EQ(result.accelerator, Accelerator::kTcg);
  EXPECT_NE(result.reason.find("QEMU ended before the probe guest booted (exit code 1)"),
            std::string::npos)
      << result.reason;
  EXPECT_TRUE(dir_is_empty());
}

TEST_F(AcceleratorProbeTest, MissingImageMeansTcgNamingTheBuildScript) {
  ProbeResult result = probe_accelerator(dir_->path() + "/no-vmlinuz", kImage + "/initrd.img", 5s);
  EXPECT_EQ(result.accelerator, Accelerator::kTcg);
  if (kvm_openable()) {
    EXPECT_NE(result.reason.find("scripts/guest-image"), std::string::npos) << result.reason;
  }
}

TEST(AcceleratorNameTest, NamesBothAccelerators) {
  EXPECT_STREQ(accelerator_name(Accelerator::kKvm), "kvm");
  EXPECT_STREQ(accelerator_name(Accelerator::kTcg), "tcg");
}

TEST(ProbeQemuArgvTest, BootsTheGuestUnderKvmWithoutNetworkAndTheConsoleInAFile) {
  auto argv = probe_qemu_argv("qemu", "/k", "/i", "/tmp/c");
  std::string line;
  for (const auto& arg : argv) line += arg + " ";
  EXPECT_EQ(argv.front(), "qemu");
  EXPECT_NE(line.find("-accel kvm -cpu host,-arch-capabilities "), std::string::npos) << line;
  EXPECT_NE(line.find("-kernel /k -initrd /i "), std::string::npos) << line;
  EXPECT_NE(line.find("-serial file:/tmp/c "), std::string::npos) << line;
  EXPECT_NE(line.find("-nodefaults "), std::string::npos) << "no default NIC: " << line;
  EXPECT_EQ(line.find("-netdev"), std::string::npos) << line;
}

}  // namespace
}  // namespace nfv::guests
