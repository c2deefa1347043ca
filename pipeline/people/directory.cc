// Building the directory: every spelling of two words or more becomes a
// node (one per folded key: case, accents, apostrophes, hyphens and spaces
// ignored); the aliases file joins and keeps apart nodes; nodes sharing a
// surname with compatible first names are joined when that is the only
// reading; then one-word references ("Clare", "Cllr Ghani") are resolved in
// the meeting and document they were written in.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "people/internal/directory_impl.h"
#include "people/internal/name.h"
#include "people/people.h"

namespace minutebook::people {
namespace internal {

NameParts PartsOf(const Name& name) {
  NameParts p;
  p.male = name.gender == Gender::kMale;
  p.female = name.gender == Gender::kFemale;
  if (!name.many_words()) return p;
  const Token& first = name.first();
  p.firsts.emplace_back(first.key, first.initial);
  if (!first.initial && first.head != first.key) p.firsts.emplace_back(first.head, false);
  if (name.tokens.size() >= 3) p.seconds.emplace_back(name.tokens[1].key, name.tokens[1].initial);
  p.surnames.push_back(name.last().key);
  std::string initials;
  for (const Token& t : name.tokens) initials += t.initial ? t.key : t.key.substr(0, 1);
  p.initials.push_back(initials);
  return p;
}

void AddParts(NameParts& into, const NameParts& from) {
  auto add = [](auto& to, const auto& items) {
    for (const auto& x : items) {
      if (std::find(to.begin(), to.end(), x) == to.end()) to.push_back(x);
    }
  };
  add(into.firsts, from.firsts);
  add(into.seconds, from.seconds);
  add(into.surnames, from.surnames);
  add(into.initials, from.initials);
  into.male = into.male || from.male;
  into.female = into.female || from.female;
}

namespace {

int Rank(FirstNameMatch m) {
  switch (m) {
    case FirstNameMatch::kSame: return 5;
    case FirstNameMatch::kPrefix: return 4;
    case FirstNameMatch::kSuffix: return 3;
    case FirstNameMatch::kEnding: return 2;
    case FirstNameMatch::kInitial: return 1;
    case FirstNameMatch::kNo: return 0;
  }
  return 0;
}

}  // namespace

FirstNameMatch CompareParts(const NameParts& a, const NameParts& b, const FirstNameRules& rules) {
  bool surname = false;
  for (const auto& s : a.surnames) {
    if (std::find(b.surnames.begin(), b.surnames.end(), s) != b.surnames.end()) surname = true;
  }
  if (!surname) return FirstNameMatch::kNo;
  if ((a.male && b.female) || (a.female && b.male)) return FirstNameMatch::kNo;
  FirstNameMatch best = FirstNameMatch::kNo;
  for (const auto& [fa, ia] : a.firsts) {
    for (const auto& [fb, ib] : b.firsts) {
      const FirstNameMatch m = CompareFirstNames(fa, ia, fb, ib, rules);
      if (Rank(m) > Rank(best)) best = m;
    }
  }
  if (best == FirstNameMatch::kNo) return best;
  if (!a.seconds.empty() && !b.seconds.empty()) {
    bool any = false;
    for (const auto& [sa, ia] : a.seconds) {
      for (const auto& [sb, ib] : b.seconds) {
        if (CompareFirstNames(sa, ia, sb, ib, rules) != FirstNameMatch::kNo) any = true;
      }
    }
    if (!any) return FirstNameMatch::kNo;
  }
  return best;
}

}  // namespace internal

namespace {

using internal::FirstNameMatch;
using internal::Name;
using internal::NameParts;
using internal::Outcome;
using internal::Shape;

enum class Field { kAttendee, kOwner, kOwnerWritten, kAuthor, kEmail, kAlias };

const char* FieldName(Field f) {
  switch (f) {
    case Field::kAttendee: return "attendee";
    case Field::kOwner: return "owner";
    case Field::kOwnerWritten: return "owner";
    case Field::kAuthor: return "author";
    case Field::kEmail: return "contact";
    case Field::kAlias: return "alias";
  }
  return "?";
}

// One name as written somewhere. There is one per attendee, owner, author and
// contact of the whole index, so it holds only pointers to strings kept once
// (Builder::Intern): as strings, the mentions were a quarter of the writer's
// peak at 100,800 pages (heaptrack).
struct Mention {
  const Name* name = nullptr;
  const std::string* date_text = nullptr;
  const std::string* email_text = nullptr;  // kEmail: the address; else empty
  Field field = Field::kOwner;
  int document = -1;
  int attendee_row = -1;  // attendee name and person of one row share it
  bool present = false;   // attendee row not in apologies
  bool vote = false;      // the extraction stage's canonical name (attendee.person, action.owners)
  const std::string& date() const { return *date_text; }
  const std::string& email() const { return *email_text; }
};

struct SpellingStats {
  int attendee = 0;  // attendee rows it names (as written or as the extractor's canonical name)
  int votes = 0;     // times the extraction stage chose it as a document's canonical name
  int total = 0;     // times written anywhere
  bool alias_left = false;
  bool email_only = true;
  Shape shape = Shape::kNone;
  int first_mention = -1;
};

struct Node {
  std::string key;
  NameParts parts;
  bool councillor = false;
  std::map<std::string, SpellingStats> spellings;  // display -> stats
  std::set<std::string> emails;
  std::vector<Evidence> evidence;
};

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  int Find(int x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(int a, int b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }
  void Grow(size_t n) {
    while (parent_.size() < n) parent_.push_back(static_cast<int>(parent_.size()));
  }

 private:
  std::vector<int> parent_;
};

std::string Quoted(std::string_view s) { return fmt::format("\"{}\"", s); }

std::string JoinNames(const std::vector<std::string>& names, std::string_view last_sep = " or ") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? std::string(last_sep) : ", ";
    out += names[i];
  }
  return out;
}

