// Behaviour of the extraction stage on small synthetic papers: one form per
// test, the way the corpus and other bodies write it.
#include "extract/extract.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>

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

// One page per form feed; page.normalised left empty, so extraction reads page.text.
Document Paper(const std::string& text, DocumentKind kind = DocumentKind::kText) {
  Document d;
  d.kind = kind;
  size_t pos = 0;
  int n = 1;
  while (true) {
    size_t ff = text.find('\f', pos);
    Page p;
    p.number = n++;
    p.text = text.substr(pos, ff == std::string::npos ? std::string::npos : ff - pos);
    d.pages.push_back(p);
    if (ff == std::string::npos) break;
    pos = ff + 1;
  }
  return d;
}

Extraction Extract(const std::string& text) { return Ex().Process(Paper(text)); }

const Attendee* FindAttendee(const Extraction& x, const std::string& name) {
  for (const auto& a : x.attendees) {
    if (a.name == name || a.person == name) return &a;
  }
  return nullptr;
}

std::vector<std::string> Names(const Extraction& x, const std::string& role) {
  std::vector<std::string> out;
  for (const auto& a : x.attendees) {
    if (a.role == role) out.push_back(a.person);
  }
  return out;
}

const std::string kPresent = "Members Present: Anna Kowalski (Chair), Ben Osei, Clare Brutton\n\n";

// --- meetings ---

TEST(Meetings, DateFormsOfHeaders) {
  struct Case {
    std::string header;
    std::string date;
  } cases[] = {
      {"Community Safety Partnership Board\nWednesday 28th June 2023, 10.00-13.00, Elmstead Learning Centre", "2023-06-28"},
      {"Audit Committee\nWednesday, 6 December 2023", "2023-12-06"},
      {"Youth Forum\n5th October 2022", "2022-10-05"},
      {"Planning Panel - 29 March 2023", "2023-03-29"},
      {"Community Safety Partnership\nDate and Time: Wednesday, 29 March 2023, 10:00 am - 1:00 pm", "2023-03-29"},
      {"ELMSTEAD PARISH COUNCIL - 16th January 2018", "2018-01-16"},
  };
  for (const auto& c : cases) {
    auto x = Extract(c.header + "\n\n" + kPresent + "1. Apologies\nNone.\n");
    ASSERT_EQ(x.meetings.size(), 1u) << c.header;
    EXPECT_EQ(x.meetings[0].date, c.date) << c.header;
    EXPECT_EQ(x.meetings[0].kind, "minutes") << c.header;
  }
}

TEST(Meetings, DateAndTimeWrappedOverLines) {
  auto x = Extract("Community Safety PartnershipDate and Time: Wednesday, 7\nDecember 2022, 10:00 am - 1:00 pmVenue: Elmstead\n\n"
                   "A G E N D A\n1. Introductions\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2022-12-07");
  EXPECT_EQ(x.meetings[0].kind, "agenda");
  EXPECT_EQ(x.meetings[0].body, "Community Safety Partnership");
}

TEST(Meetings, DateTimeVenueBlock) {
  auto x = Extract("COMMUNITY SAFETY PARTNERSHIP\n\nDate: Wednesday, 6 December 2023\nTime: 10:00 am\nVenue: Elmstead Learning Centre\n\n"
                   "AGENDA\n1. Apologies\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2023-12-06");
  EXPECT_EQ(x.meetings[0].kind, "agenda");
  EXPECT_EQ(x.meetings[0].venue, "Elmstead Learning Centre");
}

TEST(Meetings, BodyAndVenue) {
  auto x = Extract("Community Safety Partnership Board\nWednesday 28th June 2023, 10.00-13.00, Elmstead Learning Centre\n\n" + kPresent);
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].body, "Community Safety Partnership Board");
  EXPECT_EQ(x.meetings[0].venue, "Elmstead Learning Centre");
  x = Extract("CORPORATE PARENTING PANEL - 29 October 2024\n"
          "MINUTES of the meeting held in the Darent Room, Sessions House, County Hall, Maidstone.\n"
          "PRESENT: Shellina Prendergast (Chair), Paul Bartlett\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].body, "Corporate Parenting Panel");
  EXPECT_EQ(x.meetings[0].venue, "Darent Room, Sessions House, County Hall, Maidstone");
}

TEST(Meetings, MinutesOfSentenceGivesBodyVenueAndDate) {
  auto x = Extract("KENT COUNTY COUNCIL\nMINUTES of a meeting of the County Council held in the Council Chamber,\n"
               "Sessions House, County Hall, Maidstone on Thursday, 19 December 2024.\n"
               "PRESENT: Mr B J Sweetland (Chairman), Mr A M Ridgers (Vice-Chairman),\nMr N Baker and Mrs C Bell\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2024-12-19");
  EXPECT_EQ(x.meetings[0].body, "County Council");
  EXPECT_EQ(x.meetings[0].kind, "minutes");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"B J Sweetland", "A M Ridgers", "N Baker", "C Bell"}));
  EXPECT_TRUE(FindAttendee(x, "B J Sweetland")->chair);
  EXPECT_FALSE(FindAttendee(x, "A M Ridgers")->chair);
}

TEST(Meetings, AgendaPackCarriesPreviousMinutes) {
  auto x = Extract(
      "Community Safety Partnership\nDate and Time: Wednesday, 7 December 2022, 10:00 am\nVenue: Elmstead Learning Centre\n\n"
      "A G E N D A\n1. Introductions and Apologies for Absence\n2. Minutes\tChair\t1 - 12\n\n"
      "Community Safety Partnership Board\nWednesday 5th October 2022, 10.00-13.00, MS Teams\n\n"
      "Members Present: Andy Opie, Alison Stuart\n\nApologies: April Bald\n\n1. Introductions\n\nApologies were noted.\n\n"
      "ACTION: Andy Opie to share the plan with members.\n\n"
      "COMMUNITY SAFETY PARTNERSHIP\nREPORT\nSubject: Combatting Drugs Partnership\nDate: Wednesday 7th December 2022\n"
      "Author: Amolak Tatter\nContact: Amolak.Tatter@lbbd.gov.uk\nSecurity: Unprotected\n\n1. Purpose\nText of the report.\n");
  ASSERT_EQ(x.meetings.size(), 2u);
  EXPECT_EQ(x.meetings[0].date, "2022-12-07");
  EXPECT_EQ(x.meetings[0].kind, "agenda");
  EXPECT_EQ(x.meetings[0].venue, "Elmstead Learning Centre");
  EXPECT_EQ(x.meetings[1].date, "2022-10-05");
  EXPECT_EQ(x.meetings[1].kind, "minutes");
  ASSERT_EQ(x.attendees.size(), 3u);
  EXPECT_EQ(x.attendees[0].meeting_date, "2022-10-05");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].meeting_date, "2022-10-05");
  ASSERT_EQ(x.reports.size(), 1u);
  EXPECT_EQ(x.reports[0].meeting_date, "2022-12-07");  // the pack's meeting, not the minutes inside it
}

