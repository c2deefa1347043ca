// People stage: one person however the papers spell them.
//
// A Directory is built once from the extraction results of every document
// (attendee lists, action owners, report authors and contact e-mail
// addresses) plus the user's rules/people.aliases, and never changes after.
// It resolves a name as written ("Cllr Ghani", "Angela d'Urso", "Jeta",
// "Steven Calder") to one canonical person, with the evidence for every
// merge. Ambiguity is never guessed: a name that could be two people, or
// nobody known, stays as written and is listed by unresolved().
//
// Pure computation over model.h structs: no database, no files except
// LoadAliases().
#ifndef MINUTEBOOK_PEOPLE_PEOPLE_H_
#define MINUTEBOOK_PEOPLE_PEOPLE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/model.h"
#include "common/result.h"

namespace minutebook::people {

// Extraction results per document path, as index::Index::LoadExtractions()
// returns them.
using Documents = std::vector<std::pair<std::string, Extraction>>;

// Documents handed over one at a time, always in the same order: a source
// calls `visit` on each (path, extraction) and fails as its reader does.
// Directory::Build and TrackActions read a source and keep only the names
// and actions they need, so that a caller reading an index
// (index::Index::ForEachPeopleInput) never holds every document at once.
using DocumentVisitor = std::function<void(const std::string& path, const Extraction& extraction)>;
using DocumentSource = std::function<Result<void>(const DocumentVisitor& visit)>;
// A source over documents held in memory; `documents` must outlive it.
DocumentSource FromDocuments(const Documents& documents);

// ---------------------------------------------------------------------------
// rules/people.aliases: user-written merges and vetoes (format in that file).

struct AliasRule {
  std::string left;   // for a merge, the canonical name shown for the person
  std::string right;
  bool merge = true;  // "left = right"; false: "left != right" (a veto)
  std::string where;  // "file:line", for evidence and errors
};

class Aliases {
 public:
  Aliases() = default;  // no rules

  // Parses the text of an aliases file. `source` names it in errors and
  // evidence. A bad line fails with kInvalidArgument and
  // "source:line: reason".
  static Result<Aliases> Parse(std::string_view text, std::string_view source);

  const std::vector<AliasRule>& rules() const { return rules_; }

 private:
  std::vector<AliasRule> rules_;
};

// Reads and parses `path`. A missing file fails with kNotFound (callers that
// treat the file as optional check for that), an unreadable one with kIo.
Result<Aliases> LoadAliases(const std::string& path);

// ---------------------------------------------------------------------------

struct Options {
  // Shortest first name that counts as the prefix of a longer one
  // ("Pip"/"Pippa", "Matt"/"Matthew"). Default: 3.
  int min_prefix = 3;
  // Shortest first name that counts as the end of a longer one
  // ("Jeta"/"Ilirjeta"; 4 keeps "Ian" apart from "Brian"). Default: 4.
  int min_suffix = 4;
  // First names sharing at least this many leading letters and differing
  // only in their last one or two count as one ("Isabella"/"Isabelle").
  // Default: 4.
  int min_common_stem = 4;
  // Token-overlap similarity at which an action is the same as an earlier
  // one carried forward. Default: 0.6 (the gold scorer's threshold).
  double carried_forward_similarity = 0.6;
};

using PersonId = int;  // index into Directory::people()

// One reason behind a resolution or a merge, with where it was seen.
struct Evidence {
  // read (how the name was parsed) | written | same_letters | short_long_form |
  // initials | email | alias_merge | alias_veto | title_surname | first_name |
  // ambiguous | unknown | not_a_person
  std::string rule;
  std::string detail;        // one sentence for people to read
  std::string document;      // empty when not tied to a document
  std::string meeting_date;  // ISO, may be empty
};

struct Person {
  std::string canonical;             // "Syed Ghani": no titles, honours or parentheticals
  std::vector<std::string> aliases;  // other spellings as written, most frequent first
  std::vector<std::string> emails;   // lower-case contact addresses naming the person
  std::vector<Evidence> evidence;    // how each spelling was joined to the person
  int meetings_attended = 0;         // distinct meeting dates present (not apologies)
  bool councillor = false;           // written with Cllr/Councillor somewhere
};

// A name left as written: nobody known, or more than one person it could be.
struct Unresolved {
  struct Where {
    std::string document;
    std::string meeting_date;
    std::string field;  // attendee | owner | author
  };
  std::string name;                     // as written, the most frequent spelling
  std::string reason;                   // "ambiguous" or "unknown"
  std::vector<std::string> candidates;  // canonical names it could mean (ambiguous only)
  std::vector<Where> where;
};

// What a name resolved to, and why.
struct Resolution {
  std::optional<PersonId> person;    // set when exactly one person fits
  std::vector<PersonId> candidates;  // the people it could be, when ambiguous
  Evidence evidence;                 // the rule that decided
};

// Immutable after Build(); copies share the same state. Thread-safe: every
// method is const.
class Directory {
 public:
  // Collects every name the documents write, merges the spellings of one
  // person and resolves the rest in their meeting and document. Fails with
  // kInvalidArgument when the aliases contradict themselves across rules
  // ("A = B", "B = C", "A != C").
  static Result<Directory> Build(const Documents& documents, const Aliases& aliases,
                                 const Options& options = {});
  // The same over a source read once; fails also as the source does.
  static Result<Directory> Build(const DocumentSource& documents, const Aliases& aliases,
                                 const Options& options = {});

