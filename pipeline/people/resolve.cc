// Resolving a name as written to a person: a known spelling, an unknown
// spelling of someone with the same surname, a title and surname, a first
// name, or initials, each looked for in the narrowest scope first (the
// meeting, the document, then everyone where that is allowed). More than one
// candidate in a scope is ambiguous and stops the search.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "people/internal/directory_impl.h"
#include "people/internal/name.h"
#include "people/people.h"

namespace minutebook::people {
namespace {

using internal::FirstNameMatch;
using internal::Name;
using internal::Outcome;
using internal::Shape;

std::string Quoted(std::string_view s) { return fmt::format("\"{}\"", s); }

struct Scope {
  const std::vector<PersonId>* people = nullptr;  // nullptr: everyone
  std::string description;
};

std::string CanonicalList(const Directory::Impl& impl, const std::vector<PersonId>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " or " : ", ";
    out += impl.people[ids[i]].canonical;
  }
  return out;
}

// The scopes a one-word reference is looked for in, narrowest first.
std::vector<Scope> Scopes(const Directory::Impl& impl, std::string_view date, std::string_view document,
                          bool allow_everyone) {
  static const std::vector<PersonId> kNobody;
  std::vector<Scope> scopes;
  const bool has_context = !date.empty() || !document.empty();
  const auto doc = impl.document_number.find(std::string(document));
  const int d = doc == impl.document_number.end() ? -1 : doc->second;
  if (!document.empty()) {
    if (!date.empty()) {
      const auto m = d < 0 ? impl.meeting_people.end() : impl.meeting_people.find({d, std::string(date)});
      scopes.push_back({m == impl.meeting_people.end() ? &kNobody : &m->second,
                        fmt::format("the meeting of {} in {}", date, document)});
    }
    scopes.push_back({d < 0 ? &kNobody : &impl.document_people[d], fmt::format("the document {}", document)});
  } else if (!date.empty()) {
    const auto m = impl.date_people.find(std::string(date));
    scopes.push_back({m == impl.date_people.end() ? &kNobody : &m->second, fmt::format("the meetings of {}", date)});
  }
  if (allow_everyone || !has_context) scopes.push_back({nullptr, "all the papers"});
  return scopes;
}

// Candidates in each scope in turn: the first scope with any decides.
template <typename Fits>
Outcome Search(const Directory::Impl& impl, const std::vector<Scope>& scopes, const std::vector<PersonId>& everyone,
               Fits fits, std::string_view what, std::string_view rule) {
  Outcome o;
  for (const Scope& scope : scopes) {
    std::vector<PersonId> found;
    for (PersonId id : scope.people != nullptr ? *scope.people : everyone) {
      if (fits(id)) found.push_back(id);
    }
    if (found.size() == 1) {
      o.person = found[0];
      o.rule = std::string(rule);
      o.detail = fmt::format("{} is {}: the only one in {}", what, impl.people[found[0]].canonical, scope.description);
      return o;
    }
    if (found.size() > 1) {
      o.candidates = found;
      o.rule = "ambiguous";
      o.detail = fmt::format("{} could be {} (all in {}); left as written", what, CanonicalList(impl, found),
                             scope.description);
      return o;
    }
  }
  o.rule = "unknown";
  o.detail = fmt::format("{}: nobody known fits in {}; left as written", what,
                         scopes.empty() ? std::string("any scope") : scopes.back().description);
  return o;
}

bool FirstNameFits(const Directory::Impl& impl, const Name& name, PersonId id) {
  for (const auto& [first, initial] : impl.parts[id].firsts) {
    if (initial) continue;  // "Jenni" is not known to be "J Hawkins"
    const FirstNameMatch m = internal::CompareFirstNames(name.first().key, false, first, false, impl.first_name_rules);
    if (m != FirstNameMatch::kNo) return true;
  }
  return false;
}

bool GenderFits(const Directory::Impl& impl, const Name& name, PersonId id) {
  const auto& p = impl.parts[id];
  if (name.gender == internal::Gender::kMale) return !p.female;
  if (name.gender == internal::Gender::kFemale) return !p.male;
  return true;
}

}  // namespace

bool Directory::Impl::Vetoed(std::string_view key, PersonId person) const {
  if (vetoes.empty()) return false;
  const std::string written(key);
  for (const auto& k : keys[person]) {
    if (vetoes.count(written < k ? std::pair(written, k) : std::pair(k, written)) != 0) return true;
  }
  return false;
}

