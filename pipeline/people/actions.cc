// Actions across meetings: each record is linked to the earlier record it
// carries forward ("Outstanding actions from March 2023 ..."), so an action
// is listed once with its latest status and its history.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "people/internal/name.h"
#include "people/people.h"

namespace minutebook::people {
namespace {

// What threading needs of one action record. The record's full Action (its
// text, item, owners as written) is read again only for each thread's
// latest record: at 100,800 pages holding every action whole was most of
// the refresh's memory.
struct Record {
  // Ids in the tracker's tables of dates and statuses (WordIds): equal ids,
  // equal text. Held as strings they were a third of a record.
  std::uint32_t meeting_date = 0;
  std::uint32_t status = 0;
  int page = 1;
  int document = -1;                // index into the paths, in source order
  int position = 0;                 // the action's index in its document
  std::vector<std::uint32_t> words;  // ids of its words (WordIds), sorted, unique
  std::vector<std::string> owners;  // canonical where resolved
  std::vector<PersonId> ids;
  std::vector<std::string> owner_keys;  // "#id" for a person, the folded text for a group
};

int StatusRank(const std::string& status) { return status.empty() || status == "open" ? 0 : 1; }

size_t Overlap(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  size_t n = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

// The gold scorer's similarity: shared words over the larger word count.
double Similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.empty() || b.empty()) return 0.0;
  return static_cast<double>(Overlap(a, b)) / static_cast<double>(std::max(a.size(), b.size()));
}

bool Intersect(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

// Words as small ids: every action's words are held until the end, and as
// strings they were a third of an ingest's peak memory at 100,800 pages
// (heaptrack). An id stands for one word; the text breaks ties.
class WordIds {
 public:
  std::uint32_t Of(std::string&& word) {
    auto [it, added] = ids_.try_emplace(std::move(word), static_cast<std::uint32_t>(text_.size()));
    if (added) text_.push_back(&it->first);
    return it->second;
  }
  const std::string& Text(std::uint32_t id) const { return *text_[id]; }
  size_t size() const { return text_.size(); }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<const std::string*> text_;  // keys of ids_: stable while it lives
};

// Records and threads are numbered in 32 bits: the postings below hold a
// thread number per word of every action, and at 100,807 pages 64-bit ones
// were 4 MB of the refresh's peak (heaptrack).
using Index32 = std::uint32_t;

struct Thread {
  std::vector<Index32> records;  // indexes into the records, in tracking order
  std::vector<std::string> owner_keys;
};

}  // namespace

bool IsOpenStatus(std::string_view status) { return status.empty() || status == "open" || status == "outstanding"; }

bool SameOwnerText(std::string_view written, std::string_view owner) {
  const std::string a = internal::FoldKey(written);
  return !a.empty() && a == internal::FoldKey(owner);
}

std::vector<TrackedAction> TrackActions(const Directory& directory, const Documents& documents) {
  // FromDocuments never fails.
  return std::move(*TrackActions(directory, FromDocuments(documents)));
}

Result<std::vector<TrackedAction>> TrackActions(const Directory& directory, const DocumentSource& documents) {
  // A deque, and sorted through a permutation: a vector's doubling, and
  // stable_sort's buffer, each held the records twice over at the refresh's
  // peak (heaptrack, 100,807 pages).
  std::deque<Record> records;
  std::vector<std::string> paths;
  WordIds word_ids, dates, statuses;
  MB_TRY(documents([&](const std::string& path, const Extraction& x) {
    const int d = static_cast<int>(paths.size());
    paths.push_back(path);
    for (size_t i = 0; i < x.actions.size(); ++i) {
      const Action& a = x.actions[i];
      Record r;
      r.meeting_date = dates.Of(std::string(a.meeting_date));
      r.status = statuses.Of(std::string(a.status));
      r.page = a.page;
      r.document = d;
      r.position = static_cast<int>(i);
      for (std::string& w : internal::Words(a.text)) r.words.push_back(word_ids.Of(std::move(w)));
      std::sort(r.words.begin(), r.words.end());
      r.words.erase(std::unique(r.words.begin(), r.words.end()), r.words.end());
      r.words.shrink_to_fit();  // kept to the end: not the pushes' doubling
      for (const auto& o : a.owners) {
        std::string name = o;
        std::string key;
        if (auto id = directory.Resolve(o, a.meeting_date, path)) {
          name = directory.person(*id).canonical;
          key = fmt::format("#{}", *id);
          if (std::find(r.ids.begin(), r.ids.end(), *id) == r.ids.end()) r.ids.push_back(*id);
        } else {
          key = internal::FoldKey(o);
        }
        if (std::find(r.owners.begin(), r.owners.end(), name) == r.owners.end()) r.owners.push_back(name);
        if (!key.empty() && std::find(r.owner_keys.begin(), r.owner_keys.end(), key) == r.owner_keys.end()) {
          r.owner_keys.push_back(key);
        }
      }
      records.push_back(std::move(r));
    }
  }));
  if (records.size() >= std::numeric_limits<Index32>::max()) {
    return Fail(ErrorCode::kUnsupported, "more actions than can be tracked (4,294,967,295)");
  }
  std::vector<Index32> sorted(records.size());
  std::iota(sorted.begin(), sorted.end(), Index32{0});
  // Tracking order; a record's position in the input breaks ties.
  std::stable_sort(sorted.begin(), sorted.end(), [&](Index32 ia, Index32 ib) {
    const Record& a = records[ia];
    const Record& b = records[ib];
    const int rank_a = StatusRank(statuses.Text(a.status)), rank_b = StatusRank(statuses.Text(b.status));
    return std::tie(dates.Text(a.meeting_date), rank_a, paths[a.document], a.page, ia) <
           std::tie(dates.Text(b.meeting_date), rank_b, paths[b.document], b.page, ib);
  });

  // Candidates for the record a new one carries forward: the threads of its
  // owners, or, for a record without owners (and threads without owners),
  // threads sharing one of its rare words. A record at least `threshold`
  // similar to another shares one of its m - ceil(threshold * m) + 1 rarest
  // words with it.
  std::vector<int> frequency(word_ids.size(), 0);
  for (const Record& r : records) {
    for (std::uint32_t w : r.words) ++frequency[w];
  }
  const double threshold = directory.options().carried_forward_similarity;
  std::vector<Thread> threads;
  std::unordered_map<std::string, std::vector<Index32>> by_owner;     // owner key -> threads
  std::unordered_map<std::uint32_t, std::vector<Index32>> all_words;      // word -> threads
  std::unordered_map<std::uint32_t, std::vector<Index32>> unowned_words;  // word -> threads without owners
  std::vector<Index32> seen;  // thread -> last record that considered it, + 1
  auto add_posting = [](std::vector<Index32>& list, Index32 thread) {
    if (list.empty() || list.back() != thread) list.push_back(thread);
  };
  for (size_t k = 0; k < sorted.size(); ++k) {
    const size_t ri = sorted[k];
    const Record& r = records[ri];
    std::vector<Index32> candidates;
    auto consider = [&](const std::vector<Index32>& list) {
      for (Index32 t : list) {
        if (seen[t] == k + 1) continue;
        seen[t] = static_cast<Index32>(k + 1);
        candidates.push_back(t);
      }
    };
    std::vector<std::uint32_t> rare = r.words;
    std::sort(rare.begin(), rare.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (frequency[a] != frequency[b]) return frequency[a] < frequency[b];
      return word_ids.Text(a) < word_ids.Text(b);
    });
    const size_t m = rare.size();
    const size_t needed = static_cast<size_t>(std::ceil(threshold * static_cast<double>(m) - 1e-9));
    const size_t probe = m == 0 ? 0 : std::min(m, m - std::min(m, needed) + 1);
    auto postings = [&](const auto& index, const auto& key) -> const std::vector<Index32>* {
      auto p = index.find(key);
      return p == index.end() ? nullptr : &p->second;
    };
    // Every thread the record can carry forward is found two ways: through
    // its owners' threads and the unowned threads sharing a rare word, or
    // through all threads sharing a rare word (then kept only when an owner
    // is shared). The same threads qualify either way; the shorter lists are
    // read. Reading a person's every thread made tracking grow with the
    // square of the actions they own (#13).
    std::vector<const std::vector<Index32>*> by_words, by_owners;
    size_t words_cost = 0, owners_cost = 0;
    for (size_t i = 0; i < probe; ++i) {
      if (const auto* list = postings(all_words, rare[i])) {
        by_words.push_back(list);
        words_cost += list->size();
      }
    }
    if (!r.owner_keys.empty()) {
      for (const auto& key : r.owner_keys) {
        if (const auto* list = postings(by_owner, key)) {
          by_owners.push_back(list);
          owners_cost += list->size();
        }
      }
      for (size_t i = 0; i < probe; ++i) {
        if (const auto* list = postings(unowned_words, rare[i])) {
          by_owners.push_back(list);
          owners_cost += list->size();
        }
      }
    }
    for (const auto* list : r.owner_keys.empty() || words_cost <= owners_cost ? by_words : by_owners) consider(*list);

    size_t best = threads.size();
    double best_similarity = 0;
    for (Index32 t : candidates) {
      const Record& last = records[threads[t].records.back()];
      const double s = Similarity(last.words, r.words);
      if (s < threshold) continue;
      if (!threads[t].owner_keys.empty() && !r.owner_keys.empty() && !Intersect(threads[t].owner_keys, r.owner_keys)) {
        continue;
      }
      if (last.meeting_date == r.meeting_date && paths[last.document] == paths[r.document] &&
          last.status == r.status && last.words != r.words) {
        continue;  // two actions of one meeting, not one carried forward
      }
      if (s > best_similarity || (s == best_similarity && t > best)) {
        best = t;
        best_similarity = s;
      }
    }
    if (best == threads.size()) {
      threads.emplace_back();
      seen.push_back(0);
    }
    Thread& thread = threads[best];
    thread.records.push_back(static_cast<Index32>(ri));
    for (const auto& k : r.owner_keys) {
      if (std::find(thread.owner_keys.begin(), thread.owner_keys.end(), k) == thread.owner_keys.end()) {
        thread.owner_keys.push_back(k);
      }
      add_posting(by_owner[k], static_cast<Index32>(best));
    }
    for (std::uint32_t w : r.words) {
      add_posting(all_words[w], static_cast<Index32>(best));
      if (thread.owner_keys.empty()) add_posting(unowned_words[w], static_cast<Index32>(best));
    }
  }

