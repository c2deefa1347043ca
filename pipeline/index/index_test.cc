#include "index/index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <tuple>

#include <fmt/format.h>

#include "index/internal/page_body.h"
#include "index/internal/schema.h"

namespace minutebook::index {
namespace {

namespace fs = std::filesystem;

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("mb_index_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    Cleanup();
    auto opened = Index::Open(path_);
    ASSERT_TRUE(opened) << opened.error().message;
    index_ = std::move(*opened);
  }
  void TearDown() override {
    index_.reset();
    Cleanup();
  }
  void Cleanup() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }

  static DocumentRecord Record(const std::string& path, const std::string& sha, std::vector<std::string> pages) {
    DocumentRecord r;
    r.path = path;
    r.sha256 = sha;
    int n = 1;
    for (auto& text : pages) r.document.pages.push_back(Page{n++, text, text});
    return r;
  }

  std::string path_;
  std::unique_ptr<Index> index_;
};

TEST_F(IndexTest, SearchFindsPhraseOnItsPageWithMeetingDate) {
  DocumentRecord r = Record("a.txt", "s1", {"nothing here", "the domestic homicide review was noted"});
  r.extraction.meetings.push_back(Meeting{"2023-06-28", "Board", "minutes", "", 1});
  ASSERT_TRUE(index_->Put(r));
  auto hits = index_->Search("\"homicide review\"", {});
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].page, 2);
  EXPECT_EQ((*hits)[0].meeting_date, "2023-06-28");
  EXPECT_NE((*hits)[0].snippet.find("[homicide review]"), std::string::npos);
}

TEST_F(IndexTest, DiacriticsAndPrefixQueries) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"Café resettlement panel"})));
  EXPECT_EQ(index_->Search("cafe", {})->size(), 1u);
  EXPECT_EQ(index_->Search("resettle*", {})->size(), 1u);
  EXPECT_EQ(index_->Search("cafe NOT panel", {})->size(), 0u);
}

TEST_F(IndexTest, MalformedQueryIsInvalidArgumentNotCrash) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"text"})));
  auto hits = index_->Search("\"unbalanced", {});
  ASSERT_FALSE(hits);
  EXPECT_EQ(hits.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(hits.error().message.find("bad search query"), std::string::npos);
}

TEST_F(IndexTest, PutReplacesOldVersionAtomically) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"old words"})));
  ASSERT_TRUE(index_->Put(Record("a.txt", "s2", {"new words", "second page"})));
  EXPECT_EQ(index_->Search("old", {})->size(), 0u);
  EXPECT_EQ(index_->Search("new", {})->size(), 1u);
  auto stats = index_->GetStats();
  EXPECT_EQ(stats->documents, 1);
  EXPECT_EQ(stats->pages, 2);
  auto known = index_->KnownDocuments();
  ASSERT_EQ(known->size(), 1u);
  EXPECT_EQ((*known)[0].second.sha256, "s2");
}

// The writer keeps its statements prepared between documents: none may be
// left stepped after a Put (it would hold a read open, and a checkpoint of
// the WAL could then never finish while the writer lives).
TEST_F(IndexTest, PutLeavesNoReadOpenForCheckpoints) {
  ASSERT_TRUE(index_->Put(Record("b.txt", "s3", {"other words"})));
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"old words"})));
  ASSERT_TRUE(index_->Put(Record("a.txt", "s2", {"new words", "second page"})));  // replaces: finds the old one
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  // A first read opens the file in WAL mode on this connection.
  ASSERT_EQ(sqlite3_exec(db, "SELECT count(*) FROM documents", nullptr, nullptr, nullptr), SQLITE_OK);
  int log = -1, checkpointed = -1;
  EXPECT_EQ(sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log, &checkpointed), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(log, 0);  // the WAL was reset to empty: no reader held it
  EXPECT_EQ(index_->Search("new", {})->size(), 1u);
}

TEST_F(IndexTest, FailureKeepsEarlierGoodVersion) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"kept words"})));
  ASSERT_TRUE(index_->RecordFailure("a.txt", "s2", "corrupt: truncated"));
  EXPECT_EQ(index_->Search("kept", {})->size(), 1u);
  auto failures = index_->Failures();
  ASSERT_EQ(failures->size(), 1u);
  EXPECT_EQ((*failures)[0].reason, "corrupt: truncated");
  // A later good read clears the failure.
  ASSERT_TRUE(index_->Put(Record("a.txt", "s3", {"fixed"})));
  EXPECT_TRUE(index_->Failures()->empty());
}