int Uppercase(std::string_view s) {
  return static_cast<int>(std::count_if(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c); }));
}

// Every word, every part after a hyphen and the name after a one-letter
// prefix with an apostrophe begin with a capital, and no word is all
// capitals: "Angela D'Urso", not "Angela d'Urso", "Angela D'urso" or
// "ANGELA D'URSO" (initials may be capitals).
bool ProperlyCapitalised(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    const std::string_view word = s.substr(start, i - start);
    if (word.empty()) continue;
    if (std::islower(static_cast<unsigned char>(word[0]))) return false;
    for (size_t j = 1; j + 1 < word.size(); ++j) {
      const bool after_prefix = j == 1 && word[j] == '\'';
      if ((word[j] == '-' || after_prefix) && std::islower(static_cast<unsigned char>(word[j + 1]))) return false;
    }
    if (word.size() > 4 && word.substr(1, 3) == "\xE2\x80\x99" && std::islower(static_cast<unsigned char>(word[4]))) {
      return false;  // D’urso
    }
    int letters = 0, upper = 0;
    for (unsigned char c : word) {
      letters += std::isalpha(c) ? 1 : 0;
      upper += std::isupper(c) ? 1 : 0;
    }
    if (letters > 2 && upper == letters) return false;
  }
  return true;
}

// True when `a` makes a better canonical name than `b`.
bool BetterCanonical(const std::string& a, const SpellingStats& sa, const std::string& b, const SpellingStats& sb) {
  auto key = [](const std::string& s, const SpellingStats& st) {
    return std::tuple(st.alias_left, st.shape == Shape::kFull, !st.email_only, ProperlyCapitalised(s), st.attendee,
                      st.votes, st.total, Uppercase(s));
  };
  const auto ka = key(a, sa), kb = key(b, sb);
  if (ka != kb) return ka > kb;
  if (a.size() != b.size()) return a.size() > b.size();  // the fuller form
  return a < b;
}

