// Directory::SaveForQueries() and RestoreForQueries(): the query side of a
// directory as JSON (kept in the index by roster::Refresh), so that a user's
// query resolves without building the directory again.
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "people/internal/directory_impl.h"
#include "people/people.h"

namespace minutebook::people {
namespace {

using nlohmann::json;

// Bumped when the layout changes: older bytes are refused, and the caller
// resolves again.
constexpr int kSavedVersion = 2;  // 2: with each person's evidence

json PairsJson(const std::vector<std::pair<std::string, bool>>& v) {
  json out = json::array();
  for (const auto& [s, b] : v) out.push_back(json::array({s, b}));
  return out;
}

std::vector<std::pair<std::string, bool>> PairsFrom(const json& j) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& e : j) out.emplace_back(e.at(0).get<std::string>(), e.at(1).get<bool>());
  return out;
}

}  // namespace

std::string Directory::SaveForQueries() const {
  const Impl& impl = *impl_;
  json j;
  j["version"] = kSavedVersion;
  j["options"] = {impl.options.min_prefix, impl.options.min_suffix, impl.options.min_common_stem,
                  impl.options.carried_forward_similarity};
  j["rules"] = {impl.first_name_rules.min_prefix, impl.first_name_rules.min_suffix,
                impl.first_name_rules.min_common_stem};
  json people = json::array();
  for (const Person& p : impl.people) {
    json evidence = json::array();
    for (const Evidence& e : p.evidence) evidence.push_back({e.rule, e.detail, e.document, e.meeting_date});
    people.push_back({p.canonical, p.aliases, p.emails, p.meetings_attended, p.councillor, std::move(evidence)});
  }
  j["people"] = std::move(people);
  json parts = json::array();
  for (const internal::NameParts& p : impl.parts) {
    parts.push_back({PairsJson(p.firsts), PairsJson(p.seconds), p.surnames, p.initials, p.male, p.female});
  }
  j["parts"] = std::move(parts);
  j["keys"] = impl.keys;
  j["by_key"] = impl.by_key;
  j["ambiguous_key"] = impl.ambiguous_key;
  j["by_surname"] = impl.by_surname;
  json alias_word = json::object();
  for (const auto& [word, target] : impl.alias_word) alias_word[word] = {target.first, target.second};
  j["alias_word"] = std::move(alias_word);
  json vetoes = json::array();
  for (const auto& [a, b] : impl.vetoes) vetoes.push_back({a, b});
  j["vetoes"] = std::move(vetoes);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Directory> Directory::RestoreForQueries(std::string_view bytes) {
  auto impl = std::make_shared<Impl>();
  try {
    const json j = json::parse(bytes);
    if (j.at("version").get<int>() != kSavedVersion) {
      return Fail(ErrorCode::kInvalidArgument, "saved people directory of another version");
    }
    const json& o = j.at("options");
    impl->options = Options{o.at(0).get<int>(), o.at(1).get<int>(), o.at(2).get<int>(), o.at(3).get<double>()};
    const json& r = j.at("rules");
    impl->first_name_rules = {r.at(0).get<int>(), r.at(1).get<int>(), r.at(2).get<int>()};
    for (const json& p : j.at("people")) {
      Person person;
      person.canonical = p.at(0).get<std::string>();
      person.aliases = p.at(1).get<std::vector<std::string>>();
      person.emails = p.at(2).get<std::vector<std::string>>();
      person.meetings_attended = p.at(3).get<int>();
      person.councillor = p.at(4).get<bool>();
      for (const json& e : p.at(5)) {
        person.evidence.push_back(Evidence{e.at(0).get<std::string>(), e.at(1).get<std::string>(),
                                           e.at(2).get<std::string>(), e.at(3).get<std::string>()});
      }
      impl->people.push_back(std::move(person));
    }
    for (const json& p : j.at("parts")) {
      internal::NameParts parts;
      parts.firsts = PairsFrom(p.at(0));
      parts.seconds = PairsFrom(p.at(1));
      parts.surnames = p.at(2).get<std::vector<std::string>>();
      parts.initials = p.at(3).get<std::vector<std::string>>();
      parts.male = p.at(4).get<bool>();
      parts.female = p.at(5).get<bool>();
      impl->parts.push_back(std::move(parts));
    }
    impl->keys = j.at("keys").get<std::vector<std::vector<std::string>>>();
    impl->by_key = j.at("by_key").get<std::unordered_map<std::string, PersonId>>();
    impl->ambiguous_key = j.at("ambiguous_key").get<std::unordered_map<std::string, std::vector<PersonId>>>();
    impl->by_surname = j.at("by_surname").get<std::unordered_map<std::string, std::vector<PersonId>>>();
    for (const auto& [word, target] : j.at("alias_word").items()) {
      impl->alias_word[word] = {target.at(0).get<PersonId>(), target.at(1).get<std::string>()};
    }
    for (const json& v : j.at("vetoes")) impl->vetoes.insert({v.at(0).get<std::string>(), v.at(1).get<std::string>()});
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument, std::string("saved people directory: ") + e.what());
  }
  const size_t n = impl->people.size();
  if (impl->parts.size() != n || impl->keys.size() != n) {
    return Fail(ErrorCode::kInvalidArgument, "saved people directory: inconsistent sizes");
  }
  auto valid = [n](PersonId id) { return id >= 0 && static_cast<size_t>(id) < n; };
  for (const auto& [k, id] : impl->by_key) {
    if (!valid(id)) return Fail(ErrorCode::kInvalidArgument, "saved people directory: person out of range");
  }
  for (const auto* m : {&impl->ambiguous_key, &impl->by_surname}) {
    for (const auto& [k, ids] : *m) {
      for (PersonId id : ids) {
        if (!valid(id)) return Fail(ErrorCode::kInvalidArgument, "saved people directory: person out of range");
      }
    }
  }
  for (const auto& [k, target] : impl->alias_word) {
    if (!valid(target.first)) return Fail(ErrorCode::kInvalidArgument, "saved people directory: person out of range");
  }
  impl->everyone.resize(n);
  for (size_t i = 0; i < n; ++i) impl->everyone[i] = static_cast<PersonId>(i);
  return Directory(std::move(impl));
}

}  // namespace minutebook::people