TEST_F(IndexTest, DocumentFailingHalfWayAsTheFirstPutLeavesTheNextOneWritable) {
  // The first Put of a connection makes its staging tables; its rollback (a
  // worker that died while sending pages) must not take them away from the
  // next document, nor leave any of its pages behind.
  const Index::PageSource dies = []() -> Result<std::optional<std::vector<Page>>> {
    return Fail(ErrorCode::kIo, "worker died while sending pages");
  };
  EXPECT_FALSE(index_->Put(Record("long.txt", "s1", {"half sent words"}), dies));
  auto next = index_->Put(Record("good.txt", "s2", {"written whole"}));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(index_->Search("written", {})->size(), 1u);
  EXPECT_TRUE(index_->Search("half", {})->empty());
  // A second failure and a retry of the first document.
  EXPECT_FALSE(index_->Put(Record("long.txt", "s1", {"half sent again"}), dies));
  ASSERT_TRUE(index_->Put(Record("long.txt", "s3", {"sent whole"})));
  EXPECT_EQ(index_->Search("sent", {})->size(), 1u);
}

TEST_F(IndexTest, ExtractionRoundTrips) {
  DocumentRecord r = Record("a.txt", "s1", {"p1"});
  r.extraction.attendees.push_back(Attendee{"2023-06-28", "Cllr Ghani", "Syed Ghani", "present", true, false, 1});
  Action a;
  a.meeting_date = "2023-06-28";
  a.text = "Clare and Amolak to engage";
  a.owners = {"Clare Brutton", "Amolak Tatter"};
  a.owners_written = {"Clare", "Amolak"};
  a.status = "outstanding";
  r.extraction.actions.push_back(a);
  Report rep;
  rep.title = "Victim Support Update";
  rep.authors = {"Alexandra Joseph"};
  rep.contacts = {"a@b.org"};
  r.extraction.reports.push_back(rep);
  r.extraction.restricted.push_back(Restricted{"2023-06-28", "Prevent Update", "withheld_page", false, "", 1});
  ASSERT_TRUE(index_->Put(r));
  auto all = index_->LoadExtractions();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  const Extraction& x = (*all)[0].second;
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].owners, a.owners);
  EXPECT_EQ(x.actions[0].owners_written, a.owners_written);
  EXPECT_EQ(x.actions[0].status, "outstanding");
  EXPECT_TRUE(x.attendees[0].chair);
  EXPECT_EQ(x.attendees[0].person, "Syed Ghani");
  EXPECT_FALSE(x.reports[0].security.has_value());
  EXPECT_EQ(x.reports[0].contacts, rep.contacts);
  EXPECT_EQ(x.restricted[0].kind, "withheld_page");
}

TEST_F(IndexTest, ItemsAreSearchableByKindAndDate) {
  DocumentRecord r = Record("a.txt", "s1", {"page words"});
  Action a;
  a.meeting_date = "2023-06-28";
  a.text = "Steve Calder to meet Angie Fuller about the resettlement panel";
  a.page = 1;
  r.extraction.actions.push_back(a);
  r.extraction.restricted.push_back(Restricted{"2023-03-29", "Resettlement panel review", "agenda_item", false, "", 1});
  ASSERT_TRUE(index_->Put(r));
  auto all = index_->Search("resettlement", SearchOptions{.items = true});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->size(), 2u);
  auto actions = index_->Search("resettlement", SearchOptions{.items = true, .item_kind = "action"});
  ASSERT_EQ(actions->size(), 1u);
  EXPECT_EQ((*actions)[0].kind, "action");
  EXPECT_EQ((*actions)[0].meeting_date, "2023-06-28");
  auto later = index_->Search("resettlement", SearchOptions{.from_date = "2023-04-01", .items = true});
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ(index_->Search("page", SearchOptions{.items = true})->size(), 0u);
  ASSERT_TRUE(index_->Put(Record("a.txt", "s2", {"replaced"})));
  EXPECT_EQ(index_->Search("resettlement", SearchOptions{.items = true})->size(), 0u);
}

TEST_F(IndexTest, OcrCacheStoresAndFinds) {
  EXPECT_FALSE(index_->FindOcr("k1")->has_value());
  ASSERT_TRUE(index_->StoreOcr({{"k1", "scanned words", 91.0}, {"k2", "more", 40.0}}));
  auto hit = index_->FindOcr("k1");
  ASSERT_TRUE(hit && hit->has_value());
  EXPECT_EQ((*hit)->text, "scanned words");
  EXPECT_DOUBLE_EQ((*hit)->confidence, 91.0);
  index_.reset();
  auto ro = Index::Open(path_, Options{.read_only = true});
  ASSERT_TRUE(ro);
  EXPECT_TRUE((*ro)->FindOcr("k2")->has_value());
}

TEST_F(IndexTest, RemoveDeletesRowsAndFtsEntries) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"gone soon"})));
  ASSERT_TRUE(index_->Remove("a.txt"));
  EXPECT_EQ(index_->Search("gone", {})->size(), 0u);
  EXPECT_EQ(index_->GetStats()->pages, 0);
}

TEST_F(IndexTest, ReopenKeepsSchemaAndReadOnlyOpenWorks) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"persisted"})));
  index_.reset();
  auto ro = Index::Open(path_, Options{.read_only = true});
  ASSERT_TRUE(ro) << ro.error().message;
  EXPECT_EQ((*ro)->Search("persisted", {})->size(), 1u);
}