TEST(Meetings, NextMeetingAndSignatureDatesAreNotMeetings) {
  auto x = Extract("Audit Committee\nWednesday, 6 December 2023\n\n" + kPresent +
               "9. Date of Next Meeting\nAudit Committee\nWednesday 6 March 2024, 10:00am\n\n"
               "Signed ______________ Dated ____________\n.................. 9th January 2024\nCHAIRPERSON\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2023-12-06");
}

TEST(Meetings, ReportToAMeetingCreatesIt) {
  auto x = Extract("From:\n\nRoger Gough - Leader of the Council\n\nTo:\n\nCabinet - 4 March 2025\n\nDecision No:\n\nn/a\n\n"
               "Subject:\n\nQuarterly Performance Report, Quarter 3, 2024/25\n\nClassification:\n\nUnrestricted\n\n"
               "Summary: The purpose of the report is to inform Cabinet.\n\n4. Contact details\n\nMatthew Wagner\nChief Analyst\n"
               "Matthew.Wagner@kent.gov.uk\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2025-03-04");
  EXPECT_EQ(x.meetings[0].kind, "agenda");
  EXPECT_EQ(x.meetings[0].body, "Cabinet");
  ASSERT_EQ(x.reports.size(), 1u);
  EXPECT_EQ(x.reports[0].title, "Quarterly Performance Report, Quarter 3, 2024/25");
  EXPECT_EQ(x.reports[0].date, "2025-03-04");
  EXPECT_EQ(x.reports[0].authors, std::vector<std::string>{"Matthew Wagner"});
  EXPECT_EQ(x.reports[0].contacts, std::vector<std::string>{"matthew.wagner@kent.gov.uk"});
  EXPECT_EQ(x.reports[0].security, "UNRESTRICTED");
}

TEST(Meetings, FrontMatterTitleWithOrWithoutFences) {
  const std::string body = "Panel: Professor Nigel Shadbolt (Chair), Roger Hampson (Redbridge)\n\nItem 2: Minutes\n";
  for (const std::string& head :
       {std::string("---\ntitle: Local Public Data Panel - 11th meeting 14 November 2011\nlayout: post\nresources:\n"
                    "    - filename: agenda.doc\ncategories:\n\n---\n\n"),
        std::string("title: Local Public Data Panel - 11th meeting 14 November 2011\nlayout: post\ncreated: 24/1/2012\n\n")}) {
    auto x = Extract(head + body);
    ASSERT_EQ(x.meetings.size(), 1u) << head;
    EXPECT_EQ(x.meetings[0].date, "2011-11-14");
    EXPECT_EQ(x.meetings[0].kind, "minutes");
    EXPECT_EQ(x.meetings[0].body, "Local Public Data Panel");
    EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Nigel Shadbolt", "Roger Hampson"}));
  }
}

TEST(Meetings, KindFromThePaperWhenTheHeaderGivesNone) {
  auto x = Extract("Welsh Technical Standards Board\n26 February 2019\n\nMW welcomed members to the meeting.\n\n"
                   "Actions\n\n1. MW to create a content management system for technical standards.\n\nDecisions\n\n"
                   "- The Board agreed that a website would be created.\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2019-02-26");
  EXPECT_EQ(x.meetings[0].kind, "minutes");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"MW"});
  EXPECT_EQ(x.actions[0].meeting_date, "2019-02-26");
}

// --- attendees ---

TEST(Attendees, WrappedListWithChairAndNoteTaker) {
  auto x = Extract("Board\nWednesday 28th June 2023\n"
               "Members Present: Stuart Bell (Chair), Cllr Ghani, Angela D'urso, Ilirjeta Buzoku\n"
               "(NOTE TAKER), Amolak Tatter\n"
               "Apologies: Angie Fuller, Daniel Bacon, Jennie\nCoombes, Alison Stuart\n"
               "1. Introductions\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Stuart Bell", "Ghani", "Angela D'urso", "Ilirjeta Buzoku", "Amolak Tatter"}));
  EXPECT_EQ(Names(x, "apologies"), (std::vector<std::string>{"Angie Fuller", "Daniel Bacon", "Jennie Coombes", "Alison Stuart"}));
  EXPECT_TRUE(FindAttendee(x, "Stuart Bell")->chair);
  EXPECT_TRUE(FindAttendee(x, "Ilirjeta Buzoku")->minute_taker);
  EXPECT_FALSE(FindAttendee(x, "Amolak Tatter")->minute_taker);
  EXPECT_EQ(FindAttendee(x, "Ghani")->name, "Cllr Ghani");
}

TEST(Attendees, LabelAloneThenAWrappedList) {
  auto x = Extract("Board\nWednesday 28th June 2023\nMembers Present:\nStuart Bell (Chair), Cllr Ghani, Ilirjeta Buzoku\n"
                   "(NOTE TAKER), Amolak Tatter, Clare\nBrutton\nApologies:\nAngie Fuller\n1. Introductions\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Stuart Bell", "Ghani", "Ilirjeta Buzoku", "Amolak Tatter", "Clare Brutton"}));
  EXPECT_TRUE(FindAttendee(x, "Ilirjeta Buzoku")->minute_taker);
  EXPECT_EQ(Names(x, "apologies"), std::vector<std::string>{"Angie Fuller"});
}

TEST(Attendees, AndSplitsTwoNames) {
  auto x = Extract("Board\nWednesday 28th June 2023\n\nPresent: Steve Calder and Zahid Iqbal\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Steve Calder", "Zahid Iqbal"}));
}

TEST(Attendees, TitlesRolesAndOrganisationsKeptApartFromTheName) {
  auto x = Extract("Panel - 29 October 2024\n"
               "PRESENT: Councillor Elizabeth Kangethe, Mrs T Dean, MBE, Mr R Love OBE\n"
               "ALSO PRESENT: Sue Chandler, Cabinet Member for Integrated Children's\nServices.\n"
               "IN ATTENDANCE: James Clapson (Democratic Services Officer), Kevin Kasaven\n"
               "(Director of Children's Countywide Services)\n\n1. Apologies\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Elizabeth Kangethe", "T Dean", "R Love"}));
  EXPECT_EQ(FindAttendee(x, "Elizabeth Kangethe")->name, "Councillor Elizabeth Kangethe");
  EXPECT_EQ(FindAttendee(x, "T Dean")->name, "Mrs T Dean, MBE");
  EXPECT_EQ(Names(x, "additional"), (std::vector<std::string>{"Sue Chandler", "James Clapson", "Kevin Kasaven"}));
}

TEST(Attendees, SurnameAfterTitleResolvesToTheFullName) {
  auto x = Extract("Board\nWednesday 28th June 2023\n\nMembers Present: Cllr Ghani, Ben Osei\n\n"
               "1. Next meeting\nCHAIR: Cllr Syed Ghani\n");
  ASSERT_NE(FindAttendee(x, "Cllr Ghani"), nullptr);
  EXPECT_EQ(FindAttendee(x, "Cllr Ghani")->person, "Syed Ghani");
}

