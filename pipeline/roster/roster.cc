#include "roster/roster.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "index/index.h"

namespace minutebook::roster {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string ActionData(const people::TrackedAction& t) {
  const Action& a = t.action;
  json history = json::array();
  for (const auto& h : t.history) history.push_back({h.meeting_date, h.status, h.document, h.page});
  return Dump({t.document,
               {a.meeting_date, a.text, a.owners, a.owners_written, a.status, a.item, a.page},
               t.owners,
               t.owner_ids,
               std::move(history)});
}

Result<people::TrackedAction> ActionFrom(const std::string& data) {
  people::TrackedAction t;
  try {
    const json j = json::parse(data);
    t.document = j.at(0).get<std::string>();
    const json& a = j.at(1);
    t.action.meeting_date = a.at(0).get<std::string>();
    t.action.text = a.at(1).get<std::string>();
    t.action.owners = a.at(2).get<std::vector<std::string>>();
    t.action.owners_written = a.at(3).get<std::vector<std::string>>();
    t.action.status = a.at(4).get<std::string>();
    t.action.item = a.at(5).get<std::string>();
    t.action.page = a.at(6).get<int>();
    t.owners = j.at(2).get<std::vector<std::string>>();
    t.owner_ids = j.at(3).get<std::vector<people::PersonId>>();
    for (const json& h : j.at(4)) {
      t.history.push_back(people::StatusChange{h.at(0).get<std::string>(), h.at(1).get<std::string>(),
                                               h.at(2).get<std::string>(), h.at(3).get<int>()});
    }
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("stored action: ") + e.what());
  }
  if (t.history.empty()) return Fail(ErrorCode::kInternal, "stored action without a history");
  return t;
}

std::string UnresolvedData(const std::vector<people::Unresolved>& unresolved) {
  json out = json::array();
  for (const auto& u : unresolved) {
    json where = json::array();
    for (const auto& w : u.where) where.push_back({w.document, w.meeting_date, w.field});
    out.push_back({u.name, u.reason, u.candidates, std::move(where)});
  }
  return Dump(out);
}

}  // namespace

Result<AliasesFile> ReadAliases(const std::string& rules_dir, const std::string& path) {
  const bool explicit_path = !path.empty();
  const std::string file = explicit_path ? path : (fs::path(rules_dir) / "people.aliases").string();
  AliasesFile out;
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    if (explicit_path) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: no such file", file));
    out.sha256 = Sha256Hex("");
    return out;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, fmt::format("{}: cannot open", file));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, fmt::format("{}: cannot read", file));
  MB_ASSIGN(aliases, people::Aliases::Parse(text.str(), file));
  out.aliases = std::move(aliases);
  out.sha256 = Sha256Hex(text.str());
  return out;
}

Result<Computed> Compute(const people::Documents& documents, const AliasesFile& aliases) {
  MB_ASSIGN(directory, people::Directory::Build(documents, aliases.aliases));
  std::vector<people::TrackedAction> actions = people::TrackActions(directory, documents);
  return Computed{std::move(directory), std::move(actions)};
}

std::vector<PersonSummary> Summarise(const Computed& computed) {
  std::vector<PersonSummary> out;
  for (const people::Person& p : computed.directory.people()) {
    PersonSummary s;
    s.person = p;
    s.person.evidence.clear();
    out.push_back(std::move(s));
  }
  for (const auto& a : computed.actions) {
    for (people::PersonId id : a.owner_ids) {
      (people::IsOpenStatus(a.status()) ? out[id].actions_open : out[id].actions_closed) += 1;
    }
  }
  return out;
}

Result<Refreshed> Refresh(index::Index& index, const AliasesFile& aliases) {
  const auto start = std::chrono::steady_clock::now();
  // The index is read a document at a time, once for the directory, twice
  // for the actions and once for the names of each document, rather than
  // held whole: the writer's peak memory then grows with the names and
  // actions, not with everything extracted (#13).
  const people::DocumentSource documents = [&index](const people::DocumentVisitor& visit) {
    return index.ForEachPeopleInput(visit);
  };
  MB_ASSIGN(directory, people::Directory::Build(documents, aliases.aliases));
  MB_ASSIGN(actions, people::TrackActions(directory, documents));
  const Computed computed{std::move(directory), std::move(actions)};
  index::StoredPeople stored;
  stored.directory = computed.directory.SaveForQueries();
  stored.unresolved = UnresolvedData(computed.directory.unresolved());
  for (PersonSummary& s : Summarise(computed)) {
    stored.persons.push_back(index::StoredPerson{std::move(s.person.canonical), std::move(s.person.aliases),
                                                 std::move(s.person.emails), s.person.meetings_attended,
                                                 s.person.councillor, s.actions_open, s.actions_closed});
  }
  for (const auto& a : computed.actions) {
    index::StoredAction row;
    row.data = ActionData(a);
    for (people::PersonId id : a.owner_ids) row.owners.push_back({id, computed.directory.person(id).canonical});
    for (const auto& o : a.owners) row.owners.push_back({std::nullopt, o});
    stored.actions.push_back(std::move(row));
  }
  // The person each name of a document resolves to where it was written,
  // in a read of their own after the tracker's: resolved during its first
  // read they saved 0.2 s of 1.9 at 100,807 pages, but were held beside the
  // tracker's records, 4.5 MB more at the writer's peak (/usr/bin/time).
  MB_TRY(documents([&](const std::string& path, const Extraction& x) {
    auto id_of = [&](const std::string& name, const std::string& date) -> std::optional<int> {
      return computed.directory.Resolve(name, date, path);
    };
    index::StoredNames names;
    for (const Attendee& a : x.attendees) {
      std::optional<int> id = id_of(a.person, a.meeting_date);
      names.attendees.push_back(id ? id : id_of(a.name, a.meeting_date));
    }
    for (const Action& a : x.actions) {
      auto& ids = names.owners.emplace_back();
      for (const auto& o : a.owners) ids.push_back(id_of(o, a.meeting_date));
    }
    for (const Report& r : x.reports) {
      auto& ids = names.authors.emplace_back();
      for (const auto& author : r.authors) ids.push_back(id_of(author, r.meeting_date));
    }
    stored.names.emplace_back(path, std::move(names));
  }));
  MB_TRY(index.StorePeople(stored, aliases.sha256));
  return Refreshed{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                   static_cast<int>(stored.persons.size()), static_cast<int>(stored.actions.size())};
}

