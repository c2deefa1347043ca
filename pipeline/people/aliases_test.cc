#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "people/people.h"

namespace minutebook::people {
namespace {

TEST(Aliases, ParsesMergesVetoesAndComments) {
  auto a = Aliases::Parse(
      "# a comment\n"
      "\n"
      "Steve Calder = Steven Calder   # trailing comment\n"
      "  Jo Smith != Joanne Smith\n"
      "Ilirjeta Buzoku = Jeta\n",
      "people.aliases");
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_EQ(a->rules().size(), 3u);
  EXPECT_EQ(a->rules()[0].left, "Steve Calder");
  EXPECT_EQ(a->rules()[0].right, "Steven Calder");
  EXPECT_TRUE(a->rules()[0].merge);
  EXPECT_EQ(a->rules()[0].where, "people.aliases:3");
  EXPECT_FALSE(a->rules()[1].merge);
  EXPECT_EQ(a->rules()[1].left, "Jo Smith");
  EXPECT_EQ(a->rules()[1].where, "people.aliases:4");
  EXPECT_EQ(a->rules()[2].right, "Jeta");
}

TEST(Aliases, BadLineFailsWithFileAndLine) {
  auto a = Aliases::Parse("Steve Calder = Steven Calder\n\nSteve Calder Steven Calder\n", "rules/people.aliases");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(a.error().message,
            "rules/people.aliases:3: expected \"Name = Other Name\" or \"Name != Other Name\"");
}

TEST(Aliases, OneOperatorALine) {
  auto a = Aliases::Parse("A Smith = B Smith = C Smith\n", "f");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, "f:1: one rule a line: a single \"=\" or \"!=\"");
}

TEST(Aliases, EmptySideFails) {
  auto a = Aliases::Parse("= Steven Calder\n", "f");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, "f:1: no name before the \"=\"");
  a = Aliases::Parse("Steve Calder !=\n", "f");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, "f:1: no name after the \"!=\"");
}

TEST(Aliases, ShownNameNeedsTwoWords) {
  auto a = Aliases::Parse("Jeta = Ilirjeta Buzoku\n", "f");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message,
            "f:1: the name left of \"=\" is the one shown and needs two words or more, not \"Jeta\"");
}

TEST(Aliases, SameNameTwiceFails) {
  auto a = Aliases::Parse("Angela D'Urso = Angela d'urso\n", "f");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, "f:1: \"Angela D'Urso\" and \"Angela d'urso\" are already the same name");
}

TEST(Aliases, GroupIsNotAName) {
  auto a = Aliases::Parse("Steve Calder = Board members\n", "f");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message,
            "f:1: \"Board members\" is not read as a person's name (a group, role or organisation word?)");
}

TEST(Aliases, ContradictionNamesTheEarlierLine) {
  auto a = Aliases::Parse("Steve Calder = Steven Calder\nsteven calder != Steve Calder\n", "f");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, "f:2: contradicts line 1");
}

TEST(Aliases, MissingFileIsNotFound) {
  auto a = LoadAliases("/nonexistent/people.aliases");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kNotFound);
}

TEST(Aliases, LoadNamesTheFileInErrors) {
  const auto path = std::filesystem::temp_directory_path() / "mb_people_aliases_test.aliases";
  std::ofstream(path) << "# header\nSteve Calder ~ Steven Calder\n";
  auto a = LoadAliases(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message,
            path.string() + ":2: expected \"Name = Other Name\" or \"Name != Other Name\"");
}

TEST(Aliases, ShippedFileParses) {
  auto a = LoadAliases(MINUTEBOOK_SOURCE_DIR "/rules/people.aliases");
  ASSERT_TRUE(a) << a.error().message;
}

}  // namespace
}  // namespace minutebook::people
