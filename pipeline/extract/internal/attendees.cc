// Attendance lists: "Members Present:", "Apologies:", "In attendance:" and
// friends, inline or one person per line, wrapped over lines and pages;
// apologies reported in a sentence; the chair named in a sentence.
#include <algorithm>
#include <cctype>

#include "extract/internal/doc.h"
#include "extract/internal/names.h"

namespace minutebook::extract::internal {
namespace {

bool EndsWithJoiner(std::string_view s) {
  s = TrimView(s);
  return !s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == '&' || s.back() == '/' ||
                        (s.size() >= 4 && ToLower(s.substr(s.size() - 4)) == " and") || OpenParens(s) > 0);
}

int TopLevelCommas(std::string_view s) {
  int depth = 0;
  int commas = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if ((c == ',' || c == ';') && depth == 0) ++commas;
  }
  return commas;
}

bool LabelLike(std::string_view t) {
  // "Discussion Summary:", "Ex Officio:" at the start of a line.
  size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 32) return false;
  std::string_view head = t.substr(0, colon);
  return std::all_of(head.begin(), head.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == ' '; });
}

bool ShoutedHeading(std::string_view t) {
  bool letters = false;
  for (char c : t) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isalpha(static_cast<unsigned char>(c))) letters = true;
  }
  return letters && t.find(',') == std::string_view::npos && t.find('(') == std::string_view::npos;
}

// A line that cannot be part of an attendance list.
bool EndsList(const DocContext& doc, int j) {
  const std::string& t = doc.text(j);
  return doc.used[static_cast<size_t>(j)] || doc.IsHeading(j) || LabelLike(t) || doc.Matches("att_label", j) ||
         doc.Matches("att_prose", j) || doc.Matches("mtg_next", j) || doc.Matches("mtg_marker", j) ||
         ShoutedHeading(t);
}

struct Entry {
  PersonName name;
  std::string initials;  // "(AHop)" after the name: how the minutes refer to the person
  std::vector<std::string> offices;  // "(Parish Clerk)", "- Chairman", the office before "(Mr B Kennedy)"
  bool chair = false;
  bool minute_taker = false;
  std::vector<std::string> substitutes;  // people who came in this person's place
};

// "SG", "AHop", "DHO": two to four letters, the first and at least one more a capital.
bool IsInitials(std::string_view s) {
  if (s.size() < 2 || s.size() > 4 || !std::isupper(static_cast<unsigned char>(s[0]))) return false;
  int upper = 0;
  for (char c : s) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
  }
  return upper >= 2;
}

// Marks in a parenthesis or after a dash: "(Chair)", "- Chair", "(NOTE TAKER)", "(for X)".
void ApplyMark(const RuleSet& rules, std::string_view text, Entry& e) {
  auto m = rules.First("att_mark", Trim(text));
  if (!m) return;
  std::string mark = m->Get("mark");
  if (mark == "chair") e.chair = true;
  if (mark == "minute_taker") e.minute_taker = true;
  if (mark == "substituted_by") e.substitutes.push_back(m->Has("other") ? m->Get("other") : m->Get("other2"));
}

// "Mrs Cairn together with 5 members of the public": what follows is not a name.
std::string_view CutCrowd(std::string_view list) {
  const std::string lower = ToLower(list);
  for (std::string_view tail : {" together with ", " along with ", " plus "}) {
    size_t at = lower.find(tail);
    if (at != std::string::npos) list = list.substr(0, at);
  }
  return list;
}

