// `minutebook actions` and `minutebook people` through their CLI11
// registration, over a real (temporary) index.
#include "cli/people_commands.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "index/index.h"
#include "roster/roster.h"

namespace minutebook::cli {
namespace {

namespace fs = std::filesystem;

Attendee Present(const std::string& date, const std::string& name, const std::string& role = "present") {
  Attendee a;
  a.meeting_date = date;
  a.name = a.person = name;
  a.role = role;
  return a;
}

Action Act(const std::string& date, const std::string& text, std::vector<std::string> owners,
           const std::string& status, int page) {
  Action a;
  a.meeting_date = date;
  a.text = text;
  a.owners = a.owners_written = std::move(owners);
  a.status = status;
  a.page = page;
  return a;
}

// A one-page document at `path` with `x` as its extraction.
index::DocumentRecord Record(const std::string& path, Extraction x) {
  index::DocumentRecord r;
  r.path = path;
  r.sha256 = path;
  r.document.pages.push_back(Page{1, "minutes", "minutes"});
  r.extraction = std::move(x);
  return r;
}

class PeopleCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mb_people_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "rules");
    db_ = (dir_ / "index.db").string();
    auto index = index::Index::Open(db_);
    ASSERT_TRUE(index) << index.error().message;

    index::DocumentRecord march;
    march.path = "papers/2023-03.txt";
    march.sha256 = "m";
    march.document.pages.push_back(Page{1, "minutes", "minutes"});
    march.extraction.attendees = {Present("2023-03-29", "Steve Calder"), Present("2023-03-29", "Chris Lyons"),
                                  Present("2023-03-29", "Chris Smith"), Present("2023-03-29", "Councillor Syed Ghani")};
    march.extraction.actions = {
        Act("2023-03-29", "Steve Calder to meet with Angie Fuller to discuss the resettlement panel", {"Steve Calder"},
            "open", 3),
        Act("2023-03-29", "Chris to share the plan", {"Chris"}, "open", 3)};
    ASSERT_TRUE((*index)->Put(march));

    index::DocumentRecord june;
    june.path = "papers/2023-06.txt";
    june.sha256 = "j";
    june.document.pages.push_back(Page{1, "minutes", "minutes"});
    june.extraction.attendees = {Present("2023-06-28", "Steve Calder", "apologies"),
                                 Present("2023-06-28", "Cllr Ghani")};
    june.extraction.actions = {
        Act("2023-06-28",
            "Steven Calder to meet with Angie Fuller to discuss children's and adults resettlement panel",
            {"Steven Calder"}, "outstanding", 2),
        Act("2023-06-28", "Cllr Ghani and Steve Calder to write to partners", {"Cllr Ghani", "Steve Calder"},
            "completed", 4),
        Act("2023-06-28", "Partners to review the plan", {"Partners"}, "open", 4)};
    ASSERT_TRUE((*index)->Put(june));
    // People stored as ingest stores them: the commands read them.
    auto aliases = roster::ReadAliases((dir_ / "rules").string());
    ASSERT_TRUE(aliases) << aliases.error().message;
    auto refreshed = roster::Refresh(**index, *aliases);
    ASSERT_TRUE(refreshed) << refreshed.error().message;
  }

  void TearDown() override { fs::remove_all(dir_); }

  // Runs `minutebook ARGS --db <db>`; returns the exit status.
  int Run(const std::string& args) {
    out_.str("");
    err_.str("");
    CLI::App app;
    std::string db = "unused.db";
    auto run = AddPeopleCommands(app, db, (dir_ / "rules").string(), out_, err_);
    app.parse(args + " --db " + db_, false);
    auto code = run();
    EXPECT_TRUE(code.has_value());
    return code.value_or(-1);
  }

  nlohmann::json Json() { return nlohmann::json::parse(out_.str()); }

  fs::path dir_;
  std::string db_;
  std::ostringstream out_, err_;
};

TEST_F(PeopleCommandsTest, ActionsOfOnePersonUnderAnySpellingNewestFirst) {
  ASSERT_EQ(Run("actions --owner \"Steven Calder\" --json"), 0) << err_.str();
  const auto j = Json();
  ASSERT_EQ(j.size(), 2u) << j.dump(2);
  // Both from the June meeting, page order: the carried-forward one first.
  EXPECT_EQ(j[0]["meeting_date"], "2023-06-28");
  EXPECT_EQ(j[0]["status"], "outstanding");
  EXPECT_EQ(j[0]["owners"], nlohmann::json({"Steve Calder"}));
  EXPECT_EQ(j[0]["document"], "papers/2023-06.txt");
  EXPECT_EQ(j[0]["page"], 2);
  ASSERT_EQ(j[0]["history"].size(), 2u);
  EXPECT_EQ(j[0]["history"][0]["meeting_date"], "2023-03-29");
  EXPECT_EQ(j[0]["history"][0]["status"], "open");
  EXPECT_EQ(j[0]["history"][0]["document"], "papers/2023-03.txt");
  // Shared with Cllr Ghani, whose full name is known from March.
  EXPECT_EQ(j[1]["owners"], nlohmann::json({"Syed Ghani", "Steve Calder"}));
  EXPECT_EQ(j[1]["status"], "completed");
}

