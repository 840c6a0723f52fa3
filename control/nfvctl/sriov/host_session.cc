#include "sriov/host_session.h"

#include <ostream>

namespace nfv::nfvctl {

namespace po = boost::program_options;

void add_host_options(po::options_description& options, HostOptions& host) {
  auto add = options.add_options();
  add("sysfs", po::value(&host.sysfs)->default_value(host.sysfs),
      "sysfs root (a test tree, or /sys)");
  add("dev", po::value(&host.dev)->default_value(host.dev), "device root holding vfio/");
  add("state", po::value(&host.state)->default_value(host.state),
      "allocation file (which VF serves which guest or port)");
}

SriovSession::SriovSession(cli::Context& ctx, const HostOptions& host,
                           const SriovBackends& backends)
    : ctx_(ctx), vfio_(backends.vfio(host.dev, host.sysfs)) {
  if (backends.netlink) {
    auto transport = backends.netlink();
    if (transport) {
      netlink_ = std::move(*transport);
    } else {
      netlink_error_ = transport.error().message;
    }
  }
  manager_ = std::make_unique<sriov::VfManager>(
      sriov::Sysfs(host.sysfs), *vfio_, sriov::AllocationStore(host.state), netlink_.get(),
      [this](const std::string& line) { progress(line); });
}

void SriovSession::progress(const std::string& line) {
  *(ctx_.json ? ctx_.err : ctx_.out) << line << "\n";
}

Result<sriov::PciAddress> parse_address_option(const std::string& text, const char* option) {
  auto address = sriov::PciAddress::parse(text);
  if (!address) return make_error("--{}: {}", option, address.error().message);
  return address;
}

}  // namespace nfv::nfvctl
