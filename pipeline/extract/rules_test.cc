// The rule files as data: every rule's own examples hold, the RE2::Set
// prefilter and the rule-by-rule path agree on every line of the corpus
// papers, and a broken rule file is reported with its file and line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "extract/extract.h"
#include "extract/internal/doc.h"
#include "extract/internal/lines.h"
#include "extract/internal/rules.h"

namespace minutebook::extract::internal {
namespace {

const std::string kRulesDir = MINUTEBOOK_SOURCE_DIR "/rules";
const std::string kData = MINUTEBOOK_SOURCE_DIR "/tests/data/extract";

const RuleSet& Rules() {
  static const RuleSet* rules = [] {
    auto r = RuleSet::LoadDir(kRulesDir);
    if (!r) {
      ADD_FAILURE() << r.error().message;
      std::abort();
    }
    return r->release();
  }();
  return *rules;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Describe(const std::vector<Hit>& hits) {
  std::string out;
  for (const Hit& h : hits) {
    out += h.rule->name + "[" + std::to_string(h.begin) + "," + std::to_string(h.end) + ")";
    for (const auto& [k, v] : h.captures) out += " " + k + "=" + v;
    out += "; ";
  }
  return out;
}

TEST(RuleFiles, EveryExampleHolds) {
  int examples = 0;
  for (const auto& rule : Rules().rules()) {
    for (const auto& msg : RuleSet::CheckExamples(*rule)) ADD_FAILURE() << msg;
    examples += static_cast<int>(rule->examples.size());
  }
  EXPECT_GT(examples, 100);
}

TEST(RuleFiles, EveryRuleHasAMatchingExample) {
  for (const auto& rule : Rules().rules()) {
    bool positive = false;
    for (const auto& ex : rule->examples) positive = positive || ex.must_match;
    EXPECT_TRUE(positive) << rule->file << ":" << rule->line << ": rule " << rule->name << " has no match example";
  }
}

TEST(RuleFiles, ExtractorLoadsThem) {
  auto x = Extractor::Create({kRulesDir});
  ASSERT_TRUE(x) << x.error().message;
  EXPECT_EQ((*x)->version().rfind("extract-", 0), 0u);
  EXPECT_NE((*x)->version().find("rules-"), std::string::npos);
}

TEST(RuleSet, BrokenPatternNamesFileAndLine) {
  auto r = RuleSet::LoadDir(kData + "/broken_rules");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "broken.rules:5: missing ): (?P<day>\\d+ (unclosed");
}

TEST(RuleSet, CreateFailsOnBrokenRuleFile) {
  auto x = Extractor::Create({kData + "/broken_rules"});
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(x.error().message.rfind("broken.rules:5: ", 0), 0u) << x.error().message;
}

TEST(RuleSet, ParseChecksStructureAndCompileChecksPatterns) {
  auto sources = RuleSet::ReadDir(kData + "/broken_rules");
  ASSERT_TRUE(sources) << sources.error().message;
  auto parsed = RuleSet::Parse(*sources);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_FALSE((*parsed)->version().empty());
  auto compiled = (*parsed)->Compile();
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().message, "broken.rules:5: missing ): (?P<day>\\d+ (unclosed");
  EXPECT_FALSE(RuleSet::Parse({{"f.rules", "rule a.b\nfields x\n"}}));
}

// The rules folder with one pattern broken: in the background the error
// comes from Ready(), with the same file and line.
TEST(RuleSet, BackgroundCompileReportsTheBrokenPatternOnReady) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("extract_rules_bg_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(kRulesDir, dir);
  int lines = 0;
  {
    std::ifstream in(dir / "dates.rules");
    for (std::string l; std::getline(in, l);) ++lines;
  }
  std::ofstream(dir / "dates.rules", std::ios::app) << "rule date.broken\npattern (?P<d>x\nfields d\n";
  auto background = Extractor::Create({.rules_dir = dir.string(), .compile_in_background = true});
  auto now = Extractor::Create({.rules_dir = dir.string()});
  fs::remove_all(dir);
  ASSERT_TRUE(background) << background.error().message;
  auto ready = (*background)->Ready();
  ASSERT_FALSE(ready);
  const std::string where = "dates.rules:" + std::to_string(lines + 2) + ": missing )";
  EXPECT_EQ(ready.error().message.rfind(where, 0), 0u) << ready.error().message;
  ASSERT_FALSE(now);
  EXPECT_EQ(now.error().message, ready.error().message);
}

TEST(RuleSet, BackgroundCompileExtractsAsCreateDoes) {
  auto background = Extractor::Create({.rules_dir = kRulesDir, .compile_in_background = true});
  auto now = Extractor::Create({.rules_dir = kRulesDir});
  ASSERT_TRUE(background && now);
  ASSERT_TRUE((*background)->Ready());
  ASSERT_TRUE((*now)->Ready());
  EXPECT_EQ((*background)->version(), (*now)->version());
  Document doc;
  doc.pages.push_back(Page{});
  doc.pages[0].number = 1;
  doc.pages[0].normalised =
      "Minutes of the Parks Board held on 3 March 2024\n\nPresent: Clare Brutton (Chair), Steven Calder\n\n"
      "1. Play areas\nAction: Clare Brutton to report on repairs by April.\n";
  doc.pages[0].text = doc.pages[0].normalised;
  const Extraction a = (*background)->Process(doc);
  const Extraction b = (*now)->Process(doc);
  ASSERT_EQ(a.meetings.size(), b.meetings.size());
  EXPECT_EQ(a.meetings.size(), 1u);
  EXPECT_EQ(a.attendees.size(), b.attendees.size());
  EXPECT_EQ(a.actions.size(), b.actions.size());
  EXPECT_FALSE(a.actions.empty());
}

TEST(RuleSet, CreateFailsWhenAGroupIsMissing) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("extract_rules_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(kRulesDir + "/dates.rules", dir / "dates.rules", fs::copy_options::overwrite_existing);
  auto x = Extractor::Create({dir.string()});
  fs::remove_all(dir);
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(x.error().message.find("have no rule in group"), std::string::npos) << x.error().message;
}

TEST(RuleSet, MissingFolderIsNotFound) {
  auto x = Extractor::Create({kData + "/no_such_folder"});
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().code, ErrorCode::kNotFound);
}

