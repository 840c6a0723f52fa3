// The libvirt manager tests' libvirtd, connection and hand-written domains.
#include "libvirt_test_env.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libvirt/virterror.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "nfv/guests/domain_spec.h"
#include "nfv/testing/subprocess.h"

namespace nfv::guests::testing {
namespace {

using nfv::testing::Clock;
using nfv::testing::Subprocess;
using nfv::testing::SubprocessOptions;
using namespace std::chrono_literals;

const std::string kScript = std::string(NFV_SOURCE_DIR) + "/scripts/lib/libvirtd";

std::string state_file() { return fmt::format("/tmp/nfv-libvirtd-test-{}.state", ::getpid()); }

// Runs scripts/lib/libvirtd with `args`; its output line, or an error with its log.
Result<std::string> run_script(std::vector<std::string> args) {
  SubprocessOptions options;
  options.argv = {kScript};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = fmt::format("/tmp/nfv-libvirtd-test-{}.log", ::getpid());
  options.pipe_stdin = false;
  auto script = Subprocess::start(options);
  if (!script) return std::move(script).error();
  auto line = script->read_line(Clock::now() + 60s);
  auto status = script->wait(Clock::now() + 60s);
  if (!status || !status->success()) {
    return make_error("{} {} failed: {}", kScript, args.front(), script->log_tail());
  }
  return line ? *line : std::string();
}

// Started before the first test, stopped after the last: only what it started, and only
// when no other program uses it (each user holds a shared lock on the script's lock file).
class LibvirtdEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    users_lock_ = ::open("/run/nfv-libvirtd.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(users_lock_, 0) << "/run/nfv-libvirtd.lock: " << std::strerror(errno);
    ASSERT_EQ(::flock(users_lock_, LOCK_SH), 0) << std::strerror(errno);
    auto line = run_script({"start", state_file()});
    ASSERT_TRUE(line.ok()) << line.error().message;
    std::cerr << *line << "\n";
  }
  void TearDown() override {
    if (users_lock_ >= 0) ::close(users_lock_);
    auto line = run_script({"stop-if-started", state_file()});
    std::cerr << (line ? *line : line.error().message) << "\n";
  }

 private:
  int users_lock_ = -1;
};

[[maybe_unused]] auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new LibvirtdEnvironment);

struct DomainFree {
  void operator()(virDomainPtr domain) const { virDomainFree(domain); }
};
using Domain = std::unique_ptr<virDomain, DomainFree>;

}  // namespace

std::string test_domain_name(const std::string& suffix) {
  return fmt::format("nfvtest-{}-{}", ::getpid(), suffix);
}

std::string test_domain_xml(const TestDomain& domain) {
  std::string metadata;
  if (domain.desired_json != nullptr) {
    metadata = fmt::format(
        "<metadata><{0}:guest xmlns:{0}='{1}'><desired>{2}</desired></{0}:guest></metadata>",
        kMetadataPrefix, kMetadataNamespace, *domain.desired_json);
  }
  std::string boot;
  if (!domain.kernel.empty()) {
    boot = fmt::format(
        "<kernel>{}</kernel><initrd>{}</initrd><cmdline>console=ttyS0 "
        "nfv.name={}</cmdline>",
        domain.kernel, domain.initrd, domain.name);
  }
  return fmt::format(
      "<domain type='qemu'><name>{}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>{}"
      "<os><type arch='x86_64' machine='pc'>hvm</type>{}</os><features><acpi/></features>"
      "<memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>"
      "<devices><serial type='file'><source path='{}'/></serial>"
      "<video><model type='none'/></video></devices></domain>",
      domain.name, metadata, boot, domain.console_log);
}

std::string guest_image_file(const std::string& file) {
  const char* dir = std::getenv("NFV_GUEST_IMAGE_DIR");  // scripts/guest-image --out
  std::string path = std::string(dir ? dir : "/var/cache/nfv-appliance/guest-image") + "/" + file;
  return ::access(path.c_str(), R_OK) == 0 ? path : "";
}

bool file_contains(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return content.find(text) != std::string::npos;
}

Status restart_libvirtd() {
  auto line = run_script({"restart", state_file()});
  if (!line) return std::move(line).error();
  return ok_status();
}

TestConnection::TestConnection() = default;

TestConnection::~TestConnection() {
  if (connection_ != nullptr) virConnectClose(connection_);
}

virConnectPtr TestConnection::get() {
  if (connection_ != nullptr && virConnectIsAlive(connection_) == 1) return connection_;
  if (connection_ != nullptr) virConnectClose(connection_);
  connection_ = virConnectOpen("qemu:///system");
  return connection_;
}

Status TestConnection::define(const std::string& xml, bool start) {
  Domain domain(virDomainDefineXML(get(), xml.c_str()));
  if (!domain) return make_error("define: {}", virGetLastErrorMessage());
  if (start && virDomainCreate(domain.get()) < 0) {
    return make_error("start: {}", virGetLastErrorMessage());
  }
  return ok_status();
}

bool TestConnection::exists(const std::string& name) {
  return Domain(virDomainLookupByName(get(), name.c_str())) != nullptr;
}

std::string TestConnection::xml_of(const std::string& name) {
  Domain domain(virDomainLookupByName(get(), name.c_str()));
  if (!domain) return "";
  char* xml = virDomainGetXMLDesc(domain.get(), 0);
  std::string text = xml ? xml : "";
  free(xml);  // NOLINT: libvirt's allocation
  return text;
}

Status TestConnection::destroy(const std::string& name) {
  Domain domain(virDomainLookupByName(get(), name.c_str()));
  if (!domain || virDomainDestroy(domain.get()) < 0) {
    return make_error("destroy {}: {}", name, virGetLastErrorMessage());
  }
  return ok_status();
}

void TestConnection::remove_test_domains() {
  virDomainPtr* domains = nullptr;
  int count = virConnectListAllDomains(get(), &domains, 0);
  std::string prefix = test_domain_name("");
  for (int i = 0; i < count; ++i) {
    Domain domain(domains[i]);
    if (std::string(virDomainGetName(domain.get())).rfind(prefix, 0) != 0) continue;
    virDomainDestroy(domain.get());
    virDomainUndefineFlags(domain.get(), VIR_DOMAIN_UNDEFINE_NVRAM);
  }
  free(domains);  // NOLINT: libvirt's allocation
}

}  // namespace nfv::guests::testing
