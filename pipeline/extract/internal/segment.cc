// Meeting segmentation: which lines open a meeting, its date, kind, body and
// venue, and which meeting every line belongs to.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>

#include "extract/internal/doc.h"
#include "extract/internal/names.h"

namespace minutebook::extract::internal {
namespace {

int MonthNumber(std::string_view m) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  if (!m.empty() && std::isdigit(static_cast<unsigned char>(m[0]))) {
    int v = std::atoi(std::string(m).c_str());
    return v >= 1 && v <= 12 ? v : 0;
  }
  std::string l = ToLower(m.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (l == kMonths[i]) return i + 1;
  }
  return 0;
}

// A weekday that does not fall on the date written is most often last
// year's number carried into January ("MONDAY 9th JANUARY 2011" in minutes
// of 2012): the year next to it on which that weekday falls is taken. With
// no such year, or no weekday, the year stays as written.
int YearMatchingWeekday(int year, int month, int day, std::string_view weekday) {
  if (weekday.size() < 3) return year;
  static const char* const kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  const std::string w = ToLower(weekday.substr(0, 3));
  unsigned want = 7;
  for (unsigned k = 0; k < 7; ++k) {
    if (w == kDays[k]) want = k;
  }
  auto falls_on = [&](int y) {
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    return ymd.ok() && std::chrono::weekday{std::chrono::sys_days{ymd}}.c_encoding() == want;
  };
  if (want == 7 || falls_on(year)) return year;
  if (falls_on(year + 1)) return year + 1;
  if (falls_on(year - 1)) return year - 1;
  return year;
}

bool SmallWord(std::string_view w) {
  static const char* const kSmall[] = {"of", "and", "the", "for", "on", "at", "in", "to", "&", "-", "a", "an", "with"};
  std::string l = ToLower(w);
  for (const char* s : kSmall) {
    if (l == s) return true;
  }
  return false;
}

// A line shaped like a meeting header: a full date led by nothing but a
// weekday, or after a title ("Elmstead Parish Council - 16th January 2018").
struct Shape {
  DateHit date;
  std::string prefix;  // title before the date, ordinal "11th meeting" removed
  std::string suffix;  // time and venue after it
};

std::optional<Shape> HeaderShape(const DocContext& doc, int i) {
  const std::string& t = doc.text(i);
  auto dates = FindDates(doc.rules, t, "full");
  if (dates.empty()) return std::nullopt;
  Shape s{dates.front(), t.substr(0, dates.front().begin), t.substr(dates.front().end)};
  if (auto o = doc.rules.First("mtg_ordinal", s.prefix)) s.prefix = s.prefix.substr(0, o->begin) + " " + s.prefix.substr(o->end);
  s.prefix = Trim(s.prefix);
  while (!s.prefix.empty() && (s.prefix.back() == '-' || s.prefix.back() == ',' || s.prefix.back() == ' ')) s.prefix.pop_back();
  bool header = s.prefix.empty() ? (s.suffix.empty() || s.suffix[0] == ',' || s.suffix[0] == ' ')
                                 : (s.prefix.back() != ':' && TitleLike(s.prefix));
  if (!header) return std::nullopt;
  return s;
}

// An attendance label with people after it (an agenda's "1. Apologies" item is not one).
bool AttendanceList(const DocContext& doc, int j) {
  auto label = doc.FirstOn("att_label", j);
  if (!label) return doc.Matches("att_prose", j);
  std::string value = Trim(label->Get("value"));
  if (!value.empty()) return StartsWithPerson(doc.rules, value);
  int k = doc.NextContent(j + 1);
  return k < doc.size() && StartsWithPerson(doc.rules, doc.text(k));
}

struct Header {
  std::string date;
  std::string kind;
  std::string body;
  std::string venue;
};

// The kind a header's neighbourhood gives: markers just above, then
// attendance lists or markers below.
std::string KindFromContext(const DocContext& doc, int i) {
  int back = i;
  for (int n = 0; n < 3; ++n) {
    back = doc.PrevContent(back);
    if (back < 0) break;
    if (auto m = doc.rules.First("mtg_marker", doc.text(back))) return m->Get("kind");
  }
  std::string agenda;
  int j = i;
  for (int n = 0; n < 16; ++n) {
    j = doc.NextContent(j + 1);
    if (j >= doc.size()) break;
    const std::string& t = doc.text(j);
    if (n > 0 && (doc.rules.First("mtg_datetime", t) || HeaderShape(doc, j))) break;  // the next meeting's header
    if (AttendanceList(doc, j)) return "minutes";
    if (auto m = doc.rules.First("mtg_marker", t)) {
      if (m->Get("kind") == "minutes") return "minutes";
      if (agenda.empty()) agenda = m->Get("kind");
    }
  }
  return agenda;
}

// Venue from what follows a date: ", 10.00-13.00, Town Hall, Elmstead": the
// parts after the last one giving a time.
std::string VenueFromSuffix(std::string_view suffix) {
  std::string venue;
  for (const auto& part : SplitList(suffix)) {
    std::string p = Trim(part);
    if (p.find_first_of("0123456789") != std::string::npos) {
      venue.clear();
      continue;
    }
    if (ToLower(p).rfind("at ", 0) == 0) p = Trim(p.substr(3));
    if (!p.empty()) venue += (venue.empty() ? "" : ", ") + p;
  }
  return venue;
}

bool InNextMeetingContext(const DocContext& doc, int i, std::string_view prefix) {
  if (doc.rules.First("mtg_next", prefix)) return true;
  int back = i;
  for (int n = 0; n < 3; ++n) {
    back = doc.PrevContent(back);
    if (back < 0) return false;
    if (doc.rules.First("mtg_next", doc.text(back))) return true;
    if (doc.IsHeading(back)) return false;
  }
  return false;
}

void AddHeader(DocContext& doc, int line, const Header& h) {
  for (size_t m = 0; m < doc.meetings.size(); ++m) {
    Meeting& old = doc.meetings[m];
    if (old.date == h.date && old.kind == h.kind) {  // a repeated header continues the meeting
      if (old.venue.empty()) old.venue = Trim(h.venue);
      if (old.body.empty()) old.body = TidyBody(h.body);
      doc.opens.emplace_back(line, static_cast<int>(m));
      return;
    }
  }
  Meeting m;
  m.date = h.date;
  m.kind = h.kind;
  m.body = TidyBody(h.body);
  m.venue = Trim(h.venue);
  m.page = doc.lines[static_cast<size_t>(line)].page;
  doc.meetings.push_back(m);
  doc.opens.emplace_back(line, static_cast<int>(doc.meetings.size()) - 1);
}

// A body's name on the line above a header: a title, not a marker ("AGENDA").
std::string BodyAbove(const DocContext& doc, int i) {
  int p = doc.PrevContent(i);
  if (p < 0 || !TitleLike(doc.text(p)) || doc.rules.First("mtg_marker", doc.text(p))) return "";
  return doc.text(p);
}

std::string FirstFullDate(const RuleSet& rules, std::string_view text) {
  auto dates = FindDates(rules, text, "full");
  return dates.empty() ? std::string() : dates.front().iso;
}

// Venue from a "Venue:" label or a "held their meeting ... at the X" sentence
// in the few lines after a header.
std::string VenueNear(const DocContext& doc, int i) {
  int j = i;
  for (int n = 0; n < 4; ++n) {
    j = doc.NextContent(j + 1);
    if (j >= doc.size()) break;
    std::string t = doc.text(j);
    if (auto v = doc.rules.First("mtg_venue", t)) return v->Get("venue");
    int k = doc.NextContent(j + 1);
    if (!t.empty() && t.back() == ',' && k < doc.size()) t += " " + doc.text(k);
    if (auto v = doc.rules.First("mtg_held", t)) return v->Get("venue");
  }
  return "";
}

// Item headings follow each other in number (1, 2, 3 ...); a "1." inside an
// item starts a numbered list, whose entries are not items.
void FindItems(DocContext& doc) {
  doc.item_of.assign(doc.lines.size(), -1);
  int meeting = -2;
  int current = 0;    // number of the current item
  int list_next = 0;  // next number of a list inside the item, 0 when none
  int item_line = -1;
  for (int i = 0; i < doc.size(); ++i) {
    if (doc.MeetingAt(i) != meeting) {
      meeting = doc.MeetingAt(i);
      current = 0;
      list_next = 0;
      item_line = -1;
    }
    const Line& l = doc.lines[static_cast<size_t>(i)];
    if (!l.blank() && !l.bullet) {
      auto h = doc.rules.First("heading", l.text);
      std::string num = h ? h->Get("num") : "";
      if (!num.empty() && num.find('.') != std::string::npos) {
        // "18.01.8 Finance": minute numbers; a short title, not a sentence.
        std::string title = h->Get("title");
        if (WordCount(title) <= 6 && !EndsSentence(title)) {
          item_line = i;
          list_next = 0;
        }
      } else if (!num.empty()) {
        int n = std::atoi(num.c_str());
        if (list_next > 0 && n == list_next) {
          ++list_next;
        } else if (n == current + 1 || (current == 0 && n > 0)) {
          current = n;
          list_next = 0;
          item_line = i;
        } else if (n == 1) {
          list_next = 2;
        }
      }
    }
    doc.item_of[static_cast<size_t>(i)] = item_line;
  }
}

// No header says the kind: a header-shaped date near the top opens the
// meeting when the paper as a whole shows what it is (actions, decisions,
// "RESOLVED that ..." for minutes; an agenda marker for an agenda).
// A file holding a meeting's summons and then its minutes: "Final Minutes."
// further down, with no date of its own, opens the minutes of that meeting.
void OpenMinutesOfAgenda(DocContext& doc, int i, const Header& agenda) {
  for (int j = doc.NextContent(i + 1); j < doc.size(); j = doc.NextContent(j + 1)) {
    auto m = doc.rules.First("mtg_marker", doc.text(j));
    if (m && m->Get("kind") == "minutes" && FindDates(doc.rules, doc.text(j), "full").empty()) {
      AddHeader(doc, j, Header{agenda.date, "minutes", agenda.body, agenda.venue});
      doc.used[static_cast<size_t>(j)] = 1;
      return;
    }
  }
}

// What follows a header says it convenes a meeting: a summons ("Councillors
// are summoned to a meeting"), or a run of numbered items with no
// attendance list before them.
bool ConvenesMeeting(const DocContext& doc, int i) {
  if (doc.rules.First("mtg_agenda_evidence", doc.text(i))) return true;
  int items = 0;
  int j = i;
  for (int n = 0; n < 16; ++n) {
    j = doc.NextContent(j + 1);
    if (j >= doc.size()) break;
    if (doc.rules.First("mtg_agenda_evidence", doc.text(j))) return true;
    if (AttendanceList(doc, j)) return false;
    if (doc.IsHeading(j)) ++items;
  }
  return items >= 3;
}

void FallbackMeeting(DocContext& doc) {
  const RuleSet& rules = doc.rules;
  std::string kind;
  for (int i = 0; i < doc.size() && kind != "minutes"; ++i) {
    const std::string& t = doc.text(i);
    if (t.empty()) continue;
    auto marker = rules.First("mtg_marker", t);
    if (rules.First("act_lead", t) || rules.First("act_section", t) || rules.First("mtg_evidence", t) ||
        (marker && marker->Get("kind") == "minutes"))
      kind = "minutes";
    else if (marker && kind.empty())
      kind = marker->Get("kind");
  }
  int i = doc.NextContent(0);
  for (int n = 0; n < 12 && i < doc.size(); ++n, i = doc.NextContent(i + 1)) {
    if (doc.lines[static_cast<size_t>(i)].bullet) continue;
    auto shape = HeaderShape(doc, i);
    if (!shape || InNextMeetingContext(doc, i, doc.text(i).substr(0, shape->date.begin))) continue;
    // A header that convenes the meeting is an agenda's, even in a file
    // that goes on to carry the minutes of the same meeting.
    const bool convenes = ConvenesMeeting(doc, i);
    if (kind.empty() && !convenes) return;
    std::string body = shape->prefix;
    if (body.empty() || rules.First("mtg_generic", body)) body = BodyAbove(doc, i);
    AddHeader(doc, i, Header{shape->date.iso, convenes ? "agenda" : kind, body, VenueFromSuffix(shape->suffix)});
    if (convenes) OpenMinutesOfAgenda(doc, i, Header{shape->date.iso, "agenda", body, ""});
    return;
  }
  if (kind.empty()) return;
  // No date in the text at all: the metadata's (a PDF's title, front matter's
  // "start", the file's name), for a paper that shows it is minutes or an agenda.
  std::string date;
  for (const auto& title : doc.hints.titles) {
    if (date.empty()) date = FirstFullDate(rules, title);
  }
  if (date.empty() && !doc.hints.dates.empty()) date = doc.hints.dates.front();
  if (date.empty()) date = doc.hints.file_date;
  i = doc.NextContent(0);
  if (date.empty() || i >= doc.size()) return;
  std::string body = doc.hints.titles.empty() ? doc.text(i) : doc.hints.titles.front();
  if (!TitleLike(body)) body.clear();
  AddHeader(doc, i, Header{date, kind, body, ""});
}

}  // namespace

