// Socket and directory ownership is applied to the file at the path itself: a symbolic link
// planted there is an error, and neither the link's target's owner nor its mode change.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "nfv/common/socket_file.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/unix_sockets.h"

namespace nfv {
namespace {

using testing::TestDir;

struct stat stat_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st;
}

TEST(ApplyOwnership, ChangesTheSocketItself) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("vm1.sock");
  UniqueFd listener = testing::bound_socket(path, 1);
  Ownership ids;
  ids.gid = 65534;  // nogroup
  NFV_ASSERT_OK(apply_ownership(path, ids, 0660));
  struct stat st = stat_of(path);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_gid, 65534u);
  EXPECT_EQ(st.st_mode & 07777, 0660u);
}

TEST(ApplyOwnership, AnEmptyRequestTouchesNothing) {
  NFV_EXPECT_OK(apply_ownership("/nonexistent/vm1.sock", Ownership{}, 0));
}

TEST(ApplyOwnership, APlantedSymlinkIsNotFollowed) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string target = dir.file("precious");
  std::ofstream(target) << "secret\n";
  ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
  struct stat before = stat_of(target);
  std::string link = dir.file("vm1.sock");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);

  Ownership ids;
  ids.uid = 65534;  // nobody
  ids.gid = 65534;
  auto status = apply_ownership(link, ids, 0666);
  ASSERT_FALSE(status) << "ownership applied through a symlink";
  EXPECT_EQ(status.error().message,
            link +
                " is a symbolic link: its owner and mode are left alone (something replaced "
                "the file; check who can write to " +
                dir.path() + ")");
  struct stat after = stat_of(target);
  EXPECT_EQ(after.st_uid, before.st_uid);
  EXPECT_EQ(after.st_gid, before.st_gid);
  EXPECT_EQ(after.st_mode, before.st_mode);
  // Mode only: refused the same way.
  EXPECT_FALSE(apply_ownership(link, Ownership{}, 0666));
  EXPECT_EQ(stat_of(target).st_mode, before.st_mode);
}

}  // namespace
}  // namespace nfv
