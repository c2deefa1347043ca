// Index stage: the SQLite store of documents, pages (with FTS5), extraction
// results and failures. One writer; readers may run while it writes (WAL).
#ifndef MINUTEBOOK_INDEX_INDEX_H_
#define MINUTEBOOK_INDEX_INDEX_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/model.h"
#include "common/result.h"

namespace minutebook::index {

inline constexpr int kSchemaVersion = 4;

// Limits on a search query, shared by the CLI and the web page. FTS5 treats
// each word as a phrase of its own, and snippet() weighs every instance of
// every phrase against every other: its cost grows with the square of the
// words in the query times their matches on a page ("the the the ..." x 160
// took 13 s on a 3-document index). Queries beyond these are refused with a
// message that states the limit.
inline constexpr int kMaxQueryBytes = 2000;
// Repeated words of a plain word list are dropped first (DropRepeatedWords).
inline constexpr int kMaxQueryWords = 32;

struct Options {
  // Open for reading only (search, export): never creates or migrates.
  // Default: false.
  bool read_only = false;
  // Milliseconds to wait for another writer's lock. Default: 5000.
  int busy_timeout_ms = 5000;
};

// What the writer needs to know about a path already in the index.
struct Known {
  std::string sha256;
  std::string status;          // "ok" or "failed"
  std::string pipeline_version;  // reader+normaliser+rules versions it was made with
};

// document.hidden_checked and hidden_text are stored with the document.
struct DocumentRecord {
  std::string path;
  std::string sha256;
  std::string pipeline_version;
  Document document;
  Extraction extraction;
};

// A document's hidden-text check (Document::hidden_checked) as stored.
struct HiddenTextStatus {
  std::string path;
  std::string kind;      // DocumentKindName
  bool checked = false;  // false: indexed without the check (before schema 3)
  std::vector<HiddenText> found;  // in page order
};

// A page by its document's path and its number.
struct PageRef {
  std::string path;
  int page = 0;
  bool operator==(const PageRef&) const = default;
};

struct Hit {
  std::string path;
  int page = 0;
  std::string meeting_date;  // latest meeting starting on or before the page; may be empty
  std::string snippet;       // match wrapped in [ ]
  double rank = 0;           // bm25, lower is better
  std::string kind;          // "page", or the item kind when searching items
};

struct SearchOptions {
  int limit = 10;             // Default: 10
  std::string from_date;      // ISO, inclusive; empty = open
  std::string to_date;        // ISO, inclusive; empty = open
  std::string path_contains;  // filter on the document path; empty = all
  // Search extracted items (action texts, report titles, restricted labels)
  // instead of page text. Default: false.
  bool items = false;
  std::string item_kind;      // with items: "action", "report" or "restricted"; empty = all
  int offset = 0;             // hits to skip (paging); Default: 0
  // What wraps a match in a snippet. Default: "[" and "]".
  std::string mark_open = "[";
  std::string mark_close = "]";
};

// One page of hits and how many hits the query has in all.
struct SearchPage {
  std::vector<Hit> hits;
  int total = 0;
};

// Refuses (kInvalidArgument, with the limit in the message) a query longer
// than kMaxQueryBytes or of more than kMaxQueryWords words once repeated
// words are dropped.
Result<void> CheckQuery(const std::string& query);

// The query without repeated words when it is a plain list of words
// ("the council the" -> "the council": the same hits), else unchanged.
std::string DropRepeatedWords(const std::string& query);

// A document as the index lists it.
struct DocumentInfo {
  std::int64_t id = 0;
  std::string path;
  std::string kind;
  int page_count = 0;
  std::string ingested_at;
};

struct Stats {
  int documents = 0;
  int pages = 0;
  int failed = 0;
  int meetings = 0;
  int attendees = 0;
  int actions = 0;
  int reports = 0;
  int restricted = 0;
};

// One cached OCR result (see read::OcrCache for what the key names).
struct OcrEntry {
  std::string key;
  std::string text;
  double confidence = 0;
};

struct Failure {
  std::string path;
  std::string reason;
  std::string at;
};

// People resolved across the whole index, stored so that queries look them
// up instead of resolving again (written by roster::Refresh; the index keeps
// what it is given: `data`, `directory` and `unresolved` are the writer's
// serialisations).
struct StoredPerson {
  std::string canonical;
  std::vector<std::string> aliases;
  std::vector<std::string> emails;
  int meetings_attended = 0;
  bool councillor = false;
  int actions_open = 0;    // tracked actions naming the person, latest status open
  int actions_closed = 0;  // and not open
};

struct StoredOwner {
  std::optional<int> person;  // the person's position in StoredPeople::persons; nullopt for a group
  std::string text;           // the canonical name, or the owner as written
};

struct StoredAction {
  std::string data;                 // the tracked action
  std::vector<StoredOwner> owners;  // who it names, for look-ups
};

// The person each name of one document resolved to where it was written
// (nullopt: left as written), in the order LoadExtractions() gives them.
struct StoredNames {
  std::vector<std::optional<int>> attendees;             // per attendee
  std::vector<std::vector<std::optional<int>>> owners;   // per action, per owner
  std::vector<std::vector<std::optional<int>>> authors;  // per report, per author
};

struct StoredPeople {
  std::string directory;              // the resolver for a user's query
  std::string unresolved;             // the names left as written
  std::vector<StoredPerson> persons;  // a person's id is its position
  std::vector<StoredAction> actions;  // in tracking order
  // Per document path, every document of the index.
  std::vector<std::pair<std::string, StoredNames>> names;
};

// A meeting a person attended: an attendee row resolved to them.
struct AttendedMeeting {
  std::string meeting_date;
  std::string path;
  int page = 1;
};

// A page by its id (pages.id, the rowid of pages_fts): its document's
// position in AuditData::documents, and its number.
struct PageSlot {
  std::int64_t id = 0;
  int document = 0;
  int number = 0;
};

// What the audit reads of the whole index: a query per table, where
// LoadExtractions() makes one per document and table and loads the
// attendees, actions and authors that the audit never reads (#13).
struct AuditData {
  // Per path, in path order: meetings (date and page only), reports (without
  // authors and contacts), restricted items and markings.
  std::vector<std::pair<std::string, Extraction>> documents;
  // Every page of those documents, by id.
  std::vector<PageSlot> pages;
};

// While it lives, every read made through the Index that gave it sees one
// state of the index (one read transaction), whatever a writer commits.
class ReadSnapshot {
 public:
  virtual ~ReadSnapshot() = default;
};

// Meta keys of the stored people: kPeopleCurrent is "1" from StorePeople()
// until a document that names someone (an attendee, an action, a report's
// author or contact) is added or removed, or replaced by a version whose
// names or actions differ ("0"); kPeopleAliases is the SHA-256 of the
// aliases text they were resolved with.
inline constexpr const char* kPeopleCurrent = "people_current";
inline constexpr const char* kPeopleAliases = "people_aliases_sha256";

class Index {
 public:
  // Opens or creates the database, applying migrations up to kSchemaVersion.
  static Result<std::unique_ptr<Index>> Open(const std::string& path, const Options& options = {});
  virtual ~Index() = default;

