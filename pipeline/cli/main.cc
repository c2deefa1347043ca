// minutebook: the command line. A thin layer: it parses flags, calls the
// stage libraries, and prints. Exit status (a contract, see README):
//   0 all went well, 1 some input files failed (audit: a finding of the
//   --fail-on class exists), 2 usage error,
//   3 the index could not be opened or written.
//
// Built three times (pipeline/cli/CMakeLists.txt), because what a process
// links it pays for at every start (#13): Poppler and its ~25 libraries cost
// about 12 ms, cpp-httplib's OpenSSL a few more, against a search that takes
// tens of milliseconds. `minutebook` answers from the index (search, people,
// export, audit, ...) and links neither; for `ingest` (and its `worker`
// children) it runs minutebook-engine (MINUTEBOOK_WITH_INGEST), and for
// `serve` minutebook-serve (MINUTEBOOK_WITH_SERVE), both beside it, with the
// same arguments.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include <fmt/format.h>

#include "cli/csv.h"
#include "cli/exit_codes.h"
#include "cli/people_commands.h"
#include "audit/audit.h"
#include "common/gold_json.h"
#include "common/paths.h"
#include "index/index.h"
#include "ingest/ingest.h"  // Options only, unless MINUTEBOOK_WITH_INGEST
#include "roster/roster.h"
#include "serve/serve.h"    // Options only, unless MINUTEBOOK_WITH_SERVE

#ifndef MINUTEBOOK_WITH_INGEST
#define MINUTEBOOK_WITH_INGEST 0
#endif
#ifndef MINUTEBOOK_WITH_SERVE
#define MINUTEBOOK_WITH_SERVE 0
#endif

namespace fs = std::filesystem;
using namespace minutebook;

namespace {

using cli::kExitFatal;
using cli::kExitOk;
using cli::kExitSomeFailed;
using cli::kExitUsage;

// rules/ next to the installed binary's tree, else the source tree it was built from.
std::string DefaultRulesDir() {
  return DataDir("MINUTEBOOK_RULES", "rules", "README.md", MINUTEBOOK_SOURCE_DIR "/rules");
}

// A path on one line: control characters (a newline or tab in a file name)
// are written as \n, \t or \xNN, so that each failure stays one line.
std::string OneLine(const std::string& path) {
  std::string out;
  for (char c : path) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7f) {
      out += c;
    } else {
      out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : fmt::format("\\x{:02x}", b);
    }
  }
  return out;
}

int Fatal(const std::string& what, const Error& e) {
  std::cerr << fmt::format("minutebook: {}: {}\n", what, e.message);
  return e.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFatal;
}

std::unique_ptr<index::Index> OpenForReading(const std::string& db, int* exit_code) {
  if (!fs::exists(db)) {
    std::cerr << fmt::format("minutebook: {}: no index here; run `minutebook ingest` first\n", db);
    *exit_code = kExitUsage;
    return nullptr;
  }
  auto index = index::Index::Open(db, index::Options{.read_only = true});
  if (!index) {
    *exit_code = Fatal(db, index.error());
    return nullptr;
  }
  return std::move(*index);
}

// The documents are in, but people could not be resolved (the aliases file).
void PeopleNotStored(const std::string& why) {
  std::cerr << fmt::format("minutebook: people not resolved: {}; queries resolve per query until it is fixed\n", why);
}

// Runs the sibling binary `name` (beside this one) with this process's
// arguments; returns only when it cannot.
int RunSibling(const char* name, char** argv) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const std::string path = ((ec ? fs::path(argv[0]) : self).parent_path() / name).string();
  ::execv(path.c_str(), argv);
  std::cerr << fmt::format("minutebook: cannot run {}: {}\n", path, std::strerror(errno));
  return kExitFatal;
}