TEST_F(IndexTest, OcrReasonAndLabelSourceRoundTrip) {
  DocumentRecord r = Record("a.pdf", "s1", {"p1", "p2"});
  r.document.pages[1].ocr = true;
  r.document.pages[1].ocr_confidence = 88;
  r.document.pages[1].ocr_reason = "garbage_text";
  Restricted item{"2024-03-12", "(unlabelled restricted item)", "agenda_item", true, "text", 2};
  item.label_source = "none";
  r.extraction.restricted.push_back(item);
  ASSERT_TRUE(index_->Put(r));
  auto pages = index_->LoadPages("a.pdf");
  ASSERT_TRUE(pages);
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].ocr_reason, "");
  EXPECT_EQ((*pages)[1].ocr_reason, "garbage_text");
  auto status = index_->LoadPageStatus();
  ASSERT_TRUE(status);
  ASSERT_EQ((*status)["a.pdf"].size(), 2u);
  EXPECT_EQ((*status)["a.pdf"][1].ocr_reason, "garbage_text");
  EXPECT_TRUE((*status)["a.pdf"][1].ocr);
  EXPECT_TRUE((*status)["a.pdf"][1].text.empty());
  auto all = index_->LoadExtractions();
  ASSERT_TRUE(all);
  EXPECT_EQ((*all)[0].second.restricted.at(0).label_source, "none");
}

// An index made before ocr_reason and label_source is migrated on open: its
// rows keep their content and get the defaults.
TEST(IndexMigration, SchemaOneGainsOcrReasonAndLabelSourceAndPackedPages) {
  const std::string path = (fs::temp_directory_path() / ("mb_index_v1_" + std::to_string(::getpid()) + ".db")).string();
  fs::remove(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const std::string v1 = std::string("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);") + kMigrations[0] +
                         "INSERT INTO meta VALUES('schema_version', '1');"
                         "INSERT INTO documents(id, path, sha256, kind, page_count, ingested_at) "
                         "VALUES(1, 'old.pdf', 's', 'pdf', 1, 'then');"
                         "INSERT INTO pages(document_id, number, text, normalised, ocr) VALUES(1, 1, 'kept', 'kept', 0);"
                         "INSERT INTO restricted(document_id, meeting_date, label, kind, content_published, evidence, page) "
                         "VALUES(1, '', 'Old Item', 'agenda_item', 0, '', 1);";
  ASSERT_EQ(sqlite3_exec(db, v1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);

  auto ro = Index::Open(path, Options{.read_only = true});
  ASSERT_FALSE(ro) << "a read-only open does not migrate";
  auto opened = Index::Open(path);
  ASSERT_TRUE(opened) << opened.error().message;
  auto pages = (*opened)->LoadPages("old.pdf");
  ASSERT_TRUE(pages);
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ((*pages)[0].text, "kept");
  EXPECT_EQ((*pages)[0].normalised, "kept");
  EXPECT_EQ((*pages)[0].ocr_reason, "");
  auto all = (*opened)->LoadExtractions();
  ASSERT_TRUE(all);
  EXPECT_EQ((*all)[0].second.restricted.at(0).label_source, "title");
  EXPECT_EQ((*opened)->Search("kept", {})->size(), 1u);
  // Indexed before the hidden-text check existed: known to be unchecked.
  auto hidden = (*opened)->LoadHiddenText();
  ASSERT_TRUE(hidden);
  ASSERT_EQ(hidden->size(), 1u);
  EXPECT_EQ((*hidden)[0].kind, "pdf");
  EXPECT_FALSE((*hidden)[0].checked);
  opened->reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
}

// Page bodies: both texts come back as stored; the original costs next to
// nothing when it equals the normalised text; a blob that is not a page body
// is an error, never an empty page.
TEST(PageBody, RoundTripsBothTextsAndRejectsDamage) {
  const std::string text = "The ﬁnal minutes were agreed.\nAction: Clare to re-\nport back.";
  const std::string normalised = "The final minutes were agreed.\nAction: Clare to report back.";
  const std::string blob = internal::PackPage(text, normalised);
  auto body = internal::UnpackPage(blob);
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(body->text, text);
  EXPECT_EQ(body->normalised, normalised);
  EXPECT_EQ(*internal::UnpackNormalised(blob), normalised);

  // Empty normalised text: nothing to normalise, the text is both.
  auto same = internal::UnpackPage(internal::PackPage(text, ""));
  ASSERT_TRUE(same);
  EXPECT_EQ(same->normalised, text);
  EXPECT_EQ(same->text, text);

  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += fmt::format("Item {}: the committee noted the report of the clerk. ", i);
  const size_t once = internal::PackPage(long_text, long_text).size();
  EXPECT_LT(once, long_text.size() / 3) << "board-paper text compresses";
  EXPECT_LT(internal::PackPage(long_text, long_text + " ").size(), once + 64) << "a near-copy costs little";

  EXPECT_FALSE(internal::UnpackPage(""));
  EXPECT_FALSE(internal::UnpackPage("plain text"));
  std::string damaged = blob;
  damaged[damaged.size() / 2] ^= 0x55;
  damaged.resize(damaged.size() - 3);
  EXPECT_FALSE(internal::UnpackPage(damaged));
}

TEST_F(IndexTest, HiddenTextIsStoredReplacedAndRemovedWithItsDocument) {
  DocumentRecord r = Record("a.pdf", "s1", {"one", "two"});
  r.document.kind = DocumentKind::kPdf;
  r.document.hidden_checked = true;
  r.document.hidden_text = {{2, "Victim named Jane Example"}, {2, "second line"}};
  ASSERT_TRUE(index_->Put(r));
  ASSERT_TRUE(index_->Put(Record("b.txt", "s2", {"text"})));
  auto hidden = index_->LoadHiddenText();
  ASSERT_TRUE(hidden) << hidden.error().message;
  ASSERT_EQ(hidden->size(), 2u);
  EXPECT_EQ((*hidden)[0].path, "a.pdf");
  EXPECT_TRUE((*hidden)[0].checked);
  EXPECT_EQ((*hidden)[0].found, r.document.hidden_text);
  EXPECT_EQ((*hidden)[1].kind, "text");
  EXPECT_FALSE((*hidden)[1].checked);

  r.sha256 = "s3";
  r.document.hidden_text = {};
  ASSERT_TRUE(index_->Put(r));
  hidden = index_->LoadHiddenText();
  ASSERT_TRUE(hidden);
  EXPECT_TRUE((*hidden)[0].checked);
  EXPECT_TRUE((*hidden)[0].found.empty());
  ASSERT_TRUE(index_->Remove("a.pdf"));
  hidden = index_->LoadHiddenText();
  ASSERT_TRUE(hidden);
  ASSERT_EQ(hidden->size(), 1u);
  EXPECT_EQ((*hidden)[0].path, "b.txt");
}

TEST_F(IndexTest, MatchPagesGivesEveryHitWithoutALimitAndPageTextOnePage) {
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(index_->Put(Record(fmt::format("d{:03}.txt", i), "s", {"nothing", "the serious violence duty"})));
  }
  auto hits = index_->MatchPages("\"serious violence\"");
  ASSERT_TRUE(hits) << hits.error().message;
  EXPECT_EQ(hits->size(), 120u);
  for (const auto& h : *hits) EXPECT_EQ(h.page, 2);
  EXPECT_FALSE(index_->MatchPages("\"unbalanced"));
  auto text = index_->PageText("d007.txt", 2);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, std::optional<std::string>("the serious violence duty"));
  text = index_->PageText("d007.txt", 3);
  ASSERT_TRUE(text);
  EXPECT_FALSE(text->has_value());
}