// "Cllr Jim McNeill (Vice-Chair) Cllr Daphne Clements Cllr Kit Hesketh-Harvey":
// a list written without commas is split before each title that follows a
// word and comes before a capitalised word; "Borough Councillor Mr. C
// Sampson" splits too, and only the part that is a name survives.
std::vector<std::string> SplitAtTitles(const RuleSet& rules, const std::string& seg) {
  std::vector<std::string> out;
  size_t piece = 0;
  for (size_t p = seg.find(' '); p != std::string::npos; p = seg.find(' ', p + 1)) {
    const size_t word = p + 1;
    if (word >= seg.size() || !StartsWithUpper(std::string_view(seg).substr(word))) continue;
    if (OpenParens(std::string_view(seg).substr(piece, word - piece)) > 0) continue;
    auto title = rules.First("title", std::string_view(seg).substr(word));
    if (!title || title->begin != 0 || word + title->end >= seg.size()) continue;
    if (!StartsWithUpper(std::string_view(seg).substr(word + title->end))) continue;
    std::string before = Trim(std::string_view(seg).substr(piece, word - piece));
    if (before.empty()) continue;
    out.push_back(before);
    piece = word;
  }
  out.push_back(Trim(std::string_view(seg).substr(piece)));
  return out;
}

std::vector<Entry> ParseEntries(const RuleSet& rules, std::string_view list) {
  std::vector<Entry> out;
  list = CutCrowd(list);
  // "Councillors Carey, Mitchell, E. Ryan and Teefy": the plural title is
  // every entry's, so that a surname alone is read as a person.
  std::string shared_title;
  if (auto t = rules.First("title", list); t && t->begin == 0) {
    std::string lower = ToLower(Trim(t->Get("title")));
    if (lower == "councillors" || lower == "cllrs" || lower == "cllrs.") shared_title = "Cllr ";
  }
  std::vector<std::string> segments;
  for (const std::string& seg : SplitList(list)) {
    for (std::string& piece : SplitAtTitles(rules, seg)) segments.push_back(std::move(piece));
  }
  for (std::string seg : segments) {
    size_t colon = seg.rfind(':');  // "Ex Officio: Shehla Husain"
    if (colon != std::string::npos) seg = Trim(seg.substr(colon + 1));
    if (!shared_title.empty() && !out.empty()) {
      if (auto t = rules.First("title", seg); !t || t->begin != 0) seg = shared_title + seg;
    }
    std::vector<std::string> contents;
    std::string plain = TakeParentheticals(seg, &contents);
    // "Harry Rayner - MEM", "Kieron O'Hara - Chair": the name is before the dash.
    std::vector<std::string> dash_parts;
    for (size_t at; (at = plain.find(" - ")) != std::string::npos;) {
      dash_parts.push_back(plain.substr(at + 3));
      plain = plain.substr(0, at);
    }
    // "Councillor M Donegan, An Cathaoirleach": a mark of the person before it.
    std::string bare_mark = Trim(plain);
    while (!bare_mark.empty() && (bare_mark.back() == '.' || bare_mark.back() == ';')) bare_mark.pop_back();
    if (!out.empty() && rules.First("att_mark", bare_mark)) {
      ApplyMark(rules, plain, out.back());
      for (const auto& c : contents) {
        if (IsInitials(c) && out.back().initials.empty()) out.back().initials = c;
      }
      continue;
    }
    auto name = ParsePersonName(rules, plain);
    if (!name || !name->titled) {
      // "Director of Services (Mr B Kennedy)", "Senior Engineer, Active
      // Travel (Mr S Lynch)": an office, then the person with a title.
      std::optional<PersonName> inner;
      for (const auto& c : contents) {
        if (auto n = ParsePersonName(rules, c); n && n->titled) {
          inner = n;
          break;
        }
      }
      if (inner) {
        Entry e{*inner};
        e.offices.push_back(plain);
        out.push_back(std::move(e));
        continue;
      }
    }
    if (!name) name = LeadingPersonName(rules, plain);
    if (!name) {
      if (out.empty()) continue;
      // "Mrs T Dean, MBE": an honour belongs to the name before it.
      if (auto h = rules.First("postnominal", " " + plain); h && h->begin == 0) {
        out.back().name.written += ", " + Trim(plain);
        continue;
      }
      // "Deborah Babarinsa, Ministry of Justice (minute taker)", "Stuart Bell, Chair":
      // the marks are the person's, and so are initials ("Ann Hope, Chair (AHop)").
      for (const auto& c : contents) {
        ApplyMark(rules, c, out.back());
        if (IsInitials(c) && out.back().initials.empty()) out.back().initials = c;
      }
      ApplyMark(rules, plain, out.back());
      continue;
    }
    Entry e;
    e.name = *name;
    // "Clerk J Connelly": the office written as the name's title.
    if (auto k = rules.First("known_label", seg); k && !Trim(k->Get("office")).empty()) e.offices.push_back(k->Get("office"));
    for (const auto& c : contents) {
      ApplyMark(rules, c, e);
      if (IsInitials(c)) e.initials = c;
      else e.offices.push_back(c);
    }
    for (const auto& d : dash_parts) {
      e.offices.push_back(d);
      for (const auto& piece : SplitList(d)) ApplyMark(rules, piece, e);
    }
    out.push_back(std::move(e));
  }
  return out;
}

