#include "score/score.h"

#include <gtest/gtest.h>

namespace minutebook::score {
namespace {

using nlohmann::json;

TEST(NormName, DropsTitlesParentheticalsHyphensApostrophes) {
  EXPECT_EQ(NormName("Cllr Syed Ghani (Chair)"), "syed ghani");
  EXPECT_EQ(NormName("Angela D\u2019Urso"), "angela durso");
  EXPECT_EQ(NormName("Pip Salvador-Jones"), "pip salvador jones");
  EXPECT_EQ(NormName("A/Insp Matt Feather"), "matt feather");
}

TEST(Similarity, TokenOverlapOverLongerSide) {
  EXPECT_DOUBLE_EQ(Similarity("sign the ISA", "sign the ISA now"), 0.75);
  EXPECT_DOUBLE_EQ(Similarity("", "x"), 0.0);
}

TEST(SourceKey, RenditionsShareAKey) {
  EXPECT_EQ(SourceKey("corpus/000_x-scan.pdf"), "000_x");
  EXPECT_EQ(SourceKey("/a/000_x.txt"), "000_x");
  EXPECT_EQ(SourceKey("000_x-mixed.pdf"), "000_x");
}

json Gold() {
  return json::parse(R"({"source":"d.txt",
    "meetings":[{"date":"2023-06-28","kind":"minutes"}],
    "attendees":[{"meeting_date":"2023-06-28","name":"Cllr Ghani","person":"Syed Ghani","role":"present","chair":true}],
    "actions":[{"meeting_date":"2023-06-28","text":"Clare to engage with partners","owners":["Clare Brutton"],"status":"open"}],
    "reports":[{"title":"Victim Support Update","date":"2023-03-23","authors":["A B"],"contacts":["a@b.org"],"security":"UNPROTECTED"}],
    "restricted":[{"label":"Prevent Update","kind":"agenda_item","content_published":true}]})");
}

TEST(Score, PerfectPredictionScoresOne) {
  const auto s = Score({{"d", Gold()}}, {Gold()});
  EXPECT_DOUBLE_EQ(s.metrics.at("overall"), 1.0);
  EXPECT_TRUE(s.misses.empty());
}

TEST(Score, AttendeeMatchesOnWrittenNameAndMissedLeakCounts) {
  json p = Gold();
  p["attendees"][0]["person"] = "Cllr Ghani";  // unresolved, still matches on name
  p["restricted"][0]["content_published"] = false;
  p["actions"][0]["status"] = "closed";
  const auto s = Score({{"d", Gold()}}, {p});
  EXPECT_DOUBLE_EQ(s.metrics.at("attendees.f1"), 1.0);
  EXPECT_DOUBLE_EQ(s.metrics.at("restricted.leak_recall"), 0.0);
  EXPECT_DOUBLE_EQ(s.metrics.at("actions.status_accuracy"), 0.0);
}

TEST(Score, MissingDocumentIsAllFalseNegatives) {
  const auto s = Score({{"d", Gold()}}, {});
  EXPECT_DOUBLE_EQ(s.metrics.at("actions.recall"), 0.0);
  EXPECT_DOUBLE_EQ(s.metrics.at("meetings.f1"), 0.0);
}

TEST(ParsePredicted, ArrayObjectAndJsonLines) {
  EXPECT_EQ(ParsePredicted(R"([{"source":"a"},{"source":"b"}])").size(), 2u);
  EXPECT_EQ(ParsePredicted(R"({"source":"a"})").size(), 1u);
  EXPECT_EQ(ParsePredicted("{\"source\":\"a\"}\n{\"source\":\"b\"}\n").size(), 2u);
}

}  // namespace
}  // namespace minutebook::score
