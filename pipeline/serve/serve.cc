#include "serve/serve.h"

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <kainjow/mustache.hpp>

#include <fmt/format.h>

#include "audit/audit.h"
#include "cli/csv.h"
#include "common/hash.h"
#include "common/paths.h"
#include "index/index.h"
#include "people/people.h"
#include "roster/roster.h"

namespace minutebook::serve {
namespace {

namespace fs = std::filesystem;
using Data = kainjow::mustache::data;
using Json = nlohmann::json;

// Marks around matches in snippets and page text for the HTML pages: control
// characters that normalised text never holds, so that a "[" written in a
// document is not taken for a mark. The JSON API keeps the CLI's [ ].
constexpr const char* kMarkOpen = "\x02";
constexpr const char* kMarkClose = "\x03";
constexpr int kWebPageSize = 10;
constexpr auto kRefreshEvery = std::chrono::seconds(2);

constexpr const char* kTemplates[] = {"layout", "search", "doc", "people", "person", "meeting", "audit", "error"};

Data List() { return Data(Data::type::list); }

// Set a template variable. An empty string is left unset: Mustache counts
// any string, even "", as true in {{#name}}, and the templates use sections
// for optional fields.
void Put(Data& d, const std::string& name, const std::string& value) {
  if (!value.empty()) d.set(name, value);
}
void Put(Data& d, const std::string& name, const char* value) { Put(d, name, std::string(value)); }
void Put(Data& d, const std::string& name, bool value) { d.set(name, value); }
void Put(Data& d, const std::string& name, const Data& value) { d.set(name, value); }
// Sets a list and has_<name>, which templates test before a list's heading
// (Mustache has no test for an empty list).
void SetList(Data& d, const std::string& name, const Data& list) {
  d.set(name, list);
  d.set("has_" + name, !list.is_empty_list());
}
std::string S(int v) { return std::to_string(v); }
std::string S(std::int64_t v) { return std::to_string(v); }

std::string Dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

// Text with kMarkOpen/kMarkClose marks as a list of {text, mark} parts, for
// {{#parts}}{{#mark}}<mark>{{text}}</mark>{{/mark}}...: escaped by the
// template like any other text.
Data Parts(const std::string& marked) {
  Data parts = List();
  size_t pos = 0;
  bool mark = false;
  while (pos <= marked.size()) {
    const size_t next = marked.find(mark ? kMarkClose : kMarkOpen, pos);
    const std::string piece = marked.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    if (!piece.empty()) {
      Data part;
      Put(part, "text", piece);
      Put(part, "mark", mark);
      parts.push_back(part);
    }
    if (next == std::string::npos) break;
    pos = next + 1;
    mark = !mark;
  }
  return parts;
}

std::string Join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::optional<std::int64_t> Number(const std::string& s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// The audit's findings, made in a thread of their own: audit::Run searches
// the index for every restricted label, which takes minutes on a large
// index, and no other page should wait for it.
struct AuditState {
  std::mutex mutex;
  bool ready = false;
  std::vector<audit::Finding> findings;
  std::string error;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Everything the pages need besides search and page text, built from the
// index once and again when the index changes (an ingest while serving).
struct Snapshot {
  std::string signature;  // the documents' ids and ingest times, and the state of the people
  std::vector<index::DocumentInfo> documents;
  std::map<std::string, size_t> by_path;
  std::map<std::int64_t, size_t> by_id;
  std::optional<people::Directory> directory;
  std::vector<roster::PersonSummary> summaries;  // by person id
  std::vector<people::Unresolved> unresolved;
  // With the index's stored people current (roster), the directory, the
  // summaries and the unresolved names are the stored ones, and every other
  // page loads what it shows per request: a snapshot then holds the
  // documents and the people, not every extraction (200 MB and 1.5 s per
  // change of the index at 100,800 pages, #13). Otherwise (the aliases
  // changed since the last ingest) people are resolved here, as below.
  bool stored = false;
  // Resolved here: every extraction (names canonical, in documents' order),
  // and per person the actions naming them and the meetings they attended
  // (date, document, page), so that a person's page costs what that person
  // has, not what the index has.
  people::Documents extractions;
  std::vector<std::vector<people::TrackedAction>> actions_of;
  std::map<std::string, std::set<std::tuple<std::string, std::string, int>>> attended;
  std::shared_ptr<AuditState> audit = std::make_shared<AuditState>();
  bool public_index = false;
  // Whole pages that depend on the snapshot alone (/people, /audit, JSON),
  // made by the first request that needs them.
  mutable std::mutex cache_mutex;
  mutable std::map<std::string, std::string> cache;

  const index::DocumentInfo* Document(const std::string& path) const {
    auto it = by_path.find(path);
    return it == by_path.end() ? nullptr : &documents[it->second];
  }
};

std::string Signature(const std::vector<index::DocumentInfo>& documents) {
  std::string s;
  for (const auto& d : documents) s += fmt::format("{}:{};", d.id, d.ingested_at);
  return s;
}

class Server {
 public:
  explicit Server(Options options) : options_(std::move(options)) {}

  Result<void> LoadTemplates() {
    for (const char* name : kTemplates) {
      const fs::path path = fs::path(options_.templates_dir) / (std::string(name) + ".mustache");
      std::ifstream in(path, std::ios::binary);
      if (!in) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: cannot read template", path.string()));
      std::ostringstream text;
      text << in.rdbuf();
      auto t = std::make_unique<kainjow::mustache::mustache>(text.str());
      if (!t->is_valid()) {
        return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path.string(), t->error_message()));
      }
      templates_[name] = std::move(t);
    }
    std::ifstream css(fs::path(options_.templates_dir) / "style.css", std::ios::binary);
    if (!css) return Fail(ErrorCode::kInvalidArgument, options_.templates_dir + "/style.css: cannot read");
    std::ostringstream text;
    text << css.rdbuf();
    css_ = text.str();
    return {};
  }

  // This thread's connection: SQLite statements are not shared between
  // threads, and read-only connections see each ingest commit whole (WAL).
  Result<index::Index*> Db() {
    thread_local std::unique_ptr<index::Index> db;
    thread_local const Server* owner = nullptr;
    if (!db || owner != this) {
      auto opened = index::Index::Open(options_.db_path, index::Options{.read_only = true});
      if (!opened) return std::unexpected(opened.error());
      db = std::move(*opened);
      owner = this;
    }
    return db.get();
  }

  Result<std::shared_ptr<const Snapshot>> Current() {
    std::lock_guard lock(snapshot_mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (snapshot_ && now - checked_ < kRefreshEvery) return snapshot_;
    MB_ASSIGN(db, Db());
    // The documents and the people of one state of the index.
    MB_ASSIGN(read, db->BeginRead());
    MB_ASSIGN(documents, db->ListDocuments());
    checked_ = now;
    roster::AliasesFile aliases;
    aliases.sha256 = Sha256Hex("");
    if (!options_.rules_dir.empty()) {
      MB_ASSIGN(file, roster::ReadAliases(options_.rules_dir));
      aliases = std::move(file);
    }
    // The people change without the documents when the aliases are edited,
    // and when an ingest then resolves with them.
    MB_ASSIGN(current, roster::Current(*db, aliases));
    MB_ASSIGN(resolved_with, db->GetMeta(index::kPeopleAliases));
    const std::string signature = fmt::format("{}|{}|{}|{}", Signature(documents), aliases.sha256, current,
                                              resolved_with.value_or(""));
    if (snapshot_ && snapshot_->signature == signature) return snapshot_;
    auto s = std::make_shared<Snapshot>();
    s->signature = signature;
    s->documents = std::move(documents);
    for (size_t i = 0; i < s->documents.size(); ++i) {
      s->by_path[s->documents[i].path] = i;
      s->by_id[s->documents[i].id] = i;
    }
    if (current) {
      MB_ASSIGN(directory, roster::LoadDirectory(*db));
      MB_ASSIGN(summaries, roster::LoadPeople(*db));
      MB_ASSIGN(unresolved, roster::LoadUnresolved(*db));
      s->stored = true;
      s->directory = std::move(directory);
      s->summaries = std::move(summaries);
      s->unresolved = std::move(unresolved);
    } else {
      MB_TRY(Resolve(*db, aliases, *s));
    }
    read.reset();
    StartAudit(s);
    MB_ASSIGN(is_public, db->GetMeta("public"));
    s->public_index = is_public && *is_public == "1";
    snapshot_ = std::move(s);
    return snapshot_;
  }

  // People resolved over every extraction of the index, held in `s`.
  static Result<void> Resolve(index::Index& db, const roster::AliasesFile& aliases, Snapshot& s) {
    MB_ASSIGN(extractions, db.LoadExtractions());
    MB_ASSIGN(computed, roster::Compute(extractions, aliases));
    s.summaries = roster::Summarise(computed);
    s.unresolved = computed.directory.unresolved();
    const people::Directory& directory = computed.directory;
    for (auto& [path, x] : extractions) people::Canonicalise(directory, path, x);
    s.actions_of.resize(directory.people().size());
    for (const auto& a : computed.actions) {
      for (people::PersonId id : a.owner_ids) {
        if (id >= 0 && static_cast<size_t>(id) < s.actions_of.size()) s.actions_of[id].push_back(a);
      }
    }
    for (const auto& [path, x] : extractions) {
      for (const auto& a : x.attendees) {
        if (a.role != "apologies") s.attended[a.person].insert({a.meeting_date, path, a.page});
      }
    }
    s.extractions = std::move(extractions);
    s.directory = std::move(computed.directory);
    return {};
  }

  void StartAudit(const std::shared_ptr<Snapshot>& s) {
    const int generation = ++audit_control_->generation;
    std::thread([control = audit_control_, state = s->audit, db_path = options_.db_path, generation] {
      // One audit at a time; while an ingest runs, snapshots follow each
      // other faster than audits finish, and only the newest is worth one.
      std::lock_guard running(control->run);
      if (generation != control->generation.load()) {
        std::lock_guard lock(state->mutex);
        state->error = "superseded by a newer state of the index";
        state->ready = true;
        return;
      }
      // Failed redactions as ingest found them; a PDF indexed before that
      // check is listed as unchecked, not rendered here (hours at scale).
      auto index = index::Index::Open(db_path, index::Options{.read_only = true});
      auto findings = index ? audit::Run(**index, audit::Options{.render_unchecked = false})
                            : Result<std::vector<audit::Finding>>(std::unexpected(index.error()));
      std::lock_guard lock(state->mutex);
      if (findings) {
        state->findings = std::move(*findings);
      } else {
        state->error = findings.error().message;
      }
      state->ready = true;
    }).detach();
  }

  std::string Render(const std::string& name, Data& data, const std::string& title) {
    const std::string body = templates_.at(name)->render(data);
    Data page;
    Put(page, "title", title);
    Put(page, "body", body);  // already rendered and escaped by its template
    Put(page, "public", snapshot_ && snapshot_->public_index);
    return templates_.at("layout")->render(page);
  }

  void Page(httplib::Response& res, const std::string& name, Data& data, const std::string& title, int status = 200) {
    res.status = status;
    res.set_content(Render(name, data, title), "text/html; charset=utf-8");
  }

  void ErrorPage(httplib::Response& res, int status, const std::string& message) {
    Data d;
    Put(d, "status", S(status));
    Put(d, "message", message);
    Page(res, "error", d, "minutebook: " + message, status);
  }

  void ApiError(httplib::Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_content(Dump(Json{{"error", message}}), "application/json");
  }

  void Routes(httplib::Server& http) {
    http.Get("/", [this](const httplib::Request& q, httplib::Response& r) { Search(q, r, false); });
    http.Get("/api/search", [this](const httplib::Request& q, httplib::Response& r) { Search(q, r, true); });
    http.Get(R"(/doc/(\d+))", [this](const httplib::Request& q, httplib::Response& r) { Doc(q, r, false); });
    http.Get(R"(/api/doc/(\d+))", [this](const httplib::Request& q, httplib::Response& r) { Doc(q, r, true); });
    http.Get(R"(/file/(\d+))", [this](const httplib::Request& q, httplib::Response& r) { File(q, r); });
    http.Get("/people", [this](const httplib::Request& q, httplib::Response& r) { People(q, r, false); });
    http.Get("/api/people", [this](const httplib::Request& q, httplib::Response& r) { People(q, r, true); });
    http.Get(R"(/person/(\d+))", [this](const httplib::Request& q, httplib::Response& r) { Person(q, r, 'h'); });
    http.Get(R"(/person/(\d+)\.csv)", [this](const httplib::Request& q, httplib::Response& r) { Person(q, r, 'c'); });
    http.Get(R"(/api/person/(\d+))", [this](const httplib::Request& q, httplib::Response& r) { Person(q, r, 'j'); });
    http.Get(R"(/meeting/(\d+)-(\d+))", [this](const httplib::Request& q, httplib::Response& r) { Meeting(q, r, false); });
    http.Get(R"(/api/meeting/(\d+)-(\d+))", [this](const httplib::Request& q, httplib::Response& r) { Meeting(q, r, true); });
    http.Get("/audit", [this](const httplib::Request& q, httplib::Response& r) { Audit(q, r, false); });
    http.Get("/api/audit", [this](const httplib::Request& q, httplib::Response& r) { Audit(q, r, true); });
    http.Get("/static/style.css", [this](const httplib::Request&, httplib::Response& r) {
      r.set_header("Cache-Control", "max-age=300");
      r.set_content(css_, "text/css; charset=utf-8");
    });
    // Every response, pages and errors alike, forbids scripts and content
    // from elsewhere, and sniffing of what is served.
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& r) {
      r.set_header("Content-Security-Policy", "default-src 'self'");
      r.set_header("X-Content-Type-Options", "nosniff");
      r.set_header("Referrer-Policy", "no-referrer");
    });
    http.set_error_handler([this](const httplib::Request& q, httplib::Response& r) {
      if (!r.body.empty()) return;  // a handler's own error page
      const bool api = q.path.rfind("/api/", 0) == 0;
      const std::string message =
          r.status == 404   ? "no such page"
          : r.status == 414 ? fmt::format("the request is too long (a query is limited to {} bytes)",
                                          index::kMaxQueryBytes)
                            : fmt::format("the request could not be served (HTTP {})", r.status);
      if (api) {
        ApiError(r, r.status, message);
      } else {
        ErrorPage(r, r.status, message);
      }
    });
    http.set_exception_handler([this](const httplib::Request&, httplib::Response& r, std::exception_ptr e) {
      std::string what = "internal error";
      try {
        if (e) std::rethrow_exception(e);
      } catch (const std::exception& x) {
        what = x.what();
      } catch (...) {
      }
      ErrorPage(r, 500, what);
    });
  }

