// Threads' scheduler statistics: parsed from a procfs tree (garbage, vanished threads, the vCPU
// filter) and read from the real /proc while two threads share one CPU.
#include "nfv/host/schedstat.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "procfs_tree.h"

namespace nfv::host {
namespace {

using ::testing::HasSubstr;
using testing::ProcfsTree;

TEST(Schedstat, ParsesTheKernelsThreeNumbers) {
  auto stat = parse_schedstat("123 456 7\n", "x");
  ASSERT_TRUE(stat) << stat.error().message;
  EXPECT_EQ(*stat, (SchedStat{123, 456, 7}));
  auto max = parse_schedstat("18446744073709551615 18446744073709551615 0", "x");
  ASSERT_TRUE(max) << max.error().message;
  EXPECT_EQ(max->wait_ns, UINT64_MAX);
}

TEST(Schedstat, RejectsGarbageNamingTheFile) {
  for (const char* text :
       {"", "1 2", "1 2 3 4", "1 -2 3", "1 0x2 3", "a b c", "18446744073709551616 0 0", "1 2 3x"}) {
    auto stat = parse_schedstat(text, "7/task/8/schedstat");
    ASSERT_FALSE(stat) << "accepted '" << text << "'";
    EXPECT_THAT(stat.error().message, HasSubstr("7/task/8/schedstat"));
  }
}

TEST(Schedstat, EveryThreadAscendingGarbageAndVanishedThreadsSkipped) {
  ProcfsTree tree;
  tree.thread(40, 100, "qemu-system-x86", "10 20 3");
  tree.thread(40, 42, "CPU 0/KVM", "1000 2000 30");
  tree.thread(40, 43, "CPU 1/KVM", "garbage");
  tree.write("40/task/44/comm", "worker");      // exited between the listing and its schedstat
  tree.write("40/task/45/schedstat", "1 2 3");  // exited before its comm was read
  tree.write("40/task/notatid/comm", "x");
  auto threads = read_thread_schedstats(tree.root().string(), 40);
  ASSERT_TRUE(threads) << threads.error().message;
  ASSERT_EQ(threads->size(), 2u);
  EXPECT_EQ((*threads)[0], (ThreadSched{42, "CPU 0/KVM", 1000, 2000, 30, -1}));
  EXPECT_EQ((*threads)[1], (ThreadSched{100, "qemu-system-x86", 10, 20, 3, -1}));
}

TEST(Schedstat, AProcessThatIsGoneIsAnErrorNamingIt) {
  ProcfsTree tree;
  tree.thread(40, 40, "x", "1 2 3");
  auto threads = read_thread_schedstats(tree.root().string(), 41);
  ASSERT_FALSE(threads);
  EXPECT_EQ(threads.error().code, ENOENT);
  EXPECT_THAT(threads.error().message, HasSubstr("process 41"));
  EXPECT_FALSE(read_thread_schedstats(tree.root().string(), 0));
  EXPECT_FALSE(read_thread_schedstats(tree.root().string(), -40));
}

TEST(Schedstat, QemuVcpuThreadNames) {
  EXPECT_EQ(qemu_vcpu_index("CPU 0/KVM"), 0u);
  EXPECT_EQ(qemu_vcpu_index("CPU 12/TCG"), 12u);
  for (const char* comm : {"CPU 0/XEN", "CPU /KVM", "CPU x/KVM", "CPU 0", "cpu 0/KVM", "CPU 0/KVMX",
                           "qemu-system-x86", "CPU 99999999999/KVM"}) {
    EXPECT_FALSE(qemu_vcpu_index(comm)) << comm;
  }
}

TEST(Schedstat, GuestCpuThreadsAreTheVcpusWhenThereAreAny) {
  std::vector<ThreadSched> qemu = {{1, "qemu-system-x86", 5, 5, 1},
                                   {2, "CPU 0/KVM", 1, 2, 3},
                                   {3, "IO mon_iothread", 5, 5, 1},
                                   {4, "CPU 1/TCG", 4, 5, 6}};
  auto vcpus = guest_cpu_threads(qemu);
  ASSERT_EQ(vcpus.size(), 2u);
  EXPECT_EQ(vcpus[0].tid, 2);
  EXPECT_EQ(vcpus[1].tid, 4);
  std::vector<ThreadSched> dpdk = {{7, "dpdk-testpmd", 1, 1, 1}, {8, "rte-worker-1", 2, 2, 2}};
  EXPECT_EQ(guest_cpu_threads(dpdk), dpdk);
  EXPECT_TRUE(guest_cpu_threads({}).empty());
}

// A thread named `name` that pins itself to `cpu` and spins until told to stop.
class PinnedSpinner {
 public:
  PinnedSpinner(const char* name, int cpu) : thread_([this, name, cpu] { run(name, cpu); }) {}
  ~PinnedSpinner() {
    stop_ = true;
    thread_.join();
  }
  int64_t tid() const { return tid_; }
  bool pinned() const { return pinned_; }

