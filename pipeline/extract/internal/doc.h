// State shared by the extraction passes over one document: its lines, the
// meetings found and which meeting each line belongs to, the lines already
// taken by a list or a cover sheet, and the people the document names.
#ifndef MINUTEBOOK_EXTRACT_INTERNAL_DOC_H_
#define MINUTEBOOK_EXTRACT_INTERNAL_DOC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/model.h"
#include "extract/internal/lines.h"
#include "extract/internal/resolve.h"
#include "extract/internal/rules.h"

namespace minutebook::extract::internal {

struct DateHit {
  std::string iso;   // yyyy-mm-dd, or yyyy-mm for form "month"
  std::string form;  // full | numeric | month
  size_t begin = 0;
  size_t end = 0;
};

// Every date in text, left to right. form_filter: "" for all dated forms
// (full, numeric, month), else only that form; "day_month" dates (no year
// written) are given year_hint, and skipped when it is 0. A weekday that does
// not fall on the date moves the year by one where that makes it fall.
std::vector<DateHit> FindDates(const RuleSet& rules, std::string_view text, std::string_view form_filter = "",
                               int year_hint = 0);

// A report cover sheet found in the text, with the line range it covers.
struct CoverSheet {
  int first = 0;       // first label line
  int last = 0;        // last line of the field block
  int body_end = 0;    // one past the report's last line (next sheet, withheld page, end)
  Report report;
  std::string to_body;  // "To: Cabinet - 4 March 2025" gives a meeting's body and date
  std::string to_date;
};

// A security marking and the line it stands on.
struct MarkingAt {
  std::string value;
  std::string source;  // cover | inline | header
  int page = 1;
  int line = -1;       // -1 for a cover sheet's Security field
};

struct DocContext {
  DocContext(const RuleSet& r, std::vector<Line> l)
      : rules(r), lines(std::move(l)), used(lines.size(), 0), matched_(lines.size(), 0) {}

  const RuleSet& rules;
  std::vector<Line> lines;  // their text is fixed once the context is made (Matches keeps answers)
  DocHints hints;    // metadata: dates for a heading without one
  std::vector<char> used;  // taken by an attendance list, a cover sheet or a header

  std::vector<Meeting> meetings;
  std::vector<std::pair<int, int>> opens;  // (line, meeting): headers, a repeated one continues its meeting
  std::vector<int> meeting_of;   // per line: index into meetings, -1 when none
  int pack = -1;                 // the agenda meeting a pack's reports belong to

  std::vector<CoverSheet> sheets;
  std::vector<int> withheld;     // lines reading "Document is Restricted"

  std::vector<MarkingAt> markings;

  std::vector<int> item_of;      // per line: the line of the agenda/minutes item it is under, -1 none

  std::vector<Attendee> attendees;
  std::vector<std::pair<std::string, std::string>> aliases;  // initials in an attendance table -> person
  // Offices the lists give a person: "(Parish Clerk)", "- Chairman",
  // "Director of Services (Mr B Kennedy)"; lower case, for owners given by office.
  std::vector<std::pair<std::string, std::string>> offices;
  PersonPool people;  // full names the document gives (lists, authors, e-mails)

  // Index of the next line at or after i that is neither blank nor noise; size() if none.
  int NextContent(int i) const;
  // Where text that runs on from line `last` would continue: the next content
  // line, and whether a page break (page furniture or a new page) or a plain
  // blank-line gap lies before it.
  struct RunOn {
    int line;
    bool page_break;
    bool gap;  // blank lines, no page break: a new paragraph
  };
  RunOn NextRunOn(int last) const;
  int PrevContent(int i) const;  // -1 if none
  const std::string& text(int i) const { return lines[static_cast<size_t>(i)].text; }
  int size() const { return static_cast<int>(lines.size()); }
  // Date of the meeting line i belongs to, "" if none.
  std::string MeetingDate(int i) const;
  int MeetingAt(int i) const { return i >= 0 && i < size() ? meeting_of[static_cast<size_t>(i)] : -1; }
  bool IsHeading(int i) const;  // a numbered or "Item N" heading
  // Whether a rule of `group` matches line i: rules.First(group, text(i)),
  // asked of RE2 once per line for the first 32 groups asked about.
  // The passes ask the same of the same lines: on the corpus, 57,000 group
  // matches were 36,000 different questions (the heading rules six times a
  // line, the restriction rules twice). Two bits a group a line keep the
  // answers: 8 bytes a line, not the hits. A context is one document's, on
  // one thread: the answers are kept without a lock.
  bool Matches(std::string_view group, int i) const;
  // rules.First(group, text(i)), run only where Matches says it finds one.
  std::optional<Hit> FirstOn(std::string_view group, int i) const {
    return Matches(group, i) ? rules.First(group, text(i)) : std::nullopt;
  }
  // A heading's title; for a number alone on its line ("270."), the next line.
  std::string HeadingTitle(int i) const;

 private:
  static constexpr int kMemoGroups = 32;  // two bits each in matched_'s words
  // Per line, two bits per memoised group: 0 not asked, 1 no, 2 yes.
  mutable std::vector<std::uint64_t> matched_;
  // The memoised groups, by the address of their rule list (rules.group(),
  // stable for the RuleSet's life), in slot order.
  mutable std::vector<const void*> memo_groups_;
};

// Title-like text: a few words, mostly capitalised, no digits ("Community
// Safety Partnership Board", "CABINET").
bool TitleLike(std::string_view s);
// "CORPORATE PARENTING PANEL" -> "Corporate Parenting Panel"; other text unchanged.
std::string TidyBody(std::string_view s);
// True for a line ending a sentence ("...data." but not "Cllrs.").
bool EndsSentence(std::string_view s);

// Opens a meeting at a line (a repeated date and kind continues the first).
void AddMeeting(DocContext& doc, int line, const std::string& date, const std::string& kind, const std::string& body,
                const std::string& venue);

// Passes, in the order Process runs them.
void MarkNoise(DocContext& doc);
void FindMeetings(DocContext& doc);
void FindCoverSheets(DocContext& doc);
void AssignMeetings(DocContext& doc);  // also fills item_of
void FindAttendees(DocContext& doc);
std::vector<Action> FindActions(DocContext& doc);
void FindMarkings(DocContext& doc);  // may also give a cover sheet its Security
std::vector<Restricted> FindRestricted(DocContext& doc);

// Owner resolution: the meeting's attendees first, then the document's people.
// Returns the canonical name, or "" when the reference stays as written.
std::string ResolvePerson(const DocContext& doc, int meeting, std::string_view written);

}  // namespace minutebook::extract::internal

#endif  // MINUTEBOOK_EXTRACT_INTERNAL_DOC_H_