Outcome Directory::Impl::Resolve(const Name& name, std::string_view date, std::string_view document) const {
  Outcome o;
  const std::string written = Quoted(name.written);
  if (name.shape == Shape::kNone) {
    o.rule = "not_a_person";
    o.detail = fmt::format("{} is not read as a person's name (a group, a role, an organisation or a partial name)",
                           written);
    return o;
  }
  if (!name.many_words()) {
    if (auto a = alias_word.find(name.key); a != alias_word.end()) {
      o.person = a->second.first;
      o.rule = "alias_merge";
      o.detail = fmt::format("{} means {} everywhere ({})", written, people[a->second.first].canonical, a->second.second);
      return o;
    }
  }
  if (name.many_words()) {
    if (auto k = by_key.find(name.key); k != by_key.end()) {
      o.person = k->second;
      o.rule = "written";
      o.detail = fmt::format("{} is a spelling of {}", written, people[k->second].canonical);
      return o;
    }
    if (auto k = ambiguous_key.find(name.key); k != ambiguous_key.end()) {
      o.candidates = k->second;
      o.rule = "ambiguous";
      o.detail = fmt::format("{} could be {}: its first name fits each of them; left as written", written,
                             CanonicalList(*this, k->second));
      return o;
    }
    // A spelling the papers never wrote (a query, a new document).
    const internal::NameParts parts = internal::PartsOf(name);
    std::vector<PersonId> found;
    FirstNameMatch how = FirstNameMatch::kNo;
    if (auto s = by_surname.find(name.last().key); s != by_surname.end()) {
      for (PersonId id : s->second) {
        const FirstNameMatch m = internal::CompareParts(parts, this->parts[id], first_name_rules);
        if (m != FirstNameMatch::kNo && !Vetoed(name.key, id)) {
          found.push_back(id);
          how = m;
        }
      }
    }
    if (found.size() == 1) {
      o.person = found[0];
      o.rule = how == FirstNameMatch::kInitial ? "initials" : "short_long_form";
      o.detail = fmt::format("{} is {}: the same surname and first names that are {}; no one else fits", written,
                             people[found[0]].canonical, internal::FirstNameMatchName(how));
    } else if (found.size() > 1) {
      o.candidates = found;
      o.rule = "ambiguous";
      o.detail = fmt::format("{} could be {}; left as written", written, CanonicalList(*this, found));
    } else {
      o.rule = "unknown";
      o.detail = fmt::format("nobody known is called {} or a short or long form of it; left as written", written);
    }
    return o;
  }

  if (name.shape == Shape::kSingle && name.titled()) {
    const auto s = by_surname.find(name.key);
    static const std::vector<PersonId> kNobody;
    const std::vector<PersonId>& with_surname = s == by_surname.end() ? kNobody : s->second;
    // A councillor's title points at the councillors among them, if any.
    bool councillors_only = false;
    if (name.councillor) {
      for (PersonId id : with_surname) councillors_only = councillors_only || people[id].councillor;
    }
    auto fits = [&](PersonId id) {
      if (std::find(this->parts[id].surnames.begin(), this->parts[id].surnames.end(), name.key) ==
          this->parts[id].surnames.end()) {
        return false;
      }
      if (councillors_only && !people[id].councillor) return false;
      return GenderFits(*this, name, id) && !Vetoed(name.key, id);
    };
    return Search(*this, Scopes(*this, date, document, /*allow_everyone=*/true), with_surname, fits,
                  fmt::format("{} (title and surname)", written), "title_surname");
  }
  if (name.shape == Shape::kSingle) {
    auto fits = [&](PersonId id) { return FirstNameFits(*this, name, id) && !Vetoed(name.key, id); };
    return Search(*this, Scopes(*this, date, document, /*allow_everyone=*/false), everyone, fits,
                  fmt::format("{} (a first name alone)", written), "first_name");
  }
  // Initials: "JG".
  std::string lower = name.first().key;
  auto fits = [&](PersonId id) {
    const auto& ini = this->parts[id].initials;
    return std::find(ini.begin(), ini.end(), lower) != ini.end() && !Vetoed(name.key, id);
  };
  return Search(*this, Scopes(*this, date, document, /*allow_everyone=*/false), everyone, fits,
                fmt::format("{} (initials)", written), "initials");
}

std::optional<PersonId> Directory::Resolve(std::string_view name, std::string_view meeting_date,
                                           std::string_view document) const {
  const bool context = !meeting_date.empty() || !document.empty();
  return impl_->Resolve(internal::ParseName(name, /*require_capitals=*/context), meeting_date, document).person;
}

