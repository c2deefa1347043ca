#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>
#include <tuple>

#include "people/internal/name.h"
#include "people/internal/testing.h"
#include "people/people.h"

namespace minutebook::people {
namespace {

using testing::Act;
using testing::Apologies;
using testing::Present;

Directory MustBuild(const Documents& docs) {
  auto dir = Directory::Build(docs, Aliases());
  EXPECT_TRUE(dir) << dir.error().message;
  return std::move(*dir);
}

std::vector<std::string> Statuses(const TrackedAction& a) {
  std::vector<std::string> out;
  for (const auto& h : a.history) out.push_back(h.meeting_date + " " + h.status);
  return out;
}

// March minutes set an action; June minutes carry it forward as outstanding
// under another spelling of its owner.
Documents MarchAndJune() {
  Documents docs(2);
  docs[0].first = "2023-03.txt";
  docs[0].second.attendees = {Present("2023-03-29", "Steve Calder"), Present("2023-03-29", "Angie Fuller")};
  docs[0].second.actions = {
      Act("2023-03-29", "Steve Calder to meet with Angie Fuller to discuss the resettlement panel", {"Steve Calder"},
          "open", 4),
      Act("2023-03-29", "Angie Fuller to circulate the panel terms of reference", {"Angie Fuller"}, "open", 4)};
  docs[1].first = "2023-06.txt";
  docs[1].second.attendees = {Apologies("2023-06-28", "Steve Calder"), Present("2023-06-28", "Angie Fuller")};
  docs[1].second.actions = {
      Act("2023-06-28", "Steven Calder to meet with Angie Fuller to discuss children's and adults resettlement panel.",
          {"Steven Calder"}, "outstanding", 2),
      Act("2023-06-28", "Angie Fuller and Steve Calder to present the joint protocol", {"Angie Fuller", "Steve Calder"},
          "open", 5)};
  return docs;
}

TEST(TrackActions, CarriedForwardActionLinksToTheEarlierRecordWithLatestStatus) {
  const Documents docs = MarchAndJune();
  const Directory dir = MustBuild(docs);
  const auto all = TrackActions(dir, docs);
  ASSERT_EQ(all.size(), 3u);
  const auto calder = SelectActions(all, ActionFilter{.owner = dir.Resolve("Steve Calder")});
  ASSERT_EQ(calder.size(), 2u);
  // Newest first; within one meeting in page order.
  EXPECT_EQ(calder[1].action.text, "Angie Fuller and Steve Calder to present the joint protocol");
  const TrackedAction& met = calder[0];
  EXPECT_EQ(met.status(), "outstanding");
  EXPECT_EQ(Statuses(met), (std::vector<std::string>{"2023-03-29 open", "2023-06-28 outstanding"}));
  EXPECT_EQ(met.document, "2023-06.txt");
  EXPECT_EQ(met.action.page, 2);
  EXPECT_EQ(met.history[0].document, "2023-03.txt");
  EXPECT_EQ(met.history[0].page, 4);
  EXPECT_EQ(met.owners, (std::vector<std::string>{"Steve Calder"}));
  EXPECT_EQ(met.action.owners_written, (std::vector<std::string>{"Steven Calder"}));
}

// A source that counts its reads and can fail on one of them.
DocumentSource Counted(const Documents& docs, int* reads, int fail_on_read) {
  return [&docs, reads, fail_on_read](const DocumentVisitor& visit) -> Result<void> {
    if (++*reads == fail_on_read) return Fail(ErrorCode::kIo, "index: disk I/O error");
    for (const auto& [path, x] : docs) visit(path, x);
    return {};
  };
}

TEST(TrackActions, FromASourceReadTwiceEqualsFromDocumentsAndFailsAsTheSourceDoes) {
  const Documents docs = MarchAndJune();
  int reads = 0;
  auto dir = Directory::Build(Counted(docs, &reads, 0), Aliases());
  ASSERT_TRUE(dir) << dir.error().message;
  EXPECT_EQ(reads, 1);
  const auto expected = TrackActions(MustBuild(docs), docs);
  reads = 0;
  auto streamed = TrackActions(*dir, Counted(docs, &reads, 0));
  ASSERT_TRUE(streamed) << streamed.error().message;
  EXPECT_EQ(reads, 2);
  ASSERT_EQ(streamed->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*streamed)[i].document, expected[i].document);
    EXPECT_EQ((*streamed)[i].action.text, expected[i].action.text);
    EXPECT_EQ((*streamed)[i].action.owners, expected[i].action.owners);
    EXPECT_EQ((*streamed)[i].action.owners_written, expected[i].action.owners_written);
    EXPECT_EQ((*streamed)[i].action.status, expected[i].action.status);
    EXPECT_EQ(Statuses((*streamed)[i]), Statuses(expected[i]));
    EXPECT_EQ((*streamed)[i].owner_ids, expected[i].owner_ids);
  }
  for (int fail_on : {1, 2}) {
    reads = 0;
    auto failed = TrackActions(*dir, Counted(docs, &reads, fail_on));
    ASSERT_FALSE(failed) << fail_on;
    EXPECT_EQ(failed.error().message, "index: disk I/O error");
  }
  reads = 0;
  auto no_directory = Directory::Build(Counted(docs, &reads, 1), Aliases());
  ASSERT_FALSE(no_directory);
  EXPECT_EQ(no_directory.error().code, ErrorCode::kIo);
}