void AddAttendee(DocContext& doc, int meeting, int line, const PersonName& name, const std::string& role,
                 bool chair, bool minute_taker) {
  Attendee a;
  a.meeting_date = meeting >= 0 ? doc.meetings[static_cast<size_t>(meeting)].date : "";
  a.name = name.written;
  a.person = name.bare;
  a.role = role;
  a.chair = chair;
  a.minute_taker = minute_taker;
  a.page = doc.lines[static_cast<size_t>(line)].page;
  std::string key = NameKey(a.person);
  for (Attendee& old : doc.attendees) {
    if (old.meeting_date == a.meeting_date && NameKey(old.person) == key && old.role == a.role) {
      old.chair = old.chair || chair;
      old.minute_taker = old.minute_taker || minute_taker;
      return;
    }
  }
  doc.attendees.push_back(std::move(a));
}

void AddEntries(DocContext& doc, int meeting, int line, const std::string& role, std::string_view list,
                bool chair = false) {
  for (const Entry& e : ParseEntries(doc.rules, list)) {
    if (!e.initials.empty()) doc.aliases.emplace_back(e.initials, e.name.bare);
    for (const auto& office : e.offices) {
      std::string key = ToLower(Trim(office));
      if (!key.empty() && key.find_first_of("0123456789") == std::string::npos) doc.offices.emplace_back(key, e.name.bare);
    }
    AddAttendee(doc, meeting, line, e.name, role, e.chair || chair, e.minute_taker || role == "minute_taker");
    for (const auto& sub : e.substitutes) {
      if (auto n = ParsePersonName(doc.rules, sub)) AddAttendee(doc, meeting, line, *n, "present", false, false);
    }
  }
}

// An attendance table row "Sue Houghton <tab> SH <tab> ...": SH stands for her.
void RecordInitials(DocContext& doc, std::string_view row) {
  auto cells = SplitTabs(row);
  if (cells.size() < 2) return;
  auto name = ParsePersonName(doc.rules, cells[0]);
  if (!name) name = LeadingPersonName(doc.rules, cells[0]);
  if (!name) return;
  for (size_t c = 1; c < cells.size(); ++c) {
    const std::string& cell = cells[c];
    int upper = 0;
    bool letters = !cell.empty() && cell.size() <= 4;
    for (char ch : cell) {
      if (!std::isalpha(static_cast<unsigned char>(ch))) letters = false;
      if (std::isupper(static_cast<unsigned char>(ch))) ++upper;
    }
    if (letters && upper >= 2 && std::isupper(static_cast<unsigned char>(cell[0]))) doc.aliases.emplace_back(cell, name->bare);
  }
}

// An attendance grid: "Dave Horkan (DHO) | Clerk | Apologies: | Peter Agate
// (PAG)", then "Frank Reid (FRE) | Councillor/Chairman | Tom Roberts (TRO)":
// a label in a cell gives the cells right of it its role, in its row and in
// the rows below; another label ("Distribution:") ends that column's list,
// and "Chair: | Frank Reid" marks who chaired.
struct Grid {
  int split_col = -1;      // cells from here on have split_role
  std::string split_role;  // "" for a column that is not attendance
};

