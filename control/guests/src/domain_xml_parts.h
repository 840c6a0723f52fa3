// The parts of the domain XML, shared by domain_xml.cc (the domain, memory, CPUs, boot) and
// domain_devices.cc (the devices and QEMU's per-device overrides).
#pragma once

#include "nfv/guests/domain_spec.h"
#include "xml_writer.h"

namespace nfv::guests {

inline constexpr const char* kQemuNamespace = "http://libvirt.org/schemas/domain/qemu/1.0";

// <devices>...</devices>
void write_devices(const DomainSpec& spec, XmlWriter& xml);

// QEMU 7.2 under TCG crashes when a vhost-user virtio-net device has MSI-X vectors: each one
// gets vectors=0 through <qemu:override>. True when the domain carries it (and so needs the
// qemu namespace).
bool needs_tcg_vhost_override(const DomainSpec& spec);
void write_tcg_vhost_override(const DomainSpec& spec, XmlWriter& xml);

}  // namespace nfv::guests