TEST(Attendees, OnePersonPerLineWithOrganisation) {
  auto x = Extract("Transparency Panel\n13 March 2012\n\nAttendees\n\nDr Kieron O'Hara - Chair\n\n"
               "Andrew Watson, Metropolitan Police Service\n\nSimon Denison, Ministry of Justice (Secretary)\n\n"
               "Deborah Babarinsa, Ministry of Justice (minute taker)\n\nApologies\n\nTim Kelsey, Cabinet Office\n\n1. Welcome\n");
  EXPECT_EQ(Names(x, "present"),
            (std::vector<std::string>{"Kieron O'Hara", "Andrew Watson", "Simon Denison", "Deborah Babarinsa"}));
  EXPECT_EQ(Names(x, "apologies"), std::vector<std::string>{"Tim Kelsey"});
  EXPECT_TRUE(FindAttendee(x, "Kieron O'Hara")->chair);
  EXPECT_TRUE(FindAttendee(x, "Deborah Babarinsa")->minute_taker);
  EXPECT_FALSE(FindAttendee(x, "Simon Denison")->minute_taker);
}

TEST(Attendees, ApologiesWithSubstituteCountAsPresent) {
  auto x = Extract("Board\nWednesday 28th June 2023\n\nPresent: Anna Kowalski, Colin McManus (for Jos Creese)\n\n"
               "Apologies: Cllr Tom Smith (substituted by Cllr Jane Jones), Fiona Taylor\n\n1. Minutes\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Anna Kowalski", "Colin McManus", "Jane Jones"}));
  EXPECT_EQ(Names(x, "apologies"), (std::vector<std::string>{"Tom Smith", "Fiona Taylor"}));
}

TEST(Attendees, ApologiesInASentenceAndChairInASentence) {
  auto x = Extract("COMMUNITY COUNCIL\nMEETING 11th SEPTEMBER 2019\nPRESENT\n"
               "Councillors Alun Davies, Owen Williams and\nCounty Councillor Joseph Davies.\n"
               "1. WELCOME AND APOLOGIES\nCllr. O. Williams took the Chair. Apologies received from Cllrs. Peter Harries and\n"
               "Dorian Jenkins.\n2. MINUTES\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Alun Davies", "Owen Williams", "Joseph Davies"}));
  EXPECT_EQ(Names(x, "apologies"), (std::vector<std::string>{"Peter Harries", "Dorian Jenkins"}));
  EXPECT_TRUE(FindAttendee(x, "Owen Williams")->chair);
}

TEST(Attendees, ApologiesListedBelowASentence) {
  auto x = Extract("Community Safety Partnership\nThursday, 18th February, 2010\n\nPresent: Anna Kowalski, Ben Osei\n\n"
                   "1. Apologies\n\nApologies for absence were received from the following:\n\nNiall Bolger\n\nPaul Bridge\n\n"
                   "Peter Lewis - Jennifer James substituted\n\n2. Urgent Business\n");
  EXPECT_EQ(Names(x, "apologies"), (std::vector<std::string>{"Niall Bolger", "Paul Bridge", "Peter Lewis"}));
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Anna Kowalski", "Ben Osei", "Jennifer James"}));
}

TEST(Attendees, ChairNamedInTheOpeningBlock) {
  auto x = Extract("Audit Committee\nWednesday, 6 December 2023\nChair: Cllr Syed Ghani\n\nPresent: Ben Osei, Ann Lee\n\n"
                   "1. Minutes\n\n9. Next meeting\nChair: Cllr Maureen Worby\n");
  ASSERT_NE(FindAttendee(x, "Syed Ghani"), nullptr);
  EXPECT_TRUE(FindAttendee(x, "Syed Ghani")->chair);
  EXPECT_EQ(FindAttendee(x, "Maureen Worby"), nullptr);
}

TEST(Attendees, AttendanceTableWithInitials) {
  auto x = Extract("Partnership Board\nWednesday 18th September 2014\n\nPresent\nName\tInitials\tOrganisation\n"
                   "Sue Houghton\tSH\tResident Partnership Chair\nAndrew Watson\tAWa\tBasildon Council\n\n"
                   "1. Minutes\n\nACTION: AWa to contact the Big Local about the bags.\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Sue Houghton", "Andrew Watson"}));
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Andrew Watson"});
}

TEST(Attendees, MembershipTableOfAgendaIsNotAttendance) {
  auto x = Extract("Community Safety Partnership\nDate and Time: Wednesday, 29 March 2023, 10:00 am\n\nAGENDA\n1. Minutes\n\n"
               "Membership\nName\tPost title\tOrganisation\nCllr Syed Ghani (Chair)\tCabinet Member\tLBBD\n"
               "Stuart Bell\tSuperintendent\tMPS\n\n1. Apologies\n2. Minutes\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].kind, "agenda");
  EXPECT_TRUE(x.attendees.empty());
}

// --- actions ---

const std::string kBoard =
    "Community Safety Partnership Board\nWednesday 28th June 2023, 10.00-13.00, Elmstead Learning Centre\n\n"
    "Members Present: Stuart Bell (Chair), Clare Brutton, Amolak Tatter, Chris Lyons, Chris Jones, Ilirjeta Buzoku\n\n"
    "Apologies: Steve Calder\n\n1. Introductions\n\nWelcome.\n\n";

TEST(Actions, LeadInForms) {
  auto x = Extract(kBoard +
               "ACTION: Clare Brutton to share the plan with members.\n\n"
               "ACTION - Amolak Tatter to review the funding bid.\n\n"
               "- **ACTION** - Stuart Bell to write to the borough commander.\n\n"
               "Action: Chris Lyons to book the room for September.\n\n"
               "Action 3: Ilirjeta Buzoku to circulate the slides.\n\n"
               "Action Point: Clare Brutton to update the risk log.\n");
  ASSERT_EQ(x.actions.size(), 6u);
  EXPECT_EQ(x.actions[0].text, "Clare Brutton to share the plan with members");
  EXPECT_EQ(x.actions[1].text, "Amolak Tatter to review the funding bid");
  EXPECT_EQ(x.actions[2].text, "Stuart Bell to write to the borough commander");
  EXPECT_EQ(x.actions[3].text, "Chris Lyons to book the room for September");
  EXPECT_EQ(x.actions[4].text, "Ilirjeta Buzoku to circulate the slides");
  EXPECT_EQ(x.actions[5].text, "Clare Brutton to update the risk log");
  for (const auto& a : x.actions) {
    EXPECT_EQ(a.status, "open");
    EXPECT_EQ(a.meeting_date, "2023-06-28");
    EXPECT_EQ(a.item, "1. Introductions");
  }
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Clare Brutton"});
}

TEST(Actions, EveryStatusSuffix) {
  auto x = Extract(kBoard +
               "ACTION - Clare Brutton to sign the agreement (Outstanding)\n\n"
               "ACTION - Clare Brutton to brief the board - CLOSED\n\n"
               "ACTION: Clare Brutton to share the week plan (COMPLETED).\n\n"
               "ACTION: Clare Brutton to draft the letter (Complete)\n\n"
               "ACTION: Clare Brutton to map the hubs (Not complete)\n\n"
               "ACTION: Clare Brutton to recruit the worker (Ongoing)\n\n"
               "ACTION: Clare Brutton to send the slides (Done)\n\n"
               "ACTION: Clare Brutton to check the data.\n\nNot to be taken forward. The work is covered elsewhere.\n\n"
               "ACTION: Clare Brutton to ask the provider.\n\nPartially complete. Waiting for the reply.\n\n"
               "ACTION: Clare Brutton to close the log.\n");
  std::vector<std::string> status;
  for (const auto& a : x.actions) status.push_back(a.status);
  EXPECT_EQ(status, (std::vector<std::string>{"outstanding", "closed", "completed", "completed", "outstanding", "outstanding",
                                              "completed", "closed", "outstanding", "open"}));
  EXPECT_EQ(x.actions[0].text, "Clare Brutton to sign the agreement");
  EXPECT_EQ(x.actions[1].text, "Clare Brutton to brief the board");
  EXPECT_EQ(x.actions[2].text, "Clare Brutton to share the week plan");
}

TEST(Actions, ContextSaysTheListedActionsAreNotYetCompleted) {
  auto x = Extract(kBoard + "2. Minutes\n\nThe minutes were approved. The following actions have not yet been\ncompleted:\n\n"
                        "- ACTION: Chris Lyons to meet the team.\n- ACTION: Clare Brutton to send the plan (COMPLETED).\n\n"
                        "3. Plan\n\nACTION: Chris Lyons to meet the team.\n");
  ASSERT_EQ(x.actions.size(), 3u);
  EXPECT_EQ(x.actions[0].status, "outstanding");
  EXPECT_EQ(x.actions[1].status, "completed");
  EXPECT_EQ(x.actions[2].status, "open");
}

TEST(Actions, WrappedOverLinesAndAPageBreak) {
  auto x = Ex().Process(Paper(kBoard +
                                  "ACTION: Amolak Tatter to inform Chris Lyons and Clare Brutton of when walk and\n"
                                  "talks take place so this can be promoted through the Womens Safety Comms\n\nPage 9\n\f"
                                  "Campaign.\n2. Next item\n",
                              DocumentKind::kPdf));
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].text,
            "Amolak Tatter to inform Chris Lyons and Clare Brutton of when walk and talks take place so this can be "
            "promoted through the Womens Safety Comms Campaign");
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Amolak Tatter"});
  EXPECT_EQ(x.actions[0].page, 1);
}

