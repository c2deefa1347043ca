// Name resolution inside one document: a person written as a first name
// ("Clare"), a title and surname ("Cllr Ghani"), a short or long form of the
// first name ("Steven Calder" for "Steve Calder", "Jeta" for "Ilirjeta
// Buzoku", "Matt" for "Matthew" known from matthew.feather@), an initial and
// surname ("O. Williams") or initials ("JG") is mapped to the one person of a
// pool it can mean. Ambiguous or unknown references stay as written.
// A later people stage is meant to generalise this across documents.
#ifndef MINUTEBOOK_EXTRACT_INTERNAL_RESOLVE_H_
#define MINUTEBOOK_EXTRACT_INTERNAL_RESOLVE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minutebook::extract::internal {

enum class Resolution { kUnique, kNone, kAmbiguous };

class PersonPool {
 public:
  // Adds a full name without titles ("Steve Calder"). A name already there
  // (same letters, any case or punctuation) is kept once; a name written in
  // the document replaces one only known from an e-mail address.
  void Add(std::string_view full_name);
  // Adds the person an address names: "matthew.feather@met.police.uk" ->
  // "Matthew Feather". Addresses without a first.last form are ignored.
  void AddEmail(std::string_view email);

  bool empty() const { return entries_.empty(); }
  std::vector<std::string> names() const;

  // The pool person `ref` (titles removed) can only mean. `titled`: a title
  // stood before it, so a single word is a surname. `kind` (optional) tells
  // none from ambiguous.
  std::optional<std::string> Resolve(std::string_view ref, bool titled, Resolution* kind = nullptr) const;

 private:
  struct Entry {
    std::string name;
    std::vector<std::string> words;  // lower-case words of the name
    bool from_email = false;
  };
  void AddEntry(std::string_view name, bool from_email);
  std::vector<Entry> entries_;
};

// True if two first names can be the same person's: equal, an initial of
// the other, or one a prefix or suffix of the other (at least 3 letters).
bool FirstNamesCompatible(std::string_view a, std::string_view b);

}  // namespace minutebook::extract::internal

#endif  // MINUTEBOOK_EXTRACT_INTERNAL_RESOLVE_H_
