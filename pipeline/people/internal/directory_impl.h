// The state behind people::Directory: built by directory.cc, read by
// resolve.cc.
#ifndef MINUTEBOOK_PEOPLE_INTERNAL_DIRECTORY_IMPL_H_
#define MINUTEBOOK_PEOPLE_INTERNAL_DIRECTORY_IMPL_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "people/internal/name.h"
#include "people/people.h"

namespace minutebook::people::internal {

// The parts of one spelling (or of every spelling of a person) that decide
// whether another can be the same person.
struct NameParts {
  std::vector<std::pair<std::string, bool>> firsts;  // folded first words (and their part before a hyphen), initial?
  std::vector<std::pair<std::string, bool>> seconds;  // second given words, when there are three words or more
  std::vector<std::string> surnames;                  // folded last words
  std::vector<std::string> initials;                  // "jg" for James Graham, "jpm" for J P McInroy
  bool male = false;
  bool female = false;
};

NameParts PartsOf(const Name& name);
void AddParts(NameParts& into, const NameParts& from);

// How the first names of two spellings agree (kNo: not the same person):
// a shared surname, compatible first names, compatible second names where
// both have one, and no Mr/Mrs-style title contradicting.
FirstNameMatch CompareParts(const NameParts& a, const NameParts& b, const FirstNameRules& rules);

// What a resolution found.
struct Outcome {
  std::optional<PersonId> person;
  std::vector<PersonId> candidates;  // more than one when ambiguous
  std::string rule;                  // Evidence::rule
  std::string detail;
};

}  // namespace minutebook::people::internal

namespace minutebook::people {

struct Directory::Impl {
  Options options;
  internal::FirstNameRules first_name_rules;
  std::vector<std::string> documents;  // paths, index = document number
  std::unordered_map<std::string, int> document_number;

  std::vector<Person> people;
  std::vector<PersonId> everyone;                 // 0 .. people.size()-1
  std::vector<internal::NameParts> parts;         // per person, all spellings together
  std::vector<std::vector<std::string>> keys;     // per person, folded spellings

  std::unordered_map<std::string, PersonId> by_key;                     // folded spelling -> person
  std::unordered_map<std::string, std::vector<PersonId>> ambiguous_key;  // folded spelling -> people it could be
  std::unordered_map<std::string, std::vector<PersonId>> by_surname;     // folded last word -> people
  std::unordered_map<std::string, std::pair<PersonId, std::string>> alias_word;  // one-word alias -> person, where
  std::set<std::pair<std::string, std::string>> vetoes;                  // sorted folded key pairs
  std::map<std::pair<std::string, std::string>, std::string> veto_where;

  // People named in each meeting's attendee lists (document, date), on each
  // date, and anywhere in each document; sorted, unique.
  std::map<std::pair<int, std::string>, std::vector<PersonId>> meeting_people;
  std::unordered_map<std::string, std::vector<PersonId>> date_people;
  std::vector<std::vector<PersonId>> document_people;

  std::vector<Unresolved> unresolved;
  // Folded spelling -> how it resolved wherever it was written.
  std::unordered_map<std::string, std::vector<Evidence>> occurrences;

  internal::Outcome Resolve(const internal::Name& name, std::string_view meeting_date, std::string_view document) const;
  bool Vetoed(std::string_view key, PersonId person) const;
};

}  // namespace minutebook::people

#endif  // MINUTEBOOK_PEOPLE_INTERNAL_DIRECTORY_IMPL_H_