  // Every path in the index with its fingerprint. Not thread-safe (one writer).
  virtual Result<std::vector<std::pair<std::string, Known>>> KnownDocuments() = 0;

  // Inserts a document, atomically replacing any earlier version of the same
  // path (one transaction: readers see the old or the new, never a mix).
  virtual Result<void> Put(const DocumentRecord& record) = 0;
  // Put, for a document too large to hold at once: after record.document's
  // pages, `more` gives the next chunk of pages, nullopt after the last, or
  // an error, which rolls the whole document back. One transaction still:
  // memory holds a chunk, not the document.
  using PageSource = std::function<Result<std::optional<std::vector<Page>>>()>;
  virtual Result<void> Put(const DocumentRecord& record, const PageSource& more) = 0;

  // Records a failure. An earlier good version of the path is kept: a file
  // that became unreadable must not lose what was already indexed.
  virtual Result<void> RecordFailure(const std::string& path, const std::string& sha256,
                                     const std::string& reason) = 0;

  // Removes a document (and its failure record) by path.
  virtual Result<void> Remove(const std::string& path) = 0;

  // FTS5 query syntax (phrases, prefix*, AND/OR/NOT). A malformed query
  // fails with kInvalidArgument and SQLite's own message.
  // Checks the query (CheckQuery), ranks every hit, and makes snippets only
  // for the `limit` hits returned.
  virtual Result<std::vector<Hit>> Search(const std::string& query, const SearchOptions& options) = 0;
  // Search, with the number of hits in all (for paging).
  virtual Result<SearchPage> SearchWithTotal(const std::string& query, const SearchOptions& options) = 0;

