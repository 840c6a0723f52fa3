// Who is at the other end of a unix socket path: the processes holding the connections made on
// it, whichever side listens. The switch's vhost-user port knows its socket path; the guest
// behind it (QEMU, a DPDK virtio-user peer) is the process whose threads the loss attribution
// reads (schedstat.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/unix_diag.h"

namespace nfv::host {

// The inodes of the connections on `socket_path` (pure): the sockets bound to the path that are
// not listening and whose peer is alive (the listener's accepted connections), and those
// peers. A socket is bound to the path when its file is `file` (the path's socket file, when it
// exists and the kernel reports files), otherwise when its name is the path, so that a
// listener whose file was replaced by another one's is not taken for it.
std::unordered_set<uint64_t> connection_inodes(const std::vector<UnixSocketInfo>& sockets,
                                               const std::string& socket_path,
                                               const std::optional<UnixSocketFile>& file);

// The processes under the procfs root holding any of `inodes` ("socket:[<inode>]" among their
// /proc/<pid>/fd links), ascending. One pass over every process's descriptors; processes that
// exit meanwhile are skipped, and so are those whose fd/ the caller may not read (reading other
// users' processes needs root or CAP_SYS_PTRACE). An error only when the procfs root cannot be
// listed.
Result<std::vector<int64_t>> pids_holding_sockets(const std::string& proc_root,
                                                  const std::unordered_set<uint64_t>& inodes);

// The processes at the other end of the connections on the unix socket `socket_path`, ascending,
// without `exclude_pid` (the switch itself). Both directions give the guest: the switch
// listening and the guest connecting, or the guest listening (QEMU in server mode) and the
// switch connecting. A process holding only the listener is no peer; a path nobody is
// connected on (unused, or a stale socket file) gives none.
Result<std::vector<int64_t>> unix_socket_peer_pids(const std::string& proc_root,
                                                   const std::string& socket_path,
                                                   int64_t exclude_pid);

}  // namespace nfv::host
