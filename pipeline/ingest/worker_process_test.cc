#include "ingest/internal/worker_process.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace minutebook::ingest::internal {
namespace {

namespace fs = std::filesystem;

// What a launched child finds in GLIBC_TUNABLES: the child is a shell that
// writes it to a file and exits (it never sends a handshake).
std::string TunablesSeenByChild() {
  const fs::path out = fs::temp_directory_path() / ("mb_worker_env_" + std::to_string(::getpid()));
  fs::remove(out);
  ChildWorker child({"/bin/sh", "-c", "printf '%s' \"${GLIBC_TUNABLES-unset}\" > " + out.string()}, 5, 0);
  EXPECT_TRUE(child.Launch());
  EXPECT_FALSE(child.AwaitReady());  // the shell exits without a handshake
  for (int i = 0; i < 100 && !fs::exists(out); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::ifstream in(out);
  std::stringstream seen;
  seen << in.rdbuf();
  fs::remove(out);
  return seen.str();
}

TEST(ChildWorker, LaunchedWorkerGetsTheMallocTunablesUnlessTheUserSetSome) {
  const char* had = std::getenv("GLIBC_TUNABLES");
  const std::string saved = had != nullptr ? had : "";
  ::unsetenv("GLIBC_TUNABLES");
  EXPECT_EQ(TunablesSeenByChild(), kWorkerMallocTunables);
  ::setenv("GLIBC_TUNABLES", "glibc.malloc.check=0", 1);
  EXPECT_EQ(TunablesSeenByChild(), "glibc.malloc.check=0");
  if (had != nullptr) {
    ::setenv("GLIBC_TUNABLES", saved.c_str(), 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
  // The parent's own environment is left as it was.
  EXPECT_EQ(std::getenv("GLIBC_TUNABLES") != nullptr, had != nullptr);
}

}  // namespace
}  // namespace minutebook::ingest::internal