  // Extraction results per document path, in path order.
  virtual Result<std::vector<std::pair<std::string, Extraction>>> LoadExtractions() = 0;
  // The same, one document at a time and with only what the people stage
  // reads: attendees, actions and reports (meetings, restricted items and
  // markings left empty), each extraction dropped once `visit` returns.
  // Documents that name nobody (no attendee, action, or report author or
  // contact) give the people stage nothing and are left out.
  // people::Directory::Build and TrackActions read the index this way, so
  // that a refresh holds the names and actions it works on rather than every
  // document at once (the writer's peak grew with the index, #13). All of it
  // is read in one snapshot.
  using ExtractionVisitor = std::function<void(const std::string& path, const Extraction& extraction)>;
  virtual Result<void> ForEachPeopleInput(const ExtractionVisitor& visit) = 0;

  // The pages of one document (original and normalised text), in order;
  // empty when the path is not in the index.
  virtual Result<std::vector<Page>> LoadPages(const std::string& path) = 0;

  // The text of one page (normalised, or the original where that is
  // empty); nullopt when the index has no such page.
  virtual Result<std::optional<std::string>> PageText(const std::string& path, int number) = 0;

  // Every page whose text the FTS5 query matches, unranked and without
  // snippets or a limit, in no particular order. Unlike Search, the query
  // is not checked against kMaxQueryWords (callers build it). A malformed
  // query fails with kInvalidArgument.
  virtual Result<std::vector<PageRef>> MatchPages(const std::string& query) = 0;

  // Per phrase, whether MatchPages() of the query "phrase" (quotes doubled)
  // finds a page whose text is `text`, found in the text itself (FTS5's
  // tokenizer, as pages_fts has it): for a caller that holds the texts of
  // many pages and asks about a few phrases on each, where a query per
  // phrase lists every page that has it.
  virtual Result<std::vector<bool>> FindPhrases(std::string_view text, const std::vector<std::string>& phrases) = 0;

  // Calls `each` for every page, in id order, with `first`, the first page
  // stored with the same body (itself when none before it has it: bodies
  // are the same when their SHA-256 is), and the page's text as PageText()
  // gives it, for the first page of each body only (nullptr for the others):
  // copies of a paper share pages, and each body is unpacked once. Pages of
  // equal text with bodies packed apart are each a first.
  using PageTextFn = std::function<Result<void>(std::int64_t id, std::int64_t first, const std::string* text)>;
  virtual Result<void> ForEachPageText(const PageTextFn& each) = 0;

  // See AuditData; read in one transaction.
  virtual Result<AuditData> LoadAuditData() = 0;

  // See ReadSnapshot. Reads that make their own transaction join it.
  virtual Result<std::unique_ptr<ReadSnapshot>> BeginRead() = 0;

  // Every document's hidden-text check, by path.
  virtual Result<std::vector<HiddenTextStatus>> LoadHiddenText() = 0;

  // Every document's pages without their text (number, OCR flag, confidence,
  // ocr_reason), by path: what coverage needs of thousands of documents.
  virtual Result<std::map<std::string, std::vector<Page>>> LoadPageStatus() = 0;

  // Settings kept with the index ("public" = "1" for a public index).
  virtual Result<std::optional<std::string>> GetMeta(const std::string& key) = 0;
  virtual Result<void> SetMeta(const std::string& key, const std::string& value) = 0;

  // The OCR cache; readers (worker processes) may look up while the writer writes.
  virtual Result<std::optional<OcrEntry>> FindOcr(const std::string& key) = 0;
  virtual Result<void> StoreOcr(const std::vector<OcrEntry>& entries) = 0;

  virtual Result<Stats> GetStats() = 0;
  virtual Result<std::vector<Failure>> Failures() = 0;

  // The normalised text of page `number` of a document (DocumentInfo::id)
  // with the matches of `query` wrapped in `open` and `close` (unmarked when
  // the query does not match the page). kNotFound: no such page.
  virtual Result<std::string> MarkPage(const std::string& query, std::int64_t document_id, int number,
                                       const std::string& open, const std::string& close) = 0;

  // Every document, by path.
  virtual Result<std::vector<DocumentInfo>> ListDocuments() = 0;

