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

// A tiny TCG domain, memfd-backed, without network, its serial console into `console_log`.
// Without `kernel` it has no disk either: SeaBIOS finds nothing to boot and loops (and so
// ignores ACPI shutdown); with it, it boots that kernel and initrd (the tiny guest, which
// powers off on ACPI). With `desired_json` it carries the appliance's metadata; without, it
// is a foreign domain.
struct TestDomain {
  std::string name;
  std::string console_log;
  const std::string* desired_json = nullptr;
  std::string kernel = "";
  std::string initrd = "";
};
std::string test_domain_xml(const TestDomain& domain);

// The tiny guest's kernel and initrd (scripts/guest-image, in $NFV_GUEST_IMAGE_DIR or its
// default directory); "" when it was not built.
std::string guest_image_file(const std::string& file);

// Whether a text file (a console log) holds `text`.
bool file_contains(const std::string& path, const std::string& text);

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