TEST_F(PeopleCommandsTest, ActionsTextShowsHistory) {
  ASSERT_EQ(Run("actions --owner \"steve calder\" --status outstanding"), 0) << err_.str();
  EXPECT_NE(out_.str().find("2023-06-28  outstanding  Steve Calder"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("history: 2023-03-29 open \xE2\x86\x92 2023-06-28 outstanding"), std::string::npos)
      << out_.str();
}

TEST_F(PeopleCommandsTest, ActionsFiltersByDate) {
  ASSERT_EQ(Run("actions --from 2023-04 --json"), 0) << err_.str();
  EXPECT_EQ(Json().size(), 3u);
  ASSERT_EQ(Run("actions --to 2023-03 --json"), 0) << err_.str();
  EXPECT_EQ(Json().size(), 2u);  // the March actions, one carried forward later
}

TEST_F(PeopleCommandsTest, ActionsOfAGroupAsWritten) {
  ASSERT_EQ(Run("actions --owner partners --json"), 0) << err_.str();
  ASSERT_EQ(Json().size(), 1u);
  EXPECT_EQ(Json()[0]["text"], "Partners to review the plan");
}

TEST_F(PeopleCommandsTest, UnknownOwnerSuggestsClosestNamesAndExits1) {
  EXPECT_EQ(Run("actions --owner \"Stve Calder\""), 1);
  EXPECT_EQ(err_.str(), "minutebook: nobody known is called \"Stve Calder\"; closest: Steve Calder\n");
  EXPECT_EQ(out_.str(), "");
}

TEST_F(PeopleCommandsTest, AmbiguousOwnerExits1WithCandidates) {
  EXPECT_EQ(Run("actions --owner Christopher"), 1);
  EXPECT_EQ(err_.str(), "minutebook: \"Christopher\" could be Chris Lyons, Chris Smith; give more of the name\n");
}

TEST_F(PeopleCommandsTest, AmbiguousOwnerWrittenSoShowsThoseActions) {
  ASSERT_EQ(Run("actions --owner Chris --json"), 0) << err_.str();
  ASSERT_EQ(Json().size(), 1u);
  EXPECT_EQ(Json()[0]["owners"], nlohmann::json({"Chris"}));
  EXPECT_EQ(err_.str(),
            "minutebook: \"Chris\" could be Chris Lyons, Chris Smith; showing the actions that name \"Chris\" as "
            "written\n");
}

TEST_F(PeopleCommandsTest, ActionsCsvHasHeaderAndHistory) {
  ASSERT_EQ(Run("actions --owner \"Steve Calder\" --csv --status outstanding"), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "meeting_date,status,owners,text,item,document,page,history\r\n"
            "2023-06-28,outstanding,Steve Calder,Steven Calder to meet with Angie Fuller to discuss children's and "
            "adults resettlement panel,,papers/2023-06.txt,2,2023-03-29 open \xE2\x86\x92 2023-06-28 outstanding\r\n");
}

TEST_F(PeopleCommandsTest, PeopleListsAliasesMeetingsAndActions) {
  ASSERT_EQ(Run("people --json"), 0) << err_.str();
  const auto j = Json();
  const auto steve = std::find_if(j.begin(), j.end(), [](const auto& p) { return p["canonical"] == "Steve Calder"; });
  ASSERT_NE(steve, j.end()) << j.dump(2);
  EXPECT_EQ((*steve)["meetings_attended"], 1);  // apologies in June
  EXPECT_EQ((*steve)["actions_open"], 1);
  EXPECT_EQ((*steve)["actions_closed"], 1);
  EXPECT_NE(std::find((*steve)["aliases"].begin(), (*steve)["aliases"].end(), "Steven Calder"),
            (*steve)["aliases"].end());
  const auto ghani = std::find_if(j.begin(), j.end(), [](const auto& p) { return p["canonical"] == "Syed Ghani"; });
  ASSERT_NE(ghani, j.end());
  EXPECT_EQ((*ghani)["meetings_attended"], 2);
  EXPECT_EQ((*ghani)["councillor"], true);
}

TEST_F(PeopleCommandsTest, UnresolvedListsTheAmbiguousFirstName) {
  ASSERT_EQ(Run("people --unresolved --json"), 0) << err_.str();
  const auto j = Json();
  ASSERT_EQ(j.size(), 1u) << j.dump(2);
  EXPECT_EQ(j[0]["name"], "Chris");
  EXPECT_EQ(j[0]["reason"], "ambiguous");
  EXPECT_EQ(j[0]["candidates"], nlohmann::json({"Chris Lyons", "Chris Smith"}));
  EXPECT_EQ(j[0]["where"][0]["document"], "papers/2023-03.txt");
}

TEST_F(PeopleCommandsTest, StoredPeopleOutOfDateAreResolvedPerQueryWithANotice) {
  {
    auto index = index::Index::Open(db_);
    ASSERT_TRUE(index) << index.error().message;
    Extraction september;
    september.attendees = {Present("2023-09-27", "Dana Okafor")};
    september.actions = {Act("2023-09-27", "Dana Okafor to chair the panel", {"Dana Okafor"}, "open", 1)};
    ASSERT_TRUE((*index)->Put(Record("papers/2023-09.txt", september)));
  }
  ASSERT_EQ(Run("actions --owner \"dana okafor\" --json"), 0) << err_.str();
  ASSERT_EQ(Json().size(), 1u);
  EXPECT_EQ(err_.str(), "minutebook: the people stored in " + db_ +
                            " predate its documents or aliases; resolving them for this query (`minutebook ingest` "
                            "stores them again)\n");
}

TEST_F(PeopleCommandsTest, StoredPeopleAnswerWithoutANotice) {
  ASSERT_EQ(Run("people --json"), 0) << err_.str();
  EXPECT_EQ(err_.str(), "");
  ASSERT_EQ(Run("actions --owner \"Cllr Ghani\" --json"), 0) << err_.str();
  EXPECT_EQ(err_.str(), "");
  EXPECT_EQ(Json().size(), 1u);
}

TEST_F(PeopleCommandsTest, ExplainPrintsTheEvidence) {
  ASSERT_EQ(Run("people --explain \"Cllr Ghani\""), 0) << err_.str();
  EXPECT_NE(out_.str().find("title_surname: \"Cllr Ghani\" (title and surname) is Syed Ghani"), std::string::npos)
      << out_.str();
}

TEST_F(PeopleCommandsTest, AliasesFileFromTheRulesFolder) {
  std::ofstream(dir_ / "rules" / "people.aliases") << "# keep them apart\nSteve Calder != Steven Calder\n";
  ASSERT_EQ(Run("actions --owner \"Steven Calder\" --json"), 0) << err_.str();
  EXPECT_EQ(Json().size(), 1u);
}

TEST_F(PeopleCommandsTest, BadAliasesFileExits2WithFileAndLine) {
  const std::string path = (dir_ / "rules" / "people.aliases").string();
  std::ofstream(path) << "# header\nSteve Calder is Steven Calder\n";
  EXPECT_EQ(Run("people"), 2);
  EXPECT_EQ(err_.str(), "minutebook: " + path +
                            ":2: expected \"Name = Other Name\" or \"Name != Other Name\"\n");
}

TEST_F(PeopleCommandsTest, MissingExplicitAliasesFileExits2) {
  EXPECT_EQ(Run("people --aliases " + (dir_ / "none.aliases").string()), 2);
  EXPECT_NE(err_.str().find("none.aliases: no such file"), std::string::npos) << err_.str();
}

TEST_F(PeopleCommandsTest, NoIndexExits2) {
  fs::remove(db_);
  EXPECT_EQ(Run("people"), 2);
  EXPECT_NE(err_.str().find("no index here"), std::string::npos);
}

TEST_F(PeopleCommandsTest, CanonicalisePeopleForExport) {
  auto index = index::Index::Open(db_, {.read_only = true});
  ASSERT_TRUE(index) << index.error().message;
  auto docs = (*index)->LoadExtractions();
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_TRUE(CanonicalisePeople(*docs, (dir_ / "rules").string()));
  const Extraction& june = (*docs)[1].second;
  EXPECT_EQ(june.attendees[1].name, "Cllr Ghani");
  EXPECT_EQ(june.attendees[1].person, "Syed Ghani");
  EXPECT_EQ(june.actions[0].owners, std::vector<std::string>{"Steve Calder"});
  EXPECT_EQ(june.actions[0].owners_written, std::vector<std::string>{"Steven Calder"});

  std::ofstream(dir_ / "rules" / "people.aliases") << "Steve Calder = \n";
  auto bad = CanonicalisePeople(*docs, (dir_ / "rules").string());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, (dir_ / "rules" / "people.aliases").string() + ":1: no name after the \"=\"");
}

TEST(PeopleCommands, OtherSubcommandsAreNotOurs) {
  CLI::App app;
  std::string db;
  app.add_subcommand("stats", "");
  auto run = AddPeopleCommands(app, db, "rules");
  app.parse("stats", false);
  EXPECT_EQ(run(), std::nullopt);
}

}  // namespace
}  // namespace minutebook::cli