  // Replaces the stored people in one transaction and marks them current,
  // resolved with the aliases whose SHA-256 is `aliases_sha256`.
  virtual Result<void> StorePeople(const StoredPeople& people, const std::string& aliases_sha256) = 0;
  // Whether stored people are current (kPeopleCurrent) and were resolved with
  // `aliases_sha256`; false for an index that never stored any.
  virtual Result<bool> PeopleCurrent(const std::string& aliases_sha256) = 0;
  // StoredPeople::directory or ::unresolved ("directory" | "unresolved");
  // empty when none is stored.
  virtual Result<std::string> LoadPeopleState(const std::string& key) = 0;
  virtual Result<std::vector<StoredPerson>> LoadPersons() = 0;
  // StoredAction::data in tracking order: the actions naming `person`, else
  // those with an owner whose text is one of `owners`; every action when
  // `person` is nullopt and `owners` empty.
  virtual Result<std::vector<std::string>> LoadStoredActions(std::optional<int> person,
                                                             const std::vector<std::string>& owners) = 0;
  // The distinct owner texts of the stored actions.
  virtual Result<std::vector<std::string>> StoredActionOwners() = 0;
  // LoadExtractions() with each name resolved by the stored people: an
  // attendee's person, action owners and report authors become the person's
  // canonical name, owners or authors that become the same name kept once
  // (what people::Canonicalise gives). nullopt unless PeopleCurrent(
  // aliases_sha256), checked in the same read transaction.
  virtual Result<std::optional<std::vector<std::pair<std::string, Extraction>>>> LoadCanonicalExtractions(
      const std::string& aliases_sha256) = 0;
  // One document's extraction as LoadExtractions() gives it, or with
  // `canonical` as LoadCanonicalExtractions() does (the caller checks that
  // the stored people are current); nullopt when `path` is not indexed.
  virtual Result<std::optional<Extraction>> LoadExtraction(const std::string& path, bool canonical) = 0;
  // The meetings the stored person `person` attended (their attendee rows,
  // apologies left out), once each, by date, path and page.
  virtual Result<std::vector<AttendedMeeting>> MeetingsAttended(int person) = 0;
  // Each document holding a meeting of `body` on `date`, in path order, with
  // the page of its first such meeting.
  virtual Result<std::vector<std::pair<std::string, int>>> DocumentsWithMeeting(const std::string& date,
                                                                                const std::string& body) = 0;
};

// Merging shard indexes (`ingest --shard K/N`, one index per shard) into one.
struct MergedShard {
  std::string source;  // the shard's file
  std::string shard;   // its identity: meta "shard" (K/N), else its file
  int added = 0;       // documents new to the merged index
  int replaced = 0;    // documents whose content changed since the last merge of this shard
  int unchanged = 0;   // skipped: the same as merged before
  int removed = 0;     // documents this shard held before and no longer has
  int failures = 0;    // failed files the shard records
};

// Called after each shard is committed; may be empty.
using MergeProgressFn = std::function<void(const MergedShard&)>;

// Merges each shard into the index at `into` (created when missing), each in
// one transaction: documents with their pages, FTS rows and extraction
// tables, failures and the OCR cache. Tables are copied by the column lists
// and foreign keys the schema declares, so a column added later needs no
// change here. The merged index remembers which shard each path came from, so
// that merging a newer copy of a shard replaces what it held before: content
// unchanged since the last merge is skipped, changed content replaced, and
// documents the shard no longer holds removed. A merge killed part-way leaves
// every shard merged or not at all; running it again completes it.
// Refused before anything is written (kInvalidArgument): a shard of another
// schema or pipeline version, a mix of public and full indexes, the same
// shard twice, or a target that is itself a shard. Holds the index's writer
// lock, as ingest does.
// Called once after the last shard is committed, with the merged index open
// for writing and the writer lock still held (the CLI resolves people over
// the merged whole here: roster::Refresh); may be empty. Its error is Merge's.
using MergeFinishFn = std::function<Result<void>(Index&)>;

Result<std::vector<MergedShard>> Merge(const std::string& into, const std::vector<std::string>& shards,
                                       const MergeProgressFn& progress = {}, const MergeFinishFn& finish = {});

}  // namespace minutebook::index

#endif  // MINUTEBOOK_INDEX_INDEX_H_
