#include "index/index.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <unordered_map>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "index/internal/page_body.h"
#include "index/internal/phrase.h"
#include "index/internal/schema.h"
#include "index/internal/snippet.h"
#include "index/internal/sqlite.h"

namespace minutebook::index {
namespace {

using internal::Database;
using internal::Statement;

std::string NowUtc() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%FT%TZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
}

std::string ToJsonArray(const std::vector<std::string>& v) {
  return nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> FromJsonArray(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& e : j) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

// What Put stores for an attendee's person (the name as written when the
// extractor named nobody), and for the written form of an action's i-th
// owner (the owner when none was recorded): PeopleInputsSha hashes what Put
// stores, so both go through these.
const std::string& PersonAsStored(const Attendee& a) { return a.person.empty() ? a.name : a.person; }
const std::string& OwnerWritten(const Action& a, size_t i) {
  return i < a.owners_written.size() ? a.owners_written[i] : a.owners[i];
}

// Rows of attendees, actions (without their owners) and reports as an
// extraction holds them, read from column `c` on in the order the tables
// declare them; LoadEach and ForEachPeopleInput map them alike.
Attendee AttendeeFrom(const Statement& s, int c) {
  return Attendee{s.Text(c),         s.Text(c + 1),         s.Text(c + 2), s.Text(c + 3),
                  s.Int(c + 4) != 0, s.Int(c + 5) != 0, static_cast<int>(s.Int(c + 6))};
}
Action ActionFrom(const Statement& s, int c) {
  Action a;
  a.meeting_date = s.Text(c);
  a.text = s.Text(c + 1);
  a.status = s.Text(c + 2);
  a.item = s.Text(c + 3);
  a.page = static_cast<int>(s.Int(c + 4));
  return a;
}
Report ReportFrom(const Statement& s, int c) {
  Report r;
  r.meeting_date = s.Text(c);
  r.title = s.Text(c + 1);
  r.date = s.Text(c + 2);
  r.authors = FromJsonArray(s.Text(c + 3));
  r.contacts = FromJsonArray(s.Text(c + 4));
  if (!s.IsNull(c + 5)) r.security = s.Text(c + 5);
  r.page = static_cast<int>(s.Int(c + 6));
  r.line = static_cast<int>(s.Int(c + 7));
  return r;
}

// The SHA-256 of what the people stage reads of a document (its attendees,
// actions and reports as Put stores them and LoadEach reads them back), ''
// when that names nobody: see documents.people_sha (schema.h).
std::string PeopleInputsSha(const Extraction& x) {
  bool names = !x.attendees.empty() || !x.actions.empty();
  nlohmann::json j = nlohmann::json::array();
  for (const auto& a : x.attendees) {
    j.push_back({a.meeting_date, a.name, PersonAsStored(a), a.role, a.chair, a.minute_taker, a.page});
  }
  for (const auto& a : x.actions) {
    std::vector<std::string> written;
    for (size_t i = 0; i < a.owners.size(); ++i) written.push_back(OwnerWritten(a, i));
    j.push_back({a.meeting_date, a.text, a.status, a.item, a.page, a.owners, written});
  }
  for (const auto& r : x.reports) {
    names = names || !r.authors.empty() || !r.contacts.empty();
    j.push_back({r.meeting_date, r.title, r.date, r.authors, r.contacts, r.security ? *r.security : "", r.page, r.line});
  }
  if (!names) return "";
  return Sha256Hex(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// One read transaction over several statements, so that what they read is
// one state of the index even while an ingest commits (WAL).
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db) : db_(db), open_(db.Exec("BEGIN").has_value()) {}
  ~ReadTransaction() {
    if (open_) (void)db_.Exec("COMMIT");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
  bool open_;
};

class SqliteIndex final : public Index {
 public:
  explicit SqliteIndex(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  Result<void> Migrate() {
    MB_TRY(db_->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
    MB_TRY(db_->Exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
    MB_ASSIGN(version, ReadSchemaVersion());
    const int target = static_cast<int>(std::size(kMigrations));
    if (version > target) {
      return Fail(ErrorCode::kUnsupported, fmt::format("database schema version {} is newer than this minutebook "
                                                       "({}); upgrade minutebook",
                                                       version, target));
    }
    for (int v = version; v < target; ++v) {
      MB_TRY(db_->Exec("BEGIN IMMEDIATE"));
      auto applied = db_->Exec(kMigrations[v]);
      if (applied) {
        applied = db_->Exec(fmt::format("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '{}')", v + 1));
      }
      if (!applied) {
        (void)db_->Exec("ROLLBACK");
        return Fail(ErrorCode::kInternal, fmt::format("migration to schema {} failed: {}", v + 1, applied.error().message));
      }
      MB_TRY(db_->Exec("COMMIT"));
    }
    return {};
  }

  Result<void> CheckReadable() {
    MB_TRY(db_->Exec("PRAGMA foreign_keys=ON;"));
    auto version = ReadSchemaVersion();
    if (!version) return std::unexpected(version.error());
    if (*version != kSchemaVersion) {
      return Fail(ErrorCode::kUnsupported,
                  fmt::format("database schema version {} (expected {}): run minutebook ingest to migrate it",
                              *version, kSchemaVersion));
    }
    return {};
  }

  Result<std::vector<std::pair<std::string, Known>>> KnownDocuments() override {
    std::vector<std::pair<std::string, Known>> out;
    MB_ASSIGN(s, db_->Prepare("SELECT path, sha256, 'ok', pipeline_version FROM documents "
                              "UNION ALL SELECT path, sha256, 'failed', '' FROM failures"));
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      out.push_back({s.Text(0), Known{s.Text(1), s.Text(2), s.Text(3)}});
    }
    return out;
  }

  Result<void> Put(const DocumentRecord& r) override { return Put(r, PageSource()); }

  Result<void> Put(const DocumentRecord& r, const PageSource& more) override {
    // PutInTransaction's staging tables are made outside the document's
    // transaction: made inside, the rollback of a document that failed half
    // way (its worker died while sending pages) dropped them, and the next
    // document failed on "no such table".
    if (!staging_tables_) {
      MB_TRY(db_->Exec("CREATE TEMP TABLE IF NOT EXISTS page_stage(number INTEGER, body BLOB, ocr INTEGER, "
                       "ocr_confidence REAL, ocr_reason TEXT);"
                       "CREATE TEMP TABLE IF NOT EXISTS item_stage(kind TEXT, text TEXT, page INTEGER, meeting_date TEXT);"));
      staging_tables_ = true;
    }
    MB_TRY(db_->Exec("BEGIN IMMEDIATE"));
    auto done = PutInTransaction(r, more);
    if (!done) {
      (void)db_->Exec("ROLLBACK");
      return done;
    }
    return db_->Exec("COMMIT");
  }

  Result<void> RecordFailure(const std::string& path, const std::string& sha256, const std::string& reason) override {
    MB_ASSIGN(s, db_->Prepare("INSERT OR REPLACE INTO failures(path, sha256, reason, at) VALUES(?1, ?2, ?3, ?4)"));
    s.Bind(1, path).Bind(2, sha256).Bind(3, reason).Bind(4, NowUtc());
    return s.Run();
  }

  Result<void> Remove(const std::string& path) override {
    MB_TRY(db_->Exec("BEGIN IMMEDIATE"));
    auto done = RemoveInTransaction(path);
    if (done) {
      MB_ASSIGN(f, db_->Prepare("DELETE FROM failures WHERE path = ?1"));
      done = f.Bind(1, path).Run();
    }
    if (!done) {
      (void)db_->Exec("ROLLBACK");
      return done;
    }
    return db_->Exec("COMMIT");
  }

  Result<std::vector<Hit>> Search(const std::string& query, const SearchOptions& o) override {
    MB_ASSIGN(page, Find(query, o, /*count=*/false));
    return std::move(page.hits);
  }

  Result<SearchPage> SearchWithTotal(const std::string& written, const SearchOptions& o) override {
    return Find(written, o, /*count=*/true);
  }

  // count: also the number of hits in all, which costs a pass over every
  // hit; without it FTS5 keeps only the best `limit` while it ranks.
  Result<SearchPage> Find(const std::string& written, const SearchOptions& o, bool count) {
    MB_TRY(CheckQuery(written));
    // FTS5 makes each repeated word a phrase of its own, and snippet() and
    // bm25() then weigh every match once per repeat.
    const std::string query = DropRepeatedWords(written);
    // Ranking, places and snippets are read from one state of the index.
    ReadTransaction read(*db_);
    if (o.items) return SearchItems(query, o);
    // Ranks first, without snippets: snippet() is the costly part of a hit
    // (quadratic in the query's phrases times their matches on the page), so
    // it is made below only for the hits returned, not for every match.
    // Without filters the ranking reads the FTS table alone, and the joins
    // and the meeting date are made for the hits returned only: on a common
    // word they cost more than the ranking itself.
    const bool filtered = !o.from_date.empty() || !o.to_date.empty() || !o.path_contains.empty();
    MB_ASSIGN(s, db_->Prepare(filtered ? R"sql(
      WITH hits AS (
        SELECT p.id AS id, d.path AS path, p.number AS number, bm25(pages_fts) AS rank,
               (SELECT m.date FROM meetings m
                 WHERE m.document_id = d.id AND m.page <= p.number
                 ORDER BY m.page DESC, m.id DESC LIMIT 1) AS meeting_date
          FROM pages_fts
          JOIN pages p ON p.id = pages_fts.rowid
          JOIN documents d ON d.id = p.document_id
         WHERE pages_fts MATCH ?1 AND (?4 = '' OR instr(d.path, ?4) > 0))
      SELECT id, rank, count(*) OVER () FROM hits
       WHERE (?2 = '' OR meeting_date >= ?2) AND (?3 = '' OR meeting_date <= ?3)
       ORDER BY rank LIMIT ?5 OFFSET ?6)sql"
                                       : count ? R"sql(
      WITH hits AS (SELECT rowid AS id, bm25(pages_fts) AS rank FROM pages_fts WHERE pages_fts MATCH ?1)
      SELECT id, rank, count(*) OVER () FROM hits ORDER BY rank LIMIT ?5 OFFSET ?6)sql"
                                               : R"sql(
      SELECT rowid, rank, 0 FROM pages_fts WHERE pages_fts MATCH ?1 ORDER BY rank LIMIT ?5 OFFSET ?6)sql"));
    if (filtered) s.Bind(2, o.from_date).Bind(3, o.to_date).Bind(4, o.path_contains);
    s.Bind(1, query).Bind(5, o.limit).Bind(6, o.offset);
    SearchPage page;
    std::vector<std::int64_t> ids;
    while (true) {
      auto row = s.Step();
      if (!row) {
        // FTS5 reports syntax errors ("fts5: syntax error near ...") at step time.
        return Fail(ErrorCode::kInvalidArgument, "bad search query: " + row.error().message);
      }
      if (!*row) break;
      ids.push_back(s.Int(0));
      page.total = static_cast<int>(s.Int(2));
      page.hits.push_back(Hit{"", 0, "", "", s.Double(1), "page"});
    }
    MB_ASSIGN(where, db_->Prepare(R"sql(
      SELECT d.path, p.number,
             coalesce((SELECT m.date FROM meetings m
                        WHERE m.document_id = d.id AND m.page <= p.number
                        ORDER BY m.page DESC, m.id DESC LIMIT 1), '')
        FROM pages p JOIN documents d ON d.id = p.document_id WHERE p.id = ?1)sql"));
    for (size_t i = 0; i < ids.size(); ++i) {
      where.Reset();
      where.Bind(1, ids[i]);
      MB_ASSIGN(row, where.Step());
      if (!row) continue;
      page.hits[i].path = where.Text(0);
      page.hits[i].page = static_cast<int>(where.Int(1));
      page.hits[i].meeting_date = where.Text(2);
    }
    if (count && page.hits.empty() && o.offset > 0) {
      MB_ASSIGN(total, CountPageHits(query, o));
      page.total = total;
    }
    MB_ASSIGN(snip, db_->Prepare(R"sql(
      SELECT -- A page of megabytes (a text file without a form feed) shows
             -- its opening: FTS5 would hold all its positions for the snippet.
             -- (The packed body is at most about a third of the text.)
             CASE WHEN length(p.body) > 300000 AND length(mb_page_normalised(p.body)) > 1000000
                  THEN substr(mb_page_normalised(p.body), 1, 200) || '...'
                  ELSE mb_snippet(pages_fts, 0, ?3, ?4, 16) END
        FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid
       WHERE pages_fts MATCH ?1 AND pages_fts.rowid = ?2)sql"));
    MB_TRY(FillSnippets(snip, query, ids, o, page));
    return page;
  }

  Result<std::string> MarkPage(const std::string& written, std::int64_t document_id, int number,
                               const std::string& open, const std::string& close) override {
    MB_TRY(CheckQuery(written));
    const std::string query = DropRepeatedWords(written);
    if (query.find_first_not_of(" \t\r\n\f\v") != std::string::npos) {
      MB_ASSIGN(marked, MarkedPage(query, document_id, number, open, close));
      if (marked) return *marked;
    }
    // No query, or one that does not match this page: its text unmarked.
    MB_ASSIGN(plain, db_->Prepare("SELECT mb_page_normalised(body) FROM pages WHERE document_id = ?1 AND number = ?2"));
    plain.Bind(1, document_id).Bind(2, number);
    MB_ASSIGN(found, plain.Step());
    if (!found) return Fail(ErrorCode::kNotFound, fmt::format("no page {} in document {}", number, document_id));
    return plain.Text(0);
  }

  Result<std::optional<std::string>> MarkedPage(const std::string& query, std::int64_t document_id, int number,
                                                const std::string& open, const std::string& close) {
    MB_ASSIGN(s, db_->Prepare(R"sql(
      SELECT mb_snippet(pages_fts, 0, ?3, ?4, 0)
        FROM pages_fts
       WHERE pages_fts MATCH ?1
         AND pages_fts.rowid = (SELECT id FROM pages WHERE document_id = ?2 AND number = ?5))sql"));
    s.Bind(1, query).Bind(2, document_id).Bind(3, open).Bind(4, close).Bind(5, number);
    auto row = s.Step();
    if (!row) return Fail(ErrorCode::kInvalidArgument, "bad search query: " + row.error().message);
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(s.Text(0));
  }

  // The number of page hits, for a page of results past the last hit.
  Result<int> CountPageHits(const std::string& query, const SearchOptions& o) {
    SearchOptions all = o;
    all.offset = 0;
    all.limit = 1;
    MB_ASSIGN(first, SearchWithTotal(query, all));
    return first.total;
  }

  Result<SearchPage> SearchItems(const std::string& query, const SearchOptions& o) {
    // As for pages: rank in a sub-query (bm25() cannot be called beside a
    // window function), snippets only for the hits returned.
    MB_ASSIGN(s, db_->Prepare(R"sql(
      WITH hits AS (
        SELECT i.rowid AS id, d.path AS path, i.page AS page, bm25(items_fts) AS rank,
               i.meeting_date AS meeting_date, i.kind AS kind
          FROM items_fts i JOIN documents d ON d.id = i.document_id
         WHERE items_fts MATCH ?1 AND (?4 = '' OR instr(d.path, ?4) > 0) AND (?6 = '' OR i.kind = ?6)
           AND (?2 = '' OR i.meeting_date >= ?2) AND (?3 = '' OR i.meeting_date <= ?3))
      SELECT id, path, page, rank, meeting_date, kind, count(*) OVER () FROM hits
       ORDER BY rank LIMIT ?5 OFFSET ?7)sql"));
    s.Bind(1, query).Bind(2, o.from_date).Bind(3, o.to_date).Bind(4, o.path_contains).Bind(5, o.limit);
    s.Bind(6, o.item_kind).Bind(7, o.offset);
    SearchPage page;
    std::vector<std::int64_t> ids;
    while (true) {
      auto row = s.Step();
      if (!row) return Fail(ErrorCode::kInvalidArgument, "bad search query: " + row.error().message);
      if (!*row) break;
      ids.push_back(s.Int(0));
      page.total = static_cast<int>(s.Int(6));
      page.hits.push_back(Hit{s.Text(1), static_cast<int>(s.Int(2)), s.Text(4), "", s.Double(3), s.Text(5)});
    }
    if (page.hits.empty() && o.offset > 0) {
      SearchOptions all = o;
      all.offset = 0;
      all.limit = 1;
      MB_ASSIGN(first, SearchItems(query, all));
      page.total = first.total;
    }
    MB_ASSIGN(snip, db_->Prepare("SELECT mb_snippet(items_fts, 1, ?3, ?4, 16) FROM items_fts WHERE items_fts MATCH ?1 AND rowid = ?2"));
    MB_TRY(FillSnippets(snip, query, ids, o, page));
    return page;
  }

  // Snippets for the hits shown only: `snip` takes (query, rowid, mark
  // open, mark close) and gives the snippet of that row; ids[i] is hits[i]'s.
  static Result<void> FillSnippets(Statement& snip, const std::string& query, const std::vector<std::int64_t>& ids,
                                   const SearchOptions& o, SearchPage& page) {
    for (size_t i = 0; i < ids.size(); ++i) {
      snip.Reset();
      snip.Bind(1, query).Bind(2, ids[i]).Bind(3, o.mark_open).Bind(4, o.mark_close);
      MB_ASSIGN(row, snip.Step());
      if (row) page.hits[i].snippet = snip.Text(0);
    }
    return {};
  }

  Result<std::vector<DocumentInfo>> ListDocuments() override {
    MB_ASSIGN(s, db_->Prepare("SELECT id, path, kind, page_count, ingested_at FROM documents ORDER BY path"));
    std::vector<DocumentInfo> out;
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      out.push_back(DocumentInfo{s.Int(0), s.Text(1), s.Text(2), static_cast<int>(s.Int(3)), s.Text(4)});
    }
    return out;
  }

  Result<std::vector<std::pair<std::string, Extraction>>> LoadExtractions() override { return Load(false); }
  // Each table is read by one statement in (path, row) order and merged by
  // document: LoadEach's statement per document and table and per action
  // (some 55,000 at 100,800 pages) made a read of the people's inputs 0.29 s,
  // and a refresh reads them four times (#13). Documents whose people_sha
  // is '' name nobody and are left out.
  Result<void> ForEachPeopleInput(const ExtractionVisitor& visit) override {
    ReadTransaction read(*db_);
    constexpr const char* kNames = " FROM documents d JOIN {0} t ON t.document_id = d.id "
                                   "WHERE d.people_sha IS NOT '' ORDER BY d.path, t.id";
    MB_ASSIGN(docs, db_->Prepare("SELECT id, path FROM documents WHERE people_sha IS NOT '' ORDER BY path"));
    MB_ASSIGN(attendees, db_->Prepare("SELECT d.id, t.meeting_date, t.name, t.person, t.role, t.chair, t.minute_taker, "
                                      "t.page" + fmt::format(kNames, "attendees")));
    MB_ASSIGN(actions, db_->Prepare("SELECT d.id, t.id, t.meeting_date, t.text, t.status, t.item, t.page, o.owner, "
                                    "o.written FROM documents d JOIN actions t ON t.document_id = d.id "
                                    "LEFT JOIN action_owners o ON o.action_id = t.id "
                                    "WHERE d.people_sha IS NOT '' ORDER BY d.path, t.id, o.position"));
    MB_ASSIGN(reports, db_->Prepare("SELECT d.id, t.meeting_date, t.title, t.date, t.authors, t.contacts, t.security, "
                                    "t.page, t.line" + fmt::format(kNames, "reports")));
    MB_ASSIGN(attendee_row, attendees.Step());
    MB_ASSIGN(action_row, actions.Step());
    MB_ASSIGN(report_row, reports.Step());
    while (true) {
      MB_ASSIGN(row, docs.Step());
      if (!row) break;
      const std::int64_t id = docs.Int(0);
      Extraction x;
      for (; attendee_row && attendees.Int(0) == id;) {
        x.attendees.push_back(AttendeeFrom(attendees, 1));
        MB_ASSIGN(next, attendees.Step());
        attendee_row = next;
      }
      std::int64_t action_id = -1;
      for (; action_row && actions.Int(0) == id;) {
        if (actions.Int(1) != action_id) {
          action_id = actions.Int(1);
          x.actions.push_back(ActionFrom(actions, 2));
        }
        if (!actions.IsNull(7)) {
          x.actions.back().owners.push_back(actions.Text(7));
          x.actions.back().owners_written.push_back(actions.Text(8));
        }
        MB_ASSIGN(next, actions.Step());
        action_row = next;
      }
      for (; report_row && reports.Int(0) == id;) {
        x.reports.push_back(ReportFrom(reports, 1));
        MB_ASSIGN(next, reports.Step());
        report_row = next;
      }
      visit(docs.Text(1), x);
    }
    return {};
  }

  Result<std::optional<std::vector<std::pair<std::string, Extraction>>>> LoadCanonicalExtractions(
      const std::string& aliases_sha256) override {
    ReadTransaction read(*db_);
    MB_ASSIGN(current, PeopleCurrent(aliases_sha256));
    if (!current) return std::nullopt;
    MB_ASSIGN(documents, Load(true));
    return std::optional(std::move(documents));
  }

  // LoadExtractions(), with `canonical` LoadCanonicalExtractions().
  Result<std::vector<std::pair<std::string, Extraction>>> Load(bool canonical) {
    std::vector<std::pair<std::string, Extraction>> out;
    MB_TRY(LoadEach(canonical, [&](std::string path, Extraction x) { out.emplace_back(std::move(path), std::move(x)); }));
    return out;
  }

  Result<std::optional<Extraction>> LoadExtraction(const std::string& path, bool canonical) override {
    ReadTransaction read(*db_);
    std::optional<Extraction> out;
    MB_TRY(LoadEach(canonical, [&](std::string, Extraction x) { out = std::move(x); }, &path));
    return out;
  }

  Result<std::vector<AttendedMeeting>> MeetingsAttended(int person) override {
    MB_ASSIGN(s, db_->Prepare("SELECT DISTINCT a.meeting_date, d.path, a.page FROM attendees a "
                              "JOIN documents d ON d.id = a.document_id "
                              "WHERE a.person_id = ?1 AND a.role != 'apologies' ORDER BY 1, 2, 3"));
    s.Bind(1, person);
    std::vector<AttendedMeeting> out;
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      out.push_back(AttendedMeeting{s.Text(0), s.Text(1), static_cast<int>(s.Int(2))});
    }
    return out;
  }

  Result<std::vector<std::pair<std::string, int>>> DocumentsWithMeeting(const std::string& date,
                                                                        const std::string& body) override {
    MB_ASSIGN(s, db_->Prepare("SELECT d.path, m.page FROM meetings m JOIN documents d ON d.id = m.document_id "
                              "WHERE m.date = ?1 AND m.body = ?2 AND m.id = (SELECT min(f.id) FROM meetings f "
                              "WHERE f.document_id = m.document_id AND f.date = ?1 AND f.body = ?2) ORDER BY d.path"));
    s.Bind(1, date).Bind(2, body);
    std::vector<std::pair<std::string, int>> out;
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      out.emplace_back(s.Text(0), static_cast<int>(s.Int(1)));
    }
    return out;
  }

  // Load()'s documents handed to `take` one at a time; with `only`, just that path's.
  Result<void> LoadEach(bool canonical, const std::function<void(std::string path, Extraction x)>& take,
                        const std::string* only = nullptr) {
    std::vector<std::string> names;  // canonical name by person id
    if (canonical) {
      MB_ASSIGN(p, db_->Prepare("SELECT id, canonical FROM people_persons ORDER BY id"));
      while (true) {
        MB_ASSIGN(row, p.Step());
        if (!row) break;
        if (p.Int(0) != static_cast<std::int64_t>(names.size())) return Fail(ErrorCode::kInternal, "stored people: ids not dense");
        names.push_back(p.Text(1));
      }
    }
    // The canonical name of a stored person id, else `written`.
    auto name_of = [&](const Statement& s, int col, const std::string& written) -> std::string {
      if (!canonical || s.IsNull(col)) return written;
      const std::int64_t id = s.Int(col);
      return id >= 0 && id < static_cast<std::int64_t>(names.size()) ? names[static_cast<size_t>(id)] : written;
    };
    auto add_once = [](std::vector<std::string>& v, std::string name) {
      if (std::find(v.begin(), v.end(), name) == v.end()) v.push_back(std::move(name));
    };
    MB_ASSIGN(docs, db_->Prepare(only ? "SELECT id, path FROM documents WHERE path = ?1"
                                      : "SELECT id, path FROM documents ORDER BY path"));
    if (only) docs.Bind(1, *only);
    MB_ASSIGN(meetings, db_->Prepare("SELECT date, body, kind, venue, page FROM meetings WHERE document_id=?1 ORDER BY id"));
    MB_ASSIGN(attendees, db_->Prepare("SELECT meeting_date, name, person, role, chair, minute_taker, page, person_id "
                                      "FROM attendees WHERE document_id=?1 ORDER BY id"));
    MB_ASSIGN(actions, db_->Prepare("SELECT id, meeting_date, text, status, item, page FROM actions WHERE document_id=?1 "
                                    "ORDER BY id"));
    MB_ASSIGN(owners, db_->Prepare("SELECT owner, written, person_id FROM action_owners WHERE action_id=?1 "
                                   "ORDER BY position"));
    MB_ASSIGN(reports, db_->Prepare("SELECT meeting_date, title, date, authors, contacts, security, page, line, "
                                    "author_ids FROM reports WHERE document_id=?1 ORDER BY id"));
    MB_ASSIGN(restricted, db_->Prepare("SELECT meeting_date, label, kind, content_published, evidence, page, label_source "
                                       "FROM restricted WHERE document_id=?1 ORDER BY id"));
    MB_ASSIGN(markings, db_->Prepare("SELECT value, source, page, line FROM markings WHERE document_id=?1 ORDER BY id"));
    while (true) {
      MB_ASSIGN(row, docs.Step());
      if (!row) break;
      const std::int64_t id = docs.Int(0);
      Extraction x;
      meetings.Reset();
      meetings.Bind(1, id);
      while (true) {
        MB_ASSIGN(r, meetings.Step());
        if (!r) break;
        x.meetings.push_back(Meeting{meetings.Text(0), meetings.Text(1), meetings.Text(2), meetings.Text(3),
                                     static_cast<int>(meetings.Int(4))});
      }
      attendees.Reset();
      attendees.Bind(1, id);
      while (true) {
        MB_ASSIGN(r, attendees.Step());
        if (!r) break;
        Attendee& a = x.attendees.emplace_back(AttendeeFrom(attendees, 0));
        a.person = name_of(attendees, 7, a.person);
      }
      actions.Reset();
      actions.Bind(1, id);
      while (true) {
        MB_ASSIGN(r, actions.Step());
        if (!r) break;
        Action a = ActionFrom(actions, 1);
        owners.Reset();
        owners.Bind(1, actions.Int(0));
        while (true) {
          MB_ASSIGN(o, owners.Step());
          if (!o) break;
          if (canonical) {
            add_once(a.owners, name_of(owners, 2, owners.Text(0)));
          } else {
            a.owners.push_back(owners.Text(0));
          }
          a.owners_written.push_back(owners.Text(1));
        }
        x.actions.push_back(std::move(a));
      }
      reports.Reset();
      reports.Bind(1, id);
      while (true) {
        MB_ASSIGN(r, reports.Step());
        if (!r) break;
        Report rep = ReportFrom(reports, 0);
        if (canonical && !reports.IsNull(8)) {
          const auto ids = nlohmann::json::parse(reports.Text(8), nullptr, /*allow_exceptions=*/false);
          if (!ids.is_array() || ids.size() != rep.authors.size()) {
            return Fail(ErrorCode::kInternal, "stored people: report authors out of step");
          }
          std::vector<std::string> authors;
          for (size_t k = 0; k < ids.size(); ++k) {
            const bool person = ids[k].is_number_integer() && ids[k].get<std::int64_t>() >= 0 &&
                                ids[k].get<std::int64_t>() < static_cast<std::int64_t>(names.size());
            add_once(authors, person ? names[ids[k].get<size_t>()] : rep.authors[k]);
          }
          rep.authors = std::move(authors);
        }
        x.reports.push_back(std::move(rep));
      }
      restricted.Reset();
      restricted.Bind(1, id);
      while (true) {
        MB_ASSIGN(r, restricted.Step());
        if (!r) break;
        Restricted item{restricted.Text(0), restricted.Text(1), restricted.Text(2),
                        restricted.Int(3) != 0, restricted.Text(4), static_cast<int>(restricted.Int(5))};
        item.label_source = restricted.Text(6);
        x.restricted.push_back(std::move(item));
      }
      markings.Reset();
      markings.Bind(1, id);
      while (true) {
        MB_ASSIGN(r, markings.Step());
        if (!r) break;
        x.markings.push_back(Marking{markings.Text(0), markings.Text(1), static_cast<int>(markings.Int(2)),
                                     static_cast<int>(markings.Int(3))});
      }
      take(docs.Text(1), std::move(x));
    }
    return {};
  }

  Result<std::vector<Page>> LoadPages(const std::string& path) override {
    MB_ASSIGN(s, db_->Prepare("SELECT p.number, p.body, p.ocr, coalesce(p.ocr_confidence, -1), "
                              "p.ocr_reason FROM pages p JOIN documents d ON d.id = p.document_id "
                              "WHERE d.path = ?1 ORDER BY p.number"));
    s.Bind(1, path);
    std::vector<Page> pages;
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      MB_ASSIGN(body, internal::UnpackPage(s.Blob(1)));
      pages.push_back(Page{static_cast<int>(s.Int(0)), std::move(body.text), std::move(body.normalised),
                           s.Int(2) != 0, s.Double(3), s.Text(4)});
    }
    return pages;
  }

  Result<std::optional<std::string>> PageText(const std::string& path, int number) override {
    MB_ASSIGN(s, Cached("SELECT mb_page_normalised(p.body) "
                        "FROM pages p JOIN documents d ON d.id = p.document_id "
                        "WHERE d.path = ?1 AND p.number = ?2"));
    s->Bind(1, path).Bind(2, number);
    MB_ASSIGN(row, s->Step());
    std::optional<std::string> text;
    if (row) text = s->Text(0);
    s->Reset();  // a statement left on a row would pin its snapshot of the index
    return text;
  }

  Result<std::vector<PageRef>> MatchPages(const std::string& query) override {
    MB_ASSIGN(s, db_->Prepare("SELECT d.path, p.number FROM pages_fts "
                              "JOIN pages p ON p.id = pages_fts.rowid JOIN documents d ON d.id = p.document_id "
                              "WHERE pages_fts MATCH ?1"));
    s.Bind(1, query);
    std::vector<PageRef> out;
    while (true) {
      auto row = s.Step();
      if (!row) return Fail(ErrorCode::kInvalidArgument, "bad search query: " + row.error().message);
      if (!*row) break;
      out.push_back(PageRef{s.Text(0), static_cast<int>(s.Int(1))});
    }
    return out;
  }

  Result<std::vector<bool>> FindPhrases(std::string_view text, const std::vector<std::string>& phrases) override {
    if (!phrases_) {
      MB_ASSIGN(finder, internal::PhraseFinder::Make(db_->handle()));
      phrases_ = std::move(finder);
    }
    return phrases_->Find(text, phrases);
  }

  Result<void> ForEachPageText(const PageTextFn& each) override {
    ReadTransaction read(*db_);
    MB_ASSIGN(s, db_->Prepare("SELECT id, body FROM pages ORDER BY id"));
    std::unordered_map<std::string, std::int64_t> first_of;  // by the body's SHA-256
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      const std::int64_t id = s.Int(0);
      const std::string_view blob = s.Blob(1);
      auto [first, added] = first_of.try_emplace(Sha256Hex(blob), id);
      if (!added) {
        MB_TRY(each(id, first->second, nullptr));
        continue;
      }
      MB_ASSIGN(text, internal::UnpackNormalised(blob));
      MB_TRY(each(id, id, &text));
    }
    return {};
  }

  Result<AuditData> LoadAuditData() override {
    ReadTransaction read(*db_);
    AuditData out;
    std::unordered_map<std::int64_t, int> position;  // documents.id -> position in out.documents
    MB_ASSIGN(docs, db_->Prepare("SELECT id, path FROM documents ORDER BY path"));
    while (true) {
      MB_ASSIGN(row, docs.Step());
      if (!row) break;
      position.emplace(docs.Int(0), static_cast<int>(out.documents.size()));
      out.documents.emplace_back(docs.Text(1), Extraction{});
    }
    // Each table whole, by id: every document's rows in the order Load()
    // reads them. `add(s, x)` takes a row whose document_id is column 0.
    auto each_row = [&](const char* sql, const auto& add) -> Result<void> {
      MB_ASSIGN(s, db_->Prepare(sql));
      while (true) {
        MB_ASSIGN(row, s.Step());
        if (!row) return {};
        if (auto it = position.find(s.Int(0)); it != position.end()) add(s, out.documents[it->second].second);
      }
    };
    auto int_at = [](const Statement& s, int col) { return static_cast<int>(s.Int(col)); };
    MB_TRY(each_row("SELECT document_id, date, page FROM meetings ORDER BY id", [&](const Statement& s, Extraction& x) {
      x.meetings.push_back(Meeting{s.Text(1), "", "", "", int_at(s, 2)});
    }));
    MB_TRY(each_row("SELECT document_id, meeting_date, title, date, security, page, line FROM reports ORDER BY id",
                    [&](const Statement& s, Extraction& x) {
                      Report rep;
                      rep.meeting_date = s.Text(1);
                      rep.title = s.Text(2);
                      rep.date = s.Text(3);
                      if (!s.IsNull(4)) rep.security = s.Text(4);
                      rep.page = int_at(s, 5);
                      rep.line = int_at(s, 6);
                      x.reports.push_back(std::move(rep));
                    }));
    MB_TRY(each_row("SELECT document_id, meeting_date, label, kind, content_published, evidence, page, label_source "
                    "FROM restricted ORDER BY id",
                    [&](const Statement& s, Extraction& x) {
                      Restricted item{s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0, s.Text(5), int_at(s, 6)};
                      item.label_source = s.Text(7);
                      x.restricted.push_back(std::move(item));
                    }));
    MB_TRY(each_row("SELECT document_id, value, source, page, line FROM markings ORDER BY id",
                    [&](const Statement& s, Extraction& x) {
                      x.markings.push_back(Marking{s.Text(1), s.Text(2), int_at(s, 3), int_at(s, 4)});
                    }));
    // From the (document_id, number) index, which holds no page text.
    MB_ASSIGN(pages, db_->Prepare("SELECT id, document_id, number FROM pages"));
    while (true) {
      MB_ASSIGN(row, pages.Step());
      if (!row) break;
      if (auto it = position.find(pages.Int(1)); it != position.end()) {
        out.pages.push_back(PageSlot{pages.Int(0), it->second, int_at(pages, 2)});
      }
    }
    std::sort(out.pages.begin(), out.pages.end(), [](const PageSlot& a, const PageSlot& b) { return a.id < b.id; });
    return out;
  }

  Result<std::unique_ptr<ReadSnapshot>> BeginRead() override {
    class Snapshot final : public ReadSnapshot {
     public:
      Snapshot(Database& db, bool own) : db_(db), own_(own) {}
      ~Snapshot() override {
        if (own_) (void)db_.Exec("COMMIT");
      }

     private:
      Database& db_;
      bool own_;  // false: a transaction was open already, and holds the state
    };
    if (!sqlite3_get_autocommit(db_->handle())) return std::unique_ptr<ReadSnapshot>(new Snapshot(*db_, false));
    MB_TRY(db_->Exec("BEGIN"));
    auto snapshot = std::make_unique<Snapshot>(*db_, true);
    // A deferred transaction takes its snapshot at its first read: now.
    MB_TRY(db_->Exec("SELECT count(*) FROM meta"));
    return std::unique_ptr<ReadSnapshot>(std::move(snapshot));
  }

  Result<std::vector<HiddenTextStatus>> LoadHiddenText() override {
    ReadTransaction read(*db_);
    MB_ASSIGN(docs, db_->Prepare("SELECT id, path, kind, hidden_checked FROM documents ORDER BY path"));
    MB_ASSIGN(found, db_->Prepare("SELECT h.document_id, h.page, h.text FROM hidden_text h ORDER BY h.document_id, h.id"));
    std::map<std::int64_t, std::vector<HiddenText>> by_document;
    while (true) {
      MB_ASSIGN(row, found.Step());
      if (!row) break;
      by_document[found.Int(0)].push_back(HiddenText{static_cast<int>(found.Int(1)), found.Text(2)});
    }
    std::vector<HiddenTextStatus> out;
    while (true) {
      MB_ASSIGN(row, docs.Step());
      if (!row) break;
      HiddenTextStatus status{docs.Text(1), docs.Text(2), docs.Int(3) != 0, {}};
      if (auto it = by_document.find(docs.Int(0)); it != by_document.end()) status.found = std::move(it->second);
      out.push_back(std::move(status));
    }
    return out;
  }

  Result<std::map<std::string, std::vector<Page>>> LoadPageStatus() override {
    MB_ASSIGN(s, db_->Prepare("SELECT d.path, p.number, p.ocr, coalesce(p.ocr_confidence, -1), p.ocr_reason "
                              "FROM pages p JOIN documents d ON d.id = p.document_id ORDER BY d.path, p.number"));
    std::map<std::string, std::vector<Page>> out;
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      Page p;
      p.number = static_cast<int>(s.Int(1));
      p.ocr = s.Int(2) != 0;
      p.ocr_confidence = s.Double(3);
      p.ocr_reason = s.Text(4);
      out[s.Text(0)].push_back(std::move(p));
    }
    return out;
  }

  Result<std::optional<std::string>> GetMeta(const std::string& key) override {
    MB_ASSIGN(s, db_->Prepare("SELECT value FROM meta WHERE key = ?1"));
    s.Bind(1, key);
    MB_ASSIGN(row, s.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(s.Text(0));
  }

  Result<void> SetMeta(const std::string& key, const std::string& value) override {
    MB_ASSIGN(s, db_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)"));
    return s.Bind(1, key).Bind(2, value).Run();
  }

  Result<std::optional<OcrEntry>> FindOcr(const std::string& key) override {
    MB_ASSIGN(s, Cached("SELECT text, confidence FROM ocr_cache WHERE key = ?1"));
    s->Bind(1, key);
    MB_ASSIGN(row, s->Step());
    std::optional<OcrEntry> found;
    if (row) found = OcrEntry{key, s->Text(0), s->Double(1)};
    s->Reset();  // as PageText: not left on a row
    return found;
  }

  Result<void> StoreOcr(const std::vector<OcrEntry>& entries) override {
    if (entries.empty()) return {};
    MB_TRY(db_->Exec("BEGIN IMMEDIATE"));
    auto done = [&]() -> Result<void> {
      MB_ASSIGN(s, db_->Prepare("INSERT OR REPLACE INTO ocr_cache(key, text, confidence, created) VALUES(?1, ?2, ?3, ?4)"));
      for (const auto& e : entries) MB_TRY(s.Bind(1, e.key).Bind(2, e.text).Bind(3, e.confidence).Bind(4, NowUtc()).Run());
      return {};
    }();
    if (!done) {
      (void)db_->Exec("ROLLBACK");
      return done;
    }
    return db_->Exec("COMMIT");
  }

  Result<Stats> GetStats() override {
    MB_ASSIGN(s, db_->Prepare(
                     "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM pages), "
                     "(SELECT count(*) FROM failures), (SELECT count(*) FROM meetings), "
                     "(SELECT count(*) FROM attendees), (SELECT count(*) FROM actions), "
                     "(SELECT count(*) FROM reports), (SELECT count(*) FROM restricted)"));
    MB_TRY(s.Step());
    auto i = [&](int c) { return static_cast<int>(s.Int(c)); };
    return Stats{i(0), i(1), i(2), i(3), i(4), i(5), i(6), i(7)};
  }

  Result<std::vector<Failure>> Failures() override {
    MB_ASSIGN(s, db_->Prepare("SELECT path, reason, at FROM failures ORDER BY path"));
    std::vector<Failure> out;
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      out.push_back({s.Text(0), s.Text(1), s.Text(2)});
    }
    return out;
  }

  Result<void> StorePeople(const StoredPeople& people, const std::string& aliases_sha256) override {
    MB_TRY(db_->Exec("BEGIN IMMEDIATE"));
    auto done = StorePeopleInTransaction(people, aliases_sha256);
    if (!done) {
      (void)db_->Exec("ROLLBACK");
      return done;
    }
    return db_->Exec("COMMIT");
  }

  Result<bool> PeopleCurrent(const std::string& aliases_sha256) override {
    ReadTransaction read(*db_);
    MB_ASSIGN(current, GetMeta(kPeopleCurrent));
    MB_ASSIGN(aliases, GetMeta(kPeopleAliases));
    return current && *current == "1" && aliases && *aliases == aliases_sha256;
  }

  Result<std::string> LoadPeopleState(const std::string& key) override {
    MB_ASSIGN(s, db_->Prepare("SELECT value FROM people_state WHERE key = ?1"));
    s.Bind(1, key);
    MB_ASSIGN(row, s.Step());
    return row ? s.Text(0) : std::string();
  }

  Result<std::vector<StoredPerson>> LoadPersons() override {
    MB_ASSIGN(s, db_->Prepare("SELECT canonical, aliases, emails, meetings_attended, councillor, actions_open, "
                              "actions_closed FROM people_persons ORDER BY id"));
    std::vector<StoredPerson> out;
    while (true) {
      MB_ASSIGN(row, s.Step());
      if (!row) break;
      out.push_back(StoredPerson{s.Text(0), FromJsonArray(s.Text(1)), FromJsonArray(s.Text(2)),
                                 static_cast<int>(s.Int(3)), s.Int(4) != 0, static_cast<int>(s.Int(5)),
                                 static_cast<int>(s.Int(6))});
    }
    return out;
  }

  Result<std::vector<std::string>> LoadStoredActions(std::optional<int> person,
                                                     const std::vector<std::string>& owners) override {
    if (person) {
      MB_ASSIGN(s, db_->Prepare("SELECT data FROM people_actions WHERE id IN "
                                "(SELECT action_id FROM people_action_owners WHERE person_id = ?1) ORDER BY id"));
      s.Bind(1, *person);
      return internal::FirstColumn(s);
    }
    if (!owners.empty()) {
      MB_ASSIGN(s, db_->Prepare("SELECT data FROM people_actions WHERE id IN (SELECT action_id FROM "
                                "people_action_owners WHERE owner IN (SELECT value FROM json_each(?1))) ORDER BY id"));
      s.Bind(1, ToJsonArray(owners));
      return internal::FirstColumn(s);
    }
    MB_ASSIGN(s, db_->Prepare("SELECT data FROM people_actions ORDER BY id"));
    return internal::FirstColumn(s);
  }

  Result<std::vector<std::string>> StoredActionOwners() override {
    MB_ASSIGN(s, db_->Prepare("SELECT DISTINCT owner FROM people_action_owners ORDER BY owner"));
    return internal::FirstColumn(s);
  }

 private:
  Result<void> StorePeopleInTransaction(const StoredPeople& people, const std::string& aliases_sha256) {
    MB_TRY(db_->Exec("DELETE FROM people_action_owners; DELETE FROM people_actions; DELETE FROM people_persons; "
                     "DELETE FROM people_state;"));
    MB_ASSIGN(state, db_->Prepare("INSERT INTO people_state(key, value) VALUES(?1, ?2)"));
    MB_TRY(state.Bind(1, "directory").Bind(2, people.directory).Run());
    MB_TRY(state.Bind(1, "unresolved").Bind(2, people.unresolved).Run());
    MB_ASSIGN(person, db_->Prepare("INSERT INTO people_persons(id, canonical, councillor, meetings_attended, aliases, "
                                   "emails, actions_open, actions_closed) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    for (size_t i = 0; i < people.persons.size(); ++i) {
      const StoredPerson& p = people.persons[i];
      MB_TRY(person.Bind(1, static_cast<std::int64_t>(i))
                 .Bind(2, p.canonical)
                 .Bind(3, p.councillor)
                 .Bind(4, p.meetings_attended)
                 .Bind(5, ToJsonArray(p.aliases))
                 .Bind(6, ToJsonArray(p.emails))
                 .Bind(7, p.actions_open)
                 .Bind(8, p.actions_closed)
                 .Run());
    }
    MB_ASSIGN(action, db_->Prepare("INSERT INTO people_actions(id, data) VALUES(?1, ?2)"));
    MB_ASSIGN(owner, db_->Prepare("INSERT INTO people_action_owners(action_id, position, person_id, owner) "
                                  "VALUES(?1, ?2, ?3, ?4)"));
    for (size_t i = 0; i < people.actions.size(); ++i) {
      const auto id = static_cast<std::int64_t>(i);
      MB_TRY(action.Bind(1, id).Bind(2, people.actions[i].data).Run());
      const auto& owners = people.actions[i].owners;
      for (size_t k = 0; k < owners.size(); ++k) {
        owner.Bind(1, id).Bind(2, static_cast<int>(k)).Bind(4, owners[k].text);
        if (owners[k].person) {
          owner.Bind(3, *owners[k].person);
        } else {
          owner.BindNull(3);
        }
        MB_TRY(owner.Run());
      }
    }
    MB_TRY(StoreNames(people.names));
    MB_TRY(SetMeta(kPeopleAliases, aliases_sha256));
    return SetMeta(kPeopleCurrent, "1");
  }

  // Person ids on the rows of each document's attendees, action owners and
  // report authors, matched by their order (as Load reads them). Only rows
  // whose id changes are written: after a small change, few are.
  Result<void> StoreNames(const std::vector<std::pair<std::string, StoredNames>>& names) {
    using Ids = std::vector<std::optional<int>>;
    MB_ASSIGN(doc, db_->Prepare("SELECT id FROM documents WHERE path = ?1"));
    MB_ASSIGN(attendees, db_->Prepare("SELECT id, person_id FROM attendees WHERE document_id = ?1 ORDER BY id"));
    MB_ASSIGN(owners, db_->Prepare("SELECT a.id, o.position, o.person_id FROM actions a LEFT JOIN action_owners o "
                                   "ON o.action_id = a.id WHERE a.document_id = ?1 ORDER BY a.id, o.position"));
    MB_ASSIGN(reports, db_->Prepare("SELECT id, author_ids FROM reports WHERE document_id = ?1 ORDER BY id"));
    MB_ASSIGN(set_attendee, db_->Prepare("UPDATE attendees SET person_id = ?2 WHERE id = ?1"));
    MB_ASSIGN(set_owner, db_->Prepare("UPDATE action_owners SET person_id = ?3 WHERE action_id = ?1 AND position = ?2"));
    MB_ASSIGN(set_authors, db_->Prepare("UPDATE reports SET author_ids = ?2 WHERE id = ?1"));
    auto person_at = [](const Statement& s, int col) -> std::optional<int> {
      return s.IsNull(col) ? std::nullopt : std::optional<int>(static_cast<int>(s.Int(col)));
    };
    auto bind_person = [](Statement& s, int i, const std::optional<int>& person) -> Statement& {
      return person ? s.Bind(i, *person) : s.BindNull(i);
    };
    const auto out_of_step = [](const std::string& path) {
      return Fail(ErrorCode::kInternal, "stored people: names out of step with the rows of " + path);
    };
    for (const auto& [path, n] : names) {
      doc.Reset();
      doc.Bind(1, path);
      MB_ASSIGN(found, doc.Step());
      if (!found) return Fail(ErrorCode::kInternal, "stored people: no document " + path);
      const std::int64_t id = doc.Int(0);

      attendees.Reset();
      attendees.Bind(1, id);
      size_t k = 0;
      while (true) {
        MB_ASSIGN(row, attendees.Step());
        if (!row) break;
        if (k >= n.attendees.size()) return out_of_step(path);
        if (person_at(attendees, 1) != n.attendees[k]) {
          MB_TRY(bind_person(set_attendee.Bind(1, attendees.Int(0)), 2, n.attendees[k]).Run());
        }
        ++k;
      }
      if (k != n.attendees.size()) return out_of_step(path);

      // One row per owner, and one with a NULL position for an action without owners.
      owners.Reset();
      owners.Bind(1, id);
      std::vector<std::pair<std::int64_t, std::vector<std::pair<int, std::optional<int>>>>> stored;
      while (true) {
        MB_ASSIGN(row, owners.Step());
        if (!row) break;
        if (stored.empty() || stored.back().first != owners.Int(0)) stored.push_back({owners.Int(0), {}});
        if (!owners.IsNull(1)) stored.back().second.push_back({static_cast<int>(owners.Int(1)), person_at(owners, 2)});
      }
      if (stored.size() != n.owners.size()) return out_of_step(path);
      for (size_t a = 0; a < stored.size(); ++a) {
        const Ids& wanted = n.owners[a];
        if (stored[a].second.size() != wanted.size()) return out_of_step(path);
        for (size_t o = 0; o < wanted.size(); ++o) {
          const auto& [position, person] = stored[a].second[o];
          if (person != wanted[o]) {
            MB_TRY(bind_person(set_owner.Bind(1, stored[a].first).Bind(2, position), 3, wanted[o]).Run());
          }
        }
      }

      reports.Reset();
      reports.Bind(1, id);
      k = 0;
      while (true) {
        MB_ASSIGN(row, reports.Step());
        if (!row) break;
        if (k >= n.authors.size()) return out_of_step(path);
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& a : n.authors[k]) ids.push_back(a ? nlohmann::json(*a) : nlohmann::json());
        const std::string text = ids.dump();
        if (reports.IsNull(1) || reports.Text(1) != text) MB_TRY(set_authors.Bind(1, reports.Int(0)).Bind(2, text).Run());
        ++k;
      }
      if (k != n.authors.size()) return out_of_step(path);
    }
    return {};
  }

  Result<int> ReadSchemaVersion() {
    MB_ASSIGN(s, db_->Prepare("SELECT value FROM meta WHERE key = 'schema_version'"));
    MB_ASSIGN(row, s.Step());
    return row ? std::stoi(s.Text(0)) : 0;
  }

  // The stored document at a path: its id and people_sha ('' for one stored
  // before schema 4 or naming nobody).
  struct StoredDocument {
    std::int64_t id = 0;
    std::string people_sha;
  };
  Result<std::optional<StoredDocument>> FindStored(const std::string& path) {
    MB_ASSIGN(find, Cached("SELECT id, coalesce(people_sha, '') FROM documents WHERE path = ?1"));
    find->Bind(1, path);
    MB_ASSIGN(row, find->Step());
    std::optional<StoredDocument> out;
    if (row) out = StoredDocument{find->Int(0), find->Text(1)};
    // A cached statement left stepped would hold its read open past the
    // commit (and keep WAL checkpoints from finishing).
    find->Reset();
    return out;
  }

  Result<void> RemoveInTransaction(const std::string& path) {
    MB_ASSIGN(stored, FindStored(path));
    return stored ? RemoveStored(stored->id) : Result<void>{};
  }

  Result<void> RemoveStored(std::int64_t id) {
    MB_ASSIGN(items, Cached("DELETE FROM items_fts WHERE document_id = ?1"));
    MB_TRY(items->Bind(1, id).Run());
    // Pages, meetings, actions, ... go by ON DELETE CASCADE; the pages trigger
    // keeps the external-content FTS table in step.
    MB_ASSIGN(del, Cached("DELETE FROM documents WHERE id = ?1"));
    return del->Bind(1, id).Run();
  }

  // The person ids on the rows of a document about to be replaced by a
  // version that names the same people in the same places (equal
  // people_sha): the stored people still hold for the new version, so its
  // rows get the same ids, and the people stay as current as they were.
  struct CarriedPeople {
    bool carry = false;
    std::string current;  // meta people_current before the replacement
    std::vector<std::optional<std::int64_t>> attendees;
    std::vector<std::optional<std::int64_t>> owners;  // by action, then position
    std::vector<std::optional<std::string>> authors;  // reports.author_ids
  };

  Result<CarriedPeople> PeopleToCarry(const std::optional<StoredDocument>& stored, const std::string& people_sha) {
    CarriedPeople out;
    // Nothing to carry for a version naming nobody (the triggers see ''),
    // nor from a version naming other people, or none stored.
    if (people_sha.empty() || !stored || stored->people_sha != people_sha) return out;
    const std::int64_t id = stored->id;
    MB_ASSIGN(current, GetMeta(kPeopleCurrent));
    out.carry = true;
    out.current = current.value_or("0");
    auto id_at = [](const Statement& s, int col) {
      return s.IsNull(col) ? std::nullopt : std::optional<std::int64_t>(s.Int(col));
    };
    MB_ASSIGN(attendees, Cached("SELECT person_id FROM attendees WHERE document_id = ?1 ORDER BY id"));
    attendees->Bind(1, id);
    while (true) {
      MB_ASSIGN(r, attendees->Step());
      if (!r) break;
      out.attendees.push_back(id_at(*attendees, 0));
    }
    MB_ASSIGN(owners, Cached("SELECT o.person_id FROM actions a JOIN action_owners o ON o.action_id = a.id "
                             "WHERE a.document_id = ?1 ORDER BY a.id, o.position"));
    owners->Bind(1, id);
    while (true) {
      MB_ASSIGN(r, owners->Step());
      if (!r) break;
      out.owners.push_back(id_at(*owners, 0));
    }
    MB_ASSIGN(reports, Cached("SELECT author_ids FROM reports WHERE document_id = ?1 ORDER BY id"));
    reports->Bind(1, id);
    while (true) {
      MB_ASSIGN(r, reports->Step());
      if (!r) break;
      out.authors.push_back(reports->IsNull(0) ? std::nullopt : std::optional<std::string>(reports->Text(0)));
    }
    return out;
  }

  Result<void> PutInTransaction(const DocumentRecord& r, const PageSource& more) {
    const std::string people_sha = PeopleInputsSha(r.extraction);
    MB_ASSIGN(stored, FindStored(r.path));
    MB_ASSIGN(carried, PeopleToCarry(stored, people_sha));
    if (stored) MB_TRY(RemoveStored(stored->id));
    std::string warnings;
    for (const auto& w : r.document.warnings) warnings += (warnings.empty() ? "" : "\n") + w;
    MB_ASSIGN(doc, Cached("INSERT INTO documents(path, sha256, kind, page_count, ingested_at, status, "
                          "pipeline_version, warnings, hidden_checked, people_sha) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, 'ok', ?6, ?7, ?8, ?9)"));
    doc->Bind(1, r.path)
        .Bind(2, r.sha256)
        .Bind(3, DocumentKindName(r.document.kind))
        .Bind(4, static_cast<int>(r.document.pages.size()))
        .Bind(5, NowUtc())
        .Bind(6, r.pipeline_version)
        .Bind(7, warnings)
        .Bind(8, r.document.hidden_checked)
        .Bind(9, people_sha);
    MB_TRY(doc->Run());
    const std::int64_t id = db_->LastInsertId();

    MB_ASSIGN(hidden, Cached("INSERT INTO hidden_text(document_id, page, text) VALUES(?1, ?2, ?3)"));
    for (const auto& h : r.document.hidden_text) MB_TRY(hidden->Bind(1, id).Bind(2, h.page).Bind(3, h.text).Run());

    // Pages and items are staged in TEMP tables and moved in with one
    // statement each. FTS5 writes its pending terms to disk as a new segment
    // at every statement's savepoint: one INSERT per page made one segment
    // per page and the merging of them, a third of the writer's CPU (#13,
    // perf); one statement per batch of pages makes one.
    // (The tables are made by Put, before the transaction.)
    MB_ASSIGN(page, Cached("INSERT INTO temp.page_stage(number, body, ocr, ocr_confidence, ocr_reason) "
                           "VALUES(?1, ?2, ?3, ?4, ?5)"));
    MB_ASSIGN(move_pages, Cached("INSERT INTO pages(document_id, number, body, ocr, ocr_confidence, ocr_reason) "
                                 "SELECT ?1, number, body, ocr, ocr_confidence, ocr_reason "
                                 "FROM temp.page_stage ORDER BY rowid"));
    auto put_pages = [&](const std::vector<Page>& pages) -> Result<void> {
      for (const auto& p : pages) {
        page->Bind(1, p.number).BindBlob(2, internal::PackPage(p.text, p.normalised)).Bind(3, p.ocr);
        if (p.ocr) {
          page->Bind(4, p.ocr_confidence);
        } else {
          page->BindNull(4);
        }
        page->Bind(5, p.ocr_reason);
        MB_TRY(page->Run());
      }
      MB_TRY(move_pages->Bind(1, id).Run());
      MB_ASSIGN(unstage, Cached("DELETE FROM temp.page_stage"));
      return unstage->Run();
    };
    MB_TRY(put_pages(r.document.pages));
    if (more) {
      size_t count = r.document.pages.size();
      while (true) {
        MB_ASSIGN(chunk, more());
        if (!chunk) break;
        MB_TRY(put_pages(*chunk));
        count += chunk->size();
      }
      MB_ASSIGN(counted, Cached("UPDATE documents SET page_count = ?1 WHERE id = ?2"));
      MB_TRY(counted->Bind(1, static_cast<std::int64_t>(count)).Bind(2, id).Run());
    }

    const Extraction& x = r.extraction;
    MB_ASSIGN(item, Cached("INSERT INTO temp.item_stage(kind, text, page, meeting_date) VALUES(?1, ?2, ?3, ?4)"));
    auto add_item = [&](const char* kind, const std::string& text, int pg, const std::string& date) {
      return item->Bind(1, kind).Bind(2, text).Bind(3, pg).Bind(4, date).Run();
    };
    MB_ASSIGN(meeting, Cached("INSERT INTO meetings(document_id, date, body, kind, venue, page) "
                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    for (const auto& m : x.meetings) {
      MB_TRY(meeting->Bind(1, id).Bind(2, m.date).Bind(3, m.body).Bind(4, m.kind).Bind(5, m.venue).Bind(6, m.page).Run());
    }
    // A carried id goes to the row in the same place (equal people_sha:
    // the same rows in the same order); otherwise NULL until a refresh.
    auto bind_carried = [](Statement& s, int i, const auto& ids, size_t k) -> Statement& {
      if (k < ids.size() && ids[k]) return s.Bind(i, *ids[k]);
      return s.BindNull(i);
    };
    MB_ASSIGN(att, Cached("INSERT INTO attendees(document_id, meeting_date, name, person, role, chair, "
                          "minute_taker, page, person_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    size_t k = 0;
    for (const auto& a : x.attendees) {
      bind_carried(*att, 9, carried.attendees, k++);
      MB_TRY(att->Bind(1, id)
                 .Bind(2, a.meeting_date)
                 .Bind(3, a.name)
                 .Bind(4, PersonAsStored(a))
                 .Bind(5, a.role)
                 .Bind(6, a.chair)
                 .Bind(7, a.minute_taker)
                 .Bind(8, a.page)
                 .Run());
    }
    MB_ASSIGN(act, Cached("INSERT INTO actions(document_id, meeting_date, text, status, item, page) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
    MB_ASSIGN(own, Cached("INSERT INTO action_owners(action_id, position, owner, written, person_id) "
                          "VALUES(?1, ?2, ?3, ?4, ?5)"));
    k = 0;
    for (const auto& a : x.actions) {
      MB_TRY(act->Bind(1, id).Bind(2, a.meeting_date).Bind(3, a.text).Bind(4, a.status).Bind(5, a.item).Bind(6, a.page).Run());
      const std::int64_t action_id = db_->LastInsertId();
      for (size_t i = 0; i < a.owners.size(); ++i) {
        bind_carried(*own, 5, carried.owners, k++);
        MB_TRY(own->Bind(1, action_id).Bind(2, static_cast<int>(i)).Bind(3, a.owners[i]).Bind(4, OwnerWritten(a, i)).Run());
      }
      MB_TRY(add_item("action", a.text, a.page, a.meeting_date));
    }
    MB_ASSIGN(rep, Cached("INSERT INTO reports(document_id, meeting_date, title, date, authors, contacts, "
                          "security, page, line, author_ids) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    k = 0;
    for (const auto& rp : x.reports) {
      bind_carried(*rep, 10, carried.authors, k++);
      rep->Bind(1, id).Bind(2, rp.meeting_date).Bind(3, rp.title).Bind(4, rp.date).Bind(5, ToJsonArray(rp.authors));
      rep->Bind(6, ToJsonArray(rp.contacts)).Bind(8, rp.page).Bind(9, rp.line);
      if (rp.security) {
        rep->Bind(7, *rp.security);
      } else {
        rep->BindNull(7);
      }
      MB_TRY(rep->Run());
      MB_TRY(add_item("report", rp.title, rp.page, rp.meeting_date));
    }
    MB_ASSIGN(res, Cached("INSERT INTO restricted(document_id, meeting_date, label, kind, content_published, "
                          "evidence, page, label_source) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    for (const auto& rs : x.restricted) {
      MB_TRY(res->Bind(1, id)
                 .Bind(2, rs.meeting_date)
                 .Bind(3, rs.label)
                 .Bind(4, rs.kind)
                 .Bind(5, rs.content_published)
                 .Bind(6, rs.evidence)
                 .Bind(7, rs.page)
                 .Bind(8, rs.label_source)
                 .Run());
      MB_TRY(add_item("restricted", rs.label, rs.page, rs.meeting_date));
    }
    MB_ASSIGN(mark, Cached("INSERT INTO markings(document_id, value, source, page, line) VALUES(?1, ?2, ?3, ?4, ?5)"));
    for (const auto& mk : x.markings) {
      MB_TRY(mark->Bind(1, id).Bind(2, mk.value).Bind(3, mk.source).Bind(4, mk.page).Bind(5, mk.line).Run());
    }
    MB_ASSIGN(move_items, Cached("INSERT INTO items_fts(kind, text, document_id, page, meeting_date) "
                                 "SELECT kind, text, ?1, page, meeting_date FROM temp.item_stage ORDER BY rowid"));
    MB_TRY(move_items->Bind(1, id).Run());
    MB_ASSIGN(unstage_items, Cached("DELETE FROM temp.item_stage"));
    MB_TRY(unstage_items->Run());
    MB_ASSIGN(clear, Cached("DELETE FROM failures WHERE path = ?1"));
    MB_TRY(clear->Bind(1, r.path).Run());
    // The triggers marked the people out of date when the old version went
    // and the new one came; with the same people inputs they are as they were.
    if (carried.carry) MB_TRY(SetMeta(kPeopleCurrent, carried.current));
    return {};
  }

  // Statements prepared once per connection and reset for each use: a
  // document's Put runs some twenty, and parsing and planning them again for
  // every document was 2% of ingest CPU (#13, perf). A statement is used by
  // one caller at a time, and left reset (not on a row) when it is done.
  Result<Statement*> Cached(const std::string& sql) {
    auto it = cached_.find(sql);
    if (it == cached_.end()) {
      MB_ASSIGN(s, db_->Prepare(sql));
      it = cached_.emplace(sql, std::move(s)).first;
    }
    it->second.Reset();
    return &it->second;
  }

  std::unique_ptr<Database> db_;
  // Cached(): statements prepared once (the writer's, and the single-page and
  // OCR-cache look-ups made thousands of times); finalized before db_ closes.
  std::unordered_map<std::string, Statement> cached_;
  bool staging_tables_ = false;  // the TEMP tables of PutInTransaction exist on this connection
  std::unique_ptr<internal::PhraseFinder> phrases_;  // made when first asked
};

}  // namespace

namespace {

std::vector<std::string> Words(const std::string& query) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : query + ' ') {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

}  // namespace

Result<void> CheckQuery(const std::string& query) {
  if (query.size() > static_cast<size_t>(kMaxQueryBytes)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("query too long: {} bytes (at most {})", query.size(), kMaxQueryBytes));
  }
  // Counted after repeats are dropped: those cost nothing.
  const size_t words = Words(DropRepeatedWords(query)).size();
  if (words > static_cast<size_t>(kMaxQueryWords)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("query has {} words (at most {})", words, kMaxQueryWords));
  }
  return {};
}

std::string DropRepeatedWords(const std::string& query) {
  // Only a plain conjunction of words (and prefix* words) is rewritten: there
  // "a b a" means "a b". Quotes, brackets, column filters and the operators
  // give repeated words a meaning of their own, so such queries are kept.
  if (query.find_first_of("\"()^:+{}") != std::string::npos) return query;
  const std::vector<std::string> words = Words(query);
  std::vector<std::string> kept;
  for (const auto& w : words) {
    if (w == "AND" || w == "OR" || w == "NOT" || w.starts_with("NEAR")) return query;
    if (std::find(kept.begin(), kept.end(), w) == kept.end()) kept.push_back(w);
  }
  if (kept.size() == words.size()) return query;
  std::string out;
  for (const auto& w : kept) out += (out.empty() ? "" : " ") + w;
  return out;
}

Result<std::unique_ptr<Index>> Index::Open(const std::string& path, const Options& options) {
  auto db = Database::Open(path, options.read_only, options.busy_timeout_ms);
  if (!db) return std::unexpected(db.error());
  if (auto snippets = internal::RegisterSnippet((*db)->handle()); !snippets) return std::unexpected(snippets.error());
  auto index = std::make_unique<SqliteIndex>(std::move(*db));
  auto ready = options.read_only ? index->CheckReadable() : index->Migrate();
  if (!ready) return std::unexpected(ready.error());
  return index;
}

}  // namespace minutebook::index