// FindPhrases finds in a text what a phrase query finds on a page of that
// text: tokens across punctuation, case, diacritics, apostrophes, quotes in
// the phrase, a phrase that starts inside a longer partial match ("a a b"),
// non-ASCII separators, invalid UTF-8, and phrases without tokens.
TEST_F(IndexTest, FindPhrasesFindsWhatAPhraseQueryFinds) {
  const std::vector<std::string> words = {"Café", "cafe", "CAFE", "D'Urso", "durso", "d", "urso", "the", "a", "b",
                                          "2024/2025", "2024", "naïve", "naive", "self-harm", "\"quoted\"", "x_y",
                                          "“curly”", "–", "\xff\xfe", "Ole\xcc\x81", "ole", "\u00a0", ".", "s\u00e9ance",
                                          "\"\""};
  std::mt19937 random(13);
  auto some_words = [&](size_t most) {
    std::string out;
    const size_t n = 1 + random() % most;
    for (size_t i = 0; i < n; ++i) {
      out += words[random() % words.size()];
      out += (random() % 4 == 0) ? "\n" : " ";
    }
    return out;
  };
  std::vector<std::string> pages = {"a a b", "x a a a b"};
  for (int i = 0; i < 60; ++i) pages.push_back(some_words(40));
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", pages)));
  std::vector<std::string> phrases = {"a b", "a a b", "cafe durso", "...", "", "\"\"", "d urso"};
  for (int i = 0; i < 200; ++i) phrases.push_back(some_words(3));
  int hits_seen = 0, misses_seen = 0;
  for (const auto& phrase : phrases) {
    std::string query = "\"";
    for (char c : phrase) query += c == '"' ? std::string("\"\"") : std::string(1, c);
    auto hits = index_->MatchPages(query + "\"");
    ASSERT_TRUE(hits) << phrase << ": " << hits.error().message;
    for (size_t p = 0; p < pages.size(); ++p) {
      const bool hit = std::any_of(hits->begin(), hits->end(),
                                   [&](const PageRef& h) { return h.page == static_cast<int>(p) + 1; });
      auto found = index_->FindPhrases(pages[p], {"unrelated words", phrase});
      ASSERT_TRUE(found) << found.error().message;
      EXPECT_EQ((*found)[1], hit) << "phrase [" << phrase << "] on page [" << pages[p] << "]";
      ++(hit ? hits_seen : misses_seen);
    }
  }
  EXPECT_GT(hits_seen, 200);
  EXPECT_GT(misses_seen, 200);
}

