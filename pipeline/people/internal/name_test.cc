#include "people/internal/name.h"

#include <gtest/gtest.h>

#include <random>

#include "people/people.h"

namespace minutebook::people::internal {
namespace {

TEST(ParseName, TitlesAndRanksAreSetAside) {
  struct Case {
    const char* written;
    const char* display;
    Shape shape;
    bool councillor;
  };
  const Case cases[] = {
      {"Cllr Ghani", "Ghani", Shape::kSingle, true},
      {"Councillor Syed Ghani", "Syed Ghani", Shape::kFull, true},
      {"County Councillor Joseph Davies", "Joseph Davies", Shape::kFull, true},
      {"Cllrs. Peter Harries", "Peter Harries", Shape::kFull, true},
      {"A/Insp Matt Feather", "Matt Feather", Shape::kFull, false},
      {"Chief Superintendent Stuart Bell", "Stuart Bell", Shape::kFull, false},
      {"DCI Jane Hill", "Jane Hill", Shape::kFull, false},
      {"Dr Kieron O\xE2\x80\x99Hara", "Kieron O\xE2\x80\x99Hara", Shape::kFull, false},
      {"The Rt Hon Jane Smith", "Jane Smith", Shape::kFull, false},
      {"Mrs T Dean, MBE", "T Dean", Shape::kInitialed, false},
      {"Mr R Love OBE", "R Love", Shape::kInitialed, false},
      {"Stuart Bell (Chair)", "Stuart Bell", Shape::kFull, false},
      {"Chris Lyons, Community Safety Partnership Manager", "Chris Lyons", Shape::kFull, false},
      {"Ilirjeta Buzoku (NOTE TAKER)", "Ilirjeta Buzoku", Shape::kFull, false},
  };
  for (const Case& c : cases) {
    const Name n = ParseName(c.written);
    EXPECT_EQ(n.display, c.display) << c.written;
    EXPECT_EQ(n.shape, c.shape) << c.written;
    EXPECT_EQ(n.councillor, c.councillor) << c.written;
  }
}

TEST(ParseName, GenderFromTitle) {
  EXPECT_EQ(ParseName("Mr P Cole").gender, Gender::kMale);
  EXPECT_EQ(ParseName("Mrs P T Cole").gender, Gender::kFemale);
  EXPECT_EQ(ParseName("Dr P Cole").gender, Gender::kUnknown);
}

TEST(ParseName, TwoLetterRanksOnlyInCapitals) {
  EXPECT_EQ(ParseName("DI Smith").display, "Smith");
  EXPECT_EQ(ParseName("Di Smith").display, "Di Smith");
}

TEST(ParseName, GroupsRolesAndOrganisationsAreNotNames) {
  for (const char* s : {"All CSP members", "Partners", "Cabinet Office", "Board members", "the Clerk", "Clerk",
                        "Secretariat", "Community Safety", "TBC", "LBBD", "everyone"}) {
    EXPECT_EQ(ParseName(s).shape, Shape::kNone) << s;
  }
}

TEST(ParseName, OneWordShapes) {
  EXPECT_EQ(ParseName("Clare").shape, Shape::kSingle);
  EXPECT_FALSE(ParseName("Clare").titled());
  EXPECT_EQ(ParseName("JG").shape, Shape::kInitials);
  EXPECT_EQ(ParseName("J.").shape, Shape::kNone);
  EXPECT_EQ(ParseName("Steve C.").shape, Shape::kNone);  // no surname to go by
}

TEST(ParseName, LowerCaseOnlyWhenAllowed) {
  EXPECT_EQ(ParseName("steve calder").shape, Shape::kNone);
  EXPECT_EQ(ParseName("steve calder", /*require_capitals=*/false).shape, Shape::kFull);
  EXPECT_EQ(ParseName("Angela d'Urso").shape, Shape::kFull);
  EXPECT_EQ(ParseName("Ludwig van Beethoven").shape, Shape::kFull);
}

TEST(ParseName, KeysIgnoreCaseAccentsApostrophesHyphensAndSpaces) {
  const std::string key = ParseName("Angela D'Urso").key;
  EXPECT_EQ(ParseName("Angela D'urso").key, key);
  EXPECT_EQ(ParseName("Angela d'Urso").key, key);
  EXPECT_EQ(ParseName("Angela D\xE2\x80\x99Urso").key, key);
  EXPECT_EQ(ParseName("Ang\xC3\xA9la D'Urso").key, key);  // Angéla
  EXPECT_EQ(ParseName("Pip-Salvador Jones").key, ParseName("Pip Salvador-Jones").key);
  EXPECT_EQ(ParseName("Pip Salvador Jones").key, ParseName("Pip Salvador-Jones").key);
  EXPECT_EQ(ParseName("Zo\xC3\xAB Hart").key, ParseName("Zoe Hart").key);
  EXPECT_EQ(ParseName("\xC5\x81ukasz Nowak").key, ParseName("Lukasz Nowak").key);  // Łukasz
}

TEST(ParseName, InitialTokens) {
  const Name n = ParseName("J.P. McInroy");
  ASSERT_EQ(n.shape, Shape::kInitialed);
  EXPECT_TRUE(n.first().initial);
  EXPECT_EQ(n.key, ParseName("J P McInroy").key);
  EXPECT_FALSE(ParseName("IAN SMITH").first().initial);  // a name written in capitals
}

TEST(CompareFirstNames, ShortAndLongForms) {
  const FirstNameRules r;
  EXPECT_EQ(CompareFirstNames("steve", false, "steven", false, r), FirstNameMatch::kPrefix);
  EXPECT_EQ(CompareFirstNames("matt", false, "matthew", false, r), FirstNameMatch::kPrefix);
  EXPECT_EQ(CompareFirstNames("jeta", false, "ilirjeta", false, r), FirstNameMatch::kSuffix);
  EXPECT_EQ(CompareFirstNames("jenni", false, "jennie", false, r), FirstNameMatch::kPrefix);
  EXPECT_EQ(CompareFirstNames("isabella", false, "isabelle", false, r), FirstNameMatch::kEnding);
  EXPECT_EQ(CompareFirstNames("j", true, "jenni", false, r), FirstNameMatch::kInitial);
  EXPECT_EQ(CompareFirstNames("ian", false, "brian", false, r), FirstNameMatch::kNo);
  EXPECT_EQ(CompareFirstNames("jo", false, "joanne", false, r), FirstNameMatch::kNo);
  EXPECT_EQ(CompareFirstNames("mark", false, "mary", false, r), FirstNameMatch::kNo);
  EXPECT_EQ(CompareFirstNames("steven", false, "stephen", false, r), FirstNameMatch::kNo);
  EXPECT_EQ(CompareFirstNames("christopher", false, "christine", false, r), FirstNameMatch::kNo);
}

TEST(NameFromEmail, FirstDotLast) {
  EXPECT_EQ(NameFromEmail("matthew.feather@met.police.uk"), "Matthew Feather");
  EXPECT_EQ(NameFromEmail("Steven.calder@justice.gov.uk"), "Steven Calder");
  EXPECT_EQ(NameFromEmail("alexandra.joseph2@victimsupport.org.uk"), "Alexandra Joseph");
  EXPECT_EQ(NameFromEmail("pip.salvador-jones@cab.org"), "Pip Salvador-Jones");
  EXPECT_EQ(NameFromEmail("steve@daggers.co.uk"), std::nullopt);
  EXPECT_EQ(NameFromEmail("a.b.c@x.org"), std::nullopt);
  EXPECT_EQ(NameFromEmail("not an address"), std::nullopt);
}

TEST(Words, MatchTheScorersTokens) {
  EXPECT_EQ(Words("Steven Calder's plan \xE2\x80\x93 (Outstanding)"),
            (std::vector<std::string>{"steven", "calders", "plan", "outstanding"}));
  EXPECT_EQ(Words("D\xE2\x80\x99Urso"), (std::vector<std::string>{"durso"}));
}

TEST(EditDistance, Basic) {
  EXPECT_EQ(EditDistance("stevecalder", "stvecalder"), 1);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

// Names and aliases files come from papers and users: any bytes must parse
// without crashing (run under the sanitizers in CI), and a key never holds
// more than the letters and digits of its input.
TEST(ParseName, SurvivesArbitraryBytes) {
  const std::vector<std::string> pieces = {
      "Cllr ", "Mr ", "A/Insp ", "Steve", "Calder", " ", "  ", "-", "\xE2\x80\x99", "'", "(", ")", "[", ",", ".",
      "=", "!=", "#", "\n", "\t", "\xC3\xA9", "\xC3", "\xFF", "\xE2\x80", "J", "MBE", "d'", "van ", "0", "\xC2\xA0"};
  std::mt19937 rng(20240601);
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    const Name name = ParseName(s);
    EXPECT_LE(name.key.size(), s.size() * 2) << s;
    if (name.shape != Shape::kNone) {
      EXPECT_FALSE(name.tokens.empty()) << s;
    }
    (void)ParseName(s, /*require_capitals=*/false);
    (void)NameFromEmail(s + "@x.org");
    (void)Words(s);
    (void)Aliases::Parse(s, "fuzz");
  }
}

}  // namespace
}  // namespace minutebook::people::internal
