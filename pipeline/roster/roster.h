// Roster stage: the people stage's results kept in the index, so that a
// query looks people and their actions up instead of resolving the whole
// index again.
//
// Refresh() resolves everyone over the index's extractions (the people
// stage's Directory::Build and TrackActions, unchanged) and stores the
// result in one transaction; ingest calls it at the end of a run that
// changed anything, and merge after the last shard. Stored people are
// current until a document is added, replaced or removed (the index marks
// them out of date itself) or the aliases text changes: Current() says
// whether they are. The Load functions give what a full computation over
// the same index and aliases gives.
#ifndef MINUTEBOOK_ROSTER_ROSTER_H_
#define MINUTEBOOK_ROSTER_ROSTER_H_

#include <string>
#include <vector>

#include "common/result.h"
#include "people/people.h"

namespace minutebook::index {
class Index;
}  // namespace minutebook::index

namespace minutebook::roster {

// The aliases a resolution uses, with the SHA-256 of their text (of the
// empty text when there is no file).
struct AliasesFile {
  people::Aliases aliases;
  std::string sha256;
};

// Reads `path`, or <rules_dir>/people.aliases when `path` is empty (that
// default file may be missing: no aliases). Fails with kInvalidArgument on a
// bad file or a missing explicit one, kIo when it cannot be read; the
// message names the file (and the line).
Result<AliasesFile> ReadAliases(const std::string& rules_dir, const std::string& path = {});

// What a query would compute without the index's help: the directory over
// `documents` and their tracked actions. Fails as Directory::Build does.
struct Computed {
  people::Directory directory;
  std::vector<people::TrackedAction> actions;
};
Result<Computed> Compute(const people::Documents& documents, const AliasesFile& aliases);

// How long a Refresh() took, and what it stored.
struct Refreshed {
  double seconds = 0;
  int persons = 0;
  int actions = 0;
};

// Resolves over every document in `index` with `aliases` and replaces the
// stored people (one transaction). REQUIRES: `index` open for writing.
Result<Refreshed> Refresh(index::Index& index, const AliasesFile& aliases);

// Whether the stored people were resolved over the index's documents as they
// are now, with these aliases.
Result<bool> Current(index::Index& index, const AliasesFile& aliases);

// What ingest and merge do last: Refresh() with <rules_dir>/people.aliases
// unless the stored people are Current(). A bad, unreadable or
// contradictory aliases file does not fail it (the documents are in; queries then resolve per
// query and report the file): its message is in `aliases_error`.
struct Updated {
  bool refreshed = false;
  double seconds = 0;  // of the Refresh()
  std::string aliases_error;
};
Result<Updated> Update(index::Index& index, const std::string& rules_dir);

// Every document's extraction with its names canonical, as
// people::Canonicalise gives them over the whole index, read from the stored
// people; nullopt when they are not Current() with `aliases`.
Result<std::optional<people::Documents>> LoadCanonical(index::Index& index, const AliasesFile& aliases);

// The stored directory: Resolve()/Lookup() without a context, Suggest() and
// people() (see Directory::RestoreForQueries).
Result<people::Directory> LoadDirectory(index::Index& index);

// The stored tracked actions that can match `filter` (all its owner
// conditions; status and dates are left to people::SelectActions), in
// tracking order: SelectActions over them equals SelectActions over
// TrackActions of the whole index.
Result<std::vector<people::TrackedAction>> LoadActions(index::Index& index, const people::ActionFilter& filter);

// Whether some stored action has an owner written as `written`
// (people::SameOwnerText).
Result<bool> AnyOwnerWritten(index::Index& index, const std::string& written);

// Directory::unresolved() of the stored resolution.
Result<std::vector<people::Unresolved>> LoadUnresolved(index::Index& index);

// One person as `minutebook people` lists them: the directory's person and
// the open and closed actions they own by each action's latest status.
struct PersonSummary {
  people::Person person;  // without evidence
  int actions_open = 0;
  int actions_closed = 0;
};
// Every stored person, by PersonId.
Result<std::vector<PersonSummary>> LoadPeople(index::Index& index);
// The same, computed.
std::vector<PersonSummary> Summarise(const Computed& computed);

}  // namespace minutebook::roster

#endif  // MINUTEBOOK_ROSTER_ROSTER_H_
