// The directories nfv-switch keeps its sockets in, prepared and checked at start: whoever can
// write to them can replace the control socket or plant links where vhost sockets go.
#pragma once

#include "nfv/common/result.h"
#include "nfv/dataplane/options.h"

namespace nfv::dp {

// The default run directory (/run/nfv-switch) is created 0755 when the control socket is in
// it; the control socket's directory must be owned by root or the switch's user and be
// neither group- nor world-writable.
Status prepare_control_directory(const SwitchOptions& options);

// The vhost directory: created if missing (0755 unless --vhost-dir-mode), given
// --vhost-dir-owner, --vhost-dir-group and --vhost-dir-mode (also when it exists), then
// checked: owned by root, the switch's user or --vhost-dir-owner; group-writable only when
// --vhost-dir-mode says so; never world-writable.
Status prepare_vhost_directory(const SwitchOptions& options);

}  // namespace nfv::dp