#if MINUTEBOOK_WITH_INGEST
int RunIngest(const std::vector<std::string>& inputs, const ingest::Options& options, bool quiet) {
  std::vector<fs::path> roots(inputs.begin(), inputs.end());
  const bool tty = ::isatty(STDERR_FILENO) && !quiet;
  auto progress = [&](const ingest::Progress& p) {
    if (!tty) return;
    const double rate = p.seconds > 0 ? p.pages / p.seconds : 0.0;
    std::cerr << fmt::format("\r{}/{} files, {} pages ({} OCR), {:.1f} pages/s   ", p.done, p.total, p.pages,
                             p.ocr_pages, rate)
              << std::flush;
  };
  auto on_failure = [&](const ingest::FileFailure& f) {
    if (tty) std::cerr << "\r\033[K";
    std::cerr << fmt::format("minutebook: {}: {}\n", OneLine(f.path), f.reason);
  };
  auto summary = ingest::Run(roots, options, progress, on_failure);
  if (tty) std::cerr << "\r\033[K";
  if (!summary) return Fatal(options.db_path, summary.error());
  const auto& s = *summary;
  if (!quiet) {
    std::cout << fmt::format("{} files: {} added, {} replaced, {} unchanged, {} failed", s.files, s.added, s.replaced,
                             s.unchanged, s.failed);
    if (s.skipped_failed) std::cout << fmt::format(", {} failed before (use --retry-failed)", s.skipped_failed);
    if (options.prune) std::cout << fmt::format(", {} pruned", s.pruned);
    std::cout << fmt::format("; {} pages read ({} by OCR{}) into {}\n", s.pages, s.ocr_pages,
                             s.ocr_cached ? fmt::format(", {} from the OCR cache", s.ocr_cached) : "", options.db_path);
    for (const auto& p : s.low_confidence_pages) std::cout << "low OCR confidence: " << p << "\n";
    if (s.workers_replaced > 0) {
      std::cout << fmt::format("{} worker{} replaced after {} documents each (--documents-per-worker)\n",
                               s.workers_replaced, s.workers_replaced == 1 ? "" : "s", options.documents_per_worker);
    }
    if (s.people_seconds > 0) std::cout << fmt::format("people resolved across the index in {:.2f} s\n", s.people_seconds);
  }
  if (!s.people_error.empty()) PeopleNotStored(s.people_error);
  return s.failures.empty() ? kExitOk : kExitSomeFailed;
}

#endif  // MINUTEBOOK_WITH_INGEST

int RunMerge(const std::string& into, const std::vector<std::string>& shards, bool quiet) {
  auto report = [&](const index::MergedShard& m) {
    if (quiet) return;
    std::cout << fmt::format("{} ({}): {} added, {} replaced, {} unchanged, {} removed, {} failed files\n",
                             OneLine(m.source), m.shard, m.added, m.replaced, m.unchanged, m.removed, m.failures);
  };
  // People over the merged whole, as ingest does at the end of a run.
  std::string people_error;
  auto resolve = [&](index::Index& index) -> Result<void> {
    MB_ASSIGN(updated, roster::Update(index, DefaultRulesDir()));
    people_error = updated.aliases_error;
    return {};
  };
  auto merged = index::Merge(into, shards, report, resolve);
  if (!merged) return Fatal("merge", merged.error());
  if (!people_error.empty()) PeopleNotStored(people_error);
  if (!quiet) std::cout << fmt::format("{} shards merged into {}\n", merged->size(), into);
  return kExitOk;
}