void AddMeeting(DocContext& doc, int line, const std::string& date, const std::string& kind, const std::string& body,
                const std::string& venue) {
  AddHeader(doc, line, Header{date, kind, body, venue});
}

std::vector<DateHit> FindDates(const RuleSet& rules, std::string_view text, std::string_view form_filter, int year_hint) {
  std::vector<DateHit> out;
  for (const Hit& h : rules.FindAll("date", text)) {
    DateHit d;
    d.form = h.Get("form");
    if (form_filter.empty() ? d.form == "day_month" : d.form != form_filter) continue;
    int month = MonthNumber(h.Get("month"));
    int year = d.form == "day_month" ? year_hint : std::atoi(h.Get("year").c_str());
    if (month == 0 || year == 0) continue;
    char buf[16];
    if (d.form == "month") {
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    } else {
      int day = std::atoi(h.Get("day").c_str());
      if (day < 1 || day > 31) continue;
      year = YearMatchingWeekday(year, month, day, h.Get("weekday"));
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    }
    d.iso = buf;
    d.begin = h.begin;
    d.end = h.end;
    out.push_back(d);
  }
  return out;
}

bool TitleLike(std::string_view s) {
  std::vector<std::string> words = Words(s);
  if (words.empty() || words.size() > 12) return false;
  if (s.find_first_of("0123456789@:") != std::string_view::npos) return false;
  int caps = 0;
  int counted = 0;
  for (const auto& w : words) {
    if (SmallWord(w)) continue;
    ++counted;
    if (StartsWithUpper(w)) ++caps;
  }
  return counted > 0 && caps * 10 >= counted * 7;
}