Resolution Directory::Lookup(std::string_view name, std::string_view meeting_date, std::string_view document) const {
  const bool context = !meeting_date.empty() || !document.empty();
  Outcome o = impl_->Resolve(internal::ParseName(name, /*require_capitals=*/context), meeting_date, document);
  return Resolution{o.person, std::move(o.candidates),
                    Evidence{std::move(o.rule), std::move(o.detail), std::string(document), std::string(meeting_date)}};
}

const Person& Directory::person(PersonId id) const { return impl_->people[static_cast<size_t>(id)]; }
const std::vector<Person>& Directory::people() const { return impl_->people; }
std::vector<Unresolved> Directory::unresolved() const { return impl_->unresolved; }
const Options& Directory::options() const { return impl_->options; }

std::vector<std::string> Directory::Suggest(std::string_view name, int n) const {
  const Name query = internal::ParseName(name, /*require_capitals=*/false);
  const std::string key = query.key.empty() ? internal::FoldKey(name) : query.key;
  if (key.empty() || n <= 0) return {};
  const int limit = std::max(2, static_cast<int>(key.size()) / 2);
  std::vector<std::pair<int, PersonId>> scored;
  for (PersonId id = 0; id < static_cast<PersonId>(impl_->people.size()); ++id) {
    int best = limit + 1;
    auto consider = [&](std::string_view form) {
      best = std::min(best, internal::EditDistance(key, form));
    };
    for (const auto& k : impl_->keys[id]) consider(k);
    // One word: compare with each first name and surname too.
    if (query.tokens.size() == 1) {
      for (const auto& [f, initial] : impl_->parts[id].firsts) {
        if (!initial) consider(f);
      }
      for (const auto& s : impl_->parts[id].surnames) consider(s);
    }
    if (best <= limit) scored.emplace_back(best, id);
  }
  std::stable_sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return impl_->people[a.second].canonical < impl_->people[b.second].canonical;
  });
  std::vector<std::string> out;
  for (const auto& [distance, id] : scored) {
    if (static_cast<int>(out.size()) >= n) break;
    out.push_back(impl_->people[id].canonical);
  }
  return out;
}

std::vector<Evidence> Directory::Explain(std::string_view name) const {
  std::vector<Evidence> out;
  const Name parsed = internal::ParseName(name, /*require_capitals=*/false);
  std::string reading;
  switch (parsed.shape) {
    case Shape::kNone: reading = "not a person's name"; break;
    case Shape::kFull: reading = fmt::format("a full name, first name \"{}\", surname \"{}\"", parsed.first().written,
                                             parsed.last().written); break;
    case Shape::kInitialed: reading = fmt::format("initials and the surname \"{}\"", parsed.last().written); break;
    case Shape::kSingle:
      reading = parsed.titled() ? fmt::format("the surname \"{}\" after a title", parsed.display)
                                : fmt::format("the first name \"{}\" alone", parsed.display);
      break;
    case Shape::kInitials: reading = "initials standing for a name"; break;
  }
  if (parsed.titled()) reading += fmt::format(" (title \"{}\" set aside{})", parsed.title,
                                              parsed.councillor ? ", a councillor" : "");
  out.push_back(Evidence{"read", fmt::format("{} read as {}", Quoted(parsed.written), reading), "", ""});
  const Outcome o = impl_->Resolve(parsed, {}, {});
  out.push_back(Evidence{o.rule, o.detail, "", ""});
  if (o.person) {
    const Person& p = impl_->people[*o.person];
    out.insert(out.end(), p.evidence.begin(), p.evidence.end());
  }
  if (auto log = impl_->occurrences.find(parsed.key); log != impl_->occurrences.end()) {
    out.insert(out.end(), log->second.begin(), log->second.end());
  }
  return out;
}

void Canonicalise(const Directory& directory, const std::string& document, Extraction& extraction) {
  auto canonical = [&](const std::string& name, const std::string& date) -> std::optional<std::string> {
    if (auto id = directory.Resolve(name, date, document)) return directory.person(*id).canonical;
    return std::nullopt;
  };
  auto rewrite = [&](std::vector<std::string>& names, const std::string& date) {
    std::vector<std::string> out;
    for (const auto& n : names) {
      std::string c = canonical(n, date).value_or(n);
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
    }
    names = std::move(out);
  };
  for (Attendee& a : extraction.attendees) {
    if (auto c = canonical(a.person, a.meeting_date)) {
      a.person = *c;
    } else if (auto by_name = canonical(a.name, a.meeting_date)) {
      a.person = *by_name;
    }
  }
  for (Action& a : extraction.actions) rewrite(a.owners, a.meeting_date);
  for (Report& r : extraction.reports) rewrite(r.authors, r.meeting_date);
}

}  // namespace minutebook::people