  // -------------------------------------------------------------------------

  void Search(const httplib::Request& req, httplib::Response& res, bool api) {
    const std::string q = req.get_param_value("q");
    const std::string what = req.has_param("what") ? req.get_param_value("what") : "pages";
    index::SearchOptions o;
    o.from_date = req.get_param_value("from");
    o.to_date = req.get_param_value("to");
    o.path_contains = req.get_param_value("doc");
    if (what == "actions" || what == "reports" || what == "restricted") {
      o.items = true;
      o.item_kind = what.substr(0, what.size() - 1);
    } else if (what == "items") {
      o.items = true;
    }
    int page = 1;
    if (auto n = Number(req.get_param_value("page")); n && *n >= 1 && *n <= 100000) page = static_cast<int>(*n);
    int limit = kWebPageSize;
    if (auto n = Number(req.get_param_value("limit")); api && n) limit = static_cast<int>(std::clamp<std::int64_t>(*n, 1, kMaxPageSize));
    o.limit = limit;
    o.offset = (page - 1) * limit;
    if (!api) {
      o.mark_open = kMarkOpen;
      o.mark_close = kMarkClose;
    }

    std::string error;
    index::SearchPage found;
    auto snapshot = Current();
    if (!snapshot) return Fatal(res, api, snapshot.error());
    if (!q.empty()) {
      auto db = Db();
      if (!db) return Fatal(res, api, db.error());
      auto hits = (*db)->SearchWithTotal(q, o);
      if (hits) {
        found = std::move(*hits);
      } else if (hits.error().code == ErrorCode::kInvalidArgument) {
        error = hits.error().message;
      } else {
        return Fatal(res, api, hits.error());
      }
    }
    if (api) {
      if (!error.empty()) return ApiError(res, 400, error);
      Json hits = Json::array();
      for (const auto& h : found.hits) {
        const auto* d = (*snapshot)->Document(h.path);
        hits.push_back({{"path", h.path}, {"page", h.page}, {"meeting_date", h.meeting_date}, {"snippet", h.snippet},
                        {"kind", h.kind}, {"rank", h.rank}, {"document_id", d ? d->id : 0}});
      }
      res.set_content(Dump(Json{{"query", q}, {"total", found.total}, {"page", page}, {"hits", hits}}),
                      "application/json");
      return;
    }
    Data d;
    Put(d, "q", q);
    Put(d, "from", o.from_date);
    Put(d, "to", o.to_date);
    Put(d, "doc", o.path_contains);
    for (const char* w : {"pages", "actions", "reports", "restricted", "items"}) d.set(std::string("what_") + w, what == w);
    Put(d, "error", error);
    Put(d, "searched", !q.empty() && error.empty());
    Put(d, "total", S(found.total));
    Put(d, "first", S(found.hits.empty() ? 0 : o.offset + 1));
    Put(d, "last", S(o.offset + static_cast<int>(found.hits.size())));
    Put(d, "max_words", S(index::kMaxQueryWords));
    Put(d, "max_bytes", S(index::kMaxQueryBytes));
    Data hits = List();
    for (const auto& h : found.hits) {
      Data hit;
      const auto* doc = (*snapshot)->Document(h.path);
      Put(hit, "path", h.path);
      Put(hit, "name", fs::path(h.path).filename().string());
      Put(hit, "page", S(h.page));
      Put(hit, "kind", h.kind == "page" ? std::string() : h.kind);
      Put(hit, "meeting_date", h.meeting_date);
      Put(hit, "parts", Parts(h.snippet));
      Put(hit, "href", doc ? fmt::format("/doc/{}?page={}&q={}", doc->id, h.page, httplib::detail::encode_query_param(q))
                          : std::string("#"));
      hits.push_back(hit);
    }
    SetList(d, "hits", hits);
    const std::string base = fmt::format("/?q={}&from={}&to={}&doc={}&what={}", httplib::detail::encode_query_param(q),
                                         httplib::detail::encode_query_param(o.from_date),
                                         httplib::detail::encode_query_param(o.to_date),
                                         httplib::detail::encode_query_param(o.path_contains),
                                         httplib::detail::encode_query_param(what));
    if (page > 1) Put(d, "prev", base + "&page=" + S(page - 1));
    if (o.offset + static_cast<int>(found.hits.size()) < found.total) Put(d, "next", base + "&page=" + S(page + 1));
    Page(res, "search", d, q.empty() ? "minutebook search" : "minutebook: " + q, error.empty() ? 200 : 400);
  }