std::string TidyBody(std::string_view s) {
  std::string t = Trim(s);
  while (!t.empty() && (t.back() == '-' || t.back() == ',' || t.back() == ':' || t.back() == ' ')) t.pop_back();
  bool has_lower = std::any_of(t.begin(), t.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
  if (has_lower || t.size() <= 4) return t;
  std::string out;
  bool start = true;
  std::vector<std::string> words = Words(t);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = ToLower(words[i]);
    if (!(i > 0 && SmallWord(w)) && !w.empty()) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    out += (start ? "" : " ") + w;
    start = false;
  }
  return out;
}

bool EndsSentence(std::string_view s) {
  s = TrimView(s);
  if (s.empty()) return false;
  char c = s.back();
  if (c == '!' || c == '?') return true;
  if (c != '.') return false;
  // "Cllrs." / "Mr." / "J." are abbreviations, not sentence ends.
  size_t sp = s.find_last_of(" \t(");
  std::string last = ToLower(s.substr(sp == std::string_view::npos ? 0 : sp + 1));
  last.pop_back();
  static const char* const kAbbrev[] = {"cllr", "cllrs", "mr", "mrs", "ms", "dr", "st", "no", "prof", "rev", "cc", "c.c"};
  for (const char* a : kAbbrev) {
    if (last == a) return false;
  }
  return last.size() != 1;
}