TEST(Actions, DashInsideAParenthesisIsNotABullet) {
  auto x = Extract(kBoard + "ACTION - Clare Brutton to reach out to Yasir (Police\n- Senior Lead for Communities) through the police and link in.\n"
                            "- Next bullet of the discussion.\n");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].text, "Clare Brutton to reach out to Yasir (Police - Senior Lead for Communities) through the police and link in");
}

TEST(Actions, FirstNamesResolvedAgainstTheMeetingsAttendees) {
  auto x = Extract(kBoard + "ACTION - Clare and Amolak to engage with partnership to seek further feedback\n\n"
                        "ACTION - Steven Calder to meet with the panel about resettlement.\n\n"
                        "ACTION - Jeta to follow up with partners on the duty.\n");
  ASSERT_EQ(x.actions.size(), 3u);
  EXPECT_EQ(x.actions[0].owners_written, (std::vector<std::string>{"Clare", "Amolak"}));
  EXPECT_EQ(x.actions[0].owners, (std::vector<std::string>{"Clare Brutton", "Amolak Tatter"}));
  EXPECT_EQ(x.actions[1].owners, std::vector<std::string>{"Steve Calder"});
  EXPECT_EQ(x.actions[2].owners, std::vector<std::string>{"Ilirjeta Buzoku"});
}

TEST(Actions, AmbiguousFirstNameStaysAsWritten) {
  auto x = Extract(kBoard + "ACTION: Chris to share the event plan with board members.\n");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Chris"});  // Chris Lyons or Chris Jones
}

TEST(Actions, GroupOwnersAsWritten) {
  auto x = Extract(kBoard + "ACTION - All CSP members need to sign and return the ISA and return to Jeta (Outstanding)\n\n"
                        "ACTION - Partners to go away and review the 10 recommendations.\n");
  ASSERT_EQ(x.actions.size(), 2u);
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"All CSP members"});
  EXPECT_EQ(x.actions[0].text, "All CSP members need to sign and return the ISA and return to Jeta");
  EXPECT_EQ(x.actions[1].owners, std::vector<std::string>{"Partners"});
}

TEST(Actions, ActionTableWithOwnerColumn) {
  auto x = Extract(kBoard + "Actions\n\nNo.\tAction\tOwner\tStatus\n1\tSend the newsletter to all residents\tChris Lyons\tComplete\n"
                        "2\tBook the hall for the annual meeting\tClare\tOngoing\n\nAny Other Business\n\nNone.\n");
  ASSERT_EQ(x.actions.size(), 2u);
  EXPECT_EQ(x.actions[0].text, "Send the newsletter to all residents");
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Chris Lyons"});
  EXPECT_EQ(x.actions[0].status, "completed");
  EXPECT_EQ(x.actions[1].owners, std::vector<std::string>{"Clare Brutton"});
  EXPECT_EQ(x.actions[1].status, "outstanding");
}

TEST(Actions, ActionTableSplitByPdfText) {
  auto x = Extract("TMG 14 November 2024\nAttendance:\nJames Graham - KCC\nChris Jones - Link Group\n\nActions Points:\nRef Action\n1\n"
               "JG will communicate the most recent slides and the Mid Year\nReview to all members.\n\nStatus\nComplete\n");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].text, "JG will communicate the most recent slides and the Mid Year Review to all members");
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"James Graham"});
  EXPECT_EQ(x.actions[0].status, "completed");
}

TEST(Actions, OwnerWrittenAfterTheItem) {
  auto x = Extract("COMMUNITY COUNCIL\nMEETING 11th SEPTEMBER 2019\nPRESENT\nCouncillors Alun Davies, Owen Williams and Kim Davies.\n"
               "5. CORRESPONDENCE\nvi) Launch of the rural plan on the 11th October. Clerk to email details to Councillors.\nClerk\n"
               "vii) Lloyds Bank statement.\nNoted\n"
               "ix) Welsh Government National Development Framework consultation.\nCllrs. Alun Davies/O. Williams\n");
  ASSERT_EQ(x.actions.size(), 2u);
  EXPECT_EQ(x.actions[0].text, "Launch of the rural plan on the 11th October. Clerk to email details to Councillors");
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Clerk"});
  EXPECT_EQ(x.actions[1].text, "Welsh Government National Development Framework consultation");
  EXPECT_EQ(x.actions[1].owners_written, (std::vector<std::string>{"Cllrs. Alun Davies", "O. Williams"}));
  EXPECT_EQ(x.actions[1].owners, (std::vector<std::string>{"Alun Davies", "Owen Williams"}));
}

TEST(Actions, OwnerWrittenAfterTheText) {
  auto x = Extract(kBoard + "2. Funding\n\nThe board discussed the bid. Partners agreed to send their comments by\n"
                            "1 October. ACTION: All partners\n\n3. Plan\n\nClare will circulate the draft plan to members.\nACTION: CB\n");
  ASSERT_EQ(x.actions.size(), 2u);
  EXPECT_EQ(x.actions[0].text, "Partners agreed to send their comments by 1 October");
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"All partners"});
  EXPECT_EQ(x.actions[1].text, "Clare will circulate the draft plan to members");
  EXPECT_EQ(x.actions[1].owners, std::vector<std::string>{"Clare Brutton"});
}