void AddGridRow(DocContext& doc, int meeting, int line, const std::string& role, std::string_view row, Grid& grid) {
  const RuleSet& rules = doc.rules;
  std::vector<std::string> cells = SplitTabs(row);
  std::vector<std::pair<std::string, std::string>> groups;  // role -> cells joined
  std::string chair_of;
  for (size_t c = 0; c < cells.size(); ++c) {
    std::string r = grid.split_col >= 0 && static_cast<int>(c) >= grid.split_col ? grid.split_role : role;
    const std::string& cell = cells[c];
    if (cell.empty()) continue;
    if (LabelLike(cell)) {
      auto label = rules.First("att_label", cell);
      auto known = rules.First("known_label", cell);
      // Empty cells do not survive as cells, so the column is the label's own:
      // its value sits there in the rows below.
      grid.split_col = static_cast<int>(c);
      grid.split_role = label ? label->Get("role") : "";
      if (known && known->Get("role") == "chair") {
        chair_of = Trim(known->Get("value"));
        if (chair_of.empty() && c + 1 < cells.size()) chair_of = cells[c + 1];
        grid.split_role.clear();
      }
      std::string value = label ? Trim(label->Get("value")) : "";
      if (!value.empty()) groups.emplace_back(grid.split_role, value);
      continue;
    }
    if (r.empty()) continue;
    if (!groups.empty() && groups.back().first == r) {
      groups.back().second += ", " + cell;
    } else {
      groups.emplace_back(r, cell);
    }
  }
  for (const auto& [r, list] : groups) {
    if (!r.empty()) AddEntries(doc, meeting, line, r, list);
  }
  if (auto name = ParsePersonName(rules, chair_of)) AddAttendee(doc, meeting, line, *name, "present", true, false);
}

bool ListsBelongHere(const DocContext& doc, int meeting) {
  return meeting < 0 || doc.meetings[static_cast<size_t>(meeting)].kind == "minutes";
}