int DocContext::NextContent(int i) const {
  while (i < size() && (lines[static_cast<size_t>(i)].blank() || lines[static_cast<size_t>(i)].noise)) ++i;
  return i;
}

DocContext::RunOn DocContext::NextRunOn(int last) const {
  RunOn r{last + 1, false, false};
  bool blank = false;
  while (r.line < size() && (lines[static_cast<size_t>(r.line)].blank() || lines[static_cast<size_t>(r.line)].noise)) {
    if (lines[static_cast<size_t>(r.line)].noise) r.page_break = true;
    blank = true;
    ++r.line;
  }
  if (last >= 0 && r.line < size() && lines[static_cast<size_t>(r.line)].page != lines[static_cast<size_t>(last)].page) r.page_break = true;
  r.gap = blank && !r.page_break;
  return r;
}

int DocContext::PrevContent(int i) const {
  --i;
  while (i >= 0 && (lines[static_cast<size_t>(i)].blank() || lines[static_cast<size_t>(i)].noise)) --i;
  return i;
}

std::string DocContext::MeetingDate(int i) const {
  int m = MeetingAt(i);
  return m < 0 ? std::string() : meetings[static_cast<size_t>(m)].date;
}

bool DocContext::IsHeading(int i) const {
  return i >= 0 && i < size() && !lines[static_cast<size_t>(i)].bullet && Matches("heading", i);
}