  void Fatal(httplib::Response& res, bool api, const Error& e) {
    if (api) return ApiError(res, 503, e.message);
    ErrorPage(res, 503, "the index cannot be read: " + e.message);
  }

  const index::DocumentInfo* FindDocument(const Snapshot& s, const std::string& id) {
    const auto n = Number(id);
    if (!n) return nullptr;
    auto it = s.by_id.find(*n);
    return it == s.by_id.end() ? nullptr : &s.documents[it->second];
  }

  // A document's extraction, names canonical: from the index with the
  // stored people, else from the snapshot; nullopt if it has none.
  Result<std::optional<Extraction>> ExtractionOf(const Snapshot& s, const std::string& path) {
    if (s.stored) {
      MB_ASSIGN(db, Db());
      return db->LoadExtraction(path, /*canonical=*/true);
    }
    for (const auto& [p, e] : s.extractions) {
      if (p == path) return std::optional<Extraction>(e);
    }
    return std::optional<Extraction>();
  }

  void Doc(const httplib::Request& req, httplib::Response& res, bool api) {
    auto snapshot = Current();
    if (!snapshot) return Fatal(res, api, snapshot.error());
    const Snapshot& s = **snapshot;
    const index::DocumentInfo* doc = FindDocument(s, req.matches[1]);
    if (!doc) return api ? ApiError(res, 404, "no such document") : ErrorPage(res, 404, "no such document");
    int number = 1;
    if (auto n = Number(req.get_param_value("page")); n) number = static_cast<int>(std::min<std::int64_t>(*n, 1 << 30));
    if (number < 1 || number > doc->page_count) {
      return api ? ApiError(res, 404, "no such page") : ErrorPage(res, 404, fmt::format("no page {} in this document", number));
    }
    const std::string q = req.get_param_value("q");
    auto db = Db();
    if (!db) return Fatal(res, api, db.error());
    std::string error;
    auto text = (*db)->MarkPage(q, doc->id, number, api ? "[" : kMarkOpen, api ? "]" : kMarkClose);
    if (!text && text.error().code == ErrorCode::kInvalidArgument) {
      error = text.error().message;
      text = (*db)->MarkPage("", doc->id, number, "", "");
    }
    if (!text) return text.error().code == ErrorCode::kNotFound ? ErrorPage(res, 404, text.error().message)
                                                                : Fatal(res, api, text.error());
    // What was extracted on this page.
    auto extraction = ExtractionOf(s, doc->path);
    if (!extraction) return Fatal(res, api, extraction.error());
    const Extraction* x = *extraction ? &**extraction : nullptr;
    Json jx = {{"meetings", Json::array()}, {"attendees", Json::array()}, {"actions", Json::array()},
               {"reports", Json::array()}, {"restricted", Json::array()}};
    Data meetings = List(), attendees = List(), actions = List(), reports = List(), restricted = List();
    if (x) {
      for (size_t i = 0; i < x->meetings.size(); ++i) {
        const auto& m = x->meetings[i];
        if (m.page != number) continue;
        Data md;
        Put(md, "date", m.date);
        Put(md, "body", m.body);
        Put(md, "href", fmt::format("/meeting/{}-{}", doc->id, i));
        meetings.push_back(md);
        jx["meetings"].push_back({{"date", m.date}, {"body", m.body}, {"kind", m.kind}, {"id", fmt::format("{}-{}", doc->id, i)}});
      }
      for (const auto& a : x->attendees) {
        if (a.page != number) continue;
        Data ad;
        Put(ad, "name", a.person.empty() ? a.name : a.person);
        Put(ad, "written", a.name);
        Put(ad, "role", a.role);
        attendees.push_back(ad);
        jx["attendees"].push_back({{"name", a.name}, {"person", a.person}, {"role", a.role}});
      }
      for (const auto& a : x->actions) {
        if (a.page != number) continue;
        Data ad;
        Put(ad, "text", a.text);
        Put(ad, "owners", Join(a.owners));
        Put(ad, "status", a.status);
        actions.push_back(ad);
        jx["actions"].push_back({{"text", a.text}, {"owners", a.owners}, {"status", a.status}, {"item", a.item}});
      }
      for (const auto& r : x->reports) {
        if (r.page != number) continue;
        Data rd;
        Put(rd, "title", r.title);
        Put(rd, "security", r.security.value_or(""));
        reports.push_back(rd);
        jx["reports"].push_back({{"title", r.title}, {"authors", r.authors}, {"security", r.security.value_or("")}});
      }
      for (const auto& r : x->restricted) {
        if (r.page != number) continue;
        Data rd;
        Put(rd, "label", r.label);
        Put(rd, "published", r.content_published);
        restricted.push_back(rd);
        jx["restricted"].push_back({{"label", r.label}, {"kind", r.kind}, {"content_published", r.content_published}});
      }
    }
    if (api) {
      res.set_content(Dump(Json{{"id", doc->id}, {"path", doc->path}, {"kind", doc->kind}, {"pages", doc->page_count},
                                {"page", number}, {"text", *text}, {"extracted", jx}}),
                      "application/json");
      return;
    }
    Data d;
    Put(d, "id", S(doc->id));
    Put(d, "path", doc->path);
    Put(d, "name", fs::path(doc->path).filename().string());
    Put(d, "page", S(number));
    Put(d, "pages", S(doc->page_count));
    Put(d, "q", q);
    Put(d, "error", error);
    Put(d, "parts", Parts(*text));
    Put(d, "file", fmt::format("/file/{}#page={}", doc->id, number));
    const std::string qs = q.empty() ? "" : "&q=" + httplib::detail::encode_query_param(q);
    if (number > 1) Put(d, "prev", fmt::format("/doc/{}?page={}{}", doc->id, number - 1, qs));
    if (number < doc->page_count) Put(d, "next", fmt::format("/doc/{}?page={}{}", doc->id, number + 1, qs));
    SetList(d, "meetings", meetings);
    SetList(d, "attendees", attendees);
    SetList(d, "actions", actions);
    SetList(d, "reports", reports);
    SetList(d, "restricted", restricted);
    Put(d, "extracted", !(meetings.is_empty_list() && attendees.is_empty_list() && actions.is_empty_list() &&
                         reports.is_empty_list() && restricted.is_empty_list()));
    Page(res, "doc", d, fmt::format("{} p.{}", fs::path(doc->path).filename().string(), number), error.empty() ? 200 : 400);
  }

