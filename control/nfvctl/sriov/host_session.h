// What every SR-IOV command shares: the host tree it works on (options, so operators and tests
// can point it anywhere) and one session over it per run.
#pragma once

#include <boost/program_options.hpp>
#include <memory>
#include <string>

#include "nfv/cli/command.h"
#include "nfv/nfvctl/sriov_commands.h"
#include "nfv/sriov/allocation_store.h"
#include "nfv/sriov/vf_manager.h"

namespace nfv::nfvctl {

struct HostOptions {
  std::string sysfs = "/sys";
  std::string dev = "/dev";
  std::string state = sriov::kDefaultAllocationsPath;
};

void add_host_options(boost::program_options::options_description& options, HostOptions& host);

// One context per command run: the sysfs tree, the VFIO and netlink backends, the store.
class SriovSession {
 public:
  SriovSession(cli::Context& ctx, const HostOptions& host, const SriovBackends& backends);
  sriov::VfManager& manager() { return *manager_; }
  bool has_netlink() const { return netlink_ != nullptr; }
  const std::string& netlink_error() const { return netlink_error_; }

 private:
  // Progress goes to stdout, except with --json where stdout carries only the JSON.
  void progress(const std::string& line);

  cli::Context& ctx_;
  std::unique_ptr<sriov::VfioGroups> vfio_;
  std::unique_ptr<sriov::NetlinkTransport> netlink_;
  std::string netlink_error_;
  std::unique_ptr<sriov::VfManager> manager_;
};

// A PCI address given as --`option`; the error names the option.
Result<sriov::PciAddress> parse_address_option(const std::string& text, const char* option);

}  // namespace nfv::nfvctl
