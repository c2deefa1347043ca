#include "ingest/internal/public.h"

#include <gtest/gtest.h>

namespace minutebook::ingest::internal {
namespace {

Document Doc(std::vector<std::string> pages) {
  Document d;
  int n = 1;
  for (auto& p : pages) d.pages.push_back(Page{n++, p, p});
  return d;
}

Restricted Item(int page, int first, int last, int end_page = 0) {
  Restricted r;
  r.label = "Domestic Homicide Review";
  r.kind = "agenda_item";
  r.content_published = true;
  r.page = page;
  r.first_line = first;
  r.last_line = last;
  r.end_page = end_page;
  return r;
}

TEST(WithholdForPublic, BlanksTheItemsLinesAndKeepsTheRest) {
  Document d = Doc({"1. Welcome\nRESTRICTED: Domestic Homicide Review\nThe victim was known\n3. Parks\nParks text"});
  Extraction x;
  x.restricted.push_back(Item(1, 1, 2));
  WithholdForPublic(d, x);
  EXPECT_EQ(d.pages[0].normalised, "1. Welcome\n[withheld from the public index]\n\n3. Parks\nParks text");
  EXPECT_EQ(d.pages[0].text, d.pages[0].normalised);
}

// The same item written twice (an agenda row, then its minute) is one record
// with a second span: both places go.
TEST(WithholdForPublic, EveryPlaceTheItemIsWrittenIsBlanked) {
  Document d = Doc({"Agenda\nRESTRICTED: Estate Disposal\n2. Budget", "Estate Disposal\nThe offer was high\nBudget\nAgreed"});
  Extraction x;
  Restricted r = Item(1, 1, 1);
  r.also.push_back(RestrictedSpan{2, 2, 0, 1});
  x.restricted.push_back(r);
  WithholdForPublic(d, x);
  EXPECT_EQ(d.pages[0].normalised, "Agenda\n[withheld from the public index]\n2. Budget");
  EXPECT_EQ(d.pages[1].normalised, "[withheld from the public index]\n\nBudget\nAgreed");
}

TEST(WithholdForPublic, SpanOverSeveralPages) {
  Document d = Doc({"intro\nRESTRICTED item\nsecret a", "secret b\nsecret c", "secret d\nnext item"});
  Extraction x;
  x.restricted.push_back(Item(1, 1, 0, 3));
  WithholdForPublic(d, x);
  for (const auto& p : d.pages) EXPECT_EQ(p.normalised.find("secret"), std::string::npos) << p.normalised;
  EXPECT_NE(d.pages[0].normalised.find("intro"), std::string::npos);
  EXPECT_NE(d.pages[2].normalised.find("next item"), std::string::npos);
}

TEST(WithholdForPublic, UnknownSpanDropsTheWholePage) {
  Document d = Doc({"public", "RESTRICTED: x\nsecret", "public too"});
  Extraction x;
  x.restricted.push_back(Item(2, -1, -1));
  WithholdForPublic(d, x);
  EXPECT_EQ(d.pages[1].normalised, kWithheldLine);
  EXPECT_EQ(d.pages[0].normalised, "public");
}

TEST(WithholdForPublic, WithheldPageIsBlanked) {
  Document d = Doc({"Document is Restricted"});
  Extraction x;
  Restricted r;
  r.kind = "withheld_page";
  r.page = 1;
  x.restricted.push_back(r);
  WithholdForPublic(d, x);
  EXPECT_EQ(d.pages[0].text, kWithheldLine);
}

TEST(WithholdForPublic, OriginalTextWithOtherLineBreaksFallsBackToRedactedMatchingText) {
  Document d = Doc({"a\nsecret\nb"});
  d.pages[0].text = "a secret b";  // one line in the original
  Extraction x;
  x.restricted.push_back(Item(1, 1, 1));
  WithholdForPublic(d, x);
  EXPECT_EQ(d.pages[0].text.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace minutebook::ingest::internal