TEST(Actions, ProseActionsOnlyWhenThePaperMarksNone) {
  const std::string parish = "Elmstead Parish Council - 16th January 2018\nPresent\nCouncillors D Richardson (Chair) R Healey\n\n"
                             "18.01.8 Finance\nThe Councillors resolved to transfer funds. Clerk\nto arrange a letter for the signatories.\n"
                             "Resolved Councillor Healey contact Metcalfes and order more scalpings.\n";
  auto x = Extract(parish);
  ASSERT_EQ(x.actions.size(), 2u);
  EXPECT_EQ(x.actions[0].text, "Clerk to arrange a letter for the signatories");
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Clerk"});
  EXPECT_EQ(x.actions[1].text, "Councillor Healey contact Metcalfes and order more scalpings");
  EXPECT_EQ(x.actions[1].owners, std::vector<std::string>{"R Healey"});
  x = Extract(parish + "\nACTION: Clerk to renew the insurance.\n");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].text, "Clerk to renew the insurance");
  // An item titled "Action" is an item, not a marking convention: the prose still counts.
  x = Extract(parish + "\n9. Action: Mrs Jones confirmed that she is in contact with the school.\n");
  ASSERT_EQ(x.actions.size(), 3u);
  EXPECT_EQ(x.actions[0].text, "Clerk to arrange a letter for the signatories");
}

// --- reports ---

TEST(Reports, CoverSheetFields) {
  auto x = Extract("COMMUNITY SAFETY PARTNERSHIP\nREPORT\n"
               "Title:\tContextual Safeguarding &amp; Exploitation Subgroup Update\n"
               "Date:\tWednesday 7 <sup>th</sup> December 2022\n"
               "Author:\tApril Bald - Operations Director - Children's Care & Support\n"
               "Contact:\t[April.bald@lbbd.gov.uk](mailto:April.bald@lbbd.gov.uk)\n"
               "Security:\t[UNPROTECTED]\n\n1. Brief Update\nThe subgroup met in October.\n");
  ASSERT_EQ(x.reports.size(), 1u);
  const Report& r = x.reports[0];
  EXPECT_EQ(r.title, "Contextual Safeguarding & Exploitation Subgroup Update");
  EXPECT_EQ(r.date, "2022-12-07");
  EXPECT_EQ(r.authors, std::vector<std::string>{"April Bald"});
  EXPECT_EQ(r.contacts, std::vector<std::string>{"april.bald@lbbd.gov.uk"});
  EXPECT_EQ(r.security, "UNPROTECTED");
  EXPECT_TRUE(x.restricted.empty());
}

TEST(Reports, ValueBeforeLabelAndSplitFields) {
  auto x = Extract("REPORT\nSubject: Updates from the Safeguarding Children's Partnership\n\n(SCP) and the Safeguarding Adults Board (SAB).\n"
               "Date: March 2023\nJoanne Kitching, Safeguarding Adults Board Business Manager\n"
               "Author: Jemma Breslin, Safeguarding Children's Partnership Business\nManager\n"
               "Contact: Joanne.kitching@lbbd.gov.uk and Jemma.breslin@lbbd.gov.uk\nSecurity: PROTECTED\n1. Brief Update\n");
  ASSERT_EQ(x.reports.size(), 1u);
  const Report& r = x.reports[0];
  EXPECT_EQ(r.title, "Updates from the Safeguarding Children's Partnership (SCP) and the Safeguarding Adults Board (SAB)");
  EXPECT_EQ(r.date, "2023-03");
  EXPECT_EQ(r.authors, (std::vector<std::string>{"Joanne Kitching", "Jemma Breslin"}));
  EXPECT_EQ(r.contacts, (std::vector<std::string>{"joanne.kitching@lbbd.gov.uk", "jemma.breslin@lbbd.gov.uk"}));
  EXPECT_EQ(r.security, "PROTECTED");

  x = Extract("REPORT\nSubject: Substance Misuse Strategy\nDate: Wednesday 29th March 2023\nClare Brutton\n"
          "Head of Commissioning - Disabilities\nAuthor:\n\nPage 2\n\fAmolak Tatter\nCommissioning Manager\n"
          "Contact: Amolak Tatter\nAmolak.tatter@lbbd.gov.uk\nSecurity: Unprotected\n1. Purpose\n");
  ASSERT_EQ(x.reports.size(), 1u);
  EXPECT_EQ(x.reports[0].authors, (std::vector<std::string>{"Clare Brutton", "Amolak Tatter"}));
  EXPECT_EQ(x.reports[0].contacts, std::vector<std::string>{"amolak.tatter@lbbd.gov.uk"});
  EXPECT_EQ(x.reports[0].security, "UNPROTECTED");
}

TEST(Reports, TemplatePlaceholderIsNotAMarking) {
  auto x = Extract("REPORT\nTitle: Task and Finish Group\nDate: 29 March 2023\nAuthor: David Lingard\n"
               "Security: [Unprotected/Protected/RESTRICTED]\n\n1. Brief Update\n[Unprotected/Protected/RESTRICTED]\nThe group met.\n");
  ASSERT_EQ(x.reports.size(), 1u);
  EXPECT_EQ(x.reports[0].security, std::nullopt);
  EXPECT_TRUE(x.restricted.empty());
}

// --- restricted ---

TEST(Restricted, WithheldItemIsNotPublished) {
  auto x = Extract(kBoard + "9. RESTRICTED: Domestic Homicide Review Update\n\nItem restricted due to sensitive information\n\n"
                        "10. Prevent Update\n\nRestricted due to content of information\n\n11. Forward Plan\n\n"
                        "- RESTRICTED: Safer Neighbourhood Board Update\n");
  ASSERT_EQ(x.restricted.size(), 3u);
  EXPECT_EQ(x.restricted[0].label, "Domestic Homicide Review Update");
  EXPECT_EQ(x.restricted[1].label, "Prevent Update");
  EXPECT_EQ(x.restricted[2].label, "Safer Neighbourhood Board Update");
  for (const auto& r : x.restricted) {
    EXPECT_EQ(r.kind, "agenda_item");
    EXPECT_FALSE(r.content_published) << r.label;
    EXPECT_EQ(r.meeting_date, "2023-06-28");
  }
}

// The span is what a public index leaves out: from the item's title to the
// line before the next item, in lines of the page.
TEST(Restricted, ItemSpanCoversTitleAndBodyOnly) {
  const std::string text = kBoard + "4. RESTRICTED: Crime and Disorder Strategic Assessment\n\n"
                                    "The assessment shows an analysis of crime in the borough.\n\n"
                                    "5. Forward Plan\n\nNext year's plan.\n";
  auto x = Extract(text);
  ASSERT_EQ(x.restricted.size(), 1u);
  const Restricted& r = x.restricted[0];
  auto line_of = [&](const std::string& needle) {
    const size_t at = text.find(needle);
    return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  };
  EXPECT_EQ(r.first_line, line_of("4. RESTRICTED"));
  EXPECT_GE(r.last_line, line_of("The assessment"));
  EXPECT_LT(r.last_line, line_of("5. Forward Plan"));
  EXPECT_EQ(r.end_page, 1);
}