Result<bool> Current(index::Index& index, const AliasesFile& aliases) { return index.PeopleCurrent(aliases.sha256); }

Result<Updated> Update(index::Index& index, const std::string& rules_dir) {
  Updated out;
  auto aliases = ReadAliases(rules_dir);
  if (!aliases) {
    out.aliases_error = aliases.error().message;
    return out;
  }
  MB_ASSIGN(current, Current(index, *aliases));
  if (current) return out;
  auto refreshed = Refresh(index, *aliases);
  if (!refreshed) {
    // Contradictory aliases (Directory::Build); anything else is the index's.
    if (refreshed.error().code != ErrorCode::kInvalidArgument) return std::unexpected(refreshed.error());
    out.aliases_error = refreshed.error().message;
    return out;
  }
  out.refreshed = true;
  out.seconds = refreshed->seconds;
  return out;
}

Result<std::optional<people::Documents>> LoadCanonical(index::Index& index, const AliasesFile& aliases) {
  return index.LoadCanonicalExtractions(aliases.sha256);
}

Result<people::Directory> LoadDirectory(index::Index& index) {
  MB_ASSIGN(bytes, index.LoadPeopleState("directory"));
  auto directory = people::Directory::RestoreForQueries(bytes);
  if (!directory) return Fail(ErrorCode::kInternal, directory.error().message);
  return std::move(*directory);
}

Result<std::vector<people::TrackedAction>> LoadActions(index::Index& index, const people::ActionFilter& filter) {
  std::vector<std::string> rows;
  if (filter.owner) {
    MB_ASSIGN(r, index.LoadStoredActions(*filter.owner, {}));
    rows = std::move(r);
  } else if (!filter.owner_written.empty()) {
    MB_ASSIGN(all, index.StoredActionOwners());
    std::vector<std::string> owners;
    for (auto& o : all) {
      if (people::SameOwnerText(filter.owner_written, o)) owners.push_back(std::move(o));
    }
    if (owners.empty()) return std::vector<people::TrackedAction>();
    MB_ASSIGN(r, index.LoadStoredActions(std::nullopt, owners));
    rows = std::move(r);
  } else {
    MB_ASSIGN(r, index.LoadStoredActions(std::nullopt, {}));
    rows = std::move(r);
  }
  std::vector<people::TrackedAction> out;
  out.reserve(rows.size());
  for (const auto& data : rows) {
    MB_ASSIGN(t, ActionFrom(data));
    out.push_back(std::move(t));
  }
  return out;
}

Result<bool> AnyOwnerWritten(index::Index& index, const std::string& written) {
  MB_ASSIGN(all, index.StoredActionOwners());
  return std::any_of(all.begin(), all.end(), [&](const std::string& o) { return people::SameOwnerText(written, o); });
}

Result<std::vector<people::Unresolved>> LoadUnresolved(index::Index& index) {
  MB_ASSIGN(data, index.LoadPeopleState("unresolved"));
  std::vector<people::Unresolved> out;
  try {
    for (const json& u : json::parse(data)) {
      people::Unresolved r;
      r.name = u.at(0).get<std::string>();
      r.reason = u.at(1).get<std::string>();
      r.candidates = u.at(2).get<std::vector<std::string>>();
      for (const json& w : u.at(3)) {
        r.where.push_back({w.at(0).get<std::string>(), w.at(1).get<std::string>(), w.at(2).get<std::string>()});
      }
      out.push_back(std::move(r));
    }
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("stored unresolved names: ") + e.what());
  }
  return out;
}

Result<std::vector<PersonSummary>> LoadPeople(index::Index& index) {
  MB_ASSIGN(persons, index.LoadPersons());
  std::vector<PersonSummary> out;
  out.reserve(persons.size());
  for (auto& p : persons) {
    PersonSummary s;
    s.person.canonical = std::move(p.canonical);
    s.person.aliases = std::move(p.aliases);
    s.person.emails = std::move(p.emails);
    s.person.meetings_attended = p.meetings_attended;
    s.person.councillor = p.councillor;
    s.actions_open = p.actions_open;
    s.actions_closed = p.actions_closed;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace minutebook::roster