bool DocContext::Matches(std::string_view group, int i) const {
  const void* id = &rules.group(group);
  int slot = 0;
  while (slot < static_cast<int>(memo_groups_.size()) && memo_groups_[static_cast<size_t>(slot)] != id) ++slot;
  if (slot == static_cast<int>(memo_groups_.size())) {
    if (slot == kMemoGroups) return rules.First(group, text(i)).has_value();
    memo_groups_.push_back(id);
  }
  std::uint64_t& bits = matched_[static_cast<size_t>(i)];
  const int shift = 2 * slot;
  const std::uint64_t known = (bits >> shift) & 3u;
  if (known != 0) return known == 2;
  const bool match = rules.First(group, text(i)).has_value();
  bits |= std::uint64_t{match ? 2u : 1u} << shift;
  return match;
}

std::string DocContext::HeadingTitle(int i) const {
  auto h = FirstOn("heading", i);
  if (!h) return text(i);
  std::string title = Trim(h->Get("title"));
  if (title.empty()) {
    int k = NextContent(i + 1);
    if (k < size() && !IsHeading(k)) title = text(k);
  }
  return title;
}

void MarkNoise(DocContext& doc) {
  for (Line& l : doc.lines) {
    if (!l.blank() && doc.rules.First("noise", l.text)) l.noise = true;
  }
}