TEST(Restricted, RestrictedItemWithItsSubstanceIsALeak) {
  auto x = Extract(kBoard + "4. RESTRICTED: Crime and Disorder Strategic Assessment 2021/2022\n\n"
                        "The assessment shows an analysis of crime, disorder and substance misuse in the borough.\n\n"
                        "- Burglary offences rose by ten per cent.\n\n5. Forward Plan\n");
  ASSERT_EQ(x.restricted.size(), 1u);
  EXPECT_TRUE(x.restricted[0].content_published);
  EXPECT_EQ(x.restricted[0].evidence.rfind("The assessment shows an analysis of crime", 0), 0u);
}

TEST(Restricted, TheWordInProseIsNotAMarking) {
  auto x = Extract(kBoard + "2. Services\n\nMost services restricted face to face contact during the pandemic.\n"
                        "The documents are exempt from the charge and confidential advice was given.\n");
  EXPECT_TRUE(x.restricted.empty());
}

TEST(Restricted, WithheldPage) {
  auto x = Extract("Community Safety Partnership\nDate and Time: Wednesday, 29 March 2023, 10:00 am\n\nAGENDA\n1. Minutes\n\f"
               "Document is Restricted\n\f\nDocument is Restricted\n");
  ASSERT_EQ(x.restricted.size(), 2u);
  EXPECT_EQ(x.restricted[0].kind, "withheld_page");
  EXPECT_FALSE(x.restricted[0].content_published);
  EXPECT_EQ(x.restricted[0].page, 2);
  EXPECT_EQ(x.restricted[1].page, 3);
  EXPECT_EQ(x.restricted[0].meeting_date, "2023-03-29");
}

TEST(Restricted, ExemptPart2Item) {
  auto x = Extract("AGENDA\nCABINET\nTuesday, 4th March, 2025, at 10.00 am\n\nUNRESTRICTED ITEMS\n1. Apologies\n2. Budget Update\n\n"
               "PART 2 - EXEMPT ITEMS\n3. Award of the Waste Contract\nThe Cabinet considered the three tenders received and the scores of each bidder.\n"
               "4. Sale of Land at Mill Road (Exempt - paragraph 3)\n");
  ASSERT_EQ(x.restricted.size(), 2u);
  EXPECT_EQ(x.restricted[0].label, "Award of the Waste Contract");
  EXPECT_TRUE(x.restricted[0].content_published);
  EXPECT_EQ(x.restricted[1].label, "Sale of Land at Mill Road");
  EXPECT_FALSE(x.restricted[1].content_published);
  EXPECT_EQ(x.restricted[0].meeting_date, "2025-03-04");
}

TEST(Restricted, NoExemptItemsMeansNone) {
  auto x = Extract("AGENDA\nCABINET\nTuesday, 4th March, 2025, at 10.00 am\n\nUNRESTRICTED ITEMS\n1. Apologies\n\nEXEMPT ITEMS\n"
               "(At the time of preparing the agenda there were no exempt items. During any such\nitems the meeting is likely NOT to be open to the public)\n\n"
               "Benjamin Watts\nGeneral Counsel\n");
  EXPECT_TRUE(x.restricted.empty());
}

TEST(Restricted, OfficialSensitiveInAPageHeader) {
  auto x = Extract("OFFICIAL-SENSITIVE\nCommunity Safety Partnership Board\nWednesday 28th June 2023\n\nPresent: Stuart Bell\n\n"
               "1. Gang Violence Update\nThe police briefed the board on the current gang tensions in the north of the borough.\n"
               "\fOFFICIAL-SENSITIVE\n2. Forward Plan\nNo items.\n");
  ASSERT_EQ(x.restricted.size(), 1u);
  EXPECT_EQ(x.restricted[0].kind, "report");
  EXPECT_EQ(x.restricted[0].label, "Community Safety Partnership Board");
  EXPECT_TRUE(x.restricted[0].content_published);
  EXPECT_EQ(x.restricted[0].page, 1);
}

TEST(Restricted, ReportMarkedRestricted) {
  auto x = Extract("REPORT\nTitle: TMHIE Subgroup Update\nDate: Wednesday 29th March 2023\nAuthor: A/Insp Matt Feather\n"
               "Contact: matthew.feather@met.police.uk\nSecurity: RESTRICTED\n1. Brief Update\n"
               "1.1 The last meeting was held on 27/01/2023. 11 members of the group were in attendance.\n");
  ASSERT_EQ(x.reports.size(), 1u);
  EXPECT_EQ(x.reports[0].security, "RESTRICTED");
  EXPECT_EQ(x.reports[0].authors, std::vector<std::string>{"Matt Feather"});
  ASSERT_EQ(x.restricted.size(), 1u);
  EXPECT_EQ(x.restricted[0].kind, "report");
  EXPECT_EQ(x.restricted[0].label, "TMHIE Subgroup Update");
  EXPECT_TRUE(x.restricted[0].content_published);
}

TEST(Markings, CoverInlineAndHeader) {
  auto x = Ex().Process(Paper("REPORT\nTitle: Safeguarding Adults Board Update\nDate: March 2023\nAuthor: Jemma Breslin\n"
                              "Security: PROTECTED\n1. Brief Update\nThe board met in January.\n[Unprotected]\nThe audit tool was endorsed.\n"
                              "\fOFFICIAL\nThe board agreed the strategy.\n",
                              DocumentKind::kPdf));
  ASSERT_EQ(x.markings.size(), 3u);
  EXPECT_EQ(x.markings[0].value, "UNPROTECTED");
  EXPECT_EQ(x.markings[0].source, "inline");
  EXPECT_EQ(x.markings[0].page, 1);
  EXPECT_EQ(x.markings[1].value, "OFFICIAL");
  EXPECT_EQ(x.markings[1].source, "header");
  EXPECT_EQ(x.markings[1].page, 2);
  EXPECT_EQ(x.markings[2].value, "PROTECTED");
  EXPECT_EQ(x.markings[2].source, "cover");
}

// --- the stage as a whole ---

TEST(Extraction, ReadsNormalisedTextFirst) {
  Document d = Paper("nothing here");
  d.pages[0].normalised = "Board\nWednesday 28th June 2023\n\nPresent: Anna Kowalski, Ben Osei\n";
  auto x = Ex().Process(d);
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.attendees.size(), 2u);
}

TEST(Extraction, RowsCarryTheirPage) {
  auto x = Extract("Board\nWednesday 28th June 2023\n\nPresent: Anna Kowalski, Ben Osei\n\f\f"
               "1. Budget\nACTION: Anna Kowalski to send the figures.\n");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.meetings[0].page, 1);
  EXPECT_EQ(x.attendees[0].page, 1);
  EXPECT_EQ(x.actions[0].page, 3);
}

TEST(Extraction, EmptyDocumentGivesNothing) {
  auto x = Ex().Process(Document{});
  EXPECT_TRUE(x.meetings.empty() && x.attendees.empty() && x.actions.empty() && x.reports.empty() && x.restricted.empty());
}

