#include "nfv/traffic/pcap.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace nfv::traffic {
namespace {

constexpr uint32_t kMagicMicro = 0xA1B2C3D4;
constexpr uint32_t kMagicNano = 0xA1B23C4D;
constexpr uint32_t kLinkTypeEthernet = 1;

struct FileHeader {
  uint32_t magic;
  uint16_t version_major;
  uint16_t version_minor;
  int32_t this_zone;
  uint32_t sigfigs;
  uint32_t snap_length;
  uint32_t link_type;
};
struct RecordHeader {
  uint32_t ts_sec;
  uint32_t ts_fraction;  // microseconds or nanoseconds, by the file's magic
  uint32_t captured;
  uint32_t original;
};
static_assert(sizeof(FileHeader) == 24 && sizeof(RecordHeader) == 16);

uint32_t swap32(uint32_t v, bool swap) { return swap ? __builtin_bswap32(v) : v; }

}  // namespace

Result<PcapWriter> PcapWriter::create(const std::string& path, uint32_t snap_length) {
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "wbe"));
  if (!file) {
    return make_error(
        "capture file {}: cannot create it: {}; check the directory exists and is "
        "writable",
        path, std::strerror(errno));
  }
  FileHeader header{kMagicMicro, 2, 4, 0, 0, snap_length, kLinkTypeEthernet};
  if (std::fwrite(&header, sizeof(header), 1, file.get()) != 1) {
    return make_error("capture file {}: write failed: {}", path, std::strerror(errno));
  }
  return PcapWriter(std::move(file), path, snap_length);
}

Status PcapWriter::write(std::span<const uint8_t> frame, uint64_t timestamp_ns) {
  if (!file_) return make_error("capture file {}: already closed", path_);
  uint32_t captured = std::min<uint32_t>(static_cast<uint32_t>(frame.size()), snap_length_);
  RecordHeader record{static_cast<uint32_t>(timestamp_ns / 1000000000ULL),
                      static_cast<uint32_t>(timestamp_ns % 1000000000ULL / 1000), captured,
                      static_cast<uint32_t>(frame.size())};
  if (std::fwrite(&record, sizeof(record), 1, file_.get()) != 1 ||
      (captured > 0 && std::fwrite(frame.data(), 1, captured, file_.get()) != captured)) {
    return make_error("capture file {}: write failed: {} (disk full?)", path_,
                      std::strerror(errno));
  }
  ++packets_;
  return {};
}

Status PcapWriter::close() {
  if (!file_) return {};
  std::FILE* file = file_.release();
  if (std::fclose(file) != 0) {
    return make_error("capture file {}: close failed: {}", path_, std::strerror(errno));
  }
  return {};
}

Result<std::vector<PcapPacket>> read_pcap(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rbe"),
                                                       &std::fclose);
  if (!file) return make_error("pcap file {}: cannot open it: {}", path, std::strerror(errno));
  FileHeader header{};
  if (std::fread(&header, sizeof(header), 1, file.get()) != 1) {
    return make_error("pcap file {}: shorter than the 24-byte file header", path);
  }
  bool swap = false;
  bool nano = false;
  if (header.magic == kMagicMicro || header.magic == kMagicNano) {
    nano = header.magic == kMagicNano;
  } else if (header.magic == __builtin_bswap32(kMagicMicro) ||
             header.magic == __builtin_bswap32(kMagicNano)) {
    swap = true;
    nano = header.magic == __builtin_bswap32(kMagicNano);
  } else {
    return make_error(
        "pcap file {}: magic {:#010x} is not classic pcap (pcapng is not supported; "
        "convert it with 'editcap -F pcap')",
        path, header.magic);
  }
  if (swap32(header.link_type, swap) != kLinkTypeEthernet) {
    return make_error("pcap file {}: link type {} is not Ethernet (1)", path,
                      swap32(header.link_type, swap));
  }
  std::vector<PcapPacket> packets;
  RecordHeader record{};
  while (std::fread(&record, sizeof(record), 1, file.get()) == 1) {
    PcapPacket packet;
    uint32_t captured = swap32(record.captured, swap);
    if (captured > (256U << 10)) {
      return make_error("pcap file {}: record {} claims {} bytes; the file is corrupt", path,
                        packets.size(), captured);
    }
    uint64_t fraction = swap32(record.ts_fraction, swap);
    packet.timestamp_ns =
        uint64_t{swap32(record.ts_sec, swap)} * 1000000000ULL + (nano ? fraction : fraction * 1000);
    packet.original_size = swap32(record.original, swap);
    packet.bytes.resize(captured);
    if (captured > 0 && std::fread(packet.bytes.data(), 1, captured, file.get()) != captured) {
      return make_error("pcap file {}: record {} is truncated ({} bytes announced)", path,
                        packets.size(), captured);
    }
    packets.push_back(std::move(packet));
  }
  if (std::ferror(file.get())) {
    return make_error("pcap file {}: read failed: {}", path, std::strerror(errno));
  }
  return packets;
}

}  // namespace nfv::traffic
