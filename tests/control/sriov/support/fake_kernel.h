// The kernel's side of sysfs writes for a fake SR-IOV tree (see
// tests/fixtures/sriov/README.md, "What the test double must do on each write"): creating and
// removing VFs on sriov_numvfs, driver bind/unbind/drivers_probe, driver_override, autoprobe,
// read-only attributes. It edits the backing directory the FUSE mount serves, so the code under
// test sees exactly what a real /sys would show after each write.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace nfv::sriov::testing {

class FakeKernel {
 public:
  // Where new VFs land: each in its own IOMMU group (platforms with ACS) or in the PF's group.
  enum class VfGroups { kOwn, kPf };

  FakeKernel(std::filesystem::path backing, VfGroups vf_groups);

  // The FUSE layer asks these; both return 0 or an errno. `path` is relative to the tree root
  // and starts with '/', symlinks already resolved ("/devices/pci0000:00/0000:3b:00.0/...").
  int check_open(const std::string& path, bool read, bool write) const;
  int write(const std::string& path, std::string_view data);

  // Test controls.
  // Fails the `nth` write from now (1 = the next one) with `error`, leaving the tree untouched.
  void fail_write(unsigned nth, int error);
  // Models a VM or DPDK process holding the device: removing its VFs gets EBUSY.
  void set_in_use(const std::string& bdf, bool in_use);

  struct WriteRecord {
    std::string path;
    std::string data;
    int error = 0;
  };
  std::vector<WriteRecord> writes() const;
  size_t write_count() const;

 private:
  int apply(const std::string& path, std::string_view data);
  int write_numvfs(const std::filesystem::path& pf, std::string_view data);
  int write_autoprobe(const std::filesystem::path& device, std::string_view data);
  int write_override(const std::filesystem::path& device, std::string_view data);
  int write_bind(const std::string& driver, std::string_view data);
  int write_unbind(const std::string& driver, std::string_view data);
  int write_probe(std::string_view data);

  void create_vf(const std::filesystem::path& pf, unsigned index, bool autoprobe);
  void remove_vf(const std::filesystem::path& pf, const std::filesystem::path& link);
  int probe_with(const std::filesystem::path& device, const std::string& driver);
  void attach(const std::filesystem::path& device, const std::string& driver);
  void detach(const std::filesystem::path& device);
  bool matches(const std::filesystem::path& device, const std::string& driver) const;
  bool can_probe(const std::filesystem::path& device) const;
  std::string default_driver(const std::filesystem::path& device) const;
  std::optional<std::filesystem::path> device_dir(std::string_view bdf) const;
  unsigned lowest_free_group() const;

  std::filesystem::path backing_;
  VfGroups vf_groups_;
  mutable std::mutex mutex_;
  std::vector<WriteRecord> writes_;
  std::map<size_t, int> planned_failures_;  // write number -> errno
  std::set<std::string> in_use_;
  // Netdevs of unbound devices, restored when the same driver family binds again (a PF's
  // interface keeps its name and address across an unbind/bind).
  struct SavedEntry {
    std::string name;
    bool is_link = false;
    std::string content;  // file content or link target
  };
  std::map<std::string, std::pair<std::string, std::vector<SavedEntry>>> saved_netdevs_;
};

}  // namespace nfv::sriov::testing