TEST(Extractor, ProcessIsThreadSafe) {
  const std::string paper = kBoard + "ACTION - Clare and Amolak to engage with partnership.\n";
  auto expected = Extract(paper);
  std::vector<std::thread> threads;
  std::vector<size_t> counts(4);
  for (size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < 20; ++n) counts[t] += Extract(paper).actions.size();
    });
  }
  for (auto& th : threads) th.join();
  for (size_t c : counts) EXPECT_EQ(c, 20 * expected.actions.size());
}

// --- Layout classes met in papers of other bodies (read cold, then written
// as classes: each form here stands for a family of templates). ---

TEST(Layouts, FrontMatterBlockScalarAndStartDate) {
  // A site keeps the minutes in a YAML block scalar; the date is only in "start:".
  auto x = Extract("---\ntitle: Spring Imaging Group Meeting\nstart: 2022-03-08T13:00:00.000Z\nlocation: Video call\n"
                   "agenda: |-\n  * Protocols\nminutes: >-\n  ### Attendance\n\n\n  *Ann Baker, Colm Doyle, Ewa Fischer*\n\n"
                   "  ### Actions\n\n  1. Circulate the draft protocol [**closed**]\n\n"
                   "  2. Trusts to share their audit results [**ongoing for members**]\n\n"
                   "  3. To arrange a workshop [**new for PMs**]\n\n  ### Discussion\n\n  * The group discussed audit.\n---\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2022-03-08");
  EXPECT_EQ(x.meetings[0].kind, "minutes");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Ann Baker", "Colm Doyle", "Ewa Fischer"}));
  ASSERT_EQ(x.actions.size(), 3u);
  EXPECT_EQ(x.actions[0].status, "closed");
  EXPECT_EQ(x.actions[1].text, "Trusts to share their audit results");
  EXPECT_EQ(x.actions[1].status, "outstanding");
  EXPECT_EQ(x.actions[1].owners, std::vector<std::string>{"members"});
  EXPECT_EQ(x.actions[2].status, "open");
  EXPECT_EQ(x.actions[2].owners, std::vector<std::string>{"PMs"});
}

TEST(Layouts, OpeningStatementOverLinesWithYearFromFileName) {
  Document d = Paper("MINUTES OF PROCEEDINGS OF SPECIAL MEETING OF THE\n\nDISTRICT BOARD OF NORTHWOOD HELD IN THE\n\n"
                     "CIVIC OFFICES ON THURSDAY 14th MARCH AT 3.00PM.\n\nPRESENT IN THE CHAIR:\n\n"
                     "Councillor P Walsh, An Cathaoirleach\n\nMEMBERS PRESENT:\n\nCouncillors Brady, Quinn, E. Nolan and Kerr\n\n"
                     "Apologies: Councillor Fahy and M Nolan\n\nOFFICIALS IN ATTENDANCE:\n\n"
                     "Director of Services ( Mr B Keane); Senior Engineer (Mr T. Lynch);\n\n"
                     "Meetings Administrator (Ms D Moran);\n\n1. Welcome\n");
  d.name = "northwood-special-2024-03-14.md";
  Extraction x = Ex().Process(d);
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2024-03-14");
  EXPECT_EQ(x.meetings[0].kind, "minutes");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"P Walsh", "Brady", "Quinn", "E. Nolan", "Kerr"}));
  ASSERT_NE(FindAttendee(x, "P Walsh"), nullptr);
  EXPECT_TRUE(FindAttendee(x, "P Walsh")->chair);
  EXPECT_EQ(Names(x, "apologies"), (std::vector<std::string>{"Fahy", "M Nolan"}));
  EXPECT_EQ(Names(x, "additional"), (std::vector<std::string>{"B Keane", "T. Lynch", "D Moran"}));
}

TEST(Layouts, WeekdayThatDoesNotFallOnTheYearMovesIt) {
  // 12 January 2023 was a Thursday; 12 January 2024 a Friday.
  auto x = Extract("MINUTES OF ELMSTEAD PARISH COUNCIL MEETING\n\nHELD AT THE CHURCH\n\nFRIDAY 12th JANUARY 2023\n\n"
                   "Present- \nCllr Ann Baker - Chairman, Cllr Colm Doyle, Cllr. Ewa Fischer.\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2024-01-12");
  // With the weekday right, the year stays.
  x = Extract("MINUTES OF ELMSTEAD PARISH COUNCIL MEETING HELD AT THE CHURCH ON THURSDAY 12th JANUARY 2023\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2023-01-12");
}

TEST(Layouts, ListsWithoutCommasRoleByListAndApologiesWin) {
  auto x = Extract("ELMSTEAD PARISH COUNCIL Draft Minutes of the Ordinary Meeting held on Wednesday 6 March 2019 at 7.00pm\n\n"
                   "In attendance: Cllr Ann Baker (Vice-Chair) Cllr Colm Doyle Cllr Ewa Fischer Cllr Gus Hale "
                   "(From item 44/19) Ida Jones (Parish Clerk)\n\n"
                   "43/19 Apologies for Absence These were accepted for Cllr Gus Hale (personal reasons).\n\n"
                   "44/19 Footpaths\n\nThe Clerk agreed to write to the County Council about the stile.\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2019-03-06");
  // "In attendance" is this meeting's main list: its people are present.
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Ann Baker", "Colm Doyle", "Ewa Fischer", "Ida Jones"}));
  EXPECT_EQ(Names(x, "apologies"), std::vector<std::string>{"Gus Hale"});
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Ida Jones"});  // the Clerk the list names
}

TEST(Layouts, NarrativeActionsOfOfficesAndPeople) {
  auto x = Extract("Minutes of the meeting of the Elmstead Parish Council held on\n\n10th March 2005 in the Village Hall\n\n"
                   "1. Present: E. Drew - Chairman, Miss Ross, Mrs. Hale together with 5 members of the public.\n\n"
                   "2. Matters Arising: Cemetery - the Chairman has agreed to harrow the land. The clerk is to contact the "
                   "Highways team. Footpath - Miss Ross is going to find out who owns the hedge.\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"E. Drew", "Ross", "Hale"}));
  ASSERT_EQ(x.actions.size(), 3u);
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"E. Drew"});  // the Chairman is the chair
  EXPECT_EQ(x.actions[1].owners, std::vector<std::string>{"Clerk"});  // no clerk named: kept as an office
  EXPECT_EQ(x.actions[2].owners, std::vector<std::string>{"Ross"});
}

TEST(Layouts, InitialsInParenthesesResolveActionOwners) {
  auto x = Extract("Minutes of Trustees of the Friends of Elmstead Library\nMeeting of 9th December 2015\n"
                   "Present; Dan Tate (DT), Sue Fox (SF), Ann Hope, Chair (AHop), Mike Sand (MS)\n\n"
                   "2. Website\nThe page is to be updated with the new opening hours.\nACTION:AHop/MS\n\n"
                   "3. Newsletter\nThe spring newsletter was approved for printing.\nACTION: Ahop\n");
  ASSERT_EQ(x.actions.size(), 2u);
  EXPECT_EQ(x.actions[0].owners, (std::vector<std::string>{"Ann Hope", "Mike Sand"}));
  ASSERT_NE(FindAttendee(x, "Ann Hope"), nullptr);
  EXPECT_TRUE(FindAttendee(x, "Ann Hope")->chair);
}