  // The original file of an indexed document, found by its id alone: the
  // request never names a path.
  void File(const httplib::Request& req, httplib::Response& res) {
    auto snapshot = Current();
    if (!snapshot) return Fatal(res, false, snapshot.error());
    const index::DocumentInfo* doc = FindDocument(**snapshot, req.matches[1]);
    if (!doc) return ErrorPage(res, 404, "no such document");
    std::error_code ec;
    if (!fs::is_regular_file(doc->path, ec)) return ErrorPage(res, 404, "the original file is no longer there");
    std::ifstream in(doc->path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return ErrorPage(res, 404, "the original file cannot be read");
    // Only a PDF is shown as what it is; HTML and anything else as plain
    // text, so that a saved page's scripts never run under this origin.
    const bool pdf = doc->kind == "pdf";
    res.set_header("Content-Disposition", fmt::format("inline; filename=\"{}\"", pdf ? "document.pdf" : "document.txt"));
    res.set_content(bytes.str(), pdf ? "application/pdf" : "text/plain; charset=utf-8");
  }

  void People(const httplib::Request&, httplib::Response& res, bool api) {
    auto snapshot = Current();
    if (!snapshot) return Fatal(res, api, snapshot.error());
    const Snapshot& s = **snapshot;
    const std::string key = api ? "people.json" : "people.html";
    std::lock_guard cached(s.cache_mutex);
    if (auto it = s.cache.find(key); it != s.cache.end()) {
      return res.set_content(it->second, api ? "application/json" : "text/html; charset=utf-8");
    }
    PeopleUncached(s, res, api);
    if (res.status == 200 || res.status == -1) s.cache[key] = res.body;
  }

  void PeopleUncached(const Snapshot& s, httplib::Response& res, bool api) {
    const people::Directory& dir = *s.directory;
    std::vector<std::pair<int, int>> counts(dir.people().size());
    for (size_t id = 0; id < counts.size() && id < s.summaries.size(); ++id) {
      counts[id] = {s.summaries[id].actions_open, s.summaries[id].actions_closed};
    }
    std::vector<people::PersonId> order(dir.people().size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<people::PersonId>(i);
    std::sort(order.begin(), order.end(),
              [&](people::PersonId a, people::PersonId b) { return dir.person(a).canonical < dir.person(b).canonical; });
    Json jp = Json::array(), ju = Json::array();
    Data list = List(), unresolved = List();
    for (people::PersonId id : order) {
      const people::Person& p = dir.person(id);
      jp.push_back({{"id", id}, {"canonical", p.canonical}, {"aliases", p.aliases}, {"emails", p.emails},
                    {"councillor", p.councillor}, {"meetings_attended", p.meetings_attended},
                    {"actions_open", counts[id].first}, {"actions_closed", counts[id].second}});
      Data pd;
      Put(pd, "id", S(id));
      Put(pd, "name", p.canonical);
      Put(pd, "aliases", Join(p.aliases));
      Put(pd, "meetings", S(p.meetings_attended));
      Put(pd, "open", S(counts[id].first));
      Put(pd, "closed", S(counts[id].second));
      list.push_back(pd);
    }
    for (const auto& u : s.unresolved) {
      ju.push_back({{"name", u.name}, {"reason", u.reason}, {"candidates", u.candidates}, {"times", u.where.size()}});
      Data ud;
      Put(ud, "name", u.name);
      Put(ud, "reason", u.reason);
      Put(ud, "candidates", Join(u.candidates, " or "));
      Put(ud, "times", S(static_cast<int>(u.where.size())));
      unresolved.push_back(ud);
    }
    if (api) return res.set_content(Dump(Json{{"people", jp}, {"unresolved", ju}}), "application/json");
    Data d;
    Put(d, "people", list);
    Put(d, "unresolved", unresolved);
    Page(res, "people", d, "minutebook: people");
  }

  static Json ActionJson(const people::TrackedAction& a) {
    Json history = Json::array();
    for (const auto& h : a.history) {
      history.push_back({{"meeting_date", h.meeting_date}, {"status", h.status}, {"document", h.document}, {"page", h.page}});
    }
    return {{"meeting_date", a.action.meeting_date}, {"status", a.status()}, {"owners", a.owners},
            {"owners_written", a.action.owners_written}, {"text", a.action.text}, {"item", a.action.item},
            {"document", a.document}, {"page", a.action.page}, {"history", history}};
  }

  std::string PageHref(const Snapshot& s, const std::string& path, int page) {
    const auto* d = s.Document(path);
    return d ? fmt::format("/doc/{}?page={}", d->id, page) : std::string("#");
  }

  void Person(const httplib::Request& req, httplib::Response& res, char format) {
    const bool api = format != 'h';
    auto snapshot = Current();
    if (!snapshot) return Fatal(res, api, snapshot.error());
    const Snapshot& s = **snapshot;
    const people::Directory& dir = *s.directory;
    const auto n = Number(req.matches[1]);
    if (!n || *n >= static_cast<std::int64_t>(dir.people().size())) {
      return api ? ApiError(res, 404, "no such person") : ErrorPage(res, 404, "no such person");
    }
    const auto id = static_cast<people::PersonId>(*n);
    const people::Person& p = dir.person(id);
    // The people stage's selection and order, over this person's actions.
    const people::ActionFilter mine{.owner = id};
    std::vector<people::TrackedAction> actions;
    // Meetings attended: attendee rows naming this person.
    std::set<std::tuple<std::string, std::string, int>> attended;
    if (s.stored) {
      auto db = Db();
      if (!db) return Fatal(res, api, db.error());
      auto stored = roster::LoadActions(**db, mine);
      if (!stored) return Fatal(res, api, stored.error());
      actions = people::SelectActions(*stored, mine);
      auto met = (*db)->MeetingsAttended(id);
      if (!met) return Fatal(res, api, met.error());
      for (const auto& a : *met) attended.insert({a.meeting_date, a.path, a.page});
    } else {
      actions = people::SelectActions(s.actions_of[id], mine);
      if (auto found = s.attended.find(p.canonical); found != s.attended.end()) attended = found->second;
    }
    if (format == 'c') {
      // The columns of `minutebook actions --csv`.
      std::string out = "meeting_date,status,owners,text,item,document,page,history\r\n";
      for (const auto& a : actions) {
        std::string history;
        for (size_t i = 0; i < a.history.size(); ++i) {
          history += (i ? " \xE2\x86\x92 " : "") + a.history[i].meeting_date + " " + a.history[i].status;
        }
        out += fmt::format("{},{},{},{},{},{},{},{}\r\n", cli::CsvField(a.action.meeting_date), cli::CsvField(a.status()),
                           cli::CsvField(Join(a.owners, "; ")), cli::CsvField(a.action.text),
                           cli::CsvField(a.action.item), cli::CsvField(a.document), a.action.page, cli::CsvField(history));
      }
      res.set_header("Content-Disposition", fmt::format("attachment; filename=\"actions-{}.csv\"", id));
      return res.set_content(out, "text/csv; charset=utf-8");
    }
    if (format == 'j') {
      Json ja = Json::array(), je = Json::array(), jm = Json::array();
      for (const auto& a : actions) ja.push_back(ActionJson(a));
      for (const auto& e : p.evidence) {
        je.push_back({{"rule", e.rule}, {"detail", e.detail}, {"document", e.document}, {"meeting_date", e.meeting_date}});
      }
      for (auto it = attended.rbegin(); it != attended.rend(); ++it) {
        jm.push_back({{"meeting_date", std::get<0>(*it)}, {"document", std::get<1>(*it)}, {"page", std::get<2>(*it)}});
      }
      return res.set_content(Dump(Json{{"id", id}, {"canonical", p.canonical}, {"aliases", p.aliases},
                                       {"emails", p.emails}, {"evidence", je}, {"meetings", jm}, {"actions", ja}}),
                             "application/json");
    }
    Data d;
    Put(d, "id", S(id));
    Put(d, "name", p.canonical);
    Data aliases = List(), evidence = List(), meetings = List(), list = List();
    for (const auto& a : p.aliases) aliases.push_back(Data(a));
    for (const auto& e : p.evidence) {
      Data ed;
      Put(ed, "rule", e.rule);
      Put(ed, "detail", e.detail);
      Put(ed, "document", e.document.empty() ? "" : fs::path(e.document).filename().string());
      Put(ed, "meeting_date", e.meeting_date);
      evidence.push_back(ed);
    }
    for (auto it = attended.rbegin(); it != attended.rend(); ++it) {
      Data md;
      Put(md, "date", std::get<0>(*it));
      Put(md, "document", fs::path(std::get<1>(*it)).filename().string());
      Put(md, "href", PageHref(s, std::get<1>(*it), std::get<2>(*it)));
      meetings.push_back(md);
    }
    for (const auto& a : actions) {
      Data ad;
      Put(ad, "date", a.action.meeting_date);
      Put(ad, "status", a.status());
      Put(ad, "open", people::IsOpenStatus(a.status()));
      Put(ad, "owners", Join(a.owners));
      Put(ad, "written", Join(a.action.owners_written));
      Put(ad, "text", a.action.text);
      Put(ad, "item", a.action.item);
      Put(ad, "document", fs::path(a.document).filename().string());
      Put(ad, "page", S(a.action.page));
      Put(ad, "href", PageHref(s, a.document, a.action.page));
      Data history = List();
      if (a.history.size() > 1) {
        for (const auto& h : a.history) {
          Data hd;
          Put(hd, "date", h.meeting_date);
          Put(hd, "status", h.status);
          Put(hd, "href", PageHref(s, h.document, h.page));
          history.push_back(hd);
        }
      }
      SetList(ad, "history", history);
      list.push_back(ad);
    }
    SetList(d, "aliases", aliases);
    Put(d, "evidence", evidence);
    SetList(d, "meetings", meetings);
    SetList(d, "actions", list);
    Put(d, "count", S(static_cast<int>(actions.size())));
    Page(res, "person", d, "minutebook: " + p.canonical);
  }

  void Meeting(const httplib::Request& req, httplib::Response& res, bool api) {
    auto snapshot = Current();
    if (!snapshot) return Fatal(res, api, snapshot.error());
    const Snapshot& s = **snapshot;
    const index::DocumentInfo* doc = FindDocument(s, req.matches[1]);
    const auto n = Number(req.matches[2]);
    std::optional<Extraction> extraction;
    if (doc) {
      auto loaded = ExtractionOf(s, doc->path);
      if (!loaded) return Fatal(res, api, loaded.error());
      extraction = std::move(*loaded);
    }
    const Extraction* x = extraction ? &*extraction : nullptr;
    if (!x || !n || *n >= static_cast<std::int64_t>(x->meetings.size())) {
      return api ? ApiError(res, 404, "no such meeting") : ErrorPage(res, 404, "no such meeting");
    }
    const ::minutebook::Meeting& m = x->meetings[*n];
    Json j = {{"date", m.date}, {"body", m.body}, {"kind", m.kind}, {"venue", m.venue}, {"document", doc->path},
              {"page", m.page}, {"attendees", Json::array()}, {"actions", Json::array()}, {"reports", Json::array()},
              {"restricted", Json::array()}, {"documents", Json::array()}};
    std::map<std::string, Data> roles;
    Data actions = List(), reports = List(), restricted = List(), documents = List();
    for (const auto& a : x->attendees) {
      if (a.meeting_date != m.date) continue;
      j["attendees"].push_back({{"name", a.name}, {"person", a.person}, {"role", a.role}, {"chair", a.chair}});
      if (!roles.count(a.role)) roles[a.role] = List();
      Data ad;
      Put(ad, "name", a.person.empty() ? a.name : a.person);
      Put(ad, "written", a.name);
      Put(ad, "chair", a.chair);
      roles[a.role].push_back(ad);
    }
    for (const auto& a : x->actions) {
      if (a.meeting_date != m.date) continue;
      j["actions"].push_back({{"text", a.text}, {"owners", a.owners}, {"status", a.status}, {"page", a.page}});
      Data ad;
      Put(ad, "text", a.text);
      Put(ad, "owners", Join(a.owners));
      Put(ad, "status", a.status);
      Put(ad, "href", fmt::format("/doc/{}?page={}", doc->id, a.page));
      actions.push_back(ad);
    }
    for (const auto& r : x->reports) {
      if (r.meeting_date != m.date) continue;
      j["reports"].push_back({{"title", r.title}, {"authors", r.authors}, {"security", r.security.value_or("")}, {"page", r.page}});
      Data rd;
      Put(rd, "title", r.title);
      Put(rd, "security", r.security.value_or(""));
      Put(rd, "href", fmt::format("/doc/{}?page={}", doc->id, r.page));
      reports.push_back(rd);
    }
    for (const auto& r : x->restricted) {
      if (r.meeting_date != m.date) continue;
      j["restricted"].push_back({{"label", r.label}, {"content_published", r.content_published}, {"page", r.page}});
      Data rd;
      Put(rd, "label", r.label);
      Put(rd, "published", r.content_published);
      Put(rd, "href", fmt::format("/doc/{}?page={}", doc->id, r.page));
      restricted.push_back(rd);
    }
    // Every document holding a meeting of the same body on the same date.
    std::vector<std::pair<std::string, int>> holding;
    if (s.stored) {
      auto db = Db();
      if (!db) return Fatal(res, api, db.error());
      auto found = (*db)->DocumentsWithMeeting(m.date, m.body);
      if (!found) return Fatal(res, api, found.error());
      holding = std::move(*found);
    } else {
      for (const auto& [path, e] : s.extractions) {
        for (const auto& other : e.meetings) {
          if (other.date != m.date || other.body != m.body) continue;
          holding.emplace_back(path, other.page);
          break;
        }
      }
    }
    for (const auto& [path, page] : holding) {
      j["documents"].push_back({{"path", path}, {"page", page}});
      Data dd;
      Put(dd, "name", fs::path(path).filename().string());
      Put(dd, "href", PageHref(s, path, page));
      documents.push_back(dd);
    }
    if (api) return res.set_content(Dump(j), "application/json");
    Data d;
    Put(d, "date", m.date);
    Put(d, "body", m.body);
    Put(d, "kind", m.kind);
    Put(d, "venue", m.venue);
    Data role_list = List();
    for (auto& [role, names] : roles) {
      Data rd;
      Put(rd, "role", role.empty() ? std::string("present") : role);
      Put(rd, "names", names);
      role_list.push_back(rd);
    }
    Put(d, "roles", role_list);
    SetList(d, "actions", actions);
    SetList(d, "reports", reports);
    SetList(d, "restricted", restricted);
    Put(d, "documents", documents);
    Page(res, "meeting", d, fmt::format("minutebook: {} {}", m.body, m.date));
  }

  void Audit(const httplib::Request&, httplib::Response& res, bool api) {
    auto snapshot = Current();
    if (!snapshot) return Fatal(res, api, snapshot.error());
    const Snapshot& s = **snapshot;
    std::vector<audit::Finding> findings;
    {
      std::lock_guard lock(s.audit->mutex);
      if (!s.audit->ready || !s.audit->error.empty()) {
        const std::string message =
            s.audit->ready ? "the audit failed: " + s.audit->error
                           : fmt::format("the audit of this index is still running ({} s so far); reload in a while",
                                         std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::steady_clock::now() - s.audit->started)
                                             .count());
        res.set_header("Retry-After", "5");
        return api ? ApiError(res, 503, message) : ErrorPage(res, 503, message);
      }
      findings = s.audit->findings;
    }
    // Made once per snapshot, like /people: the findings do not change.
    const std::string key = api ? "audit.json" : "audit.html";
    std::lock_guard cached(s.cache_mutex);
    if (auto it = s.cache.find(key); it != s.cache.end()) {
      return res.set_content(it->second, api ? "application/json" : "text/html; charset=utf-8");
    }
    AuditUncached(s, findings, res, api);
    if (res.status == 200 || res.status == -1) s.cache[key] = res.body;
  }

  void AuditUncached(const Snapshot& s, const std::vector<audit::Finding>& findings, httplib::Response& res, bool api) {
    if (api) return res.set_content(audit::ToJson(findings), "application/json");
    Data groups = List();
    for (auto severity : {audit::Severity::kLeak, audit::Severity::kInconsistent, audit::Severity::kWarning,
                          audit::Severity::kInfo}) {
      Data list = List();
      int count = 0;
      for (const auto& f : findings) {
        if (f.severity != severity) continue;
        ++count;
        Data fd;
        Put(fd, "kind", f.kind);
        Put(fd, "document", fs::path(f.document).filename().string());
        Put(fd, "page", S(f.page));
        Put(fd, "meeting_date", f.meeting_date);
        Put(fd, "label", f.label);
        Put(fd, "message", f.message);
        Put(fd, "evidence", f.evidence);
        Put(fd, "href", PageHref(s, f.document, f.page));
        list.push_back(fd);
      }
      Data g;
      Put(g, "severity", audit::SeverityName(severity));
      Put(g, "count", S(count));
      Put(g, "findings", list);
      groups.push_back(g);
    }
    Data d;
    Put(d, "groups", groups);
    Page(res, "audit", d, "minutebook: audit");
  }

  const Options& options() const { return options_; }
  std::shared_ptr<const Snapshot> snapshot() {
    std::lock_guard lock(snapshot_mutex_);
    return snapshot_;
  }

 private:
  Options options_;
  std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> templates_;
  std::string css_;
  std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::chrono::steady_clock::time_point checked_;
  // Shared with the detached audit threads, which may outlive the server.
  struct AuditControl {
    std::mutex run;
    std::atomic<int> generation{0};
  };
  std::shared_ptr<AuditControl> audit_control_ = std::make_shared<AuditControl>();
};

// Debian's cpp-httplib is compiled with a listen backlog of 5
// (CPPHTTPLIB_LISTEN_BACKLOG); a burst of connections beyond it overflows the
// accept queue, and on a busy machine a client then waits a minute for its
// answer. Linux lets listen() be called again on a listening socket to raise
// the backlog; the library does not hand out its socket, so it is found by
// its port.
void RaiseListenBacklog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    int listening = 0;
    socklen_t size = sizeof(listening);
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || !listening) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    const int bound = address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                      : address.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port)
                                                     : -1;
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

