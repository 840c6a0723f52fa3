// The classic libpcap file format (not pcapng), Ethernet link type: enough for tests to
// capture what a port received and compare it byte by byte, and for tcpdump/wireshark to
// open the file when a test fails.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::traffic {

struct PcapPacket {
  uint64_t timestamp_ns = 0;  // wall-clock time, microsecond or nanosecond resolution
  uint32_t original_size = 0;
  std::vector<uint8_t> bytes;  // the captured part (original_size unless snapped)
};

class PcapWriter {
 public:
  // Creates (truncates) `path` and writes the file header (microsecond timestamps).
  static Result<PcapWriter> create(const std::string& path, uint32_t snap_length = 65535);

  Status write(std::span<const uint8_t> frame, uint64_t timestamp_ns);
  // Flushes and closes; the destructor does the same but cannot report an error.
  Status close();

  uint64_t packets() const { return packets_; }
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  PcapWriter(std::unique_ptr<std::FILE, Closer> file, std::string path, uint32_t snap_length)
      : file_(std::move(file)), path_(std::move(path)), snap_length_(snap_length) {}

  std::unique_ptr<std::FILE, Closer> file_;
  std::string path_;
  uint32_t snap_length_;
  uint64_t packets_ = 0;
};

// Reads a whole file written by PcapWriter, tcpdump or dpdk-pdump (either byte order,
// micro- or nanosecond timestamps). Only the Ethernet link type is accepted.
Result<std::vector<PcapPacket>> read_pcap(const std::string& path);

}  // namespace nfv::traffic
