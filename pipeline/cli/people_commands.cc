#include "cli/people_commands.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/csv.h"
#include "cli/exit_codes.h"
#include "index/index.h"
#include "people/people.h"
#include "roster/roster.h"

namespace minutebook::cli {
namespace {

namespace fs = std::filesystem;

// The name matches nobody: the "some failed" status of the shared contract.
constexpr int kExitNoSuchOwner = kExitSomeFailed;

struct State {
  std::string* db = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  std::string rules_dir;
  std::string aliases_path;  // empty: <rules_dir>/people.aliases if it exists
  CLI::App* actions_cmd = nullptr;
  CLI::App* people_cmd = nullptr;
  // actions
  std::string owner;
  people::ActionFilter filter;
  bool json = false;
  bool csv = false;
  // people
  bool unresolved = false;
  std::string explain;
};

std::string Join(const std::vector<std::string>& v, std::string_view sep = "; ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? std::string(sep) : "") + v[i];
  return out;
}

std::string History(const people::TrackedAction& a) {
  std::string out;
  for (size_t i = 0; i < a.history.size(); ++i) {
    out += (i ? " \xE2\x86\x92 " : "") + fmt::format("{} {}", a.history[i].meeting_date, a.history[i].status);
  }
  return out;
}

void Dump(std::ostream& out, const nlohmann::json& j) {
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// What the commands read: the people stored in the index when they are
// current, else a full computation over its extractions (with a notice).
struct Loaded {
  std::unique_ptr<index::Index> index;
  std::optional<roster::Computed> computed;  // set when not read from the index
  std::optional<people::Directory> directory;  // for a user's query (no context)
};

// Returns an exit status on failure. `need_built`: the command needs a
// directory built over the documents (people --explain), never the stored one.
std::optional<int> Load(const State& s, Loaded& loaded, bool need_built = false) {
  std::ostream& err = *s.err;
  if (!fs::exists(*s.db)) {
    err << fmt::format("minutebook: {}: no index here; run `minutebook ingest` first\n", *s.db);
    return kExitUsage;
  }
  auto index = index::Index::Open(*s.db, index::Options{.read_only = true});
  if (!index) {
    err << fmt::format("minutebook: {}: {}\n", *s.db, index.error().message);
    return index.error().code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  loaded.index = std::move(*index);
  auto aliases = roster::ReadAliases(s.rules_dir, s.aliases_path);
  if (!aliases) {
    err << fmt::format("minutebook: {}\n", aliases.error().message);
    return aliases.error().code == ErrorCode::kIo ? kExitFatal : kExitUsage;
  }
  auto current = roster::Current(*loaded.index, *aliases);
  if (!current) {
    err << fmt::format("minutebook: {}: {}\n", *s.db, current.error().message);
    return kExitFatal;
  }
  if (*current && !need_built) {
    auto directory = roster::LoadDirectory(*loaded.index);
    if (!directory) {
      err << fmt::format("minutebook: {}: {}\n", *s.db, directory.error().message);
      return kExitFatal;
    }
    loaded.directory = std::move(*directory);
    return std::nullopt;
  }
  if (!*current) {
    // Read-only: a query never writes the index (an ingest may be writing
    // it); the next ingest stores people again.
    err << fmt::format("minutebook: the people stored in {} predate its documents or aliases; resolving them for "
                       "this query (`minutebook ingest` stores them again)\n",
                       *s.db);
  }
  auto docs = loaded.index->LoadExtractions();
  if (!docs) {
    err << fmt::format("minutebook: {}: {}\n", *s.db, docs.error().message);
    return kExitFatal;
  }
  auto computed = roster::Compute(*docs, *aliases);
  if (!computed) {
    err << fmt::format("minutebook: {}\n", computed.error().message);
    return computed.error().code == ErrorCode::kIo ? kExitFatal : kExitUsage;
  }
  loaded.directory = computed->directory;
  loaded.computed = std::move(*computed);
  return std::nullopt;
}

nlohmann::json ActionJson(const people::TrackedAction& a) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : a.history) {
    history.push_back({{"meeting_date", h.meeting_date}, {"status", h.status}, {"document", h.document},
                       {"page", h.page}});
  }
  return {{"meeting_date", a.action.meeting_date},
          {"status", a.status()},
          {"owners", a.owners},
          {"owners_written", a.action.owners_written},
          {"text", a.action.text},
          {"item", a.action.item},
          {"document", a.document},
          {"page", a.action.page},
          {"history", history}};
}

int RunActions(State& s) {
  Loaded loaded;
  if (auto failed = Load(s, loaded)) return *failed;
  const people::Directory& directory = *loaded.directory;
  // Whether an action names the owner as written.
  auto written_somewhere = [&]() -> Result<bool> {
    if (!loaded.computed) return roster::AnyOwnerWritten(*loaded.index, s.owner);
    const auto& all = loaded.computed->actions;
    return std::any_of(all.begin(), all.end(), [&](const people::TrackedAction& a) {
      return std::any_of(a.owners.begin(), a.owners.end(),
                         [&](const std::string& o) { return people::SameOwnerText(s.owner, o); });
    });
  };

  people::ActionFilter filter = s.filter;
  if (!s.owner.empty()) {
    const people::Resolution r = directory.Lookup(s.owner);
    std::vector<std::string> candidates;
    for (people::PersonId id : r.candidates) candidates.push_back(directory.person(id).canonical);
    std::optional<Result<bool>> as_written;
    if (!r.person) {
      as_written = written_somewhere();
      if (!*as_written) {
        *s.err << fmt::format("minutebook: {}: {}\n", *s.db, as_written->error().message);
        return kExitFatal;
      }
    }
    if (r.person) {
      filter.owner = r.person;
    } else if (**as_written) {
      // A group such as "Partners", or a name the papers left as written.
      filter.owner_written = s.owner;
      if (!candidates.empty()) {
        *s.err << fmt::format("minutebook: \"{}\" could be {}; showing the actions that name \"{}\" as written\n",
                              s.owner, Join(candidates, ", "), s.owner);
      }
    } else if (!candidates.empty()) {
      *s.err << fmt::format("minutebook: \"{}\" could be {}; give more of the name\n", s.owner,
                            Join(candidates, ", "));
      return kExitNoSuchOwner;
    } else {
      const std::vector<std::string> close = directory.Suggest(s.owner, 5);
      *s.err << fmt::format("minutebook: nobody known is called \"{}\"", s.owner);
      *s.err << (close.empty() ? std::string("\n") : fmt::format("; closest: {}\n", Join(close, ", ")));
      return kExitNoSuchOwner;
    }
  }
  std::vector<people::TrackedAction> stored;
  if (!loaded.computed) {
    auto read = roster::LoadActions(*loaded.index, filter);
    if (!read) {
      *s.err << fmt::format("minutebook: {}: {}\n", *s.db, read.error().message);
      return kExitFatal;
    }
    stored = std::move(*read);
  }
  const std::vector<people::TrackedAction> selected =
      people::SelectActions(loaded.computed ? loaded.computed->actions : stored, filter);

  std::ostream& out = *s.out;
  if (s.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& a : selected) j.push_back(ActionJson(a));
    Dump(out, j);
  } else if (s.csv) {
    out << "meeting_date,status,owners,text,item,document,page,history\r\n";
    for (const auto& a : selected) {
      out << fmt::format("{},{},{},{},{},{},{},{}\r\n", CsvField(a.action.meeting_date), CsvField(a.status()),
                         CsvField(Join(a.owners)), CsvField(a.action.text), CsvField(a.action.item),
                         CsvField(a.document), a.action.page, CsvField(History(a)));
    }
  } else {
    if (selected.empty()) out << "no actions\n";
    for (const auto& a : selected) {
      out << fmt::format("{}  {}  {}\n    {}\n    {} p.{}{}\n", a.action.meeting_date, a.status(), Join(a.owners, ", "),
                         a.action.text, a.document, a.action.page,
                         a.action.item.empty() ? "" : fmt::format(", item {}", a.action.item));
      if (a.history.size() > 1) out << "    history: " << History(a) << "\n";
    }
  }
  return kExitOk;
}

int RunPeople(State& s) {
  Loaded loaded;
  if (auto failed = Load(s, loaded, /*need_built=*/!s.explain.empty())) return *failed;
  const people::Directory& directory = *loaded.directory;
  std::ostream& out = *s.out;

  if (!s.explain.empty()) {
    const std::vector<people::Evidence> evidence = directory.Explain(s.explain);
    if (s.json) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& e : evidence) {
        j.push_back({{"rule", e.rule}, {"detail", e.detail}, {"document", e.document}, {"meeting_date", e.meeting_date}});
      }
      Dump(out, j);
    } else {
      for (const auto& e : evidence) {
        out << fmt::format("{}: {}", e.rule, e.detail);
        if (!e.document.empty()) out << fmt::format("  [{}{}]", e.document, e.meeting_date.empty() ? "" : " " + e.meeting_date);
        out << "\n";
      }
    }
    return kExitOk;
  }

  if (s.unresolved) {
    std::vector<people::Unresolved> unresolved;
    if (loaded.computed) {
      unresolved = directory.unresolved();
    } else {
      auto read = roster::LoadUnresolved(*loaded.index);
      if (!read) {
        *s.err << fmt::format("minutebook: {}: {}\n", *s.db, read.error().message);
        return kExitFatal;
      }
      unresolved = std::move(*read);
    }
    if (s.json) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& u : unresolved) {
        nlohmann::json where = nlohmann::json::array();
        for (const auto& w : u.where) {
          where.push_back({{"document", w.document}, {"meeting_date", w.meeting_date}, {"field", w.field}});
        }
        j.push_back({{"name", u.name}, {"reason", u.reason}, {"candidates", u.candidates}, {"where", where}});
      }
      Dump(out, j);
    } else {
      if (unresolved.empty()) out << "every name resolved\n";
      for (const auto& u : unresolved) {
        out << fmt::format("{}  {}{}  ({} time{})\n", u.name, u.reason,
                           u.candidates.empty() ? "" : ": " + Join(u.candidates, " or "), u.where.size(),
                           u.where.size() == 1 ? "" : "s");
        for (size_t i = 0; i < u.where.size() && i < 3; ++i) {
          out << fmt::format("    {} {} ({})\n", u.where[i].document, u.where[i].meeting_date, u.where[i].field);
        }
        if (u.where.size() > 3) out << fmt::format("    ... and {} more\n", u.where.size() - 3);
      }
    }
    return kExitOk;
  }

  // Open and closed actions per person, by each action's latest status.
  std::vector<roster::PersonSummary> people;
  if (loaded.computed) {
    people = roster::Summarise(*loaded.computed);
  } else {
    auto read = roster::LoadPeople(*loaded.index);
    if (!read) {
      *s.err << fmt::format("minutebook: {}: {}\n", *s.db, read.error().message);
      return kExitFatal;
    }
    people = std::move(*read);
  }
  std::vector<people::PersonId> order(people.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<people::PersonId>(i);
  std::sort(order.begin(), order.end(), [&](people::PersonId a, people::PersonId b) {
    return people[a].person.canonical < people[b].person.canonical;
  });
  if (s.json) {
    nlohmann::json j = nlohmann::json::array();
    for (people::PersonId id : order) {
      const people::Person& p = people[id].person;
      j.push_back({{"canonical", p.canonical},
                   {"aliases", p.aliases},
                   {"emails", p.emails},
                   {"councillor", p.councillor},
                   {"meetings_attended", p.meetings_attended},
                   {"actions_open", people[id].actions_open},
                   {"actions_closed", people[id].actions_closed}});
    }
    Dump(out, j);
    return kExitOk;
  }
  for (people::PersonId id : order) {
    const people::Person& p = people[id].person;
    out << fmt::format("{}  meetings {}  actions open {} closed {}\n", p.canonical, p.meetings_attended,
                       people[id].actions_open, people[id].actions_closed);
    if (!p.aliases.empty()) out << "    also: " << Join(p.aliases, ", ") << "\n";
  }
  return kExitOk;
}