bool IsLoopback(const std::string& address) {
  return address == "127.0.0.1" || address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

}  // namespace

std::string DefaultTemplatesDir() {
  return DataDir("MINUTEBOOK_TEMPLATES", "pipeline/serve/templates", "layout.mustache",
                 MINUTEBOOK_SOURCE_DIR "/pipeline/serve/templates");
}

Result<void> Run(const Options& given, std::ostream& out, std::ostream& err) {
  Options options = given;
  if (options.templates_dir.empty()) options.templates_dir = DefaultTemplatesDir();
  // Refused before anything starts (the first snapshot starts an audit thread).
  bool public_index = false;
  {
    MB_ASSIGN(db, index::Index::Open(options.db_path, index::Options{.read_only = true}));
    MB_ASSIGN(is_public, db->GetMeta("public"));
    public_index = is_public && *is_public == "1";
  }
  Server server(options);
  MB_TRY(server.LoadTemplates());
  if (!IsLoopback(options.bind) && !public_index) {
    if (!options.allow_remote) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{} is a full index (restricted items included); serving it on {} needs --allow-remote",
                              options.db_path, options.bind));
    }
    err << fmt::format("minutebook: warning: serving a full index on {}: restricted material is visible to anyone "
                       "who can reach this address\n",
                       options.bind);
  }

  httplib::Server http;
  http.new_task_queue = [threads = options.threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(64 * 1024);
  http.set_read_timeout(10, 0);
  http.set_write_timeout(30, 0);
  server.Routes(http);
  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.bind);
    if (port < 0) return Fail(ErrorCode::kIo, fmt::format("cannot bind {}", options.bind));
  } else if (!http.bind_to_port(options.bind, port)) {
    return Fail(ErrorCode::kIo, fmt::format("cannot bind {}:{} (in use?)", options.bind, port));
  }
  RaiseListenBacklog(port);
  const bool v6 = options.bind.find(':') != std::string::npos;
  out << fmt::format("minutebook: serving {} at http://{}:{}/\n", options.db_path,
                     v6 ? "[" + options.bind + "]" : options.bind, port)
      << std::flush;
  if (!http.listen_after_bind()) return Fail(ErrorCode::kIo, "the server stopped");
  return {};
}

}  // namespace minutebook::serve
