// The fake kernel's VFIO holders: a process (QEMU) with a device's group open. Unbinding such a
// device from vfio-pci blocks in the kernel (vfio waits for the user to release the device).
#include <cerrno>

#include "fake_kernel.h"

namespace nfv::sriov::testing {

void FakeKernel::hold_open(const std::string& bdf, const std::string& holder) {
  std::lock_guard lock(mutex_);
  holders_[bdf] = holder;
}

void FakeKernel::let_go(const std::string& bdf) {
  {
    std::lock_guard lock(mutex_);
    holders_.erase(bdf);
  }
  let_go_.notify_all();
}

std::string FakeKernel::holder_of(const std::string& bdf) const {
  std::lock_guard lock(mutex_);
  auto found = holders_.find(bdf);
  return found == holders_.end() ? "" : found->second;
}

size_t FakeKernel::blocked_unbinds() const {
  std::lock_guard lock(mutex_);
  return blocked_unbinds_;
}

void FakeKernel::set_unbind_block_cap(std::chrono::milliseconds cap) {
  std::lock_guard lock(mutex_);
  unbind_block_cap_ = cap;
}

bool FakeKernel::held_or_in_use(const std::string& bdf) const {
  return in_use_.count(bdf) > 0 || holders_.count(bdf) > 0;
}

int FakeKernel::wait_while_held(std::unique_lock<std::mutex>& lock, const std::string& path,
                                std::string_view data) {
  if (path != "/bus/pci/drivers/vfio-pci/unbind") return 0;
  std::string bdf(data.substr(0, data.find('\n')));
  if (holders_.count(bdf) == 0) return 0;
  ++blocked_unbinds_;
  bool released =
      let_go_.wait_for(lock, unbind_block_cap_, [&] { return holders_.count(bdf) == 0; });
  return released ? 0 : EINTR;
}

}  // namespace nfv::sriov::testing