TEST(TrackActions, MinutesAndActionLogOfOneMeetingAreOneAction) {
  Documents docs(1);
  docs[0].first = "pack.txt";
  docs[0].second.actions = {
      Act("2022-10-05", "Chris Lyons to share the comms campaign plan with CSP members", {"Chris Lyons"}, "completed", 9),
      Act("2022-10-05", "Chris Lyons to share the comms campaign plan with CSP members", {"Chris Lyons"}, "open", 3)};
  const auto all = TrackActions(MustBuild(docs), docs);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(Statuses(all[0]), (std::vector<std::string>{"2022-10-05 open", "2022-10-05 completed"}));
  EXPECT_EQ(all[0].action.page, 9);
}

TEST(TrackActions, SimilarActionsOfOneMeetingStayApart) {
  Documents docs(1);
  docs[0].first = "m.txt";
  docs[0].second.actions = {
      Act("2023-06-28", "Chris Lyons to share the hate crime week plan with board members", {"Chris Lyons"}),
      Act("2023-06-28", "Chris Lyons to share the womens safety week plan with board members", {"Chris Lyons"})};
  EXPECT_EQ(TrackActions(MustBuild(docs), docs).size(), 2u);
}

TEST(TrackActions, DisjointOwnersAreNotLinked) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.actions = {Act("2023-03-29", "Ben Forbes to bring an update on ASB MARAC", {"Ben Forbes"})};
  docs[1].first = "b.txt";
  docs[1].second.actions = {
      Act("2023-06-28", "David Rhodes to bring an update on ASB MARAC", {"David Rhodes"}, "outstanding")};
  EXPECT_EQ(TrackActions(MustBuild(docs), docs).size(), 2u);
}

TEST(TrackActions, DissimilarTextIsANewAction) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.actions = {Act("2023-03-29", "Ben Forbes to bring an update on ASB MARAC", {"Ben Forbes"})};
  docs[1].first = "b.txt";
  docs[1].second.actions = {Act("2023-06-28", "Ben Forbes to review the gangs matrix", {"Ben Forbes"})};
  EXPECT_EQ(TrackActions(MustBuild(docs), docs).size(), 2u);
}

