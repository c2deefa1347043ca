#include "people/people.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "people/internal/testing.h"

namespace minutebook::people {
namespace {

using testing::Act;
using testing::Apologies;
using testing::Present;
using testing::Rep;

Directory MustBuild(const Documents& docs, const std::string& aliases_text = {}) {
  auto aliases = Aliases::Parse(aliases_text, "people.aliases");
  EXPECT_TRUE(aliases) << aliases.error().message;
  auto dir = Directory::Build(docs, aliases ? *aliases : Aliases());
  EXPECT_TRUE(dir) << dir.error().message;
  return std::move(*dir);
}

std::string CanonicalOf(const Directory& dir, std::string_view name, std::string_view date = {},
                        std::string_view doc = {}) {
  auto id = dir.Resolve(name, date, doc);
  return id ? dir.person(*id).canonical : "<unresolved>";
}

const Unresolved* FindUnresolved(const Directory& dir, const std::string& name) {
  static std::vector<Unresolved> keep;
  keep = dir.unresolved();
  for (const auto& u : keep) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

bool HasRule(const std::vector<Evidence>& evidence, const std::string& rule) {
  return std::any_of(evidence.begin(), evidence.end(), [&](const Evidence& e) { return e.rule == rule; });
}

TEST(Directory, OnePersonWrittenFourWaysAcrossDocuments) {
  Documents docs(3);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Councillor Syed Ghani"), Present("2022-10-05", "Stuart Bell")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2023-06-28", "Cllr Ghani"), Present("2023-06-28", "Stuart Bell")};
  docs[2].first = "c.txt";
  docs[2].second.reports = {Rep("2022-12-07", {"Syed Ghani"})};
  docs[2].second.actions = {Act("2022-12-07", "Councillor Ghani to write to partners", {"Councillor Ghani"})};
  const Directory dir = MustBuild(docs);

  const auto id = dir.Resolve("Syed Ghani");
  ASSERT_TRUE(id);
  EXPECT_EQ(dir.Resolve("Councillor Syed Ghani", "2022-10-05", "a.txt"), id);
  EXPECT_EQ(dir.Resolve("Cllr Ghani", "2023-06-28", "b.txt"), id);
  EXPECT_EQ(dir.Resolve("Councillor Ghani", "2022-12-07", "c.txt"), id);
  EXPECT_EQ(dir.Resolve("cllr ghani"), id);  // a query may be in lower case
  const Person& p = dir.person(*id);
  EXPECT_EQ(p.canonical, "Syed Ghani");
  EXPECT_TRUE(p.councillor);
  EXPECT_EQ(p.meetings_attended, 2);
  for (const char* alias : {"Councillor Syed Ghani", "Cllr Ghani", "Councillor Ghani"}) {
    EXPECT_NE(std::find(p.aliases.begin(), p.aliases.end(), alias), p.aliases.end()) << alias;
  }
  EXPECT_EQ(dir.people().size(), 2u);
  EXPECT_TRUE(dir.unresolved().empty());
}

TEST(Directory, TitleAndSurnameKnownOnlyFromAnotherDocument) {
  // "Cllr Ghani" in b.txt; his first name is only written in a.txt.
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Councillor Syed Ghani")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2023-06-28", "Cllr Ghani"), Present("2023-06-28", "Gary Jones")};
  const Directory dir = MustBuild(docs);
  EXPECT_EQ(CanonicalOf(dir, "Cllr Ghani", "2023-06-28", "b.txt"), "Syed Ghani");

  Extraction x = docs[1].second;
  Canonicalise(dir, "b.txt", x);
  EXPECT_EQ(x.attendees[0].name, "Cllr Ghani");
  EXPECT_EQ(x.attendees[0].person, "Syed Ghani");
}