// A labelled list starting at line i; returns the last line it took.
int TakeLabelledList(DocContext& doc, int i, const Hit& label) {
  const RuleSet& rules = doc.rules;
  std::string role = label.Get("role");
  std::string value = Trim(label.Get("value"));
  int meeting = doc.MeetingAt(i);
  const bool chair = label.Get("chair") == "yes";  // "PRESENT IN THE CHAIR:"
  // The role follows the list, not its heading: the meeting's first list is
  // its main attendance list ("In attendance:" where nothing came before).
  if (role == "additional") {
    const std::string date = doc.MeetingDate(i);
    if (std::none_of(doc.attendees.begin(), doc.attendees.end(),
                     [&](const Attendee& a) { return a.meeting_date == date && a.role == "present"; }))
      role = "present";
  }
  int last = i;
  if (value.empty()) {
    // "Members Present:" alone, then a comma list wrapped over lines: read it inline.
    int k = doc.NextContent(i + 1);
    if (k < doc.size() && !EndsList(doc, k) && TopLevelCommas(doc.text(k)) >= 2 &&
        (StartsWithPerson(rules, doc.text(k)) || PersonRow(rules, doc.text(k)) || HasTitledPerson(rules, doc.text(k)))) {
      value = doc.text(k);
      last = k;
    }
  }
  if (!value.empty()) {
    // Inline: the list runs on over wrapped lines, one string.
    std::string list = value;
    while (true) {
      auto next = doc.NextRunOn(last);
      int k = next.line;
      if (k >= doc.size() || EndsList(doc, k)) break;
      const std::string& t = doc.text(k);
      // A paragraph that is itself a list of people goes on with the list
      // ("... (Ms. A. Lenihan)." then "Superintendent O. Kennedy, Inspector B. Manton, ...").
      if ((next.gap && !EndsWithJoiner(list)) || EndsSentence(list)) {
        // Past a blank line (a converter that makes every wrapped line a
        // paragraph) the list goes on only with more people: the rest of a
        // phrase holding a titled person ("... Mid West National" / "Road
        // Design Office (Mr. G. Carey), ..."), a name broken at the line end
        // ("Sergeant D." / "Cummins."), or a row of people.
        if (next.page_break) break;
        const bool mid_phrase = !EndsSentence(list) && list.back() != ';' && list.back() != ')';
        const std::string last_word = Words(list).back();
        auto title = rules.First("title", last_word + " ");
        const bool name_cut = (last_word.size() <= 2 && std::isupper(static_cast<unsigned char>(last_word[0]))) ||
                              (title && title->begin == 0);  // "Sergeant D." / "Cummins."
        if (mid_phrase && (HasTitledPerson(rules, t) || (name_cut && ParsePersonName(rules, last_word + " " + t)))) {
          list += " " + t;
        } else if (PersonRow(rules, t)) {
          list += ", " + t;
        } else {
          break;
        }
        last = k;
        continue;
      }
      // A wrapped list goes on with a person, a parenthesis, "and ...", the rest of a
      // name split at the line end ("Mr D" / "Beaney, ..."), or anything capitalised after a comma.
      bool fits = OpenParens(list) > 0 || t.front() == '(' || StartsWithPerson(rules, t) ||
                  (EndsWithJoiner(list) && StartsWithUpper(t)) || t.rfind("and ", 0) == 0 || t.rfind("& ", 0) == 0 ||
                  (list.back() != ')' && StartsWithUpper(t) && StartsWithPerson(rules, Words(list).back() + " " + t));
      if (!fits) break;
      list += " " + t;
      last = k;
    }
    if (ListsBelongHere(doc, meeting)) AddEntries(doc, meeting, i, role, list, chair);
  } else {
    // One entry per line, except where a line ends with "," or "and".
    std::string unit;
    int unit_line = -1;
    int j = i + 1;
    Grid grid;
    while (j < doc.size()) {
      int k = doc.NextContent(j);
      if (k >= doc.size()) break;
      const std::string& t = doc.text(k);
      if (rules.First("att_table_header", t)) {  // "Name  Initials  Organisation"
        last = k;
        j = k + 1;
        continue;
      }
      if (EndsList(doc, k)) break;
      // An attendance grid of codes: "Cllr A Smith <TAB> P", "... <TAB> A".
      if (auto cells = SplitTabs(t); unit.empty() && cells.size() == 2 && StartsWithPerson(rules, cells[0])) {
        if (auto code = rules.First("att_code", cells[1])) {
          const std::string r = code->Get("role");
          if (r != "absent" && ListsBelongHere(doc, meeting)) AddEntries(doc, meeting, k, r == "present" ? role : r, cells[0]);
          last = k;
          j = k + 1;
          continue;
        }
      }
      if (unit.empty() && t.find('\t') != std::string::npos && StartsWithPerson(rules, t) &&
          (grid.split_col >= 0 || std::ranges::any_of(SplitTabs(t), [](const std::string& c) { return LabelLike(c); }))) {
        if (ListsBelongHere(doc, meeting)) AddGridRow(doc, meeting, k, role, t, grid);
        last = k;
        j = k + 1;
        continue;
      }
      if (unit.empty() && !StartsWithPerson(rules, t) && !PersonRow(rules, t)) break;
      RecordInitials(doc, t);
      if (unit.empty()) {
        unit = t;
        unit_line = k;
      } else {
        unit += " " + t;
      }
      last = k;
      if (!EndsWithJoiner(unit)) {
        if (ListsBelongHere(doc, meeting)) AddEntries(doc, meeting, unit_line, role, unit, chair);
        unit.clear();
      }
      j = k + 1;
    }
    if (!unit.empty() && ListsBelongHere(doc, meeting)) AddEntries(doc, meeting, unit_line, role, unit, chair);
  }
  for (int k = i; k <= last; ++k) doc.used[static_cast<size_t>(k)] = 1;
  return last;
}