  std::vector<TrackedAction> out;
  out.reserve(threads.size());
  for (const Thread& thread : threads) {
    TrackedAction t;
    for (Index32 ri : thread.records) {
      const Record& r = records[ri];
      const std::string& status = statuses.Text(r.status);
      StatusChange change{dates.Text(r.meeting_date), status.empty() ? "open" : status, paths[r.document], r.page};
      if (t.history.empty() || t.history.back().meeting_date != change.meeting_date ||
          t.history.back().status != change.status) {
        t.history.push_back(std::move(change));
      }
      for (const auto& o : r.owners) {
        if (std::find(t.owners.begin(), t.owners.end(), o) == t.owners.end()) t.owners.push_back(o);
      }
      for (PersonId id : r.ids) {
        if (std::find(t.owner_ids.begin(), t.owner_ids.end(), id) == t.owner_ids.end()) t.owner_ids.push_back(id);
      }
    }
    const Record& latest = records[thread.records.back()];
    t.document = paths[latest.document];
    out.push_back(std::move(t));
  }
  // Each thread's latest record, whole: (document, position) -> thread.
  std::vector<std::vector<std::pair<int, size_t>>> latest_of(paths.size());
  for (size_t ti = 0; ti < threads.size(); ++ti) {
    const Record& latest = records[threads[ti].records.back()];
    latest_of[latest.document].emplace_back(latest.position, ti);
  }
  size_t d = 0;
  bool changed = false;  // the source gave other documents the second time
  MB_TRY(documents([&](const std::string&, const Extraction& x) {
    if (d >= latest_of.size()) {
      changed = true;
      return;
    }
    for (const auto& [position, ti] : latest_of[d++]) {
      if (position >= static_cast<int>(x.actions.size())) {
        changed = true;
        continue;
      }
      TrackedAction& t = out[ti];
      t.action = x.actions[position];
      t.action.owners = records[threads[ti].records.back()].owners;
      if (t.action.status.empty()) t.action.status = "open";
    }
  }));
  if (changed || d != paths.size()) return Fail(ErrorCode::kInternal, "documents changed while tracking actions");
  return out;
}

