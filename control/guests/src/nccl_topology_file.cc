// The NCCL topology file of a guest, written before its domain is defined.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "nfv/guests/nccl_topology.h"

namespace nfv::guests {

Status write_nccl_topology(const DomainSpec& spec, const std::string& sysfs_root) {
  if (spec.nccl_topology_file.empty()) return ok_status();
  GuestPcieLayout layout = guest_pcie_layout(spec.gpus);
  auto facts = read_pci_facts(sysfs_root, nccl_fact_addresses(layout));
  if (!facts) {
    return make_error("guest {}: NCCL topology: {}", spec.name, facts.error().message);
  }
  const std::string& path = spec.nccl_topology_file;
  std::string temporary = path + ".new";
  {
    errno = 0;
    std::ofstream out(temporary, std::ios::trunc);
    out << nccl_topology_xml(layout, *facts);
    out.close();
    if (!out) {
      int error = errno;
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return make_error("guest {}: cannot write the NCCL topology file {}: {}", spec.name,
                        temporary, error != 0 ? std::strerror(error) : "write failed");
    }
  }
  if (::chmod(temporary.c_str(), 0644) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return make_error("guest {}: cannot put the NCCL topology file at {}: {}", spec.name, path,
                      std::strerror(error));
  }
  return ok_status();
}

}  // namespace nfv::guests