TEST(Directory, TitleAndSurnamePrefersTheCouncillor) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Councillor Mary Bell"),
                              Present("2022-10-05", "Chief Superintendent Stuart Bell")};
  docs[1].first = "b.txt";
  docs[1].second.actions = {Act("2023-01-01", "Cllr Bell to chair the panel", {"Cllr Bell"})};
  const Directory dir = MustBuild(docs);
  EXPECT_EQ(CanonicalOf(dir, "Cllr Bell", "2023-01-01", "b.txt"), "Mary Bell");
  // Without a councillor's title both fit.
  EXPECT_EQ(CanonicalOf(dir, "Dr Bell", "2023-01-01", "b.txt"), "<unresolved>");
}

TEST(Directory, TitleAndSurnameAmbiguousStaysAsWrittenAndIsListed) {
  Documents docs(3);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Councillor Syed Ghani")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2022-11-05", "Councillor Amir Ghani")};
  docs[2].first = "c.txt";
  docs[2].second.attendees = {Present("2023-06-28", "Cllr Ghani")};
  const Directory dir = MustBuild(docs);
  EXPECT_FALSE(dir.Resolve("Cllr Ghani", "2023-06-28", "c.txt"));
  const Unresolved* u = FindUnresolved(dir, "Cllr Ghani");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->reason, "ambiguous");
  EXPECT_EQ(u->candidates, (std::vector<std::string>{"Syed Ghani", "Amir Ghani"}));
  ASSERT_EQ(u->where.size(), 1u);
  EXPECT_EQ(u->where[0].document, "c.txt");
  EXPECT_EQ(u->where[0].field, "attendee");

  // In a meeting where one of them attends, that one is meant.
  EXPECT_EQ(CanonicalOf(dir, "Cllr Ghani", "2022-11-05", "b.txt"), "Amir Ghani");
}

TEST(Directory, ApostropheCaseAndDiacriticFormsAreOnePerson) {
  Documents docs(3);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Angela D'Urso"), Present("2022-10-05", "Zo\xC3\xAB Hart")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2023-06-28", "Angela D'urso"), Present("2023-06-28", "Zoe Hart")};
  docs[2].first = "c.txt";
  docs[2].second.reports = {Rep("2023-03-29", {"Angela d'Urso"}), Rep("2023-03-29", {"Angela D\xE2\x80\x99Urso"})};
  const Directory dir = MustBuild(docs);
  ASSERT_EQ(dir.people().size(), 2u);
  const auto id = dir.Resolve("Angela D'Urso");
  ASSERT_TRUE(id);
  for (const char* s : {"Angela D'urso", "Angela d'Urso", "Angela D\xE2\x80\x99Urso", "ANGELA D'URSO"}) {
    EXPECT_EQ(dir.Resolve(s), id) << s;
  }
  EXPECT_EQ(dir.Resolve("Zoe Hart"), dir.Resolve("Zo\xC3\xAB Hart"));
  EXPECT_TRUE(HasRule(dir.person(*id).evidence, "same_letters"));
  // Shown as a name is usually capitalised, however often the others occur.
  EXPECT_EQ(dir.person(*id).canonical, "Angela D'Urso");
}

TEST(Directory, HyphenAndSpacingFormsAreOnePerson) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Pip-Salvador Jones")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2023-06-28", "Pip Salvador-Jones")};
  const Directory dir = MustBuild(docs);
  ASSERT_EQ(dir.people().size(), 1u);
  EXPECT_EQ(dir.Resolve("Pip Salvador Jones"), dir.Resolve("Pip-Salvador Jones"));
  EXPECT_EQ(dir.person(0).meetings_attended, 2);
}

TEST(Directory, FirstNameResolvesAgainstTheMeeting) {
  Documents docs(1);
  docs[0].first = "m.txt";
  docs[0].second.attendees = {Present("2023-06-28", "Clare Brutton"), Present("2023-06-28", "Amolak Tatter"),
                              Present("2023-06-28", "Stuart Bell")};
  docs[0].second.actions = {Act("2023-06-28", "Clare and Amolak to engage with partners", {"Clare", "Amolak"})};
  const Directory dir = MustBuild(docs);
  Extraction x = docs[0].second;
  Canonicalise(dir, "m.txt", x);
  EXPECT_EQ(x.actions[0].owners, (std::vector<std::string>{"Clare Brutton", "Amolak Tatter"}));
  EXPECT_EQ(x.actions[0].owners_written, (std::vector<std::string>{"Clare", "Amolak"}));
  EXPECT_TRUE(dir.unresolved().empty());
}