std::vector<TrackedAction> SelectActions(const std::vector<TrackedAction>& actions, const ActionFilter& filter) {
  std::vector<TrackedAction> out;
  for (const TrackedAction& a : actions) {
    if (filter.owner &&
        std::find(a.owner_ids.begin(), a.owner_ids.end(), *filter.owner) == a.owner_ids.end()) {
      continue;
    }
    if (!filter.owner && !filter.owner_written.empty() &&
        std::none_of(a.owners.begin(), a.owners.end(),
                     [&](const std::string& o) { return SameOwnerText(filter.owner_written, o); })) {
      continue;
    }
    if (!filter.status.empty() && a.status() != filter.status) continue;
    if (!filter.from.empty() || !filter.to.empty()) {
      const bool in_range = std::any_of(a.history.begin(), a.history.end(), [&](const StatusChange& c) {
        return (filter.from.empty() || c.meeting_date >= filter.from) &&
               (filter.to.empty() || c.meeting_date.substr(0, filter.to.size()) <= filter.to);
      });
      if (!in_range) continue;
    }
    out.push_back(a);
  }
  std::stable_sort(out.begin(), out.end(), [](const TrackedAction& a, const TrackedAction& b) {
    if (a.action.meeting_date != b.action.meeting_date) return a.action.meeting_date > b.action.meeting_date;
    if (a.document != b.document) return a.document < b.document;
    return a.action.page < b.action.page;
  });
  return out;
}

}  // namespace minutebook::people