TEST(RuleSet, FieldsMustBeNamedCaptures) {
  auto r = RuleSet::FromSources({{"f.rules", "rule a.b\npattern (?P<x>\\d+)\nfields y\n"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "f.rules:1: field 'y' is not a named capture of rule a.b");
  r = RuleSet::FromSources({{"f.rules", "rule a.b\npattern (?P<x>\\d+)\n"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "f.rules:1: named capture 'x' of rule a.b is not listed in fields");
}

TEST(RuleSet, UnknownKeyAndDuplicateRule) {
  auto r = RuleSet::FromSources({{"f.rules", "rule a.b\npattern x\ncolour red\n"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "f.rules:3: unknown key 'colour'");
  r = RuleSet::FromSources({{"f.rules", "rule a.b\npattern x\nrule a.b\npattern y\n"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "f.rules:3: duplicate rule a.b");
}

TEST(RuleSet, ConstantsAndCapturesAndLongPatterns) {
  auto r = RuleSet::FromSources({{"f.rules",
                                  "rule status.done\n"
                                  "pattern \\((?P<word>done|\n"
                                  "pattern complete)\\)$\n"
                                  "flags i\n"
                                  "fields word\n"
                                  "set status=completed\n"
                                  "match Send the letter (Done) => word=Done | status=completed\n"
                                  "nomatch Send the letter\n"}});
  ASSERT_TRUE(r) << r.error().message;
  auto hit = (*r)->First("status", "Write the report (COMPLETE)");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->Get("word"), "COMPLETE");
  EXPECT_EQ(hit->Get("status"), "completed");
  EXPECT_TRUE(RuleSet::CheckExamples(*(*r)->rules()[0]).empty());
}

TEST(RuleSet, ExampleFailuresAreReported) {
  auto r = RuleSet::FromSources({{"f.rules", "rule a.b\npattern (?P<n>\\d+)\nfields n\nmatch abc\nmatch 12 => n=13\nnomatch 7\n"}});
  ASSERT_TRUE(r);
  auto errors = RuleSet::CheckExamples(*(*r)->rules()[0]);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], "f.rules:4: a.b: must match: abc");
  EXPECT_EQ(errors[1], "f.rules:5: a.b: n = '12', expected '13' in: 12");
  EXPECT_EQ(errors[2], "f.rules:6: a.b: must not match: 7");
}

// Only patterns whose every alternative starts with '^' run anchored.
TEST(RuleSet, AnchoredAtStartOnlyWhenEveryAlternativeIs) {
  EXPECT_TRUE(AnchoredAtStart("^(?P<num>\\d{1,3})\\s*[.)]$"));
  EXPECT_TRUE(AnchoredAtStart("^(?:signed|dated)\\s*[_.]{3,}.*$|^[_.]{5,}"));
  EXPECT_TRUE(AnchoredAtStart("^[|(]a|^b"));            // '|' and '(' in a class
  EXPECT_TRUE(AnchoredAtStart("^\\(x\\)|^z"));           // escaped parentheses
  EXPECT_FALSE(AnchoredAtStart("^\\(x|y\\)"));           // ...which do not group: "y\)" floats
  EXPECT_FALSE(AnchoredAtStart("^a|b"));                 // one alternative floats
  EXPECT_FALSE(AnchoredAtStart("(?:^|, )(?P<owners>x)")); // '^' inside a group
  EXPECT_FALSE(AnchoredAtStart("\\bactions?\\b"));
  EXPECT_FALSE(AnchoredAtStart("(?m)^a"));               // multi-line: '^' after every newline
  EXPECT_FALSE(AnchoredAtStart("^a(?im)|^b"));           // ...set in one alternative, for the next
  EXPECT_TRUE(AnchoredAtStart("^(?i:minutes)|^(?s:.)"));  // other flags keep '^' at the start
  EXPECT_FALSE(AnchoredAtStart("^a)"));                  // unbalanced
  EXPECT_FALSE(AnchoredAtStart("^a|"));
  EXPECT_FALSE(AnchoredAtStart(""));
  int anchored = 0;
  for (const auto& r : Rules().rules()) anchored += AnchoredAtStart(r->pattern);
  EXPECT_GT(anchored, 50);  // most rules read a line from its start
}

// RE2's tester checks all implementations against each other; so do we: the
// Set prefilter must not lose or add a hit anywhere in the corpus papers.
TEST(RuleSet, SetPathAgreesWithRuleByRuleOnCorpus) {
  const RuleSet& rules = Rules();
  int lines = 0;
  int hits = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kData + "/corpus")) {
    if (entry.path().extension() == ".md" && entry.path().filename() == "README.md") continue;
    std::string text = CleanText(ReadFile(entry.path()));
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      ++lines;
      for (const auto& group : rules.group_names()) {
        auto set = rules.MatchAll(group, line, RuleSet::Path::kSet);
        auto each = rules.MatchAll(group, line, RuleSet::Path::kEach);
        ASSERT_EQ(Describe(set), Describe(each)) << entry.path().filename() << " group " << group << ": " << line;
        auto set_all = rules.FindAll(group, line, RuleSet::Path::kSet);
        auto each_all = rules.FindAll(group, line, RuleSet::Path::kEach);
        ASSERT_EQ(Describe(set_all), Describe(each_all)) << entry.path().filename() << " group " << group << ": " << line;
        hits += static_cast<int>(set.size());
      }
    }
  }
  EXPECT_GT(lines, 3000);
  EXPECT_GT(hits, 1000);
}

// DocContext::Matches keeps each line's answer for the first 32 groups
// asked and asks RE2 again for the rest: asked in any order, any number of
// times, it and FirstOn must answer as the rules do. The corpus papers have
// more groups than it keeps, so both paths are taken.
TEST(DocContext, MatchesAnswersAsTheRulesDoInAnyOrder) {
  const RuleSet& rules = Rules();
  const std::vector<std::string> groups = rules.group_names();
  ASSERT_GT(groups.size(), 32u);
  std::mt19937 rng(11);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kData + "/corpus")) {
    if (entry.path().filename() == "README.md") continue;
    Document document;
    document.pages.push_back(Page{});
    document.pages[0].normalised = ReadFile(entry.path());
    DocContext doc(rules, SplitLines(document));
    std::vector<std::pair<int, size_t>> asks;
    for (int i = 0; i < doc.size(); ++i) {
      for (size_t g = 0; g < groups.size(); ++g) asks.emplace_back(i, g);
    }
    std::shuffle(asks.begin(), asks.end(), rng);
    asks.resize(asks.size() / 2);
    // Each question twice: the second answer comes from what the first kept.
    for (int round = 0; round < 2; ++round) {
      for (const auto& [i, g] : asks) {
        const auto want = rules.First(groups[g], doc.text(i));
        ASSERT_EQ(doc.Matches(groups[g], i), want.has_value())
            << entry.path().filename() << " line " << i << " group " << groups[g] << ": " << doc.text(i);
        const auto got = doc.FirstOn(groups[g], i);
        ASSERT_EQ(Describe(got ? std::vector<Hit>{*got} : std::vector<Hit>{}),
                  Describe(want ? std::vector<Hit>{*want} : std::vector<Hit>{}));
      }
    }
    ++files;
  }
  EXPECT_GE(files, 5);
}

