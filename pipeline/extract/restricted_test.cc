// Restricted items in layouts the item rules do not know (fail closed), and
// the classes of restricted item other bodies write: an exclusion of the
// press and public, an item marked redacted, a meeting held in private.
// Every paper here is made up for the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "extract/extract.h"

namespace minutebook::extract {
namespace {

const Extractor& Ex() {
  static const Extractor* ex = [] {
    auto x = Extractor::Create({MINUTEBOOK_SOURCE_DIR "/rules"});
    if (!x) {
      ADD_FAILURE() << x.error().message;
      std::abort();
    }
    return x->release();
  }();
  return *ex;
}

// One page per form feed.
Extraction Extract(const std::string& text) {
  Document d;
  size_t pos = 0;
  for (int n = 1;; ++n) {
    const size_t ff = text.find('\f', pos);
    Page p;
    p.number = n;
    p.text = text.substr(pos, ff == std::string::npos ? std::string::npos : ff - pos);
    d.pages.push_back(p);
    if (ff == std::string::npos) break;
    pos = ff + 1;
  }
  return Ex().Process(d);
}

const Restricted* Find(const Extraction& x, const std::string& label) {
  auto it = std::find_if(x.restricted.begin(), x.restricted.end(), [&](const Restricted& r) { return r.label == label; });
  return it == x.restricted.end() ? nullptr : &*it;
}

std::string Labels(const Extraction& x) {
  std::string out;
  for (const auto& r : x.restricted) out += "[" + r.label + " / " + r.label_source + "] ";
  return out;
}

const std::string kHeader =
    "Neighbourhood Services Board\nTuesday 12 March 2024\n\nMembers Present: Hana Novak (Chair), Owen Pryce, Lila Mensah\n\n";

// An unnumbered title alone between blank lines, a note in words the item
// rules do not have, a timing line, and the item's text left under it.
TEST(FailClosed, UnnumberedTitleNoteAndTimingLine) {
  const auto x = Extract(kHeader +
                         "Library Opening Hours\n\nThe board agreed the summer opening hours.\n\n"
                         "Harbour Wall Repairs\n\n\nThe content of this item is confidential and has not been published.\n\n"
                         "15 minutes\n\n"
                         "The contractor reported cracking along forty metres of the harbour wall, and the repair "
                         "is expected to cost ninety thousand pounds over two years.\n\n"
                         "Allotment Waiting List\n\nThe waiting list now has forty names.\n");
  const Restricted* r = Find(x, "Harbour Wall Repairs");
  ASSERT_NE(r, nullptr) << Labels(x);
  EXPECT_EQ(r->label_source, "heading");
  EXPECT_EQ(r->kind, "agenda_item");
  EXPECT_TRUE(r->content_published);
  EXPECT_NE(r->evidence.find("cracking"), std::string::npos) << r->evidence;
  EXPECT_EQ(r->meeting_date, "2024-03-12");
  // It runs from its title to the next title, not into the next item.
  EXPECT_EQ(Find(x, "Allotment Waiting List"), nullptr);
  EXPECT_EQ(x.restricted.size(), 1u) << Labels(x);
}

TEST(FailClosed, NoteWithNothingAfterItIsWithheldNotALeak) {
  const auto x = Extract(kHeader +
                         "STAFFING STRUCTURE REVIEW\n\nPaper exempt from publication.\n\n10 minutes\n\n"
                         "Any Other Business\n\nThere was none.\n");
  const Restricted* r = Find(x, "STAFFING STRUCTURE REVIEW");
  ASSERT_NE(r, nullptr) << Labels(x);
  EXPECT_FALSE(r->content_published) << r->evidence;
}

TEST(FailClosed, NoteWithoutATitleIsAnUnlabelledItem) {
  const auto x = Extract(kHeader +
                         "The chair welcomed members and opened the meeting.\n"
                         "The details of this matter are withheld from the public record.\n"
                         "The three bidders offered between sixty and eighty thousand pounds, and the panel "
                         "preferred the lowest bid for the kiosk.\n");
  ASSERT_EQ(x.restricted.size(), 1u) << Labels(x);
  const Restricted& r = x.restricted[0];
  EXPECT_EQ(r.label, "(unlabelled restricted item)");
  EXPECT_EQ(r.label_source, "none");
  EXPECT_TRUE(r.content_published);
  // No heading follows: the item runs to the end of the page.
  EXPECT_EQ(r.end_page, 1);
}

TEST(FailClosed, TwoUnlabelledNotesAreTwoItems) {
  const auto x = Extract(kHeader +
                         "The chair opened the meeting.\nDetails withheld.\n\f"
                         "The board thanked the staff.\nDetails withheld.\n");
  EXPECT_EQ(std::count_if(x.restricted.begin(), x.restricted.end(),
                          [](const Restricted& r) { return r.label_source == "none"; }),
            2)
      << Labels(x);
}

TEST(FailClosed, ProseAboutConfidentialityIsNotANote) {
  const auto x = Extract(kHeader +
                         "Waste Contract\n\nThe report is confidential about the impact of the fire on the depot roof, "
                         "said the officer, who was thanked.\n\nMembers of the public were welcomed to the meeting.\n");
  EXPECT_TRUE(x.restricted.empty()) << Labels(x);
}

// The same item twice (an agenda list, then the minute): one record, both
// places withheld from a public index.
TEST(FailClosed, SameItemTwiceIsOneRecordWithBothSpans) {
  const auto x = Extract(kHeader + "1. RESTRICTED: Estate Disposal\n2. Budget\n\n" +
                         "Estate Disposal\n\nThe details of this item are withheld.\n\nBudget\n\nAgreed.\n");
  ASSERT_NE(Find(x, "Estate Disposal"), nullptr) << Labels(x);
  EXPECT_EQ(x.restricted.size(), 1u) << Labels(x);
  EXPECT_EQ(Find(x, "Estate Disposal")->also.size(), 1u);
}

// Listed restricted in the agenda, its substance written out in the minute:
// the one record is a leak.
TEST(FailClosed, SubstanceWhereverTheItemIsWrittenIsALeak) {
  const auto x = Extract(kHeader + "1. RESTRICTED: Estate Disposal\n2. Budget\n\n" +
                         "Estate Disposal\n\nThe details of this item are withheld.\n\nThe valuer put the site at two "
                         "million pounds and members agreed to sell it to the highest of the three bidders.\n\n"
                         "Budget\n\nAgreed.\n");
  ASSERT_EQ(x.restricted.size(), 1u) << Labels(x);
  EXPECT_TRUE(x.restricted[0].content_published);
  EXPECT_NE(x.restricted[0].evidence.find("valuer"), std::string::npos) << x.restricted[0].evidence;
}

// --- classes of restricted item ---

TEST(ExclusionOfPressAndPublic, ItemWhoseGroundsRunOnIsWithheld) {
  const auto x = Extract(
      "Upper Marsh Parish Council\nFriday 4 June 2021\n\nMembers Present: Tom Reeve (Chair), Jo Bland\n\n"
      "31/21 Date of the next meeting - 2 July 2021\n\n"
      "32/21 EXCLUSION OF PRESS AND PUBLIC to resolve that the public be excluded under the Public Bodies "
      "(Admission to Meetings) Act 1960 because of the confidential nature of the business.\n\n"
      "The resolution was carried.\n");
  const Restricted* r = Find(x, "EXCLUSION OF PRESS AND PUBLIC");
  ASSERT_NE(r, nullptr) << Labels(x);
  EXPECT_FALSE(r->content_published) << r->evidence;
  EXPECT_EQ(r->meeting_date, "2021-06-04");
}

TEST(ExclusionOfPressAndPublic, ResolutionMakesTheNextItemsExempt) {
  const auto x = Extract(kHeader +
                         "7. Exclusion of the Press and Public\n\nRESOLVED that the press and public be excluded for the "
                         "following item.\n\n8. Land at Mill Lane\n\nThe valuer's figure was discussed at length and "
                         "members agreed to offer the owner the sum proposed in the confidential appendix.\n");
  ASSERT_NE(Find(x, "Land at Mill Lane"), nullptr) << Labels(x);
  EXPECT_TRUE(Find(x, "Land at Mill Lane")->content_published);
  // The heading has its item: it is not a second record.
  EXPECT_EQ(x.restricted.size(), 1u) << Labels(x);
}

TEST(Redacted, ItemNumberMarkedRedacted) {
  const auto x = Extract(kHeader +
                         "3. Minutes of the last meeting\nThe minutes were agreed with these changes:\n"
                         "Item 5 - Redacted\nItem 7.1 - the date should read 3 May.\n");
  const Restricted* r = Find(x, "Item 5 - Redacted");
  ASSERT_NE(r, nullptr) << Labels(x);
  EXPECT_FALSE(r->content_published) << r->evidence;
}

TEST(PrivateMeeting, ItemsOfAMeetingHeldInCommitteeAreRestricted) {
  const auto x = Extract(
      "MINUTES OF A MEETING 'IN COMMITTEE' OF THE HIGHWAYS PANEL HELD ON MONDAY, 9TH OCTOBER, 2023\n\n"
      "PRESENT: Councillor A. Byrne (Chair)\n\n1.\n\nDepot Relocation\n\n"
      "The engineer set out the three sites considered for the depot and the costs of each, and members "
      "preferred the northern site subject to a traffic survey.\n");
  const Restricted* r = Find(x, "Depot Relocation");
  ASSERT_NE(r, nullptr) << Labels(x);
  EXPECT_TRUE(r->content_published);
}

TEST(PrivateMeeting, AClosedSessionMentionedInProseIsNot) {
  const auto x = Extract(kHeader +
                         "1. Training\n\nThe officers will attend the closed session today to train the board on "
                         "the new data rules and their duties.\n");
  EXPECT_TRUE(x.restricted.empty()) << Labels(x);
}

}  // namespace
}  // namespace minutebook::extract