void AddCommonOptions(CLI::App* cmd, State& s) {
  cmd->add_option("--db", *s.db, "Index file")->capture_default_str();
  cmd->add_option("--rules", s.rules_dir, "Folder holding people.aliases")->capture_default_str();
  cmd->add_option("--aliases", s.aliases_path, "Aliases file (default: <rules>/people.aliases, if present)");
  cmd->add_flag("--json", s.json, "JSON output");
}

}  // namespace

PeopleCommandRunner AddPeopleCommands(CLI::App& app, std::string& db_path, const std::string& rules_dir,
                                      std::ostream& out, std::ostream& err) {
  auto s = std::make_shared<State>();
  s->db = &db_path;
  s->out = &out;
  s->err = &err;
  s->rules_dir = rules_dir;

  s->actions_cmd = app.add_subcommand(
      "actions", "Actions across meetings, one line per action with its latest status (--owner: anyone's spelling)");
  CLI::App* a = s->actions_cmd;
  a->add_option("--owner", s->owner, "Person (any spelling) or group as written; default: all actions");
  a->add_option("--status", s->filter.status, "Latest status")
      ->check(CLI::IsMember({"open", "closed", "completed", "outstanding"}));
  const CLI::Validator iso_date(
      [](std::string& v) {
        static const std::regex kDate(R"(\d{4}(-\d{2}(-\d{2})?)?)");
        return std::regex_match(v, kDate) ? std::string() : std::string("expected YYYY, YYYY-MM or YYYY-MM-DD");
      },
      "DATE");
  a->add_option("--from", s->filter.from, "Only actions recorded on or after this date")->check(iso_date);
  a->add_option("--to", s->filter.to, "Only actions recorded on or before this date")->check(iso_date);
  AddCommonOptions(a, *s);
  a->add_flag("--csv", s->csv, "CSV output")->excludes(a->get_option("--json"));

  s->people_cmd = app.add_subcommand("people", "People with their spellings, meetings attended and actions");
  CLI::App* p = s->people_cmd;
  p->add_flag("--unresolved", s->unresolved, "Names left as written: nobody known, or more than one person");
  p->add_option("--explain", s->explain, "Why a name resolves (or not) as it does");
  AddCommonOptions(p, *s);

  return [s]() -> std::optional<int> {
    if (*s->actions_cmd) return RunActions(*s);
    if (*s->people_cmd) return RunPeople(*s);
    return std::nullopt;
  };
}

PeopleCommandRunner AddPeopleCommands(CLI::App& app, std::string& db_path, const std::string& rules_dir) {
  return AddPeopleCommands(app, db_path, rules_dir, std::cout, std::cerr);
}

Result<void> CanonicalisePeople(std::vector<std::pair<std::string, Extraction>>& documents,
                                const std::string& rules_dir) {
  MB_ASSIGN(aliases, roster::ReadAliases(rules_dir));
  MB_ASSIGN(directory, people::Directory::Build(documents, aliases.aliases));
  for (auto& [path, extraction] : documents) people::Canonicalise(directory, path, extraction);
  return {};
}

}  // namespace minutebook::cli
