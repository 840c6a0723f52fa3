// The domain specs of the golden domain XML files.
#include "golden_specs.h"

namespace nfv::guests::testing {

DomainSpec tcg_memfd_guest() {
  DomainSpec spec;
  spec.name = "nfvtest-a";
  spec.accelerator = Accelerator::kTcg;
  spec.vcpus = 2;
  spec.memory_mb = 256;
  spec.backing = MemoryBacking::kMemfd;
  spec.vhost = {{"vm-a0", "/run/nfv/sockets/vm-a0.sock", true, 1, 256, "52:54:00:00:0a:00"},
                {"vm-a1", "/run/nfv/sockets/vm-a1.sock", false, 2, 1024, "52:54:00:00:0a:01"}};
  spec.boot = {"/var/lib/nfv/guest/vmlinuz", "/var/lib/nfv/guest/initrd.img",
               "console=ttyS0 nfv.ip=10.0.0.1/24", "", ""};
  spec.console_log = "/var/log/nfv/guests/nfvtest-a.log";
  spec.console_socket = "/run/nfv/guests/nfvtest-a.console";
  spec.desired_json = R"({"name":"nfvtest-a","vcpus":2,"memory_mb":256})";
  return spec;
}

DomainSpec kvm_hugepage_guest() {
  DomainSpec spec;
  spec.name = "vnf-fw1";
  spec.accelerator = Accelerator::kKvm;
  spec.vcpus = 4;
  spec.memory_mb = 8192;
  spec.backing = MemoryBacking::kHugepages;
  spec.hugepage_kb = 1048576;
  spec.numa_node = 1;
  spec.vcpu_pinned = true;
  spec.vcpu_cpus = {10, 11, 12, 13};
  spec.emulator_cpus = {2, 3};
  spec.vhost = {{"fw1-in", "/run/nfv/sockets/fw1-in.sock", false, 4, 1024, "52:54:00:10:00:01"}};
  spec.vfs = {{"0000:3b:02.1", "52:54:00:10:00:02", 100}};
  spec.gpus = {{"0000:af:00.0", "", ""}};
  spec.boot = {"/var/lib/nfv/vnf/vmlinuz", "/var/lib/nfv/vnf/initrd.img", "console=ttyS0", "", ""};
  spec.console_log = "/var/log/nfv/guests/vnf-fw1.log";
  spec.desired_json = R"({"name":"vnf-fw1","vcpus":4})";
  return spec;
}

DomainSpec disk_guest() {
  DomainSpec spec;
  spec.name = "dev-vm";
  spec.vcpus = 3;
  spec.memory_mb = 2048;
  spec.hugepage_kb = 2048;
  spec.vcpu_cpus = {4, 5, 6, 8};
  spec.vfs = {{"0000:3b:02.2", "", 0}};
  spec.boot.disk = "/var/lib/libvirt/images/dev-vm.qcow2";
  spec.desired_json = R"({"name":"dev-vm"})";
  return spec;
}

DomainSpec hostile_guest() {
  DomainSpec spec;
  spec.name = R"(evil<'"&>name)";
  spec.accelerator = Accelerator::kTcg;
  spec.memory_mb = 128;
  spec.backing = MemoryBacking::kMemfd;
  spec.vhost = {{R"(p<1>&'"x)", R"(/run/a'b"<c>&d.sock)", false, 1, 512, "52:54:00:00:00:01"}};
  spec.boot = {R"(/boot/k'<&>".img)", R"(/boot/i"&'.img)", R"(console=ttyS0 x="</cmdline>" & 'y')",
               "", ""};
  spec.console_log = R"(/var/log/a'"&<>.log)";
  spec.console_socket = R"(/run/c'"&<>.sock)";
  spec.desired_json = R"({"name":"evil<'\"&>name","note":"</nfv:desired></nfv:guest>"})";
  return spec;
}

DomainSpec ai_guest() {
  DomainSpec spec;
  spec.name = "trainer-0";
  spec.accelerator = Accelerator::kKvm;
  spec.vcpus = 8;
  spec.memory_mb = 65536;
  spec.backing = MemoryBacking::kHugepages;
  spec.hugepage_kb = 1048576;
  spec.numa_node = 0;
  spec.vcpu_pinned = true;
  spec.vcpu_cpus = {2, 3, 4, 5, 6, 7, 8, 9};
  spec.emulator_cpus = {1};
  spec.gpus = {{"0000:34:00.0", "0000:35:00.2", "0000:33:00.0"},
               {"0000:36:00.0", "0000:35:00.3", "0000:33:00.0"},
               {"0000:39:00.0", "0000:3a:00.2", "0000:38:00.0"},
               {"0000:57:00.0", "0000:58:00.2", ""}};
  spec.boot.disk = "/var/lib/libvirt/images/trainer-0.qcow2";
  spec.console_log = "/var/lib/nfvd/guests/trainer-0.console.log";
  spec.nccl_topology_file = "/var/lib/nfvd/guests/trainer-0.nccl-topo.xml";
  spec.desired_json = R"({"name":"trainer-0"})";
  return spec;
}

std::vector<GoldenSpec> golden_specs() {
  return {{"tcg-memfd-vhost-console", tcg_memfd_guest()},
          {"kvm-hugepages-node1-passthrough", kvm_hugepage_guest()},
          {"disk-boot", disk_guest()},
          {"hostile-strings", hostile_guest()},
          {"kvm-ai-gpu-nic-pairs", ai_guest()}};
}

std::string golden_path(const std::string& name) {
  return std::string(NFV_GUESTS_GOLDEN_DIR) + "/" + name + ".xml";
}

}  // namespace nfv::guests::testing