// TrackActions finds the thread a record carries forward through indexes
// (owners, rare words) rather than by comparing it with every thread. Here
// the same rules, comparing every record with every thread, on random
// minutes whose few words and owners make many near misses: the indexes
// must never miss a thread, or pick another.
TEST(TrackActions, EqualsComparingEveryRecordWithEveryThread) {
  const std::vector<std::string> vocabulary = {"review", "the", "panel", "terms", "report", "circulate",
                                               "budget", "trust", "meet", "housing", "plan", "update"};
  const std::vector<std::string> owners = {"Ann Smith", "Bo Li", "Cy Jones", "Partners", "Ann", "Dee Kay"};
  const std::vector<std::string> dates = {"2023-01-10", "2023-03-14", "2023-06-20", "2023-09-12"};
  const std::vector<std::string> statuses = {"", "open", "outstanding", "completed"};
  std::mt19937 random(2026);
  auto pick = [&](const auto& v) { return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(random)]; };
  auto chance = [&](int percent) { return std::uniform_int_distribution<int>(0, 99)(random) < percent; };
  for (int round = 0; round < 40; ++round) {
    Documents docs(6);
    for (size_t d = 0; d < docs.size(); ++d) {
      docs[d].first = "minutes-" + std::to_string(d) + ".txt";
      const std::string date = pick(dates);
      for (const char* name : {"Ann Smith", "Bo Li", "Cy Jones"}) {
        if (chance(70)) docs[d].second.attendees.push_back(testing::Present(date, name));
      }
      const int actions = std::uniform_int_distribution<int>(0, 6)(random);
      for (int i = 0; i < actions; ++i) {
        std::string text;
        const int words = std::uniform_int_distribution<int>(1, 7)(random);
        for (int w = 0; w < words; ++w) text += (w ? " " : "") + pick(vocabulary);
        std::vector<std::string> who;
        const int count = std::uniform_int_distribution<int>(0, 2)(random);
        for (int o = 0; o < count; ++o) who.push_back(pick(owners));
        docs[d].second.actions.push_back(testing::Act(chance(80) ? date : pick(dates), text, who, pick(statuses),
                                                      std::uniform_int_distribution<int>(1, 3)(random)));
      }
    }
    const Directory dir = MustBuild(docs);

    // Every record, in tracking order.
    struct Record {
      const Action* action;
      const std::string* path;
      size_t input;
      std::set<std::string> words;
      std::vector<std::string> keys;
    };
    std::vector<Record> records;
    for (const auto& [path, x] : docs) {
      for (const Action& a : x.actions) {
        Record r{&a, &path, records.size(), {}, {}};
        for (const auto& w : internal::Words(a.text)) r.words.insert(w);
        for (const auto& o : a.owners) {
          const auto id = dir.Resolve(o, a.meeting_date, path);
          const std::string key = id ? "#" + std::to_string(*id) : internal::FoldKey(o);
          if (!key.empty() && std::find(r.keys.begin(), r.keys.end(), key) == r.keys.end()) r.keys.push_back(key);
        }
        records.push_back(std::move(r));
      }
    }
    auto rank = [](const std::string& status) { return status.empty() || status == "open" ? 0 : 1; };
    std::stable_sort(records.begin(), records.end(), [&](const Record& a, const Record& b) {
      return std::make_tuple(a.action->meeting_date, rank(a.action->status), *a.path, a.action->page, a.input) <
             std::make_tuple(b.action->meeting_date, rank(b.action->status), *b.path, b.action->page, b.input);
    });
    auto similarity = [](const std::set<std::string>& a, const std::set<std::string>& b) {
      if (a.empty() || b.empty()) return 0.0;
      size_t shared = 0;
      for (const auto& w : a) shared += b.count(w);
      return static_cast<double>(shared) / static_cast<double>(std::max(a.size(), b.size()));
    };
    struct Thread {
      std::vector<const Record*> records;
      std::vector<std::string> keys;
    };
    std::vector<Thread> threads;
    for (const Record& r : records) {
      size_t best = threads.size();
      double best_similarity = 0;
      for (size_t t = 0; t < threads.size(); ++t) {
        const Record& last = *threads[t].records.back();
        const double s = similarity(last.words, r.words);
        if (s < 0.6) continue;
        const bool shared = std::any_of(r.keys.begin(), r.keys.end(), [&](const std::string& k) {
          return std::find(threads[t].keys.begin(), threads[t].keys.end(), k) != threads[t].keys.end();
        });
        if (!threads[t].keys.empty() && !r.keys.empty() && !shared) continue;
        if (last.action->meeting_date == r.action->meeting_date && *last.path == *r.path &&
            last.action->status == r.action->status && last.words != r.words) {
          continue;
        }
        if (s > best_similarity || (s == best_similarity && t > best)) {
          best = t;
          best_similarity = s;
        }
      }
      if (best == threads.size()) threads.emplace_back();
      threads[best].records.push_back(&r);
      for (const auto& k : r.keys) {
        if (std::find(threads[best].keys.begin(), threads[best].keys.end(), k) == threads[best].keys.end()) {
          threads[best].keys.push_back(k);
        }
      }
    }

    const auto tracked = TrackActions(dir, docs);
    ASSERT_EQ(tracked.size(), threads.size()) << "round " << round;
    for (size_t t = 0; t < threads.size(); ++t) {
      const Record& latest = *threads[t].records.back();
      EXPECT_EQ(tracked[t].document, *latest.path) << "round " << round << " thread " << t;
      EXPECT_EQ(tracked[t].action.text, latest.action->text) << "round " << round << " thread " << t;
      std::vector<std::string> history;
      for (const Record* r : threads[t].records) {
        const std::string change = r->action->meeting_date + " " + (r->action->status.empty() ? "open" : r->action->status);
        if (history.empty() || history.back() != change) history.push_back(change);
      }
      EXPECT_EQ(Statuses(tracked[t]), history) << "round " << round << " thread " << t;
    }
  }
}

