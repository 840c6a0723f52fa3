#include "nfv/sriov/allocation_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "temp_dir.h"

namespace nfv::sriov {
namespace {

namespace fs = std::filesystem;

class AllocationStoreTest : public ::testing::Test {
 protected:
  std::string read(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  testing::TempDir temp{"nfv-store"};
  fs::path dir = temp.path();
};

Allocation vm1() {
  return Allocation{*PciAddress::parse("0000:3b:02.0"),
                    "vm1",
                    Purpose::kGuest,
                    *PciAddress::parse("0000:3b:00.0"),
                    0,
                    "iavf",
                    12,
                    0,
                    "8086:154c"};
}

TEST_F(AllocationStoreTest, WritesAtomicallyIntoANewDirectoryAndReadsBack) {
  AllocationStore store(dir / "var/lib/nfv-appliance/vf-allocations.json");
  EXPECT_TRUE(store.load()->empty());  // first start: no file yet
  Allocation gpu{*PciAddress::parse("0000:d8:00.0"),
                 "ai1",
                 Purpose::kSwitchPort,
                 std::nullopt,
                 std::nullopt,
                 "nvidia",
                 90,
                 std::nullopt,
                 "10de:20b0"};
  ASSERT_TRUE(store.save({vm1(), gpu}));
  auto loaded = store.load();
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(*loaded, (std::vector<Allocation>{vm1(), gpu}));
  // Only the file itself: the temporary was renamed onto it.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir / "var/lib/nfv-appliance")) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"vf-allocations.json"});
}

TEST_F(AllocationStoreTest, FormatIsStableAndReadable) {
  EXPECT_EQ(allocations_to_json({vm1()}),
            "{\n"
            "  \"version\": 1,\n"
            "  \"allocations\": [\n"
            "    {\n"
            "      \"device\": \"0000:3b:02.0\",\n"
            "      \"owner\": \"vm1\",\n"
            "      \"purpose\": \"guest\",\n"
            "      \"pf\": \"0000:3b:00.0\",\n"
            "      \"vf_index\": 0,\n"
            "      \"host_driver\": \"iavf\",\n"
            "      \"iommu_group\": 12,\n"
            "      \"numa_node\": 0,\n"
            "      \"vendor_device\": \"8086:154c\"\n"
            "    }\n"
            "  ]\n"
            "}\n");
}

TEST_F(AllocationStoreTest, BadFilesAreNamedAndNotRewritten) {
  EXPECT_EQ(allocations_from_json("[]", "/x.json").error().message,
            "allocation file /x.json: expected {\"version\": 1, \"allocations\": [...]}; fix it or "
            "move it aside (nothing was changed)");
  EXPECT_EQ(allocations_from_json(R"({"version": 1, "allocations": [{"device": "x"}]})", "/x.json")
                .error()
                .message,
            "allocation file /x.json, entry 0: needs string fields \"device\" and \"owner\"");
  EXPECT_EQ(allocations_from_json(
                R"({"version": 1, "allocations": [{"device": "3b:02", "owner": "a"}]})", "/x.json")
                .error()
                .message,
            "allocation file /x.json, entry 0: PCI address '3b:02': missing '.function' (e.g. "
            "0000:3b:02.0)");
}

TEST_F(AllocationStoreTest, OneWriterAtATime) {
  AllocationStore store(dir / "a.json");
  auto first = store.lock();
  ASSERT_TRUE(first) << first.error().message;
  auto second = store.lock();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, "another nfvd or nfvctl is changing VF allocations (" +
                                        (dir / "a.json.lock").string() +
                                        " is locked); retry when it is done");
  first->reset();
  EXPECT_TRUE(store.lock());
}

TEST_F(AllocationStoreTest, SaveFailureLeavesTheOldFile) {
  AllocationStore store(dir / "a.json");
  ASSERT_TRUE(store.save({vm1()}));
  std::string before = read(dir / "a.json");
  // A directory where the temporary file should go makes the write fail.
  fs::path temp = dir / fmt::format(".a.json.tmp-{}", ::getpid());
  fs::create_directory(temp);
  Status saved = store.save({});
  ASSERT_FALSE(saved);
  EXPECT_NE(saved.error().message.find("cannot create " + temp.string()), std::string::npos);
  EXPECT_EQ(read(dir / "a.json"), before);
}

}  // namespace
}  // namespace nfv::sriov
