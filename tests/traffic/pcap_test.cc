#include "nfv/traffic/pcap.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::traffic {
namespace {

using nfv::testing::TestDir;

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

TEST(Pcap, WritesWhatItReadsBack) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("a.pcap");
  std::vector<std::vector<uint8_t>> frames = {{1, 2, 3}, std::vector<uint8_t>(1518, 0xab), {}};
  {
    NFV_ASSERT_OK_AND_ASSIGN(PcapWriter writer, PcapWriter::create(path));
    for (size_t i = 0; i < frames.size(); ++i) {
      NFV_ASSERT_OK(writer.write(frames[i], 1700000000123456000ULL + i * 1000));
    }
    EXPECT_EQ(writer.packets(), 3u);
    NFV_ASSERT_OK(writer.close());
  }
  NFV_ASSERT_OK_AND_ASSIGN(auto packets, read_pcap(path));
  ASSERT_EQ(packets.size(), 3u);
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(packets[i].bytes, frames[i]);
    EXPECT_EQ(packets[i].original_size, frames[i].size());
    EXPECT_EQ(packets[i].timestamp_ns, 1700000000123456000ULL + i * 1000);
  }
  // The classic header: magic, version 2.4, snap length 65535, link type 1 (Ethernet).
  std::vector<uint8_t> bytes = read_bytes(path);
  ASSERT_GE(bytes.size(), 24u);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 8),
            (std::vector<uint8_t>{0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0}));
  EXPECT_EQ(bytes[16], 0xff);
  EXPECT_EQ(bytes[17], 0xff);
  EXPECT_EQ(bytes[20], 1);
  EXPECT_EQ(bytes.size(), 24u + 3 * 16 + 3 + 1518);
}

TEST(Pcap, SnapLengthCutsLongFramesButKeepsTheirSize) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("snap.pcap");
  NFV_ASSERT_OK_AND_ASSIGN(PcapWriter writer, PcapWriter::create(path, 100));
  NFV_ASSERT_OK(writer.write(std::vector<uint8_t>(300, 7), 0));
  NFV_ASSERT_OK(writer.close());
  NFV_ASSERT_OK_AND_ASSIGN(auto packets, read_pcap(path));
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].bytes.size(), 100u);
  EXPECT_EQ(packets[0].original_size, 300u);
}

TEST(Pcap, ReadsBigEndianNanosecondFiles) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("be.pcap");
  write_bytes(path,
              {0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0,
               0,    0,    1,    0,    0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 2,    0xaa, 0xbb});
  NFV_ASSERT_OK_AND_ASSIGN(auto packets, read_pcap(path));
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].timestamp_ns, 2000000005u);
  EXPECT_EQ(packets[0].bytes, (std::vector<uint8_t>{0xaa, 0xbb}));
}

TEST(Pcap, ErrorsNameTheFileAndTheProblem) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string ng = dir.file("x.pcapng");
  write_bytes(ng, std::vector<uint8_t>{0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0,
                                       0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0});
  auto result = read_pcap(ng);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find(ng + ": magic 0x0a0d0d0a is not classic pcap"),
            std::string::npos);

  std::string cut = dir.file("cut.pcap");
  {
    NFV_ASSERT_OK_AND_ASSIGN(PcapWriter writer, PcapWriter::create(cut));
    NFV_ASSERT_OK(writer.write(std::vector<uint8_t>(64, 1), 0));
    NFV_ASSERT_OK(writer.close());
  }
  std::vector<uint8_t> bytes = read_bytes(cut);
  bytes.resize(bytes.size() - 10);
  write_bytes(cut, bytes);
  result = read_pcap(cut);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("record 0 is truncated (64 bytes announced)"),
            std::string::npos);

  auto missing = read_pcap(dir.file("none.pcap"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot open it: No such file or directory"),
            std::string::npos);
  auto unwritable = PcapWriter::create(dir.file("no/such/dir.pcap"));
  ASSERT_FALSE(unwritable.ok());
  EXPECT_NE(unwritable.error().message.find("check the directory exists"), std::string::npos);
}

}  // namespace
}  // namespace nfv::traffic
