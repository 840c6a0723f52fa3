#define FUSE_USE_VERSION 35
#include "fuse_mount.h"

#include <dirent.h>
#include <fcntl.h>
#include <fuse.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

namespace {

FuseMount& self() { return *static_cast<FuseMount*>(fuse_get_context()->private_data); }

std::string real_path(const char* path) { return (self().backing() / (path + 1)).string(); }

int fs_getattr(const char* path, struct stat* st, fuse_file_info* /*fi*/) {
  self().kernel().on_access();
  return ::lstat(real_path(path).c_str(), st) == 0 ? 0 : -errno;
}

int fs_readlink(const char* path, char* buffer, size_t size) {
  self().kernel().on_access();
  ssize_t n = ::readlink(real_path(path).c_str(), buffer, size - 1);
  if (n < 0) return -errno;
  buffer[n] = '\0';
  return 0;
}

int fs_readdir(const char* path, void* buffer, fuse_fill_dir_t fill, off_t /*offset*/,
               fuse_file_info* /*fi*/, fuse_readdir_flags /*flags*/) {
  self().kernel().on_access();
  DIR* dir = ::opendir(real_path(path).c_str());
  if (dir == nullptr) return -errno;
  while (dirent* entry = ::readdir(dir)) {
    struct stat st {};
    st.st_ino = entry->d_ino;
    st.st_mode = static_cast<mode_t>(DTTOIF(entry->d_type));
    if (fill(buffer, entry->d_name, &st, 0, static_cast<fuse_fill_dir_flags>(0)) != 0) break;
  }
  ::closedir(dir);
  return 0;
}

int fs_open(const char* path, fuse_file_info* fi) {
  self().kernel().on_access();
  int access = fi->flags & O_ACCMODE;
  bool read = access == O_RDONLY || access == O_RDWR;
  bool write = access == O_WRONLY || access == O_RDWR;
  if (int error = self().kernel().check_open(path, read, write)) return -error;
  if (::access(real_path(path).c_str(), F_OK) != 0) return -errno;
  fi->direct_io = 1;  // sysfs content changes under the reader: no page cache
  self().handle_opened();
  return 0;
}

int fs_release(const char* /*path*/, fuse_file_info* /*fi*/) {
  self().handle_released();
  return 0;
}

int fs_opendir(const char* path, fuse_file_info* /*fi*/) {
  struct stat st {};
  if (::stat(real_path(path).c_str(), &st) != 0) return -errno;
  self().handle_opened();
  return 0;
}

int fs_read(const char* path, char* buffer, size_t size, off_t offset, fuse_file_info* /*fi*/) {
  self().kernel().on_access();
  int fd = ::open(real_path(path).c_str(), O_RDONLY);
  if (fd < 0) return -errno;
  ssize_t n = ::pread(fd, buffer, size, offset);
  int error = errno;
  ::close(fd);
  return n < 0 ? -error : static_cast<int>(n);
}

int fs_write(const char* path, const char* data, size_t size, off_t /*offset*/,
             fuse_file_info* /*fi*/) {
  // Like a sysfs store: the whole buffer is one request, the answer is all or an errno.
  int error = self().kernel().write(path, std::string_view(data, size));
  return error != 0 ? -error : static_cast<int>(size);
}

int fs_truncate(const char* path, off_t /*size*/, fuse_file_info* /*fi*/) {
  // `echo x > attr` opens with O_TRUNC; sysfs ignores the truncation of a writable attribute.
  return -self().kernel().check_open(path, false, true);
}

void* fs_init(fuse_conn_info* /*conn*/, fuse_config* config) {
  config->entry_timeout = 0;  // the kernel side changes the tree behind FUSE's back
  config->attr_timeout = 0;
  config->negative_timeout = 0;
  config->direct_io = 1;
  return fuse_get_context()->private_data;
}

// Once per process, while it has a single thread: mounts made afterwards are private to this
// process and vanish when it exits.
void enter_private_mount_namespace() {
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    if (::unshare(CLONE_NEWNS) != 0) {
      failure = std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
    } else if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      failure = std::string("mount --make-rprivate /: ") + std::strerror(errno);
    }
  });
  if (!failure.empty()) {
    throw std::runtime_error("fake sysfs needs root and a private mount namespace: " + failure);
  }
}

}  // namespace

FuseMount::FuseMount(fs::path backing, fs::path mountpoint, FakeKernel& kernel)
    : backing_(std::move(backing)), mountpoint_(std::move(mountpoint)), kernel_(kernel) {
  enter_private_mount_namespace();
  fuse_operations ops{};
  ops.getattr = fs_getattr;
  ops.readlink = fs_readlink;
  ops.readdir = fs_readdir;
  ops.open = fs_open;
  ops.release = fs_release;
  ops.opendir = fs_opendir;
  ops.releasedir = fs_release;
  ops.read = fs_read;
  ops.write = fs_write;
  ops.truncate = fs_truncate;
  ops.init = fs_init;
  char name[] = "nfv-fake-sysfs";
  char* argv[] = {name, nullptr};
  fuse_args args = FUSE_ARGS_INIT(1, argv);
  fuse_ = fuse_new(&args, &ops, sizeof ops, this);
  fuse_opt_free_args(&args);  // fuse_new may have added arguments of its own
  if (fuse_ == nullptr) throw std::runtime_error("fuse_new failed");
  if (fuse_mount(fuse_, mountpoint_.c_str()) != 0) {
    fuse_destroy(fuse_);
    throw std::runtime_error("cannot mount the fake sysfs at " + mountpoint_.string() +
                             " (needs /dev/fuse and root)");
  }
  loop_ = std::thread([this] { fuse_loop(fuse_); });
}

void FuseMount::handle_opened() {
  std::lock_guard lock(handles_mutex_);
  ++open_handles_;
}

void FuseMount::handle_released() {
  std::lock_guard lock(handles_mutex_);
  if (--open_handles_ == 0) handles_released_.notify_all();
}

FuseMount::~FuseMount() {
  {
    // A test that leaked a descriptor must not hang the teardown: bounded wait.
    std::unique_lock lock(handles_mutex_);
    handles_released_.wait_for(lock, std::chrono::seconds(5),
                               [this] { return open_handles_ == 0; });
  }
  fuse_exit(fuse_);
  fuse_unmount(fuse_);  // the loop's read then fails and it returns
  loop_.join();
  fuse_destroy(fuse_);
}

}  // namespace nfv::sriov::testing