TEST(Directory, FirstNameAmbiguousInMeetingStaysAsWrittenAndIsListed) {
  Documents docs(1);
  docs[0].first = "m.txt";
  docs[0].second.attendees = {Present("2023-06-28", "Chris Lyons"), Present("2023-06-28", "Chris Smith")};
  docs[0].second.actions = {Act("2023-06-28", "Chris to share the plan", {"Chris"})};
  const Directory dir = MustBuild(docs);
  EXPECT_FALSE(dir.Resolve("Chris", "2023-06-28", "m.txt"));
  Extraction x = docs[0].second;
  Canonicalise(dir, "m.txt", x);
  EXPECT_EQ(x.actions[0].owners, (std::vector<std::string>{"Chris"}));
  const Unresolved* u = FindUnresolved(dir, "Chris");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->reason, "ambiguous");
  EXPECT_EQ(u->candidates, (std::vector<std::string>{"Chris Lyons", "Chris Smith"}));
  EXPECT_EQ(u->where[0].field, "owner");
}

TEST(Directory, FirstNameMeetingBeforeDocument) {
  // Two Chrises in the document, one in the meeting: the meeting decides.
  Documents docs(1);
  docs[0].first = "pack.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Chris Lyons"), Present("2022-12-07", "Chris Smith")};
  docs[0].second.actions = {Act("2022-10-05", "Chris to share the plan", {"Chris"})};
  const Directory dir = MustBuild(docs);
  EXPECT_EQ(CanonicalOf(dir, "Chris", "2022-10-05", "pack.txt"), "Chris Lyons");
  EXPECT_EQ(CanonicalOf(dir, "Chris", "2023-01-01", "pack.txt"), "<unresolved>");  // document: two
}

TEST(Directory, FirstNameNeverLooksOutsideItsDocument) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Clare Brutton")};
  docs[1].first = "b.txt";
  docs[1].second.actions = {Act("2023-06-28", "Clare to report back", {"Clare"})};
  const Directory dir = MustBuild(docs);
  EXPECT_FALSE(dir.Resolve("Clare", "2023-06-28", "b.txt"));
  const Unresolved* u = FindUnresolved(dir, "Clare");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->reason, "unknown");
  // A user's query has no document: the whole directory is its context.
  EXPECT_EQ(CanonicalOf(dir, "Clare"), "Clare Brutton");
}

TEST(Directory, FirstNameFromANameWrittenNearby) {
  // Not an attendee of the meeting, but the paper names her in full.
  Documents docs(1);
  docs[0].first = "m.txt";
  docs[0].second.attendees = {Present("2023-06-28", "Stuart Bell")};
  docs[0].second.reports = {Rep("2023-06-28", {"Ilirjeta Buzoku"})};
  docs[0].second.actions = {Act("2023-06-28", "Jeta to circulate the ISA", {"Jeta"})};
  const Directory dir = MustBuild(docs);
  EXPECT_EQ(CanonicalOf(dir, "Jeta", "2023-06-28", "m.txt"), "Ilirjeta Buzoku");
}

