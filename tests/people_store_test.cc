// People stored in the index (roster) against a full recomputation
// (Directory::Build + TrackActions over LoadExtractions), after each way an
// index changes: documents added, changed and pruned by ingest, the aliases
// changed, shards merged. The fast path must never drift from the slow one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tuple>

#include "common/gold_json.h"
#include "index/index.h"
#include "ingest/ingest.h"
#include "people/people.h"
#include "roster/roster.h"

namespace minutebook {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

json ActionJson(const people::TrackedAction& t) {
  json history = json::array();
  for (const auto& h : t.history) history.push_back({h.meeting_date, h.status, h.document, h.page});
  const Action& a = t.action;
  return {t.document, a.meeting_date, a.text,  a.owners,    a.owners_written, a.status,
          a.item,     a.page,         t.owners, t.owner_ids, history};
}

json ActionsJson(const std::vector<people::TrackedAction>& v) {
  json out = json::array();
  for (const auto& t : v) out.push_back(ActionJson(t));
  return out;
}

json PeopleJson(const std::vector<roster::PersonSummary>& v) {
  json out = json::array();
  for (const auto& s : v) {
    const people::Person& p = s.person;
    out.push_back({p.canonical, p.aliases, p.emails, p.meetings_attended, p.councillor, s.actions_open,
                   s.actions_closed});
  }
  return out;
}

json UnresolvedJson(const std::vector<people::Unresolved>& v) {
  json out = json::array();
  for (const auto& u : v) {
    json where = json::array();
    for (const auto& w : u.where) where.push_back({w.document, w.meeting_date, w.field});
    out.push_back({u.name, u.reason, u.candidates, where});
  }
  return out;
}

json LookupJson(const people::Directory& d, const std::string& name) {
  const people::Resolution r = d.Lookup(name);
  return {r.person ? *r.person : -1, r.candidates, r.evidence.rule, r.evidence.detail, d.Suggest(name, 5)};
}

// What a user may type for each person: every spelling, lower-cased, the
// surname after a title, the first name alone, initials, and misspellings.
std::vector<std::string> Queries(const people::Directory& d) {
  std::vector<std::string> out = {"Partners", "nobody at all", "Cllr", "JG", "Chris", "Jeta"};
  for (const auto& p : d.people()) {
    std::vector<std::string> names = p.aliases;
    names.push_back(p.canonical);
    for (const auto& n : names) {
      out.push_back(n);
      std::string lower = n;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back(lower);
      const auto space = n.find(' ');
      const auto last = n.rfind(' ');
      if (space != std::string::npos) {
        out.push_back(n.substr(0, space));
        out.push_back("Cllr " + n.substr(last + 1));
        out.push_back("Ms " + n.substr(last + 1));
        out.push_back(n.substr(0, 1) + n.substr(last + 1, 1));
        out.push_back(n.substr(1));  // a misspelling
      }
    }
  }
  return out;
}

// The stored people of `db` equal a full recomputation with the aliases in
// `rules`: persons, unresolved names, every tracked action, each person's
// actions as `actions --owner` selects them, and what a query resolves to.
void ExpectStoredEqualsRecomputed(const std::string& db, const std::string& rules) {
  auto index = index::Index::Open(db, index::Options{.read_only = true});
  ASSERT_TRUE(index) << index.error().message;
  auto aliases = roster::ReadAliases(rules);
  ASSERT_TRUE(aliases) << aliases.error().message;
  auto current = roster::Current(**index, *aliases);
  ASSERT_TRUE(current) << current.error().message;
  ASSERT_TRUE(*current) << "the stored people are out of date";

  auto documents = (*index)->LoadExtractions();
  ASSERT_TRUE(documents) << documents.error().message;
  auto computed = roster::Compute(*documents, *aliases);
  ASSERT_TRUE(computed) << computed.error().message;
  ASSERT_FALSE(computed->directory.people().empty());
  ASSERT_FALSE(computed->actions.empty());

  auto people = roster::LoadPeople(**index);
  ASSERT_TRUE(people) << people.error().message;
  EXPECT_EQ(PeopleJson(*people), PeopleJson(roster::Summarise(*computed)));

  auto unresolved = roster::LoadUnresolved(**index);
  ASSERT_TRUE(unresolved) << unresolved.error().message;
  EXPECT_EQ(UnresolvedJson(*unresolved), UnresolvedJson(computed->directory.unresolved()));

  auto all = roster::LoadActions(**index, {});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(ActionsJson(*all), ActionsJson(computed->actions));

  // What export writes: names canonical.
  auto canonical = roster::LoadCanonical(**index, *aliases);
  ASSERT_TRUE(canonical) << canonical.error().message;
  ASSERT_TRUE(*canonical) << "the stored people are out of date";
  ASSERT_EQ((*canonical)->size(), documents->size());
  for (size_t i = 0; i < documents->size(); ++i) {
    auto [path, x] = (*documents)[i];
    people::Canonicalise(computed->directory, path, x);
    EXPECT_EQ(ToGoldJson((**canonical)[i].second, (**canonical)[i].first), ToGoldJson(x, path)) << path;
  }

  auto stored = roster::LoadDirectory(**index);
  ASSERT_TRUE(stored) << stored.error().message;
  // Each person with the evidence for their spellings (the web page shows it).
  ASSERT_EQ(stored->people().size(), computed->directory.people().size());
  for (size_t i = 0; i < stored->people().size(); ++i) {
    const auto& a = stored->people()[i].evidence;
    const auto& b = computed->directory.people()[i].evidence;
    ASSERT_EQ(a.size(), b.size()) << computed->directory.people()[i].canonical;
    for (size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(std::tie(a[k].rule, a[k].detail, a[k].document, a[k].meeting_date),
                std::tie(b[k].rule, b[k].detail, b[k].document, b[k].meeting_date));
    }
  }
  for (const std::string& q : Queries(computed->directory)) {
    ASSERT_EQ(LookupJson(*stored, q), LookupJson(computed->directory, q)) << q;
  }
  for (people::PersonId id = 0; id < static_cast<people::PersonId>(computed->directory.people().size()); ++id) {
    for (const std::string status : {"", "open", "completed"}) {
      const people::ActionFilter filter{.owner = id, .status = status};
      auto mine = roster::LoadActions(**index, filter);
      ASSERT_TRUE(mine) << mine.error().message;
      EXPECT_EQ(ActionsJson(people::SelectActions(*mine, filter)),
                ActionsJson(people::SelectActions(computed->actions, filter)))
          << computed->directory.person(id).canonical;
    }
  }
  for (const std::string written : {"Partners", "all csp members", "Chris"}) {
    const people::ActionFilter filter{.owner_written = written};
    auto theirs = roster::LoadActions(**index, filter);
    ASSERT_TRUE(theirs) << theirs.error().message;
    EXPECT_EQ(ActionsJson(people::SelectActions(*theirs, filter)),
              ActionsJson(people::SelectActions(computed->actions, filter)))
        << written;
  }
}

class PeopleStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mb_people_store_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "papers");
    fs::copy(fs::path(MINUTEBOOK_SOURCE_DIR) / "rules", dir_ / "rules");
    for (const auto& e : fs::directory_iterator(fs::path(MINUTEBOOK_SOURCE_DIR) / "corpus")) {
      if (e.path().extension() == ".txt") fs::copy(e.path(), dir_ / "papers" / e.path().filename());
    }
    db_ = (dir_ / "index.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  ingest::Summary Ingest(const std::string& db, bool prune = false, discover::Shard shard = {}) {
    ingest::Options o;
    o.db_path = db;
    o.rules_dir = rules();
    o.jobs = 2;
    o.isolation = ingest::Options::Isolation::kThread;
    o.prune = prune;
    o.shard = shard;
    auto s = ingest::Run({dir_ / "papers"}, o, {}, {});
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : ingest::Summary{};
  }

  std::string rules() const { return (dir_ / "rules").string(); }

  json StoredActions() {
    auto index = index::Index::Open(db_, index::Options{.read_only = true});
    EXPECT_TRUE(index);
    auto all = roster::LoadActions(**index, {});
    EXPECT_TRUE(all);
    return all ? ActionsJson(*all) : json();
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(PeopleStore, EqualsRecomputationAfterIngest) {
  const ingest::Summary s = Ingest(db_);
  EXPECT_GT(s.people_seconds, 0);
  EXPECT_EQ(s.people_error, "");
  ExpectStoredEqualsRecomputed(db_, rules());
  // Nothing changed: nothing resolved again.
  EXPECT_EQ(Ingest(db_).people_seconds, 0);
}

TEST_F(PeopleStore, EqualsRecomputationAfterAddingChangingAndPruning) {
  Ingest(db_);
  const json first = StoredActions();

  // Added: a later meeting carrying the June actions forward, by other spellings.
  const fs::path june = dir_ / "papers" / "000_bef1e02f096a6288.txt";
  std::string later = ReplaceAll(Read(june), "June 2023", "September 2023");
  later = ReplaceAll(later, "28th June", "27th September");
  later = ReplaceAll(later, "Steven Calder", "Steve Calder");
  later = ReplaceAll(later, "(**Outstanding**)", "(**Completed**)");
  Write(dir_ / "papers" / "100_later.txt", later);
  ingest::Summary s = Ingest(db_);
  EXPECT_EQ(s.added, 1);
  EXPECT_GT(s.people_seconds, 0);
  ExpectStoredEqualsRecomputed(db_, rules());
  const json added = StoredActions();
  EXPECT_NE(added, first);

  // Changed: a person renamed in one document.
  Write(june, ReplaceAll(Read(june), "Angie Fuller", "Angela Fuller-Smythe"));
  s = Ingest(db_);
  EXPECT_EQ(s.replaced, 1);
  ExpectStoredEqualsRecomputed(db_, rules());
  EXPECT_NE(StoredActions(), added);

  // Removed, then pruned.
  fs::remove(dir_ / "papers" / "100_later.txt");
  s = Ingest(db_, /*prune=*/true);
  EXPECT_EQ(s.pruned, 1);
  EXPECT_GT(s.people_seconds, 0);
  ExpectStoredEqualsRecomputed(db_, rules());
}

// A change that touches nobody's name (a paper without names added or
// pruned, a new version of a paper whose names and actions are the same)
// leaves the stored people current: no resolution, and still what a full
// recomputation gives, down to the person id on each replaced row.
TEST_F(PeopleStore, ChangesThatNameNobodyLeaveThePeopleCurrent) {
  Ingest(db_);
  const json first = StoredActions();

  const fs::path june = dir_ / "papers" / "000_bef1e02f096a6288.txt";
  const std::string page_break = "\f";
  Write(june, Read(june) + page_break + "Appendix\n\nThe budget figures for the quarter are attached overleaf.\n");
  ingest::Summary s = Ingest(db_);
  EXPECT_EQ(s.replaced, 1);
  EXPECT_EQ(s.people_seconds, 0) << "resolved again for a change that names nobody";
  ExpectStoredEqualsRecomputed(db_, rules());
  EXPECT_EQ(StoredActions(), first);

  Write(dir_ / "papers" / "200_note.txt", "Budget note\n\nThe figures for the quarter are attached overleaf.\n");
  s = Ingest(db_);
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(s.people_seconds, 0);
  ExpectStoredEqualsRecomputed(db_, rules());

  fs::remove(dir_ / "papers" / "200_note.txt");
  s = Ingest(db_, /*prune=*/true);
  EXPECT_EQ(s.pruned, 1);
  EXPECT_EQ(s.people_seconds, 0);
  ExpectStoredEqualsRecomputed(db_, rules());

  // The same version again, now naming someone else: resolved again.
  Write(june, ReplaceAll(Read(june), "Angie Fuller", "Angela Fuller-Smythe"));
  s = Ingest(db_);
  EXPECT_EQ(s.replaced, 1);
  EXPECT_GT(s.people_seconds, 0);
  ExpectStoredEqualsRecomputed(db_, rules());
}

TEST_F(PeopleStore, AliasesChangeResolvesAgain) {
  Ingest(db_);
  const json before = StoredActions();
  std::ofstream(dir_ / "rules" / "people.aliases", std::ios::app) << "\nSteve Calder != Steven Calder\n";
  {
    // Queries see that the stored people predate the aliases.
    auto index = index::Index::Open(db_, index::Options{.read_only = true});
    ASSERT_TRUE(index);
    auto aliases = roster::ReadAliases(rules());
    ASSERT_TRUE(aliases) << aliases.error().message;
    auto current = roster::Current(**index, *aliases);
    ASSERT_TRUE(current);
    EXPECT_FALSE(*current);
  }
  const ingest::Summary s = Ingest(db_);
  EXPECT_EQ(s.added + s.replaced, 0);
  EXPECT_GT(s.people_seconds, 0);
  ExpectStoredEqualsRecomputed(db_, rules());
  EXPECT_NE(StoredActions(), before);
}

TEST_F(PeopleStore, BadAliasesLeaveThePeopleOutOfDateWithoutFailingTheIngest) {
  Ingest(db_);
  std::ofstream(dir_ / "rules" / "people.aliases", std::ios::app) << "\nSteve Calder is Steven Calder\n";
  Write(dir_ / "papers" / "100_copy.txt", Read(dir_ / "papers" / "000_bef1e02f096a6288.txt") + "\nAppendix\n");
  const ingest::Summary s = Ingest(db_);
  EXPECT_EQ(s.added, 1);
  EXPECT_NE(s.people_error.find("people.aliases:"), std::string::npos) << s.people_error;
  auto index = index::Index::Open(db_, index::Options{.read_only = true});
  ASSERT_TRUE(index);
  auto current = (*index)->PeopleCurrent("");
  ASSERT_TRUE(current);
  EXPECT_FALSE(*current);
  auto flag = (*index)->GetMeta(index::kPeopleCurrent);
  ASSERT_TRUE(flag && *flag);
  EXPECT_EQ(**flag, "0");
}

TEST_F(PeopleStore, EqualsRecomputationAfterMergingShards) {
  Write(dir_ / "papers" / "100_later.txt",
        ReplaceAll(Read(dir_ / "papers" / "000_bef1e02f096a6288.txt"), "June 2023", "September 2023"));
  const std::string a = (dir_ / "a.db").string(), b = (dir_ / "b.db").string();
  Ingest(a, false, {0, 2});
  Ingest(b, false, {1, 2});
  const std::string merged = (dir_ / "merged.db").string();
  auto resolve = [&](index::Index& index) -> Result<void> {
    MB_ASSIGN(updated, roster::Update(index, rules()));
    EXPECT_TRUE(updated.refreshed);
    EXPECT_EQ(updated.aliases_error, "");
    return {};
  };
  auto m = index::Merge(merged, {a, b}, {}, resolve);
  ASSERT_TRUE(m) << m.error().message;
  ExpectStoredEqualsRecomputed(merged, rules());
  // And the merged people are those of one ingest of the same files.
  Ingest(db_);
  auto one = index::Index::Open(db_, index::Options{.read_only = true});
  auto two = index::Index::Open(merged, index::Options{.read_only = true});
  ASSERT_TRUE(one && two);
  auto p1 = roster::LoadPeople(**one);
  auto p2 = roster::LoadPeople(**two);
  ASSERT_TRUE(p1 && p2);
  EXPECT_EQ(PeopleJson(*p1), PeopleJson(*p2));
}

}  // namespace
}  // namespace minutebook