TEST(Layouts, OfficialsListWrappedOverParagraphs) {
  // A converter made every wrapped line a paragraph: the list runs on past
  // blank lines while the text holds people, and stops at the next label.
  auto x = Extract("MINUTES OF PROCEEDINGS AT MEETING OF THE ELMSTEAD DISTRICT HELD IN THE TOWN HALL, ON WEDNESDAY, "
                   "6TH SEPTEMBER, 2023, AT 12.00 NOON.\n\nPRESENT IN THE CHAIR:\n\nCouncillor T. Rowe.\n\n"
                   "OFFICIALS IN ATTENDANCE:\n\nDirector, Community and Culture (Mr. G. Dale), Meetings Administrator, North\n\n"
                   "West (Mr. M. Carr), Executive Engineer, Roads (Mr. P. Vale).\n\n"
                   "Superintendent O. Kerr, Inspector B. Mann, Sergeant D.\n\nCummings.\n\nAPOLOGIES:\n\n"
                   "Senior Engineer, North West (Mr. J. Shea).\n\nAt the outset of the Meeting, the Chair welcomed all.\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2023-09-06");
  EXPECT_EQ(Names(x, "present"), std::vector<std::string>{"T. Rowe"});
  EXPECT_EQ(Names(x, "additional"),
            (std::vector<std::string>{"G. Dale", "M. Carr", "P. Vale", "O. Kerr", "B. Mann", "D. Cummings"}));
  EXPECT_EQ(Names(x, "apologies"), std::vector<std::string>{"J. Shea"});
}

TEST(Layouts, AttendanceGridAndAgendaWithMinutesInOneFile) {
  auto x = Extract("Elmstead Parish Council.\n\nAnnual General Meeting. 3rd May 2013. 7.00pm at the Church. Councillors are "
                   "summoned to a meeting for the purposes of transacting the following business.\n\n1. Apologies for Absence\n\n"
                   "2. Election of officers\n\nFinal Minutes.\n\nPresent:\n\nDan Hale (DHA)\tClerk\tApologies:\tPat Gale (PGA)\n\n"
                   "Fred Reed (FRE)\tCouncillor/Chairman\tTom Rowe (TRO)\n\nGail Pratt (GPR)\tCouncillor\tChair:\tFred Reed\n\n"
                   "Andy Bell (ABE)\tCouncillor\tDistribution:\tCouncil Members, Village website\n\n1. Apologies\n");
  ASSERT_EQ(x.meetings.size(), 2u);
  EXPECT_EQ(x.meetings[0].kind, "agenda");
  EXPECT_EQ(x.meetings[1].kind, "minutes");
  EXPECT_EQ(x.meetings[1].date, "2013-05-03");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Dan Hale", "Fred Reed", "Gail Pratt", "Andy Bell"}));
  EXPECT_EQ(Names(x, "apologies"), (std::vector<std::string>{"Pat Gale", "Tom Rowe"}));
  ASSERT_NE(FindAttendee(x, "Fred Reed"), nullptr);
  EXPECT_TRUE(FindAttendee(x, "Fred Reed")->chair);
}

TEST(Layouts, HeaderTableReadColumnByColumn) {
  // A two-column header table whose labels the reading order puts first.
  auto x = Extract("BOARD MEETING MINUTES\nTitle of Meeting\nDate\nPlace\nTime\nAttendees\n\nInvited\n\n1.\n\n"
                   "Elmstead Libraries - Board Meeting\n29th May 2013\nCommunity Centre, Elmstead\n9.30am - 12.00pm\n"
                   "Sara Bond (Chair), Sylvia Knott, Rob Spear, Alice\nWhite (General Manager), Colin Oak, Lynn Walsh, Mick\n"
                   "Hoskins\nMaria Hart (Staff Observer) Carl Clay ( Staff\nObserver) Nina Stone (Clerk to the Board)\nAction\n\n"
                   "1.\n\nApologies\nMaria Hart, Rob Spear.\n");
  ASSERT_EQ(x.meetings.size(), 1u);
  EXPECT_EQ(x.meetings[0].date, "2013-05-29");
  EXPECT_EQ(Names(x, "present"),
            (std::vector<std::string>{"Sara Bond", "Sylvia Knott", "Alice White", "Colin Oak", "Lynn Walsh", "Mick Hoskins"}));
  EXPECT_EQ(Names(x, "additional"), (std::vector<std::string>{"Carl Clay", "Nina Stone"}));
  EXPECT_EQ(Names(x, "apologies"), (std::vector<std::string>{"Maria Hart", "Rob Spear"}));
}

TEST(Layouts, ActionColumnOfInitials) {
  // The reader puts a right-hand action column's initials after a tab on the
  // line they stood beside: the action is the sentence that line ends in.
  auto x = Extract("Minutes of the Board meeting held at the Library on 29th May 2013.\n\n"
                   "Attendees: Sara Gold (Chair), Tom Reed, Nina Shaw\n\n"
                   "1. Finance\nThe accounts showed a small surplus. The treasurer will circulate the\tTR\n"
                   "final accounts before the next meeting.\n\n2. Staffing\nThe board discussed recruitment.\n"
                   "Nina will draft the job description with\tNS/SG\nSara by the end of June.\n");
  ASSERT_EQ(x.actions.size(), 2u);
  EXPECT_EQ(x.actions[0].text, "The treasurer will circulate the final accounts before the next meeting");
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"Tom Reed"});
  EXPECT_EQ(x.actions[1].text, "Nina will draft the job description with Sara by the end of June");
  EXPECT_EQ(x.actions[1].owners, (std::vector<std::string>{"Nina Shaw", "Sara Gold"}));
}

TEST(Layouts, OfficeNamedWithoutColonResolvesOwners) {
  auto x = Extract("Elmstead Parish Council - 16th January 2018\nPresent\nCouncillors D Rowe (Chair) R Hale, M Dix\n"
                   "Clerk J Conway\n18.01.1 Finance\nThe Councillors resolved to transfer funds. Clerk\n"
                   "to arrange a letter for the signatories.\n");
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].owners, std::vector<std::string>{"J Conway"});
}

TEST(Layouts, AttendanceGridOfCodes) {
  auto x = Extract("Minutes of the meeting of the Elmstead Parish Council held at the Hall on 4 March 2021\n\n"
                   "Members present\nCllr Ann Baker\tP\nCllr Colm Doyle\tA\nCllr Ewa Fischer\tS\nCllr Gus Hale\tAbsent\n\n"
                   "1. Minutes\nIt was agreed that the Clerk would write to the highways authority about the verge.\n");
  EXPECT_EQ(Names(x, "present"), (std::vector<std::string>{"Ann Baker", "Ewa Fischer"}));
  EXPECT_EQ(Names(x, "apologies"), std::vector<std::string>{"Colm Doyle"});
  ASSERT_EQ(x.actions.size(), 1u);
  EXPECT_EQ(x.actions[0].text, "the Clerk would write to the highways authority about the verge");
}

}  // namespace
}  // namespace minutebook::extract