int RunSearch(const std::string& db, const std::string& query, const index::SearchOptions& o, bool json) {
  int code = kExitOk;
  auto index = OpenForReading(db, &code);
  if (!index) return code;
  auto hits = index->Search(query, o);
  if (!hits) return Fatal("search", hits.error());
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : *hits) {
      out.push_back({{"path", h.path},
                     {"page", h.page},
                     {"meeting_date", h.meeting_date},
                     {"snippet", h.snippet},
                     {"kind", h.kind},
                     {"rank", h.rank}});
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  if (hits->empty()) std::cout << "no matches\n";
  for (const auto& h : *hits) {
    std::string snippet = h.snippet;
    for (char& c : snippet) {
      if (c == '\n' || c == '\t') c = ' ';
    }
    std::cout << fmt::format("{} p.{}{}{}\n    {}\n", h.path, h.page, h.kind == "page" ? "" : " [" + h.kind + "]",
                             h.meeting_date.empty() ? "" : fmt::format(" (meeting {})", h.meeting_date), snippet);
  }
  return kExitOk;
}

int RunExport(const std::string& db, const std::string& format, const std::string& what, const std::string& out_path) {
  int code = kExitOk;
  auto index = OpenForReading(db, &code);
  if (!index) return code;
  // Names as one person across the whole index ("Cllr Ghani" -> "Syed Ghani"):
  // the stored people's, else resolved here.
  auto aliases = roster::ReadAliases(DefaultRulesDir());
  if (!aliases) return Fatal("export", aliases.error());
  auto stored = roster::LoadCanonical(*index, *aliases);
  if (!stored) return Fatal("export", stored.error());
  std::optional<people::Documents> docs = std::move(*stored);
  if (!docs) {
    std::cerr << fmt::format("minutebook: the people stored in {} predate its documents or aliases; resolving them "
                             "for this export (`minutebook ingest` stores them again)\n",
                             db);
    auto loaded = index->LoadExtractions();
    if (!loaded) return Fatal("export", loaded.error());
    if (auto canonical = cli::CanonicalisePeople(*loaded, DefaultRulesDir()); !canonical) {
      return Fatal("export", canonical.error());
    }
    docs = std::move(*loaded);
  }
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary);
    if (!file) {
      std::cerr << fmt::format("minutebook: {}: cannot write\n", out_path);
      return kExitFatal;
    }
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  if (format == "csv") {
    cli::WriteCsv(out, what, *docs);
  } else if (format == "jsonl") {
    for (const auto& [path, x] : *docs) out << ToGoldJson(x, path) << "\n";
  } else {
    out << "[";
    bool first = true;
    for (const auto& [path, x] : *docs) {
      out << (first ? "\n" : ",\n") << ToGoldJson(x, path, 2);
      first = false;
    }
    out << "\n]\n";
  }
  return kExitOk;
}

// The audit may render PDFs (text hidden under boxes), so it runs in the
// build that links Poppler.
#if MINUTEBOOK_WITH_INGEST
int RunAudit(const std::string& db, const std::vector<std::string>& paths, bool json, const std::string& html_path,
             const std::string& fail_on, bool recheck) {
  int code = kExitOk;
  auto index = OpenForReading(db, &code);
  if (!index) return code;
  audit::Options options;
  options.recheck = recheck;
  for (const auto& p : paths) options.paths.push_back(fs::absolute(p).lexically_normal().string());
  auto findings = audit::Run(*index, options);
  if (!findings) return Fatal("audit", findings.error());
  if (!html_path.empty()) {
    std::ofstream html(html_path, std::ios::binary);
    html << audit::ToHtml(*findings, "minutebook publication audit of " + db);
    if (!html) {
      std::cerr << fmt::format("minutebook: {}: cannot write\n", html_path);
      return kExitFatal;
    }
  }
  if (json) {
    std::cout << audit::ToJson(*findings) << "\n";
  } else {
    std::map<audit::Severity, int> counts;
    for (const auto& f : *findings) {
      ++counts[f.severity];
      std::cout << fmt::format("{:<12} {:<20} {} p.{}: {}\n", audit::SeverityName(f.severity), f.kind, f.document,
                               f.page, f.message);
    }
    std::cout << fmt::format("{} leaks, {} inconsistencies, {} warnings, {} withheld\n", counts[audit::Severity::kLeak],
                             counts[audit::Severity::kInconsistent], counts[audit::Severity::kWarning],
                             counts[audit::Severity::kInfo]);
  }
  const audit::FailOn gate = fail_on == "never"          ? audit::FailOn::kNever
                             : fail_on == "inconsistent" ? audit::FailOn::kInconsistent
                             : fail_on == "any"          ? audit::FailOn::kAny
                                                         : audit::FailOn::kLeak;
  return audit::ShouldFail(*findings, gate) ? kExitSomeFailed : kExitOk;
}
#endif  // MINUTEBOOK_WITH_INGEST