 private:
  void run(const char* name, int cpu) {
    pthread_setname_np(pthread_self(), name);
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pinned_ = sched_setaffinity(0, sizeof set, &set) == 0;
    tid_ = gettid();
    while (!stop_) {
    }
  }
  std::atomic<bool> stop_{false};
  std::atomic<bool> pinned_{false};
  std::atomic<int64_t> tid_{0};
  std::thread thread_;
};

// A thread named `name` blocked on a condition until told to stop: it never waits for a CPU.
class BlockedThread {
 public:
  explicit BlockedThread(const char* name) : thread_([this, name] { run(name); }) {}
  ~BlockedThread() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  int64_t tid() const { return tid_; }

 private:
  void run(const char* name) {
    pthread_setname_np(pthread_self(), name);
    tid_ = gettid();
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return stop_; });
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::atomic<int64_t> tid_{0};
  std::thread thread_;
};

const ThreadSched* find_thread(const std::vector<ThreadSched>& threads, int64_t tid) {
  auto it = std::find_if(threads.begin(), threads.end(),
                         [tid](const ThreadSched& t) { return t.tid == tid; });
  return it == threads.end() ? nullptr : &*it;
}

int first_allowed_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) return cpu;
  }
  return 0;
}

// Two spinning threads pinned to one CPU take turns: each waits runnable while the other runs,
// so their wait time grows by a good share of the elapsed time; a blocked thread's does not.
TEST(Schedstat, ThreadsSharingOneCpuWaitForIt) {
  using Clock = std::chrono::steady_clock;
  int cpu = first_allowed_cpu();
  PinnedSpinner first("CPU 0/KVM", cpu);
  PinnedSpinner second("CPU 1/KVM", cpu);
  BlockedThread idle("idle-helper");
  const pid_t pid = getpid();
  const std::string proc = "/proc";
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while ((first.tid() == 0 || second.tid() == 0 || idle.tid() == 0) && Clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_TRUE(first.pinned() && second.pinned()) << "cannot pin to CPU " << cpu;
  auto before = read_thread_schedstats(proc, pid);
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_NE(find_thread(*before, first.tid()), nullptr);
  ASSERT_NE(find_thread(*before, second.tid()), nullptr);
  ASSERT_NE(find_thread(*before, idle.tid()), nullptr);
  auto start = Clock::now();

  uint64_t spinner_wait = 0, idle_wait = 0, elapsed_ns = 0;
  std::vector<ThreadSched> now;
  deadline = start + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling interval
    auto read = read_thread_schedstats(proc, pid);
    ASSERT_TRUE(read) << read.error().message;
    now = std::move(*read);
    elapsed_ns = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
    auto grew = [&](int64_t tid) {
      const ThreadSched* a = find_thread(*before, tid);
      const ThreadSched* b = find_thread(now, tid);
      return b == nullptr ? 0 : b->wait_ns - a->wait_ns;
    };
    spinner_wait = std::max(grew(first.tid()), grew(second.tid()));
    idle_wait = grew(idle.tid());
    if (elapsed_ns >= 300'000'000 && spinner_wait >= elapsed_ns / 4) break;
  }
  EXPECT_GE(spinner_wait, elapsed_ns / 4)
      << "two spinners on CPU " << cpu << ": waited " << spinner_wait << " ns of " << elapsed_ns;
  EXPECT_LT(idle_wait, elapsed_ns / 20) << "a blocked thread waited " << idle_wait << " ns";

  auto vcpus = guest_cpu_threads(now);
  ASSERT_EQ(vcpus.size(), 2u);
  EXPECT_EQ(vcpus[0].comm, "CPU 0/KVM");
  EXPECT_EQ(vcpus[1].comm, "CPU 1/KVM");
}

}  // namespace
TEST(ParseStatProcessor, CountsFieldsAfterTheLastParenthesis) {
  std::string fields;
  for (int i = 3; i <= 52; ++i) {
    fields.push_back(' ');
    fields.append(std::to_string(i == 39 ? 7 : i));
  }
  EXPECT_EQ(parse_stat_processor("1234 (rte-worker-1)" + fields), 7);
  EXPECT_EQ(parse_stat_processor("1234 (a ) (b) c)" + fields), 7) << "a name with ') ('";
  EXPECT_EQ(parse_stat_processor("1234 (short) 3 4 5"), std::nullopt);
  EXPECT_EQ(parse_stat_processor("no parenthesis at all"), std::nullopt);
  EXPECT_EQ(parse_stat_processor(""), std::nullopt);
}

TEST(ParseStatProcessor, TheRealProcessOfThisTest) {
  auto threads = read_thread_schedstats("/proc", getpid());
  ASSERT_TRUE(threads) << threads.error().message;
  ASSERT_FALSE(threads->empty());
  int32_t cpu = threads->front().cpu;
  EXPECT_GE(cpu, 0);
  EXPECT_LT(cpu, 4096);
}

}  // namespace nfv::host