TEST(RuleSet, EveryGroupIsFoundByNameAndNoOtherName) {
  const RuleSet& rules = Rules();
  std::set<const Rule*> seen;
  for (const std::string& name : rules.group_names()) {
    const auto& group = rules.group(name);
    ASSERT_FALSE(group.empty()) << name;
    for (const Rule* r : group) {
      EXPECT_EQ(r->group, name);
      seen.insert(r);
    }
    // Names of the same length and letters at the probed positions land in
    // the same slot: they must still miss.
    std::string near = name;
    near[near.size() > 2 ? 1 : 0] ^= 0x20;
    if (near != name) {
      EXPECT_TRUE(rules.group(near).empty()) << near;
    }
    EXPECT_TRUE(rules.group(name + "x").empty()) << name;
  }
  EXPECT_EQ(seen.size(), rules.rules().size());
  EXPECT_TRUE(rules.group("").empty());
  EXPECT_TRUE(rules.group("no-such-group").empty());
}

TEST(Lines, WordCountCountsWhatWordsSplits) {
  for (std::string_view s : {"", " ", "\t\t", "one", " one", "one ", "one two", "one  two\tthree ",
                             "\tCllr  Ghani (Chair)\t", "a b c d e f g h i j k l m", "caf\xc3\xa9 na\xc3\xafve"}) {
    EXPECT_EQ(WordCount(s), Words(s).size()) << "'" << s << "'";
  }
}

}  // namespace
}  // namespace minutebook::extract::internal