// "Apologies were received from A, B and C." over wrapped lines.
int TakeProseList(DocContext& doc, int i, const Hit& hit) {
  std::string list = hit.Get("value");
  // "... from the following:" and a list below; a bare "from" at the line end runs on.
  if (Trim(list).empty() && !doc.text(i).empty() && doc.text(i).back() == ':') return TakeLabelledList(doc, i, hit);
  int last = i;
  int j = i;
  while (!EndsSentence(list)) {
    int k = doc.NextContent(j + 1);
    if (k >= doc.size() || k - j > 3 || doc.IsHeading(k)) break;
    list += " " + doc.text(k);
    last = k;
    j = k;
  }
  // The sentence ends at the first full stop that is not an abbreviation.
  std::string cut;
  for (const auto& w : Words(list)) {
    cut += (cut.empty() ? "" : " ") + w;
    if (EndsSentence(cut)) break;
  }
  int meeting = doc.MeetingAt(i);
  if (ListsBelongHere(doc, meeting)) AddEntries(doc, meeting, i, hit.Get("role"), cut);
  return last;
}

// A header table read column by column (a PDF's reading order puts a
// two-column table's labels first, then its values):
//   Title of Meeting / Date / Place / Time / Attendees / Invited
//   Elmstead Libraries - Board Meeting / 29th May 2013 / ... / Sara Bond (Chair), ...
// Scalar fields take one line each; a list takes lines up to the first one
// that starts a new person after a line that closed the last ("... Mike
// Hosking" / "Marion Harvey (Observer) ..."), the last list the rest.
void TakeColumnTables(DocContext& doc) {
  const RuleSet& rules = doc.rules;
  auto is_label = [&](int k) {
    if (doc.Matches("kv_field_label", k)) return true;
    auto a = doc.FirstOn("att_label", k);
    return a && Trim(a->Get("value")).empty();
  };
  for (int i = 0; i < doc.size(); ++i) {
    if (doc.lines[static_cast<size_t>(i)].blank() || !is_label(i)) continue;
    std::vector<int> labels;
    int k = i;
    for (; k < doc.size() && is_label(k); k = doc.NextContent(k + 1)) labels.push_back(k);
    const bool has_list = std::ranges::any_of(labels, [&](int l) { return doc.Matches("att_label", l); });
    if (labels.size() < 3 || !has_list) {
      i = k;
      continue;
    }
    std::vector<int> values;
    // The values may include the line a meeting header took (the date); an
    // item number the reading order put between the columns ("1.") is not one.
    int first = k;
    while (first < doc.size() && doc.Matches("heading", first) && WordCount(doc.text(first)) == 1)
      first = doc.NextContent(first + 1);
    for (int v = first; v < doc.size() && !doc.lines[static_cast<size_t>(v)].blank() && !doc.IsHeading(v); ++v) {
      values.push_back(v);
    }
    if (values.size() < labels.size()) {
      i = k;
      continue;
    }
    const int meeting = doc.MeetingAt(i);
    size_t p = 0;
    for (size_t n = 0; n < labels.size() && p < values.size(); ++n) {
      auto att = doc.FirstOn("att_label", labels[n]);
      const bool later_list = std::any_of(labels.begin() + static_cast<long>(n) + 1, labels.end(),
                                          [&](int l) { return doc.Matches("att_label", l); });
      std::string value = doc.text(values[p++]);
      while (p < values.size()) {
        const std::string& next = doc.text(values[p]);
        bool cont = EndsWithJoiner(value) || next.front() == '(';
        if (att && !cont) cont = !later_list || !StartsWithPerson(doc.rules, next) || !ParsePersonName(rules, SplitList(next).front());
        if (!att || !cont) break;
        value += " " + next;
        ++p;
      }
      if (!att || !ListsBelongHere(doc, meeting)) continue;
      std::string role = att->Get("role");
      if (role == "additional" && std::none_of(doc.attendees.begin(), doc.attendees.end(), [&](const Attendee& a) {
            return a.meeting_date == doc.MeetingDate(i) && a.role == "present";
          }))
        role = "present";
      AddEntries(doc, meeting, values.front(), role, value);
    }
    for (int l : labels) doc.used[static_cast<size_t>(l)] = 1;
    for (int v : values) doc.used[static_cast<size_t>(v)] = 1;
    i = values.back();
  }
}

}  // namespace

