#include <gtest/gtest.h>

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
