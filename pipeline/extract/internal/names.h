// People's names as minutes write them: splitting lists, taking titles,
// honours and parentheticals apart from the name, and telling a name from a
// job title or an organisation (names.rules holds the word lists).
#ifndef MINUTEBOOK_EXTRACT_INTERNAL_NAMES_H_
#define MINUTEBOOK_EXTRACT_INTERNAL_NAMES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/internal/rules.h"

namespace minutebook::extract::internal {

struct PersonName {
  std::string written;  // as written, without parentheticals: "Cllr Ghani", "Mrs T Dean, MBE"
  std::string bare;     // without titles and honours: "Ghani", "T Dean"
  bool titled = false;  // a title stood before the name
};

// Splits a list on commas, semicolons, tabs (table cells), " and ", " & " and "/" outside
// parentheses; also where a parenthesis is directly followed by a capital
// ("D Richardson (Chair) R Healey").
std::vector<std::string> SplitList(std::string_view s);

// s without its parenthesised parts; their contents go to *contents.
std::string TakeParentheticals(std::string_view s, std::vector<std::string>* contents);

// True when every word looks like part of a name (capitalised words,
// initials, particles such as "d'", "van"), with no role or organisation word.
bool NameLikeWords(const RuleSet& rules, const std::vector<std::string>& words);

// Parses a whole list entry as a person's name; nullopt when it is not one.
// A single word counts only after a title ("Cllr Ghani", "Mr Baldock").
std::optional<PersonName> ParsePersonName(const RuleSet& rules, std::string_view entry);

// The name at the start of "Chris Lyons, Community Safety Partnership
// Manager" or "Alexandra Joseph Senior IDVA": the leading name-like words
// before any role word (at least two).
std::optional<PersonName> LeadingPersonName(const RuleSet& rules, std::string_view text);

// Whether a line, read on its own, starts with a person ("Harry Rayner -
// MEM (Chair)", "Dr Allan Brimicombe, University of East London").
bool StartsWithPerson(const RuleSet& rules, std::string_view text);

// Whether a line is a list of people: at least half its parts are persons
// ("Senior Engineer, Roads (Mr S Lynch); Meetings Administrator (Ms D Moran);").
bool PersonRow(const RuleSet& rules, std::string_view text);

// Whether a part of the line is a person with a title, or an office
// followed by one ("Tourism and Culture (Mr. G. Daly)").
bool HasTitledPerson(const RuleSet& rules, std::string_view text);

// Lower-cased letters and digits of a name, words joined by one space
// (hyphens and apostrophes dropped): the form names are compared in.
std::string NameKey(std::string_view name);

}  // namespace minutebook::extract::internal

#endif  // MINUTEBOOK_EXTRACT_INTERNAL_NAMES_H_
