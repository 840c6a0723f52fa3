// What the libvirt manager's end-to-end tests share: the machine's libvirtd, started through
// scripts/lib/libvirtd when none answers and stopped at the end of the test program only if
// this program started it; a connection of the test's own (to define domains the manager did
// not make); and hand-written domains named nfvtest-<pid>-<suffix>, all removed at the end
// of each test, even a failed one.
#pragma once

#include <libvirt/libvirt.h>

#include <string>

#include "nfv/common/result.h"

namespace nfv::guests::testing {

// "nfvtest-<pid>-<suffix>": a domain name of this test program.
std::string test_domain_name(const std::string& suffix);

// A tiny TCG domain without disk or network (SeaBIOS finds nothing to boot and loops, which
// also ignores ACPI shutdown), memfd-backed, its serial console into `console_log`. With
// `desired_json`, it carries the appliance's metadata; without, it is a foreign domain.
std::string test_domain_xml(const std::string& name, const std::string& console_log,
                            const std::string* desired_json);

// libvirtd restarted (scripts/lib/libvirtd restart): running guests keep running.
Status restart_libvirtd();

// The test's own connection to qemu:///system (reopened when libvirtd restarted).
class TestConnection {
 public:
  TestConnection();
  ~TestConnection();
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  virConnectPtr get();
  Status define(const std::string& xml, bool start);
  bool exists(const std::string& name);
  std::string xml_of(const std::string& name);  // "" when there is no such domain
  Status destroy(const std::string& name);
  // Destroys and undefines every domain of this test program (nfvtest-<pid>-*).
  void remove_test_domains();

 private:
  virConnectPtr connection_ = nullptr;
};

}  // namespace nfv::guests::testing