TEST(Directory, ShortAndLongFormsSupportedByTheCorpus) {
  Documents docs(3);
  docs[0].first = "a.txt";
  // Where two spellings are written as often, the longer is shown; else the
  // one more attendee lists use ("Isabelle", twice).
  docs[0].second.attendees = {Present("2022-10-05", "Ilirjeta Buzoku"), Present("2022-10-05", "Steve Calder"),
                              Present("2022-10-05", "Jennie Coombes"), Present("2022-10-05", "Isabelle Kennedy"),
                              Present("2022-11-05", "Isabelle Kennedy")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Apologies("2023-06-28", "Steve Calder"), Apologies("2023-06-28", "Isabella Kennedy"),
                              Apologies("2023-06-28", "Jenni Coombes")};
  docs[1].second.actions = {Act("2023-06-28", "Steven Calder to meet Angie Fuller", {"Steven Calder"}),
                            Act("2023-06-28", "Return the ISA to Jeta Buzoku", {"Jeta Buzoku"})};
  docs[2].first = "c.txt";
  docs[2].second.reports = {Rep("2023-03-29", {"A/Insp Matt Feather"}, {"matthew.feather@met.police.uk"})};
  const Directory dir = MustBuild(docs);
  EXPECT_EQ(CanonicalOf(dir, "Jeta Buzoku"), "Ilirjeta Buzoku");
  EXPECT_EQ(CanonicalOf(dir, "Steven Calder"), "Steve Calder");
  EXPECT_EQ(CanonicalOf(dir, "Jenni Coombes"), "Jennie Coombes");
  EXPECT_EQ(CanonicalOf(dir, "Isabella Kennedy"), "Isabelle Kennedy");
  EXPECT_EQ(CanonicalOf(dir, "Matthew Feather"), "Matt Feather");
  EXPECT_EQ(CanonicalOf(dir, "Matt Feather"), "Matt Feather");
  const Person& matt = dir.person(*dir.Resolve("Matt Feather"));
  EXPECT_EQ(matt.emails, (std::vector<std::string>{"matthew.feather@met.police.uk"}));
  EXPECT_TRUE(HasRule(matt.evidence, "email"));
  EXPECT_TRUE(HasRule(matt.evidence, "short_long_form"));
  // "Matthew" alone in that paper: known from the address.
  EXPECT_EQ(CanonicalOf(dir, "Matthew", "2023-03-29", "c.txt"), "Matt Feather");
  EXPECT_EQ(dir.people().size(), 5u);
}

TEST(Directory, NeverMergesWhenTwoCandidatesExist) {
  Documents docs(1);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Christopher Lyons"), Present("2022-10-05", "Christine Lyons")};
  docs[0].second.reports = {Rep("2022-10-05", {"Chris Lyons"})};
  const Directory dir = MustBuild(docs);
  EXPECT_EQ(CanonicalOf(dir, "Christopher Lyons"), "Christopher Lyons");
  EXPECT_EQ(CanonicalOf(dir, "Christine Lyons"), "Christine Lyons");
  const Resolution r = dir.Lookup("Chris Lyons");
  EXPECT_FALSE(r.person);
  EXPECT_EQ(r.candidates.size(), 2u);
  EXPECT_EQ(r.evidence.rule, "ambiguous");
  const Unresolved* u = FindUnresolved(dir, "Chris Lyons");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->reason, "ambiguous");
  EXPECT_EQ(u->where[0].field, "author");
}

TEST(Directory, GenderTitlesKeepInitialsApart) {
  Documents docs(1);
  docs[0].first = "kcc.txt";
  docs[0].second.attendees = {Present("2024-12-19", "Mr P Cole"), Present("2024-12-19", "Mrs P T Cole"),
                              Present("2024-12-19", "Ms J Hawkins")};
  docs[0].second.reports = {Rep("2024-12-19", {"Jenni Hawkins"})};
  const Directory dir = MustBuild(docs);
  EXPECT_NE(dir.Resolve("Mr P Cole"), dir.Resolve("Mrs P T Cole"));
  EXPECT_EQ(CanonicalOf(dir, "Ms J Hawkins"), "Jenni Hawkins");
  EXPECT_EQ(dir.people().size(), 3u);
}

TEST(Directory, GroupsAreNeitherPeopleNorUnresolved) {
  Documents docs(1);
  docs[0].first = "m.txt";
  docs[0].second.actions = {Act("2023-06-28", "All CSP members to sign the ISA", {"All CSP members"}),
                            Act("2023-06-28", "Partners to review", {"Partners"}),
                            Act("2023-06-28", "Cabinet Office to report", {"Cabinet Office"})};
  const Directory dir = MustBuild(docs);
  EXPECT_TRUE(dir.people().empty());
  EXPECT_TRUE(dir.unresolved().empty());
  EXPECT_EQ(dir.Lookup("Partners").evidence.rule, "not_a_person");
}