namespace {

// "Community Safety PartnershipDate and Time: Wednesday, 7 December 2022 ...Venue: X",
// the date possibly wrapped onto the next lines.
bool DateTimeHeader(DocContext& doc, int i) {
  const RuleSet& rules = doc.rules;
  auto h = rules.First("mtg_datetime", doc.text(i));
  if (!h) return false;
  std::string date = FirstFullDate(rules, h->Get("when"));
  std::string joined = doc.text(i);
  for (int j = i, n = 0; date.empty() && n < 2; ++n) {
    j = doc.NextContent(j + 1);
    if (j >= doc.size()) break;
    joined += " " + doc.text(j);
    h = rules.First("mtg_datetime", joined);
    if (h) date = FirstFullDate(rules, h->Get("when"));
  }
  if (date.empty()) return false;
  Header hd{date, KindFromContext(doc, i), h->Get("body"), h->Get("venue")};
  if (hd.kind.empty()) hd.kind = "agenda";
  if (hd.body.empty()) hd.body = BodyAbove(doc, i);
  if (hd.venue.empty()) hd.venue = VenueNear(doc, i);
  AddHeader(doc, i, hd);
  return true;
}

// "Date: Wednesday, 6 December 2023" with "Time:" or "Venue:" just below
// (a cover sheet's Date has Author, Contact ... below instead).
bool DateBlockHeader(DocContext& doc, int i) {
  const RuleSet& rules = doc.rules;
  auto h = rules.First("mtg_date_label", doc.text(i));
  if (!h) return false;
  std::string date = FirstFullDate(rules, h->Get("when"));
  if (date.empty()) return false;
  bool block = false;
  std::string venue;
  for (int j = i, n = 0; n < 3; ++n) {
    j = doc.NextContent(j + 1);
    if (j >= doc.size()) break;
    const std::string& t = doc.text(j);
    bool time = rules.First("mtg_time_label", t).has_value();
    auto v = rules.First("mtg_venue", t);
    if (!time && !v && rules.First("rep_field", t)) break;
    if (v) venue = v->Get("venue");
    block = block || time || v;
  }
  if (!block) return false;
  Header hd{date, KindFromContext(doc, i), BodyAbove(doc, i), venue};
  if (hd.kind.empty()) hd.kind = "agenda";
  AddHeader(doc, i, hd);
  return true;
}

// "MINUTES of a meeting of BODY held in VENUE on DATE." over up to five lines.
// Without a date the sentence still gives the venue of the header just above.
bool MinutesOfHeader(DocContext& doc, int i) {
  const RuleSet& rules = doc.rules;
  if (!doc.Matches("mtg_marker", i)) return false;
  std::string sentence = doc.text(i);
  int j = i;
  while (!EndsSentence(sentence) && j - i < 4) {
    int k = doc.NextContent(j + 1);
    // A heading without a full stop must not swallow the list below it.
    if (k >= doc.size() || doc.IsHeading(k) || doc.Matches("att_label", k)) break;
    sentence += " " + doc.text(k);
    j = k;
  }
  auto s = rules.First("mtg_minutes_of", sentence);
  if (!s) return false;
  std::string date = FirstFullDate(rules, s->Get("when"));
  if (date.empty()) {
    if (!doc.opens.empty() && i - doc.opens.back().first <= 3) {
      Meeting& last = doc.meetings[static_cast<size_t>(doc.opens.back().second)];
      if (last.venue.empty()) last.venue = Trim(s->Get("venue"));
    }
    return false;
  }
  std::string body = s->Get("body");
  AddHeader(doc, i, Header{date, "minutes", body.empty() ? BodyAbove(doc, i) : body, s->Get("venue")});
  for (int k = i + 1; k <= j; ++k) doc.used[static_cast<size_t>(k)] = 1;
  return true;
}

// A title and a date ("Elmstead Parish Council - 16th January 2018"), or a
// date under a title, whose neighbourhood says agenda or minutes.
bool ShapedHeader(DocContext& doc, int i) {
  const RuleSet& rules = doc.rules;
  auto shape = HeaderShape(doc, i);
  if (!shape || InNextMeetingContext(doc, i, doc.text(i).substr(0, shape->date.begin))) return false;
  std::string kind = KindFromContext(doc, i);
  // A summons on the header's own line makes it an agenda's, whatever follows.
  const bool summons = rules.First("mtg_agenda_evidence", doc.text(i)).has_value();
  if (summons) kind = "agenda";
  if (kind.empty()) return false;
  Header hd{shape->date.iso, kind, shape->prefix, VenueFromSuffix(shape->suffix)};
  if (hd.body.empty() || rules.First("mtg_generic", hd.body)) hd.body = BodyAbove(doc, i);
  if (hd.venue.empty()) hd.venue = VenueNear(doc, i);
  AddHeader(doc, i, hd);
  if (summons) OpenMinutesOfAgenda(doc, i, hd);
  return true;
}

// The year a heading without one is taken to be in: from the metadata's
// dates (PDF title, front matter, file name), 0 when none gives one.
int HintYear(const DocContext& doc) {
  for (const auto& title : doc.hints.titles) {
    std::string iso = FirstFullDate(doc.rules, title);
    if (!iso.empty()) return std::atoi(iso.c_str());
  }
  if (!doc.hints.dates.empty()) return std::atoi(doc.hints.dates.front().c_str());
  if (!doc.hints.file_date.empty()) return std::atoi(doc.hints.file_date.c_str());
  return 0;
}

// The minutes' opening statement at the top of a page, however it is broken
// over lines: "ELMSTEAD PARISH COUNCIL Draft Minutes of the Ordinary
// Meeting held on Wednesday 6 March 2019 at 7.00pm in ...", or "MINUTES OF
// PROCEEDINGS AT SPECIAL MEETING ... HELD IN ... ON TUESDAY, 5TH / SEPTEMBER,
// 2017" over four lines, or one word a line. A date without a year takes
// the metadata's.
bool TitleBlockHeader(DocContext& doc, int i) {
  const RuleSet& rules = doc.rules;
  auto open = rules.First("mtg_title_open", doc.text(i));
  if (!open) return false;
  std::string_view before = TrimView(std::string_view(doc.text(i)).substr(0, open->begin));
  if (!before.empty() && !TitleLike(before)) return false;  // "... that the minutes of the meeting held on"
  // Near the top of its page: a title, not a reference in the text.
  int above = 0;
  for (int k = doc.PrevContent(i); k >= 0 && doc.lines[static_cast<size_t>(k)].page == doc.lines[static_cast<size_t>(i)].page;
       k = doc.PrevContent(k)) {
    if (++above > 8 || doc.IsHeading(k) || doc.Matches("att_label", k)) return false;
  }
  const int year = HintYear(doc);
  std::string block = doc.text(i);
  int last = i;
  std::vector<DateHit> dates;
  for (int n = 0;; ++n) {
    dates = FindDates(rules, block, "full");
    if (dates.empty() && year > 0) dates = FindDates(rules, block, "day_month", year);
    if (!dates.empty() || n >= 24 || WordCount(block) > 90) break;
    int k = doc.NextContent(last + 1);
    if (k >= doc.size() || doc.IsHeading(k) || doc.Matches("att_label", k) || doc.Matches("mtg_next", k))
      break;
    block += " " + doc.text(k);
    last = k;
  }
  auto title = rules.First("mtg_title_block", block);
  if (dates.empty() || !title || dates.front().begin < title->begin) return false;
  std::string body = Trim(title->Get("body"));
  if (body.empty()) body = Trim(title->Get("mid"));
  if (body.empty() || rules.First("mtg_generic", body)) body = Trim(title->Get("pre"));
  std::string venue = Trim(title->Get("venue"));
  AddHeader(doc, i, Header{dates.front().iso, "minutes", body, venue});
  for (int k = i; k <= last; ++k) doc.used[static_cast<size_t>(k)] = 1;
  return true;
}

}  // namespace