TEST(SelectActions, StatusAndDateFilters) {
  const Documents docs = MarchAndJune();
  const Directory dir = MustBuild(docs);
  const auto all = TrackActions(dir, docs);
  EXPECT_EQ(SelectActions(all, {.status = "outstanding"}).size(), 1u);
  EXPECT_EQ(SelectActions(all, {.status = "open"}).size(), 2u);
  EXPECT_EQ(SelectActions(all, {.status = "closed"}).size(), 0u);
  // The carried-forward action was on the table in March too.
  EXPECT_EQ(SelectActions(all, {.to = "2023-03"}).size(), 2u);
  EXPECT_EQ(SelectActions(all, {.from = "2023-06-01"}).size(), 2u);
  EXPECT_EQ(SelectActions(all, {.from = "2023-04", .to = "2023-05-31"}).size(), 0u);
  EXPECT_EQ(SelectActions(all, {.from = "2023", .to = "2023"}).size(), 3u);
}

TEST(SelectActions, GroupOwnerAsWritten) {
  Documents docs(1);
  docs[0].first = "m.txt";
  docs[0].second.actions = {Act("2023-06-28", "All CSP members to sign the ISA", {"All CSP members"}),
                            Act("2023-06-28", "Partners to review the plan", {"Partners"})};
  const Directory dir = MustBuild(docs);
  const auto all = TrackActions(dir, docs);
  const auto members = SelectActions(all, {.owner_written = "all csp Members"});
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].owners, (std::vector<std::string>{"All CSP members"}));
}

TEST(IsOpenStatus, OpenAndOutstandingAreOpen) {
  EXPECT_TRUE(IsOpenStatus("open"));
  EXPECT_TRUE(IsOpenStatus("outstanding"));
  EXPECT_FALSE(IsOpenStatus("closed"));
  EXPECT_FALSE(IsOpenStatus("completed"));
}

}  // namespace
}  // namespace minutebook::people