TEST(Directory, AliasVetoPreventsAMerge) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Steve Calder")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2023-06-28", "Steven Calder")};
  EXPECT_EQ(MustBuild(docs).people().size(), 1u);

  const Directory dir = MustBuild(docs, "Steve Calder != Steven Calder\n");
  ASSERT_EQ(dir.people().size(), 2u);
  EXPECT_NE(dir.Resolve("Steve Calder"), dir.Resolve("Steven Calder"));
  const auto evidence = dir.person(*dir.Resolve("Steve Calder")).evidence;
  ASSERT_TRUE(HasRule(evidence, "alias_veto"));
  const auto veto = std::find_if(evidence.begin(), evidence.end(), [](const Evidence& e) { return e.rule == "alias_veto"; });
  EXPECT_EQ(veto->detail, "not the same person as \"Steven Calder\": people.aliases:1");
}

// Regression: a veto checked during a first name's resolution compared
// against a destroyed temporary (found by AddressSanitizer).
TEST(Directory, AliasVetoAppliesToAFirstNameInItsMeeting) {
  Documents docs(1);
  docs[0].first = "m.txt";
  docs[0].second.attendees = {Present("2023-06-28", "Chris Lyons")};
  docs[0].second.actions = {Act("2023-06-28", "Chris to share the plan", {"Chris"})};
  EXPECT_EQ(CanonicalOf(MustBuild(docs), "Chris", "2023-06-28", "m.txt"), "Chris Lyons");
  const Directory dir = MustBuild(docs, "Chris Lyons != Chris\n");
  EXPECT_EQ(CanonicalOf(dir, "Chris", "2023-06-28", "m.txt"), "<unresolved>");
  ASSERT_NE(FindUnresolved(dir, "Chris"), nullptr);
}

TEST(Directory, AliasMergeForcesOne) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Bob Smith"), Present("2022-10-05", "Ilirjeta Buzoku")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2023-06-28", "Robert Smith")};
  docs[1].second.actions = {Act("2023-06-28", "Jetta to report", {"Jetta"})};
  EXPECT_EQ(MustBuild(docs).people().size(), 3u);

  const Directory dir = MustBuild(docs, "Robert Smith = Bob Smith\nIlirjeta Buzoku = Jetta\n");
  ASSERT_EQ(dir.people().size(), 2u);
  EXPECT_EQ(CanonicalOf(dir, "Bob Smith"), "Robert Smith");
  EXPECT_EQ(CanonicalOf(dir, "Jetta", "2023-06-28", "b.txt"), "Ilirjeta Buzoku");
  EXPECT_TRUE(HasRule(dir.person(*dir.Resolve("Bob Smith")).evidence, "alias_merge"));
}

TEST(Directory, AliasMergeNamesTheShownName) {
  Documents docs(1);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Steve Calder"), Present("2022-10-06", "Steve Calder")};
  const Directory dir = MustBuild(docs, "Steven Calder = Steve Calder\n");
  EXPECT_EQ(CanonicalOf(dir, "Steve Calder"), "Steven Calder");
}

TEST(Directory, AliasesContradictingAcrossRulesFailTheBuild) {
  Documents docs(1);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Ann Lee"), Present("2022-10-05", "Anne Leigh")};
  auto aliases = Aliases::Parse("Ann Lee = Annie Lee\nAnnie Lee = Anne Leigh\nAnn Lee != Anne Leigh\n", "f");
  ASSERT_TRUE(aliases) << aliases.error().message;
  auto dir = Directory::Build(docs, *aliases);
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(dir.error().message, "f:3: the veto contradicts the merges at f:1, f:2");
}