void InsertSorted(std::vector<PersonId>& v, PersonId id) {
  auto it = std::lower_bound(v.begin(), v.end(), id);
  if (it == v.end() || *it != id) v.insert(it, id);
}

// The Build() work, kept out of the header.
class Builder {
 public:
  Builder(const DocumentSource& documents, const Aliases& aliases, const Options& options)
      : documents_(documents), aliases_(aliases), impl_(std::make_shared<Directory::Impl>()) {
    impl_->options = options;
    impl_->first_name_rules = {options.min_prefix, options.min_suffix, options.min_common_stem};
  }

  Result<std::shared_ptr<Directory::Impl>> Run() {
    MB_TRY(CollectMentions());
    MB_TRY(ApplyAliases());
    JoinVariants();
    MakePeople();
    IndexScopes();
    ResolveMentions();
    return impl_;
  }

 private:
  const Name* Parse(const std::string& written, bool require_capitals = true) {
    auto& slot = require_capitals ? parsed_ : parsed_lenient_;
    auto it = slot.find(written);
    if (it == slot.end()) {
      it = slot.emplace(written, std::make_unique<Name>(internal::ParseName(written, require_capitals))).first;
    }
    return it->second.get();
  }

  int NodeFor(const Name& name) {
    auto [it, inserted] = node_of_key_.emplace(name.key, static_cast<int>(nodes_.size()));
    if (inserted) {
      nodes_.emplace_back();
      nodes_.back().key = name.key;
    }
    return it->second;
  }

  void AddSpelling(int node_id, const Name& name, const Mention& m, int mention_id) {
    Node& node = nodes_[node_id];
    internal::AddParts(node.parts, internal::PartsOf(name));
    node.councillor = node.councillor || name.councillor;
    SpellingStats& st = node.spellings[name.display];
    st.shape = name.shape;
    st.total += 1;
    if (m.field == Field::kAttendee) st.attendee += 1;
    if (m.vote) st.votes += 1;
    if (m.field != Field::kEmail) st.email_only = false;
    if (st.first_mention < 0) st.first_mention = mention_id;
    if (m.field == Field::kEmail) {
      node.emails.insert(m.email());
      if (node.evidence.size() < 50) {
        node.evidence.push_back(Evidence{"email", fmt::format("the address {} spells {}", m.email(), Quoted(name.display)),
                                         impl_->documents[m.document], m.date()});
      }
    }
  }

  void AddMention(const std::string& written, Field field, int document, const std::string& date, bool vote,
                  int row = -1, bool present = false, const std::string& email = {}) {
    if (written.empty()) return;
    Mention m;
    m.name = Parse(written);
    m.field = field;
    m.document = document;
    m.date_text = Intern(date);
    m.attendee_row = row;
    m.present = present;
    m.vote = vote;
    m.email_text = Intern(email);
    const int id = static_cast<int>(mentions_.size());
    mentions_.push_back(m);
    if (m.name->many_words()) AddSpelling(NodeFor(*m.name), *m.name, m, id);
  }

  const std::string* Intern(const std::string& s) { return &*strings_.insert(s).first; }

  Result<void> CollectMentions() {
    MB_TRY(documents_([&](const std::string& path, const Extraction& x) {
      const int d = static_cast<int>(impl_->documents.size());
      impl_->documents.push_back(path);
      impl_->document_number.emplace(path, d);
      for (const Attendee& a : x.attendees) {
        const int row = attendee_rows_++;
        const bool present = a.role != "apologies";
        AddMention(a.name, Field::kAttendee, d, a.meeting_date, a.person == a.name, row, present);
        if (a.person != a.name) AddMention(a.person, Field::kAttendee, d, a.meeting_date, true, row, present);
      }
      for (const Action& a : x.actions) {
        for (const auto& o : a.owners) AddMention(o, Field::kOwner, d, a.meeting_date, true);
        for (const auto& o : a.owners_written) AddMention(o, Field::kOwnerWritten, d, a.meeting_date, false);
      }
      for (const Report& r : x.reports) {
        for (const auto& au : r.authors) AddMention(au, Field::kAuthor, d, r.meeting_date, false);
        for (const auto& c : r.contacts) {
          if (auto spelled = internal::NameFromEmail(c)) {
            std::string lower = c;
            for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            AddMention(*spelled, Field::kEmail, d, r.meeting_date, false, -1, false, lower);
          }
        }
      }
    }));
    impl_->document_people.resize(impl_->documents.size());
    return {};
  }

