#include "ingest/internal/processor.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

namespace minutebook::ingest::internal {
namespace {

namespace fs = std::filesystem;

class ReadWholeFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mb_read_whole_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  // Bytes of every value, NULs included, longer than one read chunk.
  static std::string Binary(size_t n) {
    std::mt19937 rng(7);
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xff);
    return s;
  }

  fs::path dir_;
};

TEST_F(ReadWholeFileTest, GivesEveryByteOfAFileOnlyOnce) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{65535}, size_t{65536}, size_t{300001}}) {
    const std::string bytes = Binary(n);
    auto read = ReadWholeFile(Write(std::to_string(n) + ".bin", bytes));
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->size(), n);
    EXPECT_TRUE(*read == bytes) << n;
  }
}

TEST_F(ReadWholeFileTest, ReadsAFileWhoseSizeCannotBeToldToItsEnd) {
  // A FIFO has no size to read ahead of time: the chunked path must still
  // take everything the writer sends.
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string bytes = Binary(200000);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  auto read = ReadWholeFile(fifo.string());
  writer.join();
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->size(), bytes.size());
  EXPECT_TRUE(*read == bytes);
}

TEST_F(ReadWholeFileTest, AMissingFileIsAnErrorSayingSo) {
  auto read = ReadWholeFile((dir_ / "absent.pdf").string());
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("cannot open file"), std::string::npos) << read.error().message;
}

}  // namespace
}  // namespace minutebook::ingest::internal