TEST(Directory, ExplainReturnsTheEvidence) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Councillor Syed Ghani"), Present("2022-10-05", "Steve Calder")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Present("2023-06-28", "Cllr Ghani")};
  docs[1].second.actions = {Act("2023-06-28", "Steven Calder to meet", {"Steven Calder"})};
  const Directory dir = MustBuild(docs);

  const auto ghani = dir.Explain("Cllr Ghani");
  ASSERT_GE(ghani.size(), 3u);
  EXPECT_EQ(ghani[0].rule, "read");
  EXPECT_EQ(ghani[0].detail,
            "\"Cllr Ghani\" read as the surname \"Ghani\" after a title (title \"Cllr\" set aside, a councillor)");
  EXPECT_EQ(ghani[1].rule, "title_surname");
  EXPECT_EQ(ghani[1].detail, "\"Cllr Ghani\" (title and surname) is Syed Ghani: the only one in all the papers");
  const auto written = std::find_if(ghani.begin(), ghani.end(), [](const Evidence& e) { return e.rule == "written"; });
  ASSERT_NE(written, ghani.end());
  EXPECT_EQ(written->document, "a.txt");
  EXPECT_EQ(written->meeting_date, "2022-10-05");
  // Where the paper wrote it, it was resolved in its meeting.
  const auto there = std::find_if(ghani.begin(), ghani.end(), [](const Evidence& e) { return e.document == "b.txt"; });
  ASSERT_NE(there, ghani.end());
  EXPECT_EQ(there->rule, "title_surname");

  const auto steven = dir.Explain("Steven Calder");
  EXPECT_TRUE(HasRule(steven, "short_long_form"));
  EXPECT_EQ(steven[1].detail, "\"Steven Calder\" is a spelling of Steve Calder");

  const auto nobody = dir.Explain("Zahid Iqbal");
  EXPECT_EQ(nobody.back().rule, "unknown");
}

TEST(Directory, SuggestOffersClosestNames) {
  Documents docs(1);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Steve Calder"), Present("2022-10-05", "Stuart Bell"),
                              Present("2022-10-05", "Angela D'Urso")};
  const Directory dir = MustBuild(docs);
  const auto s = dir.Suggest("Stve Caldr", 2);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0], "Steve Calder");
  EXPECT_EQ(dir.Suggest("Angelo", 3), (std::vector<std::string>{"Angela D'Urso"}));
  EXPECT_TRUE(dir.Suggest("Xzqwy Plonk", 3).empty());
}

TEST(Canonicalise, RewritesAttendeesOwnersAndAuthorsAcrossDocuments) {
  Documents docs(2);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Steve Calder"), Present("2022-10-05", "Councillor Syed Ghani")};
  docs[1].first = "b.txt";
  docs[1].second.attendees = {Apologies("2023-06-28", "Steve Calder"), Present("2023-06-28", "Cllr Ghani")};
  docs[1].second.actions = {
      Act("2023-06-28", "Steven Calder and Steve Calder to meet", {"Steven Calder", "Steve Calder"}),
      Act("2023-06-28", "Partners to review", {"Partners"})};
  docs[1].second.reports = {Rep("2023-06-28", {"Steven Calder"}, {"steven.calder@justice.gov.uk"})};
  const Directory dir = MustBuild(docs);
  Extraction x = docs[1].second;
  Canonicalise(dir, "b.txt", x);
  EXPECT_EQ(x.attendees[1].person, "Syed Ghani");
  EXPECT_EQ(x.actions[0].owners, (std::vector<std::string>{"Steve Calder"}));  // one person, once
  EXPECT_EQ(x.actions[1].owners, (std::vector<std::string>{"Partners"}));
  EXPECT_EQ(x.reports[0].authors, (std::vector<std::string>{"Steve Calder"}));
}

TEST(Directory, CopiesShareOneImmutableState) {
  Documents docs(1);
  docs[0].first = "a.txt";
  docs[0].second.attendees = {Present("2022-10-05", "Steve Calder")};
  const Directory dir = MustBuild(docs);
  const Directory copy = dir;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&copy.people(), &dir.people());
}

}  // namespace
}  // namespace minutebook::people
