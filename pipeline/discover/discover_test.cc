#include "discover/discover.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace minutebook::discover {
namespace {

namespace fs = std::filesystem;

class DiscoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("mb_discover_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "sub");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Touch(const fs::path& p) { std::ofstream(root_ / p) << "x"; }
  fs::path root_;
};

TEST_F(DiscoverTest, ListsPapersSortedAndSkipsImagesAndHidden) {
  Touch("b.pdf");
  Touch("a.txt");
  Touch("sub/c.html");
  Touch("sub/noext");
  Touch("photo.PNG");
  Touch(".hidden.txt");
  const Listing l = Walk({root_});
  ASSERT_EQ(l.files.size(), 4u);
  EXPECT_EQ(l.files[0].path.filename(), "a.txt");
  EXPECT_EQ(l.files[1].path.filename(), "b.pdf");
  EXPECT_EQ(l.skipped, 1);
  EXPECT_TRUE(l.problems.empty());
}

TEST_F(DiscoverTest, ExplicitFileIsListedWhateverItsExtension) {
  Touch("scan.png");
  const Listing l = Walk({root_ / "scan.png"});
  ASSERT_EQ(l.files.size(), 1u);
}

TEST_F(DiscoverTest, MissingPathIsAProblemNotAnAbort) {
  Touch("a.txt");
  const Listing l = Walk({root_ / "nope", root_ / "a.txt"});
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_EQ(l.problems[0].reason, "no such file or folder");
  EXPECT_EQ(l.files.size(), 1u);
}

TEST_F(DiscoverTest, SymlinkLoopIsReportedOnce) {
  Touch("sub/a.txt");
  fs::create_directory_symlink(root_, root_ / "sub" / "loop");
  const Listing l = Walk({root_});
  EXPECT_EQ(l.files.size(), 1u);
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_NE(l.problems[0].reason.find("loop"), std::string::npos);
}

TEST_F(DiscoverTest, SameFileNamedTwiceIsListedOnce) {
  Touch("a.txt");
  const Listing l = Walk({root_ / "a.txt", root_ / "." / "a.txt", root_});
  EXPECT_EQ(l.files.size(), 1u);
}

TEST_F(DiscoverTest, FilesKnowTheRootTheyWereFoundUnder) {
  fs::create_directories(root_ / "sub" / "b");
  Touch("sub/b/c.txt");
  Touch("d.txt");
  const Listing l = Walk({root_ / "sub", root_ / "d.txt"});
  ASSERT_EQ(l.files.size(), 2u);  // sorted by path: d.txt, then sub/b/c.txt
  EXPECT_EQ(l.files[1].root, root_ / "sub");
  EXPECT_EQ(ShardKey(l.files[1].path, l.files[1].root), "b/c.txt");
  EXPECT_EQ(ShardKey(l.files[0].path, l.files[0].root), "d.txt");  // named explicitly: its name
}

TEST(Shard, ParsesKOfNAndRefusesTheRest) {
  auto s = ParseShard("3/4");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 3);
  EXPECT_EQ(s->count, 4);
  for (const char* bad : {"4/4", "-1/4", "1", "1/", "/4", "a/4", "1/0", "1/4x", ""}) {
    auto r = ParseShard(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(Shard, EveryPathIsInExactlyOneShardWhereverTheTreeIsMounted) {
  constexpr int kShards = 4;
  int per_shard[kShards] = {};
  for (int i = 0; i < 2000; ++i) {
    const fs::path rel = "board-" + std::to_string(i % 37) + "/" + std::to_string(i) + ".pdf";
    int in = 0;
    for (int k = 0; k < kShards; ++k) {
      const bool here = InShard(fs::path("/mnt/a") / rel, "/mnt/a", Shard{k, kShards});
      // The same tree mounted elsewhere, and named relatively, agrees.
      EXPECT_EQ(here, InShard(fs::path("/srv/archive/x") / rel, "/srv/archive/x", Shard{k, kShards}));
      if (here) {
        ++in;
        ++per_shard[k];
      }
    }
    EXPECT_EQ(in, 1) << rel;
  }
  // A hash spreads paths evenly: no shard far from a quarter.
  for (int n : per_shard) {
    EXPECT_GT(n, 400);
    EXPECT_LT(n, 600);
  }
  EXPECT_TRUE(InShard("/x/y", "/x", Shard{0, 1}));
}

}  // namespace
}  // namespace minutebook::discover
