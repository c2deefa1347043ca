// Reading a person's name as the papers write it: titles, honours and
// parentheticals taken off, words folded to the form names are compared in
// (case, accents, apostrophes, hyphens and spacing ignored), and the shape
// of what is left (a full name, initials and surname, one word).
#ifndef MINUTEBOOK_PEOPLE_INTERNAL_NAME_H_
#define MINUTEBOOK_PEOPLE_INTERNAL_NAME_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minutebook::people::internal {

enum class Gender { kUnknown, kMale, kFemale };

enum class Shape {
  kNone,       // no letters, or not a person's name ("All CSP members", "Partners")
  kFull,       // two or more words, the first a name: "Steve Calder", "Angela D'Urso"
  kInitialed,  // two or more words, the first an initial: "B J Sweetland", "O. Williams"
  kSingle,     // one word: a first name ("Clare"), or a surname after a title ("Cllr Ghani")
  kInitials,   // capitals standing for a whole name: "JG", "MW"
};

struct Token {
  std::string written;  // as written: "D'Urso", "J.", "Salvador-Jones"
  std::string key;      // folded letters and digits: "durso", "j", "salvadorjones"
  std::string head;     // key of the part before a hyphen: "salvador"
  bool initial = false;  // "J", "J.", "J.P."
};

struct Name {
  std::string written;   // the input, trimmed
  std::string display;   // without titles, honours and parentheticals: "Syed Ghani"
  std::string title;     // the titles taken off, as written: "Cllr", "Chief Superintendent"
  std::vector<Token> tokens;
  std::string key;       // all token keys joined: one spelling's identity
  Shape shape = Shape::kNone;
  bool councillor = false;
  Gender gender = Gender::kUnknown;

  bool titled() const { return !title.empty(); }
  bool many_words() const { return shape == Shape::kFull || shape == Shape::kInitialed; }
  const Token& first() const { return tokens.front(); }
  const Token& last() const { return tokens.back(); }
};

// Reads a name. Never fails: what is not a person's name has shape kNone.
// `require_capitals`: words must begin with a capital (or be a particle
// such as "d'" or "van") to count as a name, as in papers; a user's query
// or an aliases file may be written in lower case.
Name ParseName(std::string_view written, bool require_capitals = true);

// Case-folded, accents removed (NFKD without combining marks), letters and
// digits only: "D’Urso" -> "durso", "Zoë" -> "zoe".
std::string FoldKey(std::string_view s);

// Lower-case words of s (letters and digits), apostrophes joined: for
// comparing action texts.
std::vector<std::string> Words(std::string_view s);

enum class FirstNameMatch {
  kNo,
  kSame,     // steve / steve
  kInitial,  // j / jenni
  kPrefix,   // steve / steven, matt / matthew
  kSuffix,   // jeta / ilirjeta
  kEnding,   // isabella / isabelle, jenni / jennie
};

struct FirstNameRules {
  int min_prefix = 3;
  int min_suffix = 4;
  int min_common_stem = 4;
};

// Whether two folded first names can be one person's. `a_initial` /
// `b_initial`: the word is an initial, so only its first letter counts.
FirstNameMatch CompareFirstNames(std::string_view a, bool a_initial, std::string_view b, bool b_initial,
                                 const FirstNameRules& rules);
const char* FirstNameMatchName(FirstNameMatch m);

// The name a first.last@ address spells: "matthew.feather@met.police.uk" ->
// "Matthew Feather", "alexandra.joseph2@..." -> "Alexandra Joseph".
// nullopt for other addresses ("steve@daggers.co.uk", "csp.enquiries@").
std::optional<std::string> NameFromEmail(std::string_view email);

// Levenshtein distance over bytes, for suggestions.
int EditDistance(std::string_view a, std::string_view b);

}  // namespace minutebook::people::internal

#endif  // MINUTEBOOK_PEOPLE_INTERNAL_NAME_H_
