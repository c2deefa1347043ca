// Merge: shards built with the Index API, merged, compared with one index
// holding the same documents.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "index/index.h"

namespace minutebook::index {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("mb_merge_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

DocumentRecord Doc(const std::string& path, const std::string& word, const std::string& sha = "s1") {
  DocumentRecord r;
  r.path = path;
  r.sha256 = sha + path;
  r.pipeline_version = "v1";
  r.document.pages = {Page{1, "minutes of " + word, "minutes of " + word, false, 0},
                      Page{2, "actions for " + word, "actions for " + word, false, 0}};
  r.extraction.meetings = {Meeting{"2024-01-02", "Board", "ordinary", "Hall", 1}};
  Action a;
  a.meeting_date = "2024-01-02";
  a.text = "review " + word;
  a.status = "open";
  a.page = 2;
  a.owners = {"Ann Lee", "Bo Chan"};
  a.owners_written = {"Ann", "Bo"};
  r.extraction.actions = {a, a};
  r.document.kind = DocumentKind::kPdf;
  r.document.hidden_checked = true;
  r.document.hidden_text = {HiddenText{2, "hidden " + word}};
  return r;
}

std::unique_ptr<Index> Open(const fs::path& p) {
  auto db = Index::Open(p.string());
  EXPECT_TRUE(db) << (db ? "" : db.error().message);
  return db ? std::move(*db) : nullptr;
}

std::string Dump(Index& db) {
  std::string out;
  auto docs = db.LoadExtractions();
  EXPECT_TRUE(docs);
  for (const auto& [path, x] : *docs) {
    out += path + ":";
    for (const auto& a : x.actions) {
      out += a.text + "[";
      for (const auto& o : a.owners) out += o + ",";
      out += "]";
    }
    auto pages = db.LoadPages(path);
    EXPECT_TRUE(pages);
    for (const auto& p : *pages) out += "|" + p.normalised;
    out += "\n";
  }
  auto hidden = db.LoadHiddenText();
  EXPECT_TRUE(hidden);
  for (const auto& h : *hidden) {
    out += "hidden " + h.path + " " + h.kind + (h.checked ? " checked" : " unchecked");
    for (const auto& t : h.found) out += " p" + std::to_string(t.page) + ":" + t.text;
    out += "\n";
  }
  auto failures = db.Failures();
  EXPECT_TRUE(failures);
  for (const auto& f : *failures) out += "failed " + f.path + " " + f.reason + "\n";
  return out;
}

size_t Hits(Index& db, const std::string& q) {
  auto h = db.Search(q, SearchOptions{.limit = 1000});
  EXPECT_TRUE(h);
  return h ? h->size() : 0;
}

TEST(Merge, EqualsOneIndexAndReplacesWhatAShardHeldBefore) {
  const fs::path dir = TempDir("eq");
  {
    auto whole = Open(dir / "whole.db");
    auto a = Open(dir / "a.db");
    auto b = Open(dir / "b.db");
    ASSERT_TRUE(a->SetMeta("shard", "0/2"));
    ASSERT_TRUE(b->SetMeta("shard", "1/2"));
    for (auto* db : {whole.get(), a.get()}) {
      ASSERT_TRUE(db->Put(Doc("/p/one", "alpha")));
      ASSERT_TRUE(db->Put(Doc("/p/three", "gamma")));
      ASSERT_TRUE(db->RecordFailure("/p/bad", "x", "corrupt: bad"));
    }
    for (auto* db : {whole.get(), b.get()}) ASSERT_TRUE(db->Put(Doc("/p/two", "beta")));
  }
  auto merged = Merge((dir / "m.db").string(), {(dir / "a.db").string(), (dir / "b.db").string()});
  ASSERT_TRUE(merged) << merged.error().message;
  ASSERT_EQ(merged->size(), 2u);
  EXPECT_EQ((*merged)[0].added, 2);
  EXPECT_EQ((*merged)[0].failures, 1);
  {
    auto m = Open(dir / "m.db");
    auto whole = Open(dir / "whole.db");
    EXPECT_EQ(Dump(*m), Dump(*whole));
    // The hidden-text check travels with its document (table and column).
    auto hidden = m->LoadHiddenText();
    ASSERT_TRUE(hidden);
    ASSERT_EQ(hidden->size(), 3u);
    EXPECT_TRUE((*hidden)[0].checked);
    EXPECT_EQ((*hidden)[0].found, (std::vector<HiddenText>{{2, "hidden alpha"}}));
    EXPECT_EQ(Hits(*m, "beta"), 2u);
    EXPECT_EQ(Hits(*m, "actions"), 3u);
    auto items = m->Search("review", SearchOptions{.limit = 100, .items = true});
    ASSERT_TRUE(items);
    EXPECT_EQ(items->size(), 6u);
  }
  // Again: nothing changed, nothing copied.
  merged = Merge((dir / "m.db").string(), {(dir / "a.db").string(), (dir / "b.db").string()});
  ASSERT_TRUE(merged);
  EXPECT_EQ((*merged)[0].unchanged, 2);
  EXPECT_EQ((*merged)[0].added + (*merged)[0].replaced + (*merged)[0].removed, 0);

  // Shard a changes: one document replaced, one gone, the failure fixed.
  {
    auto a = Open(dir / "a.db");
    ASSERT_TRUE(a->Put(Doc("/p/one", "delta", "s2")));
    ASSERT_TRUE(a->Remove("/p/three"));
    ASSERT_TRUE(a->Remove("/p/bad"));
  }
  merged = Merge((dir / "m.db").string(), {(dir / "a.db").string()});
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ((*merged)[0].replaced, 1);
  EXPECT_EQ((*merged)[0].removed, 1);
  {
    auto m = Open(dir / "m.db");
    EXPECT_EQ(Hits(*m, "gamma"), 0u);
    EXPECT_EQ(Hits(*m, "alpha"), 0u);
    EXPECT_EQ(Hits(*m, "delta"), 2u);
    EXPECT_EQ(Hits(*m, "beta"), 2u);  // shard b untouched
    auto hidden = m->LoadHiddenText();
    ASSERT_TRUE(hidden);
    ASSERT_EQ(hidden->size(), 2u);
    EXPECT_EQ((*hidden)[0].found, (std::vector<HiddenText>{{2, "hidden delta"}}));
    EXPECT_EQ((*hidden)[1].found, (std::vector<HiddenText>{{2, "hidden beta"}}));
    EXPECT_TRUE(m->Failures()->empty());
    auto stats = m->GetStats();
    EXPECT_EQ(stats->documents, 2);
    EXPECT_EQ(stats->actions, 4);
  }
  fs::remove_all(dir);
}

TEST(Merge, RefusesMixedShardsBeforeWritingAnything) {
  const fs::path dir = TempDir("refuse");
  {
    auto full = Open(dir / "full.db");
    auto pub = Open(dir / "pub.db");
    auto other = Open(dir / "other.db");
    ASSERT_TRUE(full->SetMeta("public", "0"));
    ASSERT_TRUE(pub->SetMeta("public", "1"));
    ASSERT_TRUE(full->Put(Doc("/p/one", "alpha")));
    ASSERT_TRUE(pub->Put(Doc("/p/two", "beta")));
    auto d = Doc("/p/three", "gamma");
    d.pipeline_version = "v2";
    ASSERT_TRUE(other->Put(d));
  }
  auto refused = Merge((dir / "m.db").string(), {(dir / "full.db").string(), (dir / "pub.db").string()});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("public"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(fs::exists(dir / "m.db"));
  refused = Merge((dir / "m.db").string(), {(dir / "full.db").string(), (dir / "other.db").string()});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("pipeline version"), std::string::npos) << refused.error().message;
  refused = Merge((dir / "m.db").string(), {(dir / "full.db").string(), (dir / "full.db").string()});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("same shard"), std::string::npos) << refused.error().message;
  {
    auto newer = Open(dir / "newer.db");
    ASSERT_TRUE(newer->Put(Doc("/p/four", "delta")));
    ASSERT_TRUE(newer->SetMeta("schema_version", std::to_string(kSchemaVersion + 1)));
  }
  refused = Merge((dir / "m.db").string(), {(dir / "full.db").string(), (dir / "newer.db").string()});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("schema version"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(fs::exists(dir / "m.db"));
  refused = Merge((dir / "m.db").string(), {(dir / "missing.db").string()});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("no such index"), std::string::npos);
  // A full index does not take a public shard.
  ASSERT_TRUE(Merge((dir / "full-target.db").string(), {(dir / "full.db").string()}));
  refused = Merge((dir / "full-target.db").string(), {(dir / "pub.db").string()});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("public"), std::string::npos) << refused.error().message;
  // A merged index keeps its version: a shard of another is refused.
  ASSERT_TRUE(Merge((dir / "m.db").string(), {(dir / "full.db").string()}));
  refused = Merge((dir / "m.db").string(), {(dir / "other.db").string()});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("pipeline version"), std::string::npos) << refused.error().message;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace minutebook::index
