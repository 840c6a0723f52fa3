// Every golden domain XML passes libvirt's own schema (virt-xml-validate, from
// libvirt-clients, which scripts/setup installs); and the check is real: a domain with a
// malformed PCI address fails it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "golden_specs.h"
#include "nfv/guests/domain_spec.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::guests {
namespace {

using nfv::testing::Subprocess;
using nfv::testing::TestDir;

constexpr const char* kValidator = "virt-xml-validate";

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// The validator's verdict on a file, with its output when it refuses it.
Result<bool> validates(const std::string& file, const std::string& log) {
  nfv::testing::SubprocessOptions options;
  options.argv = {kValidator, file, "domain"};
  options.log_path = log;  // its verdict and reasons go to stderr and stdout
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  auto process = Subprocess::start(std::move(options));
  if (!process) return std::move(process).error();
  auto status = process->wait(nfv::testing::Clock::now() + std::chrono::seconds(60));
  if (!status) return std::move(status).error();
  return status->success();
}

class DomainXmlSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(on_path(kValidator))
        << kValidator << " is not installed: install libvirt-clients (scripts/setup does)";
    auto dir = TestDir::create();
    ASSERT_TRUE(dir.ok()) << dir.error().message;
    dir_.emplace(std::move(*dir));
  }

  std::optional<TestDir> dir_;
};

TEST_F(DomainXmlSchema, EveryGoldenFileIsAValidLibvirtDomain) {
  for (const auto& golden : testing::golden_specs()) {
    std::string path = testing::golden_path(golden.name);
    ASSERT_TRUE(std::ifstream(path)) << "missing " << path;
    std::string log = dir_->file(golden.name + ".log");
    auto valid = validates(path, log);
    ASSERT_TRUE(valid.ok()) << valid.error().message;
    std::ifstream output(log);
    std::stringstream text;
    text << output.rdbuf();
    EXPECT_TRUE(*valid) << path << " fails libvirt's schema:\n" << text.str();
  }
}

TEST_F(DomainXmlSchema, AMalformedDomainFailsTheSchema) {
  DomainSpec spec = testing::kvm_hugepage_guest();
  spec.gpus[0].bdf = "not-a-pci-address";
  std::string file = dir_->file("malformed.xml");
  std::ofstream(file) << domain_xml(spec);
  auto valid = validates(file, dir_->file("malformed.log"));
  ASSERT_TRUE(valid.ok()) << valid.error().message;
  EXPECT_FALSE(*valid) << "virt-xml-validate accepted a PCI address 'not-a-pci-address'";
}

}  // namespace
}  // namespace nfv::guests