  // The person `name` means, or nullopt when it means nobody known, is
  // ambiguous, or is not a person's name ("Partners"). With a context (the
  // meeting date and the document the name was written in) a first name
  // alone ("Clare") or initials ("JG") are looked for among the people of
  // that meeting, then of that document, and never further; a title and
  // surname ("Cllr Ghani") among the meeting, the document, then everyone.
  // The first scope with any candidate decides: two there is ambiguous.
  // Without a context (a user's query) the whole directory is the context,
  // and lower-case input is accepted.
  std::optional<PersonId> Resolve(std::string_view name, std::string_view meeting_date = {},
                                  std::string_view document = {}) const;
  // Resolve() with the candidates of an ambiguous name and the deciding rule.
  Resolution Lookup(std::string_view name, std::string_view meeting_date = {},
                    std::string_view document = {}) const;

  // REQUIRES: 0 <= id < people().size().
  const Person& person(PersonId id) const;
  const std::vector<Person>& people() const;

  // Up to n canonical names closest to `name` (spelling distance), best first.
  std::vector<std::string> Suggest(std::string_view name, int n) const;

  // Names written in the documents that stayed as written, most frequent first.
  std::vector<Unresolved> unresolved() const;

  // Why `name` resolves as it does: how it was read, the rule that decided,
  // the person's merge evidence, and how it resolved wherever it was written.
  std::vector<Evidence> Explain(std::string_view name) const;

  const Options& options() const;

  // What a user's query needs, as bytes to store: Resolve() and Lookup()
  // without a context, Suggest() and people() (with their evidence).
  std::string SaveForQueries() const;
  // The directory SaveForQueries() wrote, answering Resolve() and Lookup()
  // without a context, Suggest() and people() exactly as it did. It knows no
  // meeting or document: REQUIRES no context in Resolve() and Lookup();
  // Canonicalise(), TrackActions(), unresolved() and Explain() need a built
  // directory. Fails with kInvalidArgument on bytes it did not write.
  static Result<Directory> RestoreForQueries(std::string_view bytes);

  struct Impl;  // opaque: defined in people/internal/, not for callers

 private:
  explicit Directory(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// Rewrites attendee.person, action.owners and report.authors of one
// document's extraction to the directory's canonical names; names it cannot
// resolve stay as written. `document` is the path the extraction was built
// from (it scopes first names). Owners or authors that become the same
// person are kept once.
void Canonicalise(const Directory& directory, const std::string& document, Extraction& extraction);

// ---------------------------------------------------------------------------
// Actions across meetings.

struct StatusChange {
  std::string meeting_date;
  std::string status;
  std::string document;
  int page = 1;
};

// One action however many meetings carried it forward.
struct TrackedAction {
  std::string document;               // of the latest record
  Action action;                      // the latest record, owners canonical
  std::vector<std::string> owners;    // canonical owners of every record, first seen first
  std::vector<PersonId> owner_ids;    // the people among them
  std::vector<StatusChange> history;  // oldest first; never empty, back() is the latest
  const std::string& status() const { return history.back().status; }
};

// Links every action to the earlier record it carries forward (text
// similarity >= options.carried_forward_similarity, an earlier meeting, or
// the same meeting where one record is the minutes' "open" and the other a
// written status, owners not disjoint). Records of one meeting date are
// ordered: no status written first, then document order.
std::vector<TrackedAction> TrackActions(const Directory& directory, const Documents& documents);
// The same over a source, which it reads twice: once for every action's words
// and owners, then for the full record of each thread's latest action.
Result<std::vector<TrackedAction>> TrackActions(const Directory& directory, const DocumentSource& documents);

struct ActionFilter {
  std::optional<PersonId> owner;  // a person, under any spelling
  std::string owner_written;      // else an owner as written ("Partners"); compared folded
  std::string status;             // latest status: open | closed | completed | outstanding; empty = any
  // Some record of the action lies in [from, to]; ISO dates, inclusive. A
  // prefix ("2023", "2023-06") stands for the whole year or month. Empty = open.
  std::string from;
  std::string to;
};

// The actions matching `filter`, newest (latest record) first.
std::vector<TrackedAction> SelectActions(const std::vector<TrackedAction>& actions, const ActionFilter& filter);

// open and outstanding are open; closed and completed are not.
bool IsOpenStatus(std::string_view status);

// True when `written` names the same owner as `owner` ignoring case,
// accents, apostrophes, hyphens and spacing (for groups such as "Partners").
bool SameOwnerText(std::string_view written, std::string_view owner);

}  // namespace minutebook::people

#endif  // MINUTEBOOK_PEOPLE_PEOPLE_H_
