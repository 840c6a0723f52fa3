// The kernel's side of sysfs writes for a fake SR-IOV tree (see
// tests/fixtures/sriov/README.md, "What the test double must do on each write"): creating and
// removing VFs on sriov_numvfs, driver bind/unbind/drivers_probe, driver_override, autoprobe,
// read-only attributes. It edits the backing directory the FUSE mount serves, so the code under
// test sees exactly what a real /sys would show after each write.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
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
  // Where new VFs land: each in its own IOMMU group (platforms with ACS), in the PF's group, or
  // decided as the kernel does from the ACS control registers of the bridges above the PF
  // (the `config` files of the recorded-machine profiles).
  enum class VfGroups { kOwn, kPf, kByAcs };

  FakeKernel(std::filesystem::path backing, VfGroups vf_groups);

  // The FUSE layer asks these; both return 0 or an errno. `path` is relative to the tree root
  // and starts with '/', symlinks already resolved ("/devices/pci0000:00/0000:3b:00.0/...").
  int check_open(const std::string& path, bool read, bool write) const;
  int write(const std::string& path, std::string_view data);

  // Test controls.
  // Fails the `nth` write from now (1 = the next one) with `error`, leaving the tree untouched.
  void fail_write(unsigned nth, int error);
  // Another actor (a udev rule, the operator) binds `bdf` to `driver` right after the `nth`
  // write from now, racing the code under test.
  void bind_after_write(unsigned nth, const std::string& bdf, const std::string& driver);
  // Called (with the PF's address) when a PF's VFs are removed: a VF table kept elsewhere
  // (the rtnetlink double) loses their settings, as the PF driver does.
  void on_vfs_removed(std::function<void(const std::string& pf)> callback);
  // Called (with the PF's address and the count) once a PF's VFs exist: the PF driver's VF
  // table (the rtnetlink double) grows to match.
  void on_vfs_created(std::function<void(const std::string& pf, unsigned count)> callback);
  // Models a VM or DPDK process holding the device: removing its VFs gets EBUSY.
  void set_in_use(const std::string& bdf, bool in_use);

  // A process (QEMU) holding the device's VFIO group open. As in the kernel, unbinding the
  // device from vfio-pci then blocks until let_go(); removing its VF gets EBUSY. So that a
  // faulty test cannot hang, the double gives up after the block cap and fails the write with
  // EINTR. blocked_unbinds() counts the unbind writes that blocked: code must cause none.
  void hold_open(const std::string& bdf, const std::string& holder);
  void let_go(const std::string& bdf);
  std::string holder_of(const std::string& bdf) const;  // empty when not held
  size_t blocked_unbinds() const;
  void set_unbind_block_cap(std::chrono::milliseconds cap);

  // udev: a new VF netdev appears under the kernel's name (ethN, name_assign_type 1) and is
  // renamed to its predictable name (enp59s0f0v3, name_assign_type 4) once `delay` has passed,
  // at the next access to the tree; nullopt: only at settle_udev(). Default: the next access.
  void set_udev_rename_delay(std::optional<std::chrono::milliseconds> delay);
  void settle_udev();
  // The FUSE layer calls it on every operation: renames that fell due happen first.
  void on_access();

  struct WriteRecord {
    std::string path;
    std::string data;
    int error = 0;
  };
  std::vector<WriteRecord> writes() const;
  size_t write_count() const;

 private:
  int apply(const std::string& path, std::string_view data);
  int wait_while_held(std::unique_lock<std::mutex>& lock, const std::string& path,
                      std::string_view data);
  bool held_or_in_use(const std::string& bdf) const;
  std::string kernel_netdev_name() const;
  std::string vf_predictable_name(const std::filesystem::path& device) const;
  void schedule_rename(const std::string& bdf, const std::string& from, const std::string& to);
  void rename_due(std::chrono::steady_clock::time_point now);
  void rename_netdev(const std::string& bdf, const std::string& from, const std::string& to);
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
  std::function<void(const std::string&)> vfs_removed_;
  std::function<void(const std::string&, unsigned)> vfs_created_;
  std::map<size_t, std::pair<std::string, std::string>> racing_binds_;  // write -> bdf, driver
  std::map<std::string, std::string> holders_;                          // bdf -> holder
  std::condition_variable let_go_;
  size_t blocked_unbinds_ = 0;
  std::chrono::milliseconds unbind_block_cap_{2000};
  struct PendingRename {
    std::string bdf, from, to;
    std::chrono::steady_clock::time_point due;
  };
  std::vector<PendingRename> renames_;
  std::optional<std::chrono::milliseconds> rename_delay_{std::chrono::milliseconds(0)};
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