  Result<void> ApplyAliases() {
    alias_uf_ = std::make_unique<UnionFind>(nodes_.size());
    std::vector<std::pair<const AliasRule*, std::pair<int, int>>> merges;
    for (const AliasRule& rule : aliases_.rules()) {
      const Name* left = Parse(rule.left, false);
      const Name* right = Parse(rule.right, false);
      if (!rule.merge) {
        auto pair = std::minmax(left->key, right->key);
        impl_->vetoes.emplace(pair.first, pair.second);
        impl_->veto_where.emplace(std::pair(pair.first, pair.second), rule.where);
        continue;
      }
      const bool left_known = node_of_key_.count(left->key) != 0;
      const bool right_known = right->many_words() && node_of_key_.count(right->key) != 0;
      if (!left_known && !right_known) continue;  // about people these papers never name
      Mention m;
      m.field = Field::kAlias;
      m.document = -1;
      const int l = NodeFor(*left);
      AddSpelling(l, *left, m, -1);
      nodes_[l].spellings[left->display].alias_left = true;
      nodes_[l].spellings[left->display].total -= 1;  // a rule is not a mention
      alias_uf_->Grow(nodes_.size());
      if (right->many_words()) {
        const int r = NodeFor(*right);
        AddSpelling(r, *right, m, -1);
        nodes_[r].spellings[right->display].total -= 1;
        alias_uf_->Grow(nodes_.size());
        alias_uf_->Union(l, r);
        merges.push_back({&rule, {l, r}});
        nodes_[l].evidence.push_back(
            Evidence{"alias_merge", fmt::format("{}: {} = {}", rule.where, rule.left, rule.right), "", ""});
      } else {
        alias_words_.push_back({right->key, {l, rule.where}});
        nodes_[l].evidence.push_back(Evidence{
            "alias_merge", fmt::format("{}: {} = {} (the word alone means this person everywhere)", rule.where,
                                       rule.left, rule.right),
            "", ""});
      }
    }
    // A veto between two names the merges have already joined.
    for (const auto& [pair, where] : impl_->veto_where) {
      auto a = node_of_key_.find(pair.first);
      auto b = node_of_key_.find(pair.second);
      if (a == node_of_key_.end() || b == node_of_key_.end()) continue;
      if (alias_uf_->Find(a->second) != alias_uf_->Find(b->second)) continue;
      std::vector<std::string> lines;
      for (const auto& [rule, nodes] : merges) {
        if (alias_uf_->Find(nodes.first) == alias_uf_->Find(a->second)) lines.push_back(rule->where);
      }
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("{}: the veto contradicts the merges at {}", where, JoinNames(lines, ", ")));
    }
    return {};
  }

  // Joins groups of spellings whose surname is shared and whose first names
  // are short/long forms or initials of each other, when the group is a
  // clique: every pair compatible. A spelling compatible with people who are
  // not compatible with each other ("Chris" with "Christopher" and
  // "Christine") is ambiguous and joins nobody.
  void JoinVariants() {
    const size_t n = nodes_.size();
    std::vector<int> group(n);
    for (size_t i = 0; i < n; ++i) group[i] = alias_uf_->Find(static_cast<int>(i));
    std::map<int, NameParts> group_parts;
    for (size_t i = 0; i < n; ++i) {
      internal::AddParts(group_parts[group[i]], nodes_[i].parts);
      group_nodes_[group[i]].push_back(static_cast<int>(i));
    }
    std::set<std::pair<int, int>> vetoed;
    for (const auto& [pair, where] : impl_->veto_where) {
      auto a = node_of_key_.find(pair.first);
      auto b = node_of_key_.find(pair.second);
      if (a == node_of_key_.end() || b == node_of_key_.end()) continue;
      vetoed.insert(std::minmax(group[a->second], group[b->second]));
      veto_note_[std::minmax(group[a->second], group[b->second])] = where;
    }

    std::unordered_map<std::string, std::vector<int>> by_surname;
    for (const auto& [g, parts] : group_parts) {
      for (const auto& s : parts.surnames) by_surname[s].push_back(g);
    }
    for (auto& [surname, groups] : by_surname) {
      for (size_t i = 0; i < groups.size(); ++i) {
        for (size_t j = i + 1; j < groups.size(); ++j) {
          const auto pair = std::minmax(groups[i], groups[j]);
          if (pair.first == pair.second || edges_.count(pair) != 0) continue;
          const FirstNameMatch m =
              internal::CompareParts(group_parts[pair.first], group_parts[pair.second], impl_->first_name_rules);
          if (m == FirstNameMatch::kNo) continue;
          if (vetoed.count(pair) != 0) {
            vetoes_applied_.push_back(pair);
            continue;
          }
          edges_.emplace(pair, m);
        }
      }
    }

    final_uf_ = std::make_unique<UnionFind>(n);
    for (size_t i = 0; i < n; ++i) final_uf_->Union(static_cast<int>(i), group[i]);
    UnionFind components(n);
    for (const auto& [pair, m] : edges_) components.Union(pair.first, pair.second);
    std::map<int, std::vector<int>> members;
    for (const auto& [g, nodes] : group_nodes_) members[components.Find(g)].push_back(g);
    for (auto& [root, groups] : members) Settle(groups);
    group_of_node_ = std::move(group);
  }

  bool Edge(int a, int b) const { return edges_.count(std::minmax(a, b)) != 0; }

  void Settle(std::vector<int> groups) {
    if (groups.size() <= 1) return;
    bool clique = true;
    for (size_t i = 0; i < groups.size() && clique; ++i) {
      for (size_t j = i + 1; j < groups.size() && clique; ++j) clique = Edge(groups[i], groups[j]);
    }
    if (clique) {
      for (size_t i = 1; i < groups.size(); ++i) final_uf_->Union(groups[0], groups[i]);
      for (size_t i = 0; i < groups.size(); ++i) {
        for (size_t j = i + 1; j < groups.size(); ++j) joined_edges_.push_back(std::minmax(groups[i], groups[j]));
      }
      return;
    }
    std::vector<int> hubs, rest;
    for (int g : groups) {
      size_t degree = 0;
      for (int h : groups) degree += (h != g && Edge(g, h)) ? 1 : 0;
      (degree + 1 == groups.size() ? hubs : rest).push_back(g);
    }
    if (hubs.empty()) return;  // no reading joins anyone: each stays apart
    for (int h : hubs) ambiguous_groups_[h] = rest;
    // What is left may fall apart into separate components.
    UnionFind parts(nodes_.size());
    for (int a : rest) {
      for (int b : rest) {
        if (a < b && Edge(a, b)) parts.Union(a, b);
      }
    }
    std::map<int, std::vector<int>> split;
    for (int g : rest) split[parts.Find(g)].push_back(g);
    for (auto& [root, sub] : split) Settle(sub);
  }

  std::string Display(int node) const {
    const Node& n = nodes_[node];
    const std::string* best = nullptr;
    const SpellingStats* best_stats = nullptr;
    for (const auto& [display, st] : n.spellings) {
      if (best == nullptr || BetterCanonical(display, st, *best, *best_stats)) {
        best = &display;
        best_stats = &st;
      }
    }
    return best != nullptr ? *best : n.key;
  }

  void MakePeople() {
    Directory::Impl& impl = *impl_;
    std::map<int, std::vector<int>> person_nodes;  // final root -> nodes
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (ambiguous_groups_.count(group_of_node_[i]) != 0) continue;
      person_nodes[final_uf_->Find(static_cast<int>(i))].push_back(static_cast<int>(i));
    }
    for (auto& [root, node_ids] : person_nodes) {
      const PersonId id = static_cast<PersonId>(impl.people.size());
      impl.people.emplace_back();
      impl.parts.emplace_back();
      impl.keys.emplace_back();
      Person& p = impl.people.back();
      const std::string* best = nullptr;
      const SpellingStats* best_stats = nullptr;
      for (int ni : node_ids) {
        Node& node = nodes_[ni];
        person_of_node_[ni] = id;
        impl.by_key[node.key] = id;
        impl.keys[id].push_back(node.key);
        internal::AddParts(impl.parts[id], node.parts);
        p.councillor = p.councillor || node.councillor;
        p.emails.insert(p.emails.end(), node.emails.begin(), node.emails.end());
        for (const auto& [display, st] : node.spellings) {
          if (best == nullptr || BetterCanonical(display, st, *best, *best_stats)) {
            best = &display;
            best_stats = &st;
          }
        }
      }
      p.canonical = *best;
      // Evidence: each spelling, then how spellings were joined.
      for (int ni : node_ids) {
        const Node& node = nodes_[ni];
        std::vector<std::string> displays;
        int written = 0;
        for (const auto& [display, st] : node.spellings) {
          displays.push_back(Quoted(display));
          if (!st.email_only) written += st.total;
        }
        if (written > 0) {
          int first_id = -1;
          for (const auto& [display, st] : node.spellings) {
            if (!st.email_only && st.first_mention >= 0 && (first_id < 0 || st.first_mention < first_id)) {
              first_id = st.first_mention;
            }
          }
          const Mention* fm = first_id >= 0 ? &mentions_[first_id] : nullptr;
          p.evidence.push_back(Evidence{
              "written",
              fmt::format("{} written {} time{}{}", JoinNames(displays, ", "), written, written == 1 ? "" : "s",
                          fm != nullptr ? fmt::format(", first as {} here", FieldName(fm->field)) : ""),
              fm != nullptr ? impl.documents[fm->document] : "", fm != nullptr ? fm->date() : ""});
        }
        if (node.spellings.size() > 1) {
          p.evidence.push_back(Evidence{
              "same_letters",
              fmt::format("{} are one spelling: case, accents, apostrophes, hyphens and spaces are ignored",
                          JoinNames(displays, " and ")),
              "", ""});
        }
        p.evidence.insert(p.evidence.end(), node.evidence.begin(), node.evidence.end());
      }
      std::sort(p.emails.begin(), p.emails.end());
      p.emails.erase(std::unique(p.emails.begin(), p.emails.end()), p.emails.end());
    }
    // How groups were joined, and the vetoes that kept them apart.
    for (const auto& pair : joined_edges_) {
      const auto it = person_of_node_.find(pair.first);
      if (it == person_of_node_.end()) continue;
      const FirstNameMatch m = edges_.at(pair);
      const NameParts& a = nodes_[pair.first].parts;
      const NameParts& b = nodes_[pair.second].parts;
      impl.people[it->second].evidence.push_back(Evidence{
          m == FirstNameMatch::kInitial ? "initials" : "short_long_form",
          fmt::format("{} and {}: the same surname, first names \"{}\" and \"{}\" are {}; no one else fits",
                      Quoted(Display(pair.first)), Quoted(Display(pair.second)),
                      a.firsts.empty() ? "" : a.firsts[0].first, b.firsts.empty() ? "" : b.firsts[0].first,
                      internal::FirstNameMatchName(m)),
          "", ""});
    }
    for (const auto& pair : vetoes_applied_) {
      for (const auto& [self, other] : {pair, std::pair(pair.second, pair.first)}) {
        const auto it = person_of_node_.find(self);
        if (it == person_of_node_.end()) continue;
        impl.people[it->second].evidence.push_back(
            Evidence{"alias_veto",
                     fmt::format("not the same person as {}: {}", Quoted(Display(other)), veto_note_[pair]),
                     "", ""});
      }
    }
    for (const auto& [hub, others] : ambiguous_groups_) {
      std::vector<PersonId> candidates;
      for (int g : others) {
        const auto it = person_of_node_.find(g);
        if (it != person_of_node_.end()) InsertSorted(candidates, it->second);
      }
      for (int node : group_nodes_[hub]) impl.ambiguous_key[nodes_[node].key] = candidates;
    }
    for (const auto& [word, target] : alias_words_) {
      const auto it = person_of_node_.find(target.first);
      if (it != person_of_node_.end()) impl.alias_word[word] = {it->second, target.second};
    }
    for (PersonId id = 0; id < static_cast<PersonId>(impl.people.size()); ++id) {
      impl.everyone.push_back(id);
      for (const auto& s : impl.parts[id].surnames) {
        auto& v = impl.by_surname[s];
        if (v.empty() || v.back() != id) v.push_back(id);
      }
    }
  }

  // People named in full (not through a reference) in each meeting and document.
  void IndexScopes() {
    Directory::Impl& impl = *impl_;
    for (const Mention& m : mentions_) {
      if (m.document < 0 || !m.name->many_words()) continue;
      const auto node = node_of_key_.find(m.name->key);
      if (node == node_of_key_.end()) continue;
      const auto person = person_of_node_.find(node->second);
      if (person == person_of_node_.end()) continue;
      InsertSorted(impl.document_people[m.document], person->second);
      if (m.field == Field::kAttendee) {
        InsertSorted(impl.meeting_people[{m.document, m.date()}], person->second);
        InsertSorted(impl.date_people[m.date()], person->second);
      }
    }
  }

  // Resolves every mention where it was written: aliases and attendance of
  // each person, Explain()'s record of each reference, and the unresolved.
  void ResolveMentions() {
    Directory::Impl& impl = *impl_;
    struct Pending {
      Unresolved u;
      std::map<std::string, int> spellings;
    };
    std::map<std::string, Pending> unresolved;  // key + reason + candidates -> entry
    std::vector<std::map<std::string, int>> written(impl.people.size());
    std::vector<std::set<std::string>> attended(impl.people.size());
    std::unordered_map<int, std::optional<PersonId>> row_person;  // attendee row -> resolved
    std::unordered_map<int, const Mention*> row_name;             // attendee row -> its written name
    std::set<std::tuple<std::string, int, std::string>> logged;

    for (const Mention& m : mentions_) {
      if (m.name->shape == Shape::kNone) continue;
      const std::string& doc = impl.documents[m.document];
      const Outcome o = impl.Resolve(*m.name, m.date(), doc);
      if (o.person && m.field != Field::kEmail) written[*o.person][m.name->written] += 1;
      if (!m.name->many_words() || !o.person) {
        if (logged.emplace(m.name->key, m.document, m.date()).second) {
          auto& log = impl.occurrences[m.name->key];
          if (log.size() < 200) {
            log.push_back(Evidence{o.rule, fmt::format("as {}: {}", FieldName(m.field), o.detail), doc, m.date()});
          }
        }
      }
      if (m.field == Field::kAttendee) {
        auto& slot = row_person[m.attendee_row];
        if (o.person && !slot) slot = o.person;
        if (!row_name.count(m.attendee_row)) row_name[m.attendee_row] = &m;
        if (o.person && m.present) attended[*o.person].insert(m.date());
        continue;
      }
      if (o.person || m.field == Field::kOwnerWritten || m.field == Field::kEmail) continue;
      AddUnresolved(unresolved, m, o);
    }
    for (const auto& [row, person] : row_person) {
      if (person) continue;
      const Mention& m = *row_name[row];
      AddUnresolved(unresolved, m, impl.Resolve(*m.name, m.date(), impl.documents[m.document]));
    }

    for (PersonId id = 0; id < static_cast<PersonId>(impl.people.size()); ++id) {
      Person& p = impl.people[id];
      p.meetings_attended = static_cast<int>(attended[id].size());
      std::vector<std::pair<std::string, int>> forms(written[id].begin(), written[id].end());
      std::stable_sort(forms.begin(), forms.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      for (const auto& [form, count] : forms) {
        if (form != p.canonical) p.aliases.push_back(form);
      }
    }
    for (auto& [key, pending] : unresolved) {
      int best = -1;
      for (const auto& [spelling, count] : pending.spellings) {
        if (count > best) {
          best = count;
          pending.u.name = spelling;
        }
      }
      impl.unresolved.push_back(std::move(pending.u));
    }
    std::stable_sort(impl.unresolved.begin(), impl.unresolved.end(), [](const Unresolved& a, const Unresolved& b) {
      if (a.where.size() != b.where.size()) return a.where.size() > b.where.size();
      return a.name < b.name;
    });
  }

  template <typename Map>
  void AddUnresolved(Map& unresolved, const Mention& m, const Outcome& o) {
    if (m.name->shape == Shape::kNone) return;
    std::vector<std::string> candidates;
    for (PersonId c : o.candidates) candidates.push_back(impl_->people[c].canonical);
    const std::string reason = o.candidates.size() > 1 ? "ambiguous" : "unknown";
    const std::string key = m.name->key + "\n" + reason + "\n" + JoinNames(candidates, ", ");
    auto& pending = unresolved[key];
    pending.u.reason = reason;
    pending.u.candidates = candidates;
    pending.spellings[m.name->written] += 1;
    pending.u.where.push_back(Unresolved::Where{impl_->documents[m.document], m.date(), FieldName(m.field)});
  }

  const DocumentSource& documents_;
  const Aliases& aliases_;
  std::shared_ptr<Directory::Impl> impl_;

  std::unordered_map<std::string, std::unique_ptr<Name>> parsed_, parsed_lenient_;
  std::unordered_set<std::string> strings_;  // dates and addresses of mentions (Intern)
  // A deque: it grows without copying what it holds (a vector's doubling had
  // the list twice over at its peak), and row_name keeps pointers into it.
  std::deque<Mention> mentions_;
  std::vector<Node> nodes_;
  std::unordered_map<std::string, int> node_of_key_;
  int attendee_rows_ = 0;

  std::unique_ptr<UnionFind> alias_uf_, final_uf_;
  std::vector<std::pair<std::string, std::pair<int, std::string>>> alias_words_;  // word -> (node, where)
  std::vector<int> group_of_node_;
  std::map<int, std::vector<int>> group_nodes_;  // alias group -> its nodes
  std::map<std::pair<int, int>, FirstNameMatch> edges_;
  std::vector<std::pair<int, int>> joined_edges_;
  std::vector<std::pair<int, int>> vetoes_applied_;
  std::map<std::pair<int, int>, std::string> veto_note_;
  std::map<int, std::vector<int>> ambiguous_groups_;  // hub group -> the groups it could be
  std::unordered_map<int, PersonId> person_of_node_;
};

}  // namespace

Result<Directory> Directory::Build(const DocumentSource& documents, const Aliases& aliases, const Options& options) {
  Builder builder(documents, aliases, options);
  MB_ASSIGN(impl, builder.Run());
  return Directory(std::move(impl));
}

Result<Directory> Directory::Build(const Documents& documents, const Aliases& aliases, const Options& options) {
  return Build(FromDocuments(documents), aliases, options);
}

DocumentSource FromDocuments(const Documents& documents) {
  return [&documents](const DocumentVisitor& visit) -> Result<void> {
    for (const auto& [path, x] : documents) visit(path, x);
    return {};
  };
}

Directory::Directory(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

}  // namespace minutebook::people