void FindAttendees(DocContext& doc) {
  const RuleSet& rules = doc.rules;
  TakeColumnTables(doc);
  for (int i = 0; i < doc.size(); ++i) {
    const Line& line = doc.lines[static_cast<size_t>(i)];
    if (line.blank() || line.noise || doc.used[static_cast<size_t>(i)]) continue;
    // "Chair: Cllr Syed Ghani", "Contact Officer: ...": people the document names.
    if (auto known = doc.FirstOn("known_label", i)) {
      std::string value = known->Get("value");
      int k = doc.NextContent(i + 1);
      if (Trim(value).empty() && k < doc.size()) value = doc.text(k);
      auto name = ParsePersonName(rules, SplitList(value).empty() ? value : SplitList(value).front());
      if (!name) name = LeadingPersonName(rules, value);
      if (name && name->bare.find(' ') != std::string::npos) doc.people.Add(name->bare);
      // "Clerk: J Smith", "Clerk J Connelly": who holds an office, for owners given by office.
      if (name && known->Has("office") && !Trim(known->Get("office")).empty())
        doc.offices.emplace_back(ToLower(Trim(known->Get("office"))), name->bare);
      // In the opening block of minutes (before the first item) "Chair: X" names who chaired.
      int meeting = doc.MeetingAt(i);
      if (name && known->Get("role") == "chair" && meeting >= 0 && doc.item_of[static_cast<size_t>(i)] < 0 &&
          doc.meetings[static_cast<size_t>(meeting)].kind == "minutes")
        AddAttendee(doc, meeting, i, *name, "present", true, false);
    }
    if (auto label = doc.FirstOn("att_label", i)) {
      i = TakeLabelledList(doc, i, *label);
      continue;
    }
    for (const Hit& h : rules.MatchAll("att_prose", line.text)) {
      if (h.Get("role") == "apologies") {
        TakeProseList(doc, i, h);
      } else if (h.Get("role") == "chair") {
        // "Cllr. O. Williams took the Chair": mark the attendee it names.
        auto name = ParsePersonName(rules, h.Get("name"));
        if (!name) continue;
        std::string date = doc.MeetingDate(i);
        PersonPool pool;
        for (const Attendee& a : doc.attendees) {
          if (a.meeting_date == date && a.role == "present") pool.Add(a.person);
        }
        auto who = pool.Resolve(name->bare, name->titled);
        for (Attendee& a : doc.attendees) {
          if (a.meeting_date == date && a.role == "present" && who && a.person == *who) a.chair = true;
        }
      }
    }
  }
  // Canonical persons: a surname after a title or an initial resolves to the
  // full name the document gives elsewhere.
  for (const Attendee& a : doc.attendees) doc.people.Add(a.person);
  for (Attendee& a : doc.attendees) {
    if (auto canon = doc.people.Resolve(a.person, a.person.find(' ') == std::string::npos)) a.person = *canon;
  }
  // Listed as present and giving apologies: the apology is the fact (a list
  // of members copied from the last meeting is the usual cause).
  std::erase_if(doc.attendees, [&](const Attendee& a) {
    return a.role != "apologies" && std::any_of(doc.attendees.begin(), doc.attendees.end(), [&](const Attendee& b) {
             return b.role == "apologies" && b.meeting_date == a.meeting_date && NameKey(b.person) == NameKey(a.person);
           });
  });
}

}  // namespace minutebook::extract::internal
