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

}  // namespace
}  // namespace minutebook::discover
