// Directories of sockets: owned by root or the switch's user, not writable by others.
#include "nfv/common/private_directory.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv {
namespace {

DirectoryRule rule(bool group_writable_ok = false) {
  return DirectoryRule{{0, 1000}, group_writable_ok, "chmod 0755 /d"};
}

TEST(DirectoryPermissions, OwnerAndModeAgainstTheRule) {
  NFV_EXPECT_OK(check_directory_permissions("/d", 0, S_IFDIR | 0755, rule()));
  NFV_EXPECT_OK(check_directory_permissions("/d", 1000, S_IFDIR | 0700, rule()));
  NFV_EXPECT_OK(check_directory_permissions("/d", 0, S_IFDIR | 02770, rule(true)));
  auto foreign = check_directory_permissions("/d", 1234, S_IFDIR | 0755, rule());
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().message,
            "directory /d is owned by uid 1234, not by root or the switch's user: chmod 0755 /d");
  auto group = check_directory_permissions("/d", 0, S_IFDIR | 0775, rule());
  ASSERT_FALSE(group);
  EXPECT_EQ(group.error().message, "directory /d is group-writable (mode 0775): chmod 0755 /d");
  auto world = check_directory_permissions("/d", 0, S_IFDIR | 01777, rule(true));
  ASSERT_FALSE(world) << "world-writable is refused even where group-writable is configured";
  EXPECT_EQ(world.error().message, "directory /d is world-writable (mode 1777): chmod 0755 /d");
}

TEST(PrivateDirectory, ChecksTheDirectoryOnDisk) {
  NFV_ASSERT_OK_AND_ASSIGN(testing::TestDir dir, testing::TestDir::create());
  DirectoryRule mine{{::geteuid()}, false, "fix it"};
  NFV_EXPECT_OK(check_private_directory(dir.path(), mine));
  ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
  EXPECT_FALSE(check_private_directory(dir.path(), mine));
  ASSERT_EQ(::chmod(dir.path().c_str(), 0700), 0);
  std::string link = dir.path() + "-link";
  ASSERT_EQ(::symlink(dir.path().c_str(), link.c_str()), 0);
  auto linked = check_private_directory(link, mine);
  ::unlink(link.c_str());
  ASSERT_FALSE(linked);
  EXPECT_EQ(linked.error().message, link + " is not a directory (a symbolic link?): fix it");
  EXPECT_FALSE(check_private_directory(dir.file("missing"), mine));
}

}  // namespace
}  // namespace nfv