TEST_F(IndexTest, ForEachPageTextUnpacksEachBodyOnce) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"one", "two", "one"})));
  ASSERT_TRUE(index_->Put(Record("b.txt", "s2", {"two", "three"})));
  std::vector<std::tuple<std::int64_t, std::int64_t, std::optional<std::string>>> seen;
  ASSERT_TRUE(index_->ForEachPageText([&](std::int64_t id, std::int64_t first, const std::string* text) -> Result<void> {
    seen.emplace_back(id, first, text ? std::optional(*text) : std::nullopt);
    return {};
  }));
  ASSERT_EQ(seen.size(), 5u);
  // Pages in id order: a.txt 1-3, b.txt 1-2.
  const std::int64_t a1 = std::get<0>(seen[0]), a2 = std::get<0>(seen[1]);
  EXPECT_EQ(seen[0], std::tuple(a1, a1, std::optional<std::string>("one")));
  EXPECT_EQ(seen[1], std::tuple(a2, a2, std::optional<std::string>("two")));
  EXPECT_EQ(seen[2], std::tuple(std::get<0>(seen[2]), a1, std::optional<std::string>()));
  EXPECT_EQ(seen[3], std::tuple(std::get<0>(seen[3]), a2, std::optional<std::string>()));
  EXPECT_EQ(std::get<2>(seen[4]), std::optional<std::string>("three"));
  // An error from `each` stops it.
  int calls = 0;
  auto stopped = index_->ForEachPageText([&](std::int64_t, std::int64_t, const std::string*) -> Result<void> {
    ++calls;
    return Fail(ErrorCode::kInternal, "enough");
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(calls, 1);
}

// LoadAuditData holds what LoadExtractions holds of the parts the audit
// reads, and a slot for every page.
TEST_F(IndexTest, LoadAuditDataIsLoadExtractionsInPart) {
  for (const char* path : {"b.txt", "a.txt", "c.txt"}) {
    DocumentRecord r = Record(path, path, {"one", "two"});
    Extraction& x = r.extraction;
    x.meetings = {{"2023-01-02", "Board", "minutes", "Hall", 1}, {"2023-02-03", "Panel", "agenda", "", 2}};
    x.attendees.push_back(Attendee{"2023-01-02", "Ann Smith", "Ann Smith", "present", true, false, 1});
    Report rep;
    rep.title = std::string("Report of ") + path;
    rep.authors = {"Ann Smith"};
    rep.security = "OFFICIAL";
    rep.page = 2;
    rep.line = 4;
    x.reports = {rep, Report{}};
    x.restricted.push_back({"2023-01-02", "Prevent Update", "agenda_item", true, "ev", 2});
    x.restricted.back().label_source = "heading";
    x.markings.push_back(Marking{"PROTECTED", "inline", 2, 3});
    ASSERT_TRUE(index_->Put(r));
  }
  auto full = index_->LoadExtractions();
  auto part = index_->LoadAuditData();
  ASSERT_TRUE(full && part);
  ASSERT_EQ(part->documents.size(), full->size());
  for (size_t d = 0; d < full->size(); ++d) {
    auto [path, x] = (*full)[d];
    for (auto& m : x.meetings) m = Meeting{m.date, "", "", "", m.page};
    x.attendees.clear();
    x.actions.clear();
    for (auto& r : x.reports) r.authors = r.contacts = {};
    const Extraction& y = part->documents[d].second;
    EXPECT_EQ(part->documents[d].first, path);
    ASSERT_EQ(y.meetings.size(), x.meetings.size());
    for (size_t i = 0; i < x.meetings.size(); ++i) {
      EXPECT_EQ(std::tie(y.meetings[i].date, y.meetings[i].page), std::tie(x.meetings[i].date, x.meetings[i].page));
    }
    EXPECT_TRUE(y.attendees.empty() && y.actions.empty());
    ASSERT_EQ(y.reports.size(), x.reports.size());
    for (size_t i = 0; i < x.reports.size(); ++i) {
      const Report &a = y.reports[i], &b = x.reports[i];
      EXPECT_EQ(std::tie(a.meeting_date, a.title, a.date, a.authors, a.contacts, a.security, a.page, a.line),
                std::tie(b.meeting_date, b.title, b.date, b.authors, b.contacts, b.security, b.page, b.line));
    }
    ASSERT_EQ(y.restricted.size(), x.restricted.size());
    for (size_t i = 0; i < x.restricted.size(); ++i) {
      const Restricted &a = y.restricted[i], &b = x.restricted[i];
      EXPECT_EQ(std::tie(a.meeting_date, a.label, a.kind, a.content_published, a.evidence, a.page, a.label_source),
                std::tie(b.meeting_date, b.label, b.kind, b.content_published, b.evidence, b.page, b.label_source));
    }
    ASSERT_EQ(y.markings.size(), x.markings.size());
    for (size_t i = 0; i < x.markings.size(); ++i) {
      const Marking &a = y.markings[i], &b = x.markings[i];
      EXPECT_EQ(std::tie(a.value, a.source, a.page, a.line), std::tie(b.value, b.source, b.page, b.line));
    }
  }
  ASSERT_EQ(part->pages.size(), 6u);
  for (size_t i = 0; i < part->pages.size(); ++i) {
    const PageSlot& p = part->pages[i];
    if (i > 0) {
      EXPECT_LT(part->pages[i - 1].id, p.id);
    }
    EXPECT_TRUE(p.number == 1 || p.number == 2);
  }
  // b.txt was put first: its pages have the first ids, and it is document 1 in path order.
  EXPECT_EQ(part->pages[0].document, 1);
}

TEST_F(IndexTest, ForEachPeopleInputIsLoadExtractionsInPartWithoutDocumentsNamingNobody) {
  auto action = [](std::string text, std::vector<std::string> owners) {
    Action a;
    a.meeting_date = "2023-01-02";
    a.text = std::move(text);
    a.owners = a.owners_written = std::move(owners);
    a.status = "open";
    a.item = "4";
    a.page = 2;
    return a;
  };
  for (const char* path : {"d.txt", "b.txt", "a.txt", "c.txt", "e.txt"}) {
    DocumentRecord r = Record(path, path, {"one", "two"});
    Extraction& x = r.extraction;
    x.meetings = {{"2023-01-02", "Board", "minutes", "Hall", 1}};
    x.restricted.push_back({"2023-01-02", "Prevent Update", "agenda_item", true, "ev", 2});
    const std::string p = path;
    if (p == "a.txt" || p == "d.txt") {
      x.attendees.push_back(Attendee{"2023-01-02", "Ann Smith", "Ann Smith", "present", true, false, 1});
      x.attendees.push_back(Attendee{"2023-01-02", "Cllr Bo", "Bo Li", "apologies", false, true, 1});
      x.actions = {action("Write to the trust", {"Ann Smith", "Bo Li"}), action("Nobody's", {}),
                   action("Report back", {"Partners"})};
    }
    Report rep;
    rep.title = "Report of " + p;
    rep.security = "OFFICIAL";
    if (p == "b.txt") rep.contacts = {"ann.smith@example.org"};
    if (p == "e.txt") rep.authors = {"Ann Smith"};
    x.reports = {rep};  // c.txt names nobody
    ASSERT_TRUE(index_->Put(r));
  }
  auto full = index_->LoadExtractions();
  ASSERT_TRUE(full);
  std::vector<std::pair<std::string, Extraction>> given;
  ASSERT_TRUE(index_->ForEachPeopleInput([&](const std::string& path, const Extraction& x) { given.emplace_back(path, x); }));
  ASSERT_EQ(given.size(), 4u);
  size_t g = 0;
  for (const auto& [path, x] : *full) {
    if (path == "c.txt") continue;
    ASSERT_LT(g, given.size());
    const auto& [given_path, y] = given[g++];
    EXPECT_EQ(given_path, path);
    EXPECT_TRUE(y.meetings.empty() && y.restricted.empty() && y.markings.empty());
    ASSERT_EQ(y.attendees.size(), x.attendees.size()) << path;
    for (size_t i = 0; i < x.attendees.size(); ++i) {
      const Attendee &a = y.attendees[i], &b = x.attendees[i];
      EXPECT_EQ(std::tie(a.meeting_date, a.name, a.person, a.role, a.chair, a.minute_taker, a.page),
                std::tie(b.meeting_date, b.name, b.person, b.role, b.chair, b.minute_taker, b.page));
    }
    ASSERT_EQ(y.actions.size(), x.actions.size()) << path;
    for (size_t i = 0; i < x.actions.size(); ++i) {
      const Action &a = y.actions[i], &b = x.actions[i];
      EXPECT_EQ(std::tie(a.meeting_date, a.text, a.owners, a.owners_written, a.status, a.item, a.page),
                std::tie(b.meeting_date, b.text, b.owners, b.owners_written, b.status, b.item, b.page));
    }
    ASSERT_EQ(y.reports.size(), x.reports.size()) << path;
    for (size_t i = 0; i < x.reports.size(); ++i) {
      const Report &a = y.reports[i], &b = x.reports[i];
      EXPECT_EQ(std::tie(a.meeting_date, a.title, a.date, a.authors, a.contacts, a.security, a.page, a.line),
                std::tie(b.meeting_date, b.title, b.date, b.authors, b.contacts, b.security, b.page, b.line));
    }
  }
  EXPECT_EQ(g, given.size());
}

// Stored people go out of date for what changes a name, and only for that.
TEST_F(IndexTest, StoredPeopleGoOutOfDateOnlyWhenADocumentNamingSomeoneComesGoesOrChangesItsNames) {
  auto current = [&] {
    auto c = index_->PeopleCurrent("aliases");
    EXPECT_TRUE(c) << c.error().message;
    return c && *c;
  };
  auto store = [&] { ASSERT_TRUE(index_->StorePeople(StoredPeople{}, "aliases")); };
  DocumentRecord named = Record("a.txt", "s1", {"one"});
  named.extraction.attendees.push_back(Attendee{"2023-01-02", "Ann Smith", "Ann Smith", "present", false, false, 1});
  ASSERT_TRUE(index_->Put(named));
  EXPECT_FALSE(current());
  store();
  EXPECT_TRUE(current());

  // Naming nobody: added, replaced and removed.
  DocumentRecord plain = Record("b.txt", "s2", {"budget"});
  plain.extraction.reports.push_back(Report{});
  ASSERT_TRUE(index_->Put(plain));
  plain.document.pages[0].text = plain.document.pages[0].normalised = "budget, revised";
  ASSERT_TRUE(index_->Put(plain));
  ASSERT_TRUE(index_->Remove("b.txt"));
  EXPECT_TRUE(current());

  // A new version naming the same people in the same places.
  named.sha256 = "s3";
  named.document.pages[0].text = named.document.pages[0].normalised = "one, revised";
  ASSERT_TRUE(index_->Put(named));
  EXPECT_TRUE(current());

  // One naming someone else.
  named.extraction.attendees[0].page = 2;
  ASSERT_TRUE(index_->Put(named));
  EXPECT_FALSE(current());
  store();
  ASSERT_TRUE(index_->Remove("a.txt"));
  EXPECT_FALSE(current());
}

// What a page of the web server loads per request: one document's
// extraction, the meetings a stored person attended, and the documents
// holding one meeting.
TEST_F(IndexTest, OneDocumentsExtractionMeetingsAttendedAndDocumentsWithAMeeting) {
  for (const char* path : {"b.txt", "a.txt", "c.txt"}) {
    DocumentRecord r = Record(path, path, {"one", "two"});
    Extraction& x = r.extraction;
    const std::string p = path;
    x.meetings = {{"2023-01-02", "Board", "minutes", "Hall", 1}, {"2023-01-02", "Board", "minutes", "Hall", 2}};
    if (p == "c.txt") x.meetings = {{"2023-01-02", "Panel", "minutes", "", 1}};
    x.attendees = {Attendee{"2023-01-02", "Ann", "Ann Smith", "present", false, false, 1},
                   Attendee{"2023-01-02", "Bo Li", "Bo Li", p == "a.txt" ? "apologies" : "present", false, false, 2}};
    ASSERT_TRUE(index_->Put(r));
  }
  StoredPeople people;
  people.persons = {StoredPerson{"Ann Smith"}, StoredPerson{"Bo Li"}};
  for (const char* path : {"a.txt", "b.txt", "c.txt"}) people.names.push_back({path, StoredNames{{0, 1}, {}, {}}});
  ASSERT_TRUE(index_->StorePeople(people, "aliases"));

  auto all = index_->LoadExtractions();
  ASSERT_TRUE(all);
  for (const bool canonical : {false, true}) {
    auto one = index_->LoadExtraction("b.txt", canonical);
    ASSERT_TRUE(one && *one);
    EXPECT_EQ((*one)->meetings.size(), 2u);
    ASSERT_EQ((*one)->attendees.size(), 2u);
    EXPECT_EQ((*one)->attendees[0].person, canonical ? "Ann Smith" : (*all)[1].second.attendees[0].person);
  }
  auto none = index_->LoadExtraction("z.txt", false);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  auto bo = index_->MeetingsAttended(1);
  ASSERT_TRUE(bo);
  ASSERT_EQ(bo->size(), 2u);  // not a.txt, where Bo Li sent apologies
  EXPECT_EQ(std::make_tuple((*bo)[0].meeting_date, (*bo)[0].path, (*bo)[0].page),
            std::make_tuple(std::string("2023-01-02"), std::string("b.txt"), 2));
  EXPECT_EQ((*bo)[1].path, "c.txt");
  auto ann = index_->MeetingsAttended(0);
  ASSERT_TRUE(ann);
  EXPECT_EQ(ann->size(), 3u);

  auto board = index_->DocumentsWithMeeting("2023-01-02", "Board");
  ASSERT_TRUE(board);
  EXPECT_EQ(*board, (std::vector<std::pair<std::string, int>>{{"a.txt", 1}, {"b.txt", 1}}));
  auto panel = index_->DocumentsWithMeeting("2023-01-02", "Panel");
  ASSERT_TRUE(panel);
  EXPECT_EQ(*panel, (std::vector<std::pair<std::string, int>>{{"c.txt", 1}}));
}

// A snapshot keeps what a reader sees while a writer commits.
TEST_F(IndexTest, BeginReadHoldsOneStateOfTheIndex) {
  ASSERT_TRUE(index_->Put(Record("a.txt", "s1", {"one"})));
  auto reader = Index::Open(path_, Options{.read_only = true});
  ASSERT_TRUE(reader) << reader.error().message;
  {
    auto snapshot = (*reader)->BeginRead();
    ASSERT_TRUE(snapshot) << snapshot.error().message;
    ASSERT_TRUE(index_->Put(Record("b.txt", "s2", {"two"})));
    {
      // Within it, another joins it and ends without ending it.
      auto inner = (*reader)->BeginRead();
      ASSERT_TRUE(inner) << inner.error().message;
    }
    auto data = (*reader)->LoadAuditData();
    ASSERT_TRUE(data);
    EXPECT_EQ(data->documents.size(), 1u);
    // Reads that make their own transaction join it.
    auto hidden = (*reader)->LoadHiddenText();
    ASSERT_TRUE(hidden);
    EXPECT_EQ(hidden->size(), 1u);
  }
  auto data = (*reader)->LoadAuditData();
  ASSERT_TRUE(data);
  EXPECT_EQ(data->documents.size(), 2u);
}

// Many pages where a common word is frequent: the shape that made search
// quadratic in the query's words (snippets for every hit, every repeat a
// phrase of its own).
void PutWordyPages(Index& index) {
  std::vector<std::string> pages;
  for (int p = 0; p < 60; ++p) {
    std::string text;
    for (int i = 0; i < 150; ++i) text += fmt::format("the council and the board {} of the ", p * 1000 + i);
    pages.push_back(text);
  }
  DocumentRecord r;
  r.path = "wordy.txt";
  r.sha256 = "w";
  int n = 1;
  for (auto& t : pages) r.document.pages.push_back(Page{n++, t, t});
  ASSERT_TRUE(index.Put(r));
}

TEST_F(IndexTest, ManyRepeatedWordsAnswerQuickly) {
  PutWordyPages(*index_);
  std::string query;
  for (int i = 0; i < 500; ++i) query += "the ";
  const auto start = std::chrono::steady_clock::now();
  auto hits = index_->SearchWithTotal(query, SearchOptions{.limit = 20});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(hits) << hits.error().message;
  EXPECT_EQ(hits->total, 60);
  EXPECT_EQ(hits->hits.size(), 20u);
  EXPECT_NE(hits->hits[0].snippet.find("[the]"), std::string::npos) << hits->hits[0].snippet;
  EXPECT_LT(seconds, 1.0);
}

TEST_F(IndexTest, TooManyDistinctWordsAreRefusedWithTheLimit) {
  std::string query;
  for (int i = 0; i <= kMaxQueryWords; ++i) query += fmt::format("\"w{}\" ", i);
  auto hits = index_->Search(query, {});
  ASSERT_FALSE(hits);
  EXPECT_EQ(hits.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(hits.error().message.find(fmt::format("at most {}", kMaxQueryWords)), std::string::npos)
      << hits.error().message;
}

TEST_F(IndexTest, RepeatedPhrasesAtTheLimitAnswerWithinASecond) {
  // Quoted words are not deduplicated (quotes can mean something); the word
  // limit alone bounds them.
  PutWordyPages(*index_);
  std::string query;
  for (int i = 0; i < kMaxQueryWords; ++i) query += "\"the\" ";
  const auto start = std::chrono::steady_clock::now();
  auto hits = index_->Search(query, SearchOptions{.limit = 10});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(hits) << hits.error().message;
  EXPECT_EQ(hits->size(), 10u);
  EXPECT_LT(seconds, 1.0);
}

TEST_F(IndexTest, HugeQueryIsRefusedWithTheLimit) {
  auto hits = index_->Search(std::string(100 * 1024, 'a'), {});
  ASSERT_FALSE(hits);
  EXPECT_EQ(hits.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(hits.error().message.find(fmt::format("at most {}", kMaxQueryBytes)), std::string::npos);
}

TEST(DropRepeatedWords, OnlyPlainWordListsAreRewritten) {
  EXPECT_EQ(DropRepeatedWords("the council the board* council"), "the council board*");
  EXPECT_EQ(DropRepeatedWords("\"x a a y\" a"), "\"x a a y\" a");
  EXPECT_EQ(DropRepeatedWords("a OR a"), "a OR a");
  EXPECT_EQ(DropRepeatedWords("NEAR(a a)"), "NEAR(a a)");
}

TEST_F(IndexTest, PagesOfHitsWithTotal) {
  PutWordyPages(*index_);
  auto first = index_->SearchWithTotal("council", SearchOptions{.limit = 25});
  auto last = index_->SearchWithTotal("council", SearchOptions{.limit = 25, .offset = 50});
  auto past = index_->SearchWithTotal("council", SearchOptions{.limit = 25, .offset = 100});
  ASSERT_TRUE(first && last && past);
  EXPECT_EQ(first->hits.size(), 25u);
  EXPECT_EQ(last->hits.size(), 10u);
  EXPECT_TRUE(past->hits.empty());
  EXPECT_EQ(first->total, 60);
  EXPECT_EQ(last->total, 60);
  EXPECT_EQ(past->total, 60);
}

TEST(IndexOpen, ReadOnlyOnMissingFileFailsWithIo) {
  auto ro = Index::Open("/nonexistent/dir/x.db", Options{.read_only = true});
  ASSERT_FALSE(ro);
  EXPECT_EQ(ro.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace minutebook::index