int RunCoverage(const std::string& db, const std::vector<std::string>& paths, bool json) {
  int code = kExitOk;
  auto index = OpenForReading(db, &code);
  if (!index) return code;
  audit::Options options;
  for (const auto& p : paths) options.paths.push_back(fs::absolute(p).lexically_normal().string());
  auto rows = audit::Coverage(*index, options);
  if (!rows) return Fatal("coverage", rows.error());
  std::cout << (json ? audit::CoverageToJson(*rows) + "\n" : audit::CoverageToText(*rows));
  return kExitOk;
}

int RunFailures(const std::string& db) {
  int code = kExitOk;
  auto index = OpenForReading(db, &code);
  if (!index) return code;
  auto failures = index->Failures();
  if (!failures) return Fatal("failures", failures.error());
  for (const auto& f : *failures) std::cout << fmt::format("{}\t{}\t{}\n", f.at, OneLine(f.path), f.reason);
  return kExitOk;
}

int RunStats(const std::string& db) {
  int code = kExitOk;
  auto index = OpenForReading(db, &code);
  if (!index) return code;
  auto s = index->GetStats();
  if (!s) return Fatal("stats", s.error());
  std::cout << fmt::format(
      "documents {}\npages {}\nfailed {}\nmeetings {}\nattendees {}\nactions {}\nreports {}\nrestricted {}\n",
      s->documents, s->pages, s->failed, s->meetings, s->attendees, s->actions, s->reports, s->restricted);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"minutebook: index and search the papers of boards and committees"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "minutebook 0.1.0");
  std::string db = "output/minutebook.db";

  auto* ingest_cmd = app.add_subcommand("ingest", "Read papers into the index (re-runnable: unchanged files are skipped)");
  std::vector<std::string> inputs;
  ingest::Options io;
  io.rules_dir = DefaultRulesDir();
  bool quiet = false;
  ingest_cmd->add_option("paths", inputs, "Files and folders to read")->required();
  ingest_cmd->add_option("--db", db, "Index file")->capture_default_str();
  ingest_cmd->add_option("--jobs,-j", io.jobs,
                         "Reading threads: documents at once, and pages of a PDF when documents are fewer (default: number of cores)")
      ->check(CLI::Range(1, 256));
  ingest_cmd->add_flag("--prune", io.prune, "Remove documents whose files are gone");
  ingest_cmd->add_flag("--retry-failed", io.retry_failed, "Read again files that failed before");
  ingest_cmd->add_flag("--public", io.public_index,
                       "Build an index fit for publication: no text of restricted items or withheld pages");
  ingest_cmd->add_option("--ocr", io.read.ocr, "OCR pages without a usable text layer")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  ingest_cmd->add_option("--ocr-dpi", io.read.ocr_dpi, "Resolution for OCR rendering")
      ->check(CLI::Range(72, 1200))
      ->capture_default_str();
  ingest_cmd->add_option("--rules", io.rules_dir, "Folder of extraction rule files")->capture_default_str();
  ingest_cmd->add_flag("--quiet,-q", quiet, "Print nothing but errors");
  std::string isolation = "process";
  ingest_cmd->add_option("--isolation", isolation,
                         "Read documents in child processes (a crash costs one document) or in threads")
      ->check(CLI::IsMember({"process", "thread"}))
      ->capture_default_str();
  ingest_cmd->add_option("--timeout", io.timeout_seconds, "Seconds one document may take before it is failed")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  std::string shard;
  ingest_cmd->add_option("--shard", shard,
                         "Only the files of shard K of N (K from 0), decided from the path relative to its root; "
                         "merge the shard indexes with `minutebook merge`");
  ingest_cmd->add_option("--memory-limit", io.memory_limit_mb, "MiB of address space per worker process (0: none)")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  ingest_cmd->add_option("--documents-per-worker", io.documents_per_worker,
                         "Replace a worker process by a fresh one after this many documents (0: never)")
      ->check(CLI::Range(0, 1 << 30))
      ->capture_default_str();

  auto* merge_cmd = app.add_subcommand("merge", "Merge shard indexes (ingest --shard K/N) into one index");
  std::string merge_into;
  std::vector<std::string> merge_shards;
  merge_cmd->add_option("--into", merge_into, "The merged index (created when missing)")->required();
  merge_cmd->add_option("shards", merge_shards, "Shard index files")->required();
  merge_cmd->add_flag("--quiet,-q", quiet, "Print nothing but errors");

  // The child side of --isolation process; not for people.
  auto* worker_cmd = app.add_subcommand("worker", "")->group("");
  std::string worker_options;
  worker_cmd->add_option("options", worker_options)->required();

  auto* search_cmd = app.add_subcommand("search", "Full-text search (FTS5 syntax: \"phrase\", prefix*, AND/OR/NOT)");
  std::string query;
  index::SearchOptions so;
  bool json = false;
  search_cmd->add_option("query", query, "Search query")->required();
  search_cmd->add_option("--db", db, "Index file")->capture_default_str();
  search_cmd->add_option("--limit,-n", so.limit, "Most hits to show")->check(CLI::Range(1, 100000))->capture_default_str();
  search_cmd->add_option("--from", so.from_date, "Only meetings on or after this date (YYYY-MM-DD)");
  search_cmd->add_option("--to", so.to_date, "Only meetings on or before this date (YYYY-MM-DD)");
  search_cmd->add_option("--path", so.path_contains, "Only documents whose path contains this text");
  search_cmd->add_flag("--json", json, "JSON output");
  search_cmd->add_flag("--items", so.items, "Search extracted items (actions, reports, restricted labels), not pages");
  search_cmd->add_option("--kind", so.item_kind, "With --items: only this kind")
      ->check(CLI::IsMember({"action", "report", "restricted"}));

  auto* export_cmd = app.add_subcommand("export", "Export extracted meetings, attendees, actions, reports, restricted items");
  std::string format = "json", what = "all", out_path;
  export_cmd->add_option("--db", db, "Index file")->capture_default_str();
  export_cmd->add_option("--format", format, "json | jsonl (gold format) | csv")
      ->check(CLI::IsMember({"json", "jsonl", "csv"}))
      ->capture_default_str();
  export_cmd->add_option("--what", what, "With csv: actions | attendees | meetings | reports | restricted")
      ->check(CLI::IsMember({"all", "actions", "attendees", "meetings", "reports", "restricted"}))
      ->capture_default_str();
  export_cmd->add_option("--output,-o", out_path, "Write to this file instead of standard output");

  auto* audit_cmd = app.add_subcommand("audit", "Check that restricted items were not published");
  std::vector<std::string> audit_paths;
  std::string html_path, fail_on = "leak";
  bool recheck = false;
  audit_cmd->add_option("paths", audit_paths, "Only documents under these files or folders");
  audit_cmd->add_option("--db", db, "Index file")->capture_default_str();
  audit_cmd->add_flag("--json", json, "JSON output");
  audit_cmd->add_option("--html", html_path, "Also write a self-contained HTML report to this file");
  audit_cmd->add_option("--fail-on", fail_on, "Exit 1 when a finding of this class exists")
      ->check(CLI::IsMember({"leak", "inconsistent", "any", "never"}))
      ->capture_default_str();
  audit_cmd->add_flag("--recheck", recheck,
                      "Render every PDF still on disk again to look for text under filled boxes, instead of using "
                      "what ingest found (slow)");

  auto* coverage_cmd =
      app.add_subcommand("coverage", "Per document: what was extracted, and flags for what looks missed (flagged first)");
  std::vector<std::string> coverage_paths;
  coverage_cmd->add_option("paths", coverage_paths, "Only documents under these files or folders");
  coverage_cmd->add_option("--db", db, "Index file")->capture_default_str();
  coverage_cmd->add_flag("--json", json, "JSON output");

  auto* failures_cmd = app.add_subcommand("failures", "List files that could not be read, with the reason");
  failures_cmd->add_option("--db", db, "Index file")->capture_default_str();
  auto* stats_cmd = app.add_subcommand("stats", "Count what the index holds");
  stats_cmd->add_option("--db", db, "Index file")->capture_default_str();

  auto* serve_cmd = app.add_subcommand("serve", "A local web page over the index: search, documents, people, audit");
  serve::Options serve_options;
  serve_cmd->add_option("--db", db, "Index file")->capture_default_str();
  serve_cmd->add_option("--port", serve_options.port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve_cmd->add_option("--bind", serve_options.bind, "Address to listen on")->capture_default_str();
  serve_cmd->add_flag("--allow-remote", serve_options.allow_remote,
                      "Serve a full (not --public) index on an address other than loopback");
  serve_options.rules_dir = DefaultRulesDir();
  serve_cmd->add_option("--rules", serve_options.rules_dir, "Folder holding people.aliases")->capture_default_str();

  auto run_people_command = cli::AddPeopleCommands(app, db, DefaultRulesDir());

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

#if MINUTEBOOK_WITH_INGEST
  if (*worker_cmd) return ingest::ServeWorker(worker_options);
#else
  if (*worker_cmd || *ingest_cmd) return RunSibling("minutebook-engine", argv);
#endif
#if !MINUTEBOOK_WITH_SERVE
  if (*serve_cmd) return RunSibling("minutebook-serve", argv);
#endif
  if (auto code = run_people_command()) return *code;
#if MINUTEBOOK_WITH_INGEST
  if (*ingest_cmd) {
    io.db_path = db;
    if (!shard.empty()) {
      auto parsed = discover::ParseShard(shard);
      if (!parsed) return Fatal("ingest", parsed.error());
      io.shard = *parsed;
    }
    io.isolation = isolation == "thread" ? ingest::Options::Isolation::kThread : ingest::Options::Isolation::kProcess;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
      io.isolation = ingest::Options::Isolation::kThread;
    } else {
      io.worker_command = {self.string(), "worker"};
    }
    return RunIngest(inputs, io, quiet);
  }
#endif
  if (*merge_cmd) return RunMerge(merge_into, merge_shards, quiet);
  if (*search_cmd) return RunSearch(db, query, so, json);
  if (*export_cmd) {
    if (format == "csv" && what == "all") what = "actions";
    return RunExport(db, format, what, out_path);
  }
#if MINUTEBOOK_WITH_INGEST
  if (*audit_cmd) return RunAudit(db, audit_paths, json, html_path, fail_on, recheck);
#else
  if (*audit_cmd) return RunSibling("minutebook-engine", argv);
#endif
  if (*coverage_cmd) return RunCoverage(db, coverage_paths, json);
  if (*failures_cmd) return RunFailures(db);
  if (*stats_cmd) return RunStats(db);
#if MINUTEBOOK_WITH_SERVE
  if (*serve_cmd) {
    int code = kExitOk;
    if (!OpenForReading(db, &code)) return code;
    serve_options.db_path = db;
    auto served = serve::Run(serve_options, std::cout, std::cerr);
    return served ? kExitOk : Fatal("serve", served.error());
  }
#endif
  return kExitUsage;
}