void FindMeetings(DocContext& doc) {
  for (int i = 0; i < doc.size(); ++i) {
    const Line& line = doc.lines[static_cast<size_t>(i)];
    if (line.blank() || line.noise || line.bullet || doc.used[static_cast<size_t>(i)]) continue;
    if (DateTimeHeader(doc, i) || DateBlockHeader(doc, i) || MinutesOfHeader(doc, i) || ShapedHeader(doc, i) ||
        TitleBlockHeader(doc, i))
      doc.used[static_cast<size_t>(i)] = 1;
  }
  if (doc.meetings.empty()) FallbackMeeting(doc);
}

void AssignMeetings(DocContext& doc) {
  std::vector<std::pair<int, int>> opens = doc.opens;
  std::sort(opens.begin(), opens.end());
  doc.pack = -1;
  for (size_t m = 0; m < doc.meetings.size(); ++m) {
    if (doc.meetings[m].kind == "agenda") {
      doc.pack = static_cast<int>(m);
      break;
    }
  }
  // Pack material (cover sheets, withheld pages) ends a minutes section.
  std::vector<char> pack_break(doc.lines.size(), 0);
  for (const auto& s : doc.sheets) pack_break[static_cast<size_t>(s.first)] = 1;
  for (int w : doc.withheld) pack_break[static_cast<size_t>(w)] = 1;

  doc.meeting_of.assign(doc.lines.size(), -1);
  int current = opens.empty() ? -1 : opens.front().second;  // lines before the first header
  size_t next_open = 0;
  for (int i = 0; i < doc.size(); ++i) {
    while (next_open < opens.size() && opens[next_open].first == i) current = opens[next_open++].second;
    if (pack_break[static_cast<size_t>(i)] && doc.pack >= 0 && current >= 0 &&
        doc.meetings[static_cast<size_t>(current)].kind == "minutes")
      current = doc.pack;
    doc.meeting_of[static_cast<size_t>(i)] = current;
  }
  FindItems(doc);
}

}  // namespace minutebook::extract::internal
