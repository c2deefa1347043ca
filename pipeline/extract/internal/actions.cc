// Recorded actions: "ACTION:"-style lead-ins (text wrapped over lines and
// pages), action sections and tables, owners written on their own line after
// the item, and - only in papers that mark no action at all - actions in
// prose ("Clerk to write ..."). Then each action's status and owners.
#include <algorithm>
#include <cctype>

#include "extract/internal/doc.h"
#include "extract/internal/names.h"

namespace minutebook::extract::internal {
namespace {

struct Draft {
  int line = 0;
  std::string text;
  std::string status;  // "" until known
  std::string owners;  // owner phrase when written apart from the text
  bool item_title = false;  // "7. Action: ...": an agenda item titled Action, not a marked action
  bool holder = false;  // owners came from a status suffix ("[new for PMs]"), written as the log writes them
};

const Line& L(const DocContext& doc, int i) { return doc.lines[static_cast<size_t>(i)]; }

// Actions without an explicit lead-in (owners on their own line, prose) are
// only looked for in minutes: an agenda's presenter column ("Chair") or a
// report's prose is not an action.
bool InMinutes(const DocContext& doc, int i) {
  int m = doc.MeetingAt(i);
  return m < 0 || doc.meetings[static_cast<size_t>(m)].kind == "minutes";
}

// [begin, end) of each sentence: a full stop ends one when the next starts
// with anything but a lower-case letter and the stop is not an abbreviation.
std::vector<std::pair<size_t, size_t>> SentenceSpans(std::string_view s) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t begin = 0;
  for (size_t e = 0; e < s.size(); ++e) {
    if (s[e] != '.' && s[e] != '?' && s[e] != '!') continue;
    size_t next = e + 1;
    if (next < s.size() && s[next] != ' ') {
      // "contracts.On Arms Length": a stop glued to a capital still ends the sentence.
      if (!(std::isupper(static_cast<unsigned char>(s[next])) && e > 0 && std::islower(static_cast<unsigned char>(s[e - 1])))) continue;
    }
    while (next < s.size() && s[next] == ' ') ++next;
    if (next < s.size() && std::islower(static_cast<unsigned char>(s[next]))) continue;
    if (!EndsSentence(s.substr(begin, e + 1 - begin))) continue;
    out.emplace_back(begin, e + 1);
    begin = next;
  }
  if (begin < s.size()) out.emplace_back(begin, s.size());
  return out;
}

// The verb after "X to" must be a verb: "Mr Mallon to the Council" is not an action.
bool RealVerb(const RuleSet& rules, const Hit& h) { return !rules.First("not_verb", h.Get("verb")); }

std::string StripEndPunct(std::string s) {
  s = Trim(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ';' || s.back() == ',' || s.back() == ':' || s.back() == '-'))
    s = Trim(s.substr(0, s.size() - 1));
  return s;
}

// Removes a status suffix from the text; returns the status ("" if none).
// A suffix naming who the action now rests with ("[ongoing for members]")
// gives *holder.
std::string TakeStatusSuffix(const RuleSet& rules, std::string& text, std::string* holder = nullptr) {
  if (auto h = rules.First("act_status", text)) {
    text = Trim(text.substr(0, h->begin));
    if (holder != nullptr && h->Has("for")) *holder = Trim(h->Get("for"));
    return h->Get("status");
  }
  return "";
}

bool StopsAction(const DocContext& doc, int k) {
  return L(doc, k).bullet || doc.used[static_cast<size_t>(k)] || doc.IsHeading(k) || doc.Matches("act_lead", k) ||
         doc.Matches("act_section", k) || doc.Matches("act_state", k) || doc.Matches("att_label", k) ||
         doc.Matches("rep_field", k) || doc.Matches("rx_title", k);
}

// Runs the action text on over wrapped lines and page breaks; returns the last line taken.
int Continue(const DocContext& doc, int i, std::string& text) {
  int last = i;
  for (int n = 0; n < 8; ++n) {
    if (EndsSentence(text) || doc.rules.First("act_status", text)) break;
    auto next = doc.NextRunOn(last);
    int k = next.line;
    if (k >= doc.size() || next.gap) break;
    // Inside an open parenthesis a line starting "- " is the wrapped text, not a new bullet.
    bool inside = OpenParens(text) > 0 && !doc.used[static_cast<size_t>(k)];
    if (!inside && StopsAction(doc, k)) break;
    text += (inside && L(doc, k).bullet ? " - " : " ") + doc.text(k);
    last = k;
  }
  return last;
}

// Status on the line after an action ("Complete. Simon updated ...").
std::string StatusAfter(const DocContext& doc, int last) {
  int k = doc.NextContent(last + 1);
  if (k >= doc.size() || k - last > 8) return "";
  if (auto h = doc.rules.First("act_state", doc.text(k))) return h->Get("status");
  return "";
}

bool ContextAt(const DocContext& doc, int i, std::string* status) {
  std::string t = doc.text(i);
  int k = doc.NextContent(i + 1);
  if (k < doc.size() && !doc.IsHeading(k)) t += " " + doc.text(k);
  if (auto h = doc.rules.First("act_context", t)) {
    // The phrase must start on this line, not only on the next one.
    if (h->begin < doc.text(i).size()) {
      *status = h->Get("status");
      return true;
    }
  }
  return false;
}

// The last sentence of `tail` together with the paragraph lines above line i
// it runs on from: the text of an action whose owner comes after it
// ("... by October. ACTION: CB", or "ACTION: CB" on the next line).
std::string PrecedingSentence(const DocContext& doc, int i, const std::string& tail, int* first_line) {
  std::string text = tail;
  *first_line = i;
  for (int k = i - 1, n = 0; k >= 0 && n < 4; --k) {
    const Line& l = L(doc, k);
    if (l.noise) continue;
    ++n;
    if (l.blank() || doc.used[static_cast<size_t>(k)] || doc.IsHeading(k)) break;
    if (!text.empty() && EndsSentence(l.text)) break;  // the sentence starts after line k
    text = l.text + (text.empty() ? "" : " " + text);
    *first_line = k;
  }
  auto spans = SentenceSpans(text);
  if (spans.empty()) return "";
  return Trim(text.substr(spans.back().first, spans.back().second - spans.back().first));
}

bool OwnersOnly(std::string_view s);

// Explicit lead-ins ("ACTION:", "Action 3:", "Action Point:").
void FindLeads(DocContext& doc, std::vector<Draft>& out) {
  const RuleSet& rules = doc.rules;
  std::string context_status;  // "The following actions have not yet been completed:"
  int context_meeting = -2;
  int since_context = 0;  // actions taken since the context line
  for (int i = 0; i < doc.size(); ++i) {
    const Line& line = L(doc, i);
    if (line.blank() || line.noise) continue;
    if (doc.MeetingAt(i) != context_meeting) context_status.clear();
    std::string st;
    if (ContextAt(doc, i, &st)) {
      context_status = st;
      context_meeting = doc.MeetingAt(i);
      since_context = 0;
    }
    auto lead = rules.First("act_lead", line.text);
    if (!lead && !doc.used[static_cast<size_t>(i)]) {
      // "Partners will feed back by 1 October. ACTION: All partners"
      if (auto trail = rules.First("act_trailing", line.text)) {
        int first = i;
        std::string text = PrecedingSentence(doc, i, trail->Get("text"), &first);
        if (WordCount(text) >= 3) {
          out.push_back(Draft{first, text, TakeStatusSuffix(rules, text), Trim(trail->Get("owners"))});
          out.back().text = text;
          doc.used[static_cast<size_t>(i)] = 1;
          continue;
        }
      }
    }
    if (!lead || doc.used[static_cast<size_t>(i)]) {
      // A heading, or other text after the listed actions, ends the context.
      if (doc.IsHeading(i) || since_context > 0) context_status.clear();
      continue;
    }
    std::string rest = lead->Get("rest");
    if (WordCount(rest) < 3) {
      // "ACTION: CB" under the sentence it belongs to.
      int first = i;
      std::string text = OwnersOnly(rest) ? PrecedingSentence(doc, i, "", &first) : "";
      if (WordCount(text) >= 3) {
        std::string owners = StripEndPunct(rest);
        out.push_back(Draft{first, text, TakeStatusSuffix(rules, text), owners});
        out.back().text = text;
        if (out.back().status.empty()) out.back().status = context_status;
        doc.used[static_cast<size_t>(i)] = 1;
        ++since_context;
      }
      continue;
    }
    Draft d;
    d.line = i;
    d.item_title = doc.IsHeading(i);
    d.text = rest;
    d.owners = Trim(lead->Get("by"));
    int last = Continue(doc, i, d.text);
    std::string holder;
    d.status = TakeStatusSuffix(rules, d.text, &holder);
    if (d.owners.empty() && !holder.empty()) {
      d.owners = holder;
      d.holder = true;
    }
    // Text after the action that is not another "X to ..." is discussion, not the action.
    auto spans = SentenceSpans(d.text);
    for (size_t n = 1; n < spans.size(); ++n) {
      std::string next = d.text.substr(spans[n].first, spans[n].second - spans[n].first);
      auto owner = rules.First("act_owner", next);
      if (!owner || owner->begin != 0 || !RealVerb(rules, *owner)) {
        d.text = Trim(d.text.substr(0, spans[n].first));
        break;
      }
    }
    if (d.status.empty()) d.status = StatusAfter(doc, last);
    if (d.status.empty()) d.status = context_status;
    for (int k = i; k <= last; ++k) doc.used[static_cast<size_t>(k)] = 1;
    out.push_back(std::move(d));
    ++since_context;
    i = last;
  }
}

// Where an action section ends: a label or another section for certain; a
// short title line ("Decisions", "Any Other Business") unless the last entry
// is still running on (`open`).
bool SectionEnd(const DocContext& doc, int k, bool open) {
  const std::string& t = doc.text(k);
  if (doc.Matches("act_table_header", k) || doc.Matches("act_state", k)) return false;
  // "Date of next meeting" ends the section; an entry that mentions the next
  // meeting ("... protocols to the next meeting [closed]") does not.
  const bool next_meeting = doc.Matches("mtg_next", k) && WordCount(t) <= 8;
  if (doc.Matches("att_label", k) || doc.Matches("rep_field", k) || next_meeting || doc.Matches("act_section", k) ||
      doc.Matches("act_lead", k))
    return true;
  return !open && !L(doc, k).bullet && t.find('\t') == std::string::npos && !EndsSentence(t) && WordCount(t) <= 6 &&
         TitleLike(t) && !doc.Matches("heading", k);
}

// Entries under an "Actions" heading or in an action table.
void FindSections(DocContext& doc, std::vector<Draft>& out) {
  const RuleSet& rules = doc.rules;
  for (int i = 0; i < doc.size(); ++i) {
    if (L(doc, i).blank() || doc.used[static_cast<size_t>(i)] || !rules.First("act_section", doc.text(i))) continue;
    std::vector<Draft> entries;
    bool open = false;  // the last entry may still take text
    int k = i + 1;
    for (; k < doc.size(); ++k) {
      const Line& l = L(doc, k);
      if (l.blank()) continue;
      const std::string& t = l.text;
      bool bare_number = t.find_first_not_of("0123456789.)") == std::string::npos;
      if (l.noise && !bare_number) continue;
      if (!bare_number && SectionEnd(doc, k, open && !entries.empty() && !entries.back().text.empty())) break;
      if (rules.First("act_table_header", t)) continue;
      if (auto st = rules.First("act_state", t); st && WordCount(t) <= 4) {
        if (!entries.empty() && entries.back().status.empty()) entries.back().status = st->Get("status");
        open = false;
        continue;
      }
      if (bare_number) {
        entries.push_back(Draft{k, "", "", ""});
        open = true;
        continue;
      }
      if (t.find('\t') != std::string::npos) {  // a table row: number | action | owner | status
        Draft d{k, "", "", ""};
        for (const auto& cell : SplitTabs(t)) {
          if (cell.empty() || cell.find_first_not_of("0123456789.") == std::string::npos) continue;
          if (auto st = rules.First("act_state", cell); st && WordCount(cell) <= 4) {
            d.status = st->Get("status");
          } else if (d.text.empty() || cell.size() > d.text.size()) {
            if (!d.text.empty() && WordCount(d.text) <= 4) d.owners = d.text;
            d.text = cell;
          } else if (WordCount(cell) <= 4 && FindDates(rules, cell).empty()) {
            d.owners = cell;
          }
        }
        if (!d.text.empty()) entries.push_back(d);
        open = false;
        continue;
      }
      std::string body = t;
      auto h = rules.First("heading", t);
      bool starts_entry = l.bullet || h.has_value();
      if (h) body = h->Get("title");
      if (!starts_entry && open && !entries.empty()) {
        Draft& d = entries.back();
        d.text += (d.text.empty() ? "" : " ") + body;
      } else {
        entries.push_back(Draft{k, body, "", ""});
      }
      // An entry closed by its status ("... [closed]") takes no more text.
      open = !EndsSentence(entries.back().text) && !rules.First("act_status", entries.back().text);
    }
    for (int m = i; m < k; ++m) doc.used[static_cast<size_t>(m)] = 1;
    for (auto& d : entries) {
      if (d.text.empty()) continue;
      std::string holder;
      std::string suffix = TakeStatusSuffix(rules, d.text, &holder);
      if (d.status.empty()) d.status = suffix;
      if (!holder.empty()) {
        d.owners = holder;
        d.holder = true;
      }
      out.push_back(std::move(d));
    }
    i = k - 1;
  }
}

// Owners written on their own line after the item (an action column).
void FindOwnerLines(DocContext& doc, std::vector<Draft>& out) {
  const RuleSet& rules = doc.rules;
  std::vector<int> owner_lines;
  for (int i = 0; i < doc.size(); ++i) {
    if (!L(doc, i).blank() && !doc.used[static_cast<size_t>(i)] && InMinutes(doc, i) &&
        rules.First("act_owner_line", doc.text(i)))
      owner_lines.push_back(i);
  }
  if (owner_lines.size() < 2) return;  // one stray line is not an action column
  for (int j : owner_lines) {
    std::vector<int> taken;
    for (int k = j - 1; k >= 0 && taken.size() < 8; --k) {
      const Line& l = L(doc, k);
      if (l.noise) continue;
      if (l.blank() || doc.used[static_cast<size_t>(k)] || rules.First("act_owner_line", l.text)) break;
      // "10. ANNUAL RETURN" heads the item and is not part of it; "4. 4.12ii) ..." starts it.
      if (doc.IsHeading(k) && !rules.First("act_item_marker", l.text)) break;
      taken.push_back(k);
      if (rules.First("act_item_marker", l.text)) break;
    }
    if (taken.empty()) continue;
    std::reverse(taken.begin(), taken.end());
    std::string text;
    for (int k : taken) text += (text.empty() ? "" : " ") + doc.text(k);
    if (auto m = rules.First("act_item_marker", text); m && m->begin == 0) text = m->Get("rest");
    Draft d{taken.front(), text, "", rules.First("act_owner_line", doc.text(j))->Get("owners")};
    for (int k : taken) doc.used[static_cast<size_t>(k)] = 1;
    doc.used[static_cast<size_t>(j)] = 1;
    out.push_back(std::move(d));
  }
}

// Owners' initials in a right-hand action column, which the reader puts
// back after a tab on the line they stood beside ("... the council have\tSG"): the
// action is the sentence that line ends in. A column has two entries at least.
void FindColumnOwners(DocContext& doc, std::vector<Draft>& out) {
  const RuleSet& rules = doc.rules;
  std::vector<std::pair<int, Hit>> marked;
  for (int i = 0; i < doc.size(); ++i) {
    if (L(doc, i).blank() || doc.used[static_cast<size_t>(i)] || !InMinutes(doc, i)) continue;
    if (auto h = rules.First("act_owner_column", doc.text(i))) marked.emplace_back(i, *h);
  }
  if (marked.size() < 2) return;
  for (const auto& [i, hit] : marked) {
    // The paragraph around line i, and where line i ends in it.
    int first = i;
    while (first > 0 && !L(doc, first - 1).blank() && !doc.IsHeading(first - 1) && !doc.used[static_cast<size_t>(first - 1)])
      --first;
    int last = i;
    while (last + 1 < doc.size() && !L(doc, last + 1).blank() && !doc.IsHeading(last + 1) &&
           !rules.First("act_owner_column", doc.text(last + 1)))
      ++last;
    std::string para;
    size_t end_of_i = 0;
    for (int k = first; k <= last; ++k) {
      if (L(doc, k).noise) continue;
      std::string t = k == i ? hit.Get("text") : doc.text(k);
      if (auto h = rules.First("act_owner_column", t)) t = h->Get("text");
      if (!para.empty()) para += ' ';
      para += t;
      if (k == i) end_of_i = para.size();
    }
    std::string text;
    for (const auto& [b, e] : SentenceSpans(para)) {
      if (end_of_i > b && end_of_i <= e) text = para.substr(b, e - b);
    }
    if (WordCount(text) < 3) continue;
    out.push_back(Draft{i, text, "", hit.Get("owners")});
    doc.used[static_cast<size_t>(i)] = 1;
  }
}

// Prose actions in papers that mark none: "Clerk to arrange ...".
void FindImplicit(DocContext& doc, std::vector<Draft>& out) {
  const RuleSet& rules = doc.rules;
  int i = 0;
  while (i < doc.size()) {
    // A paragraph: consecutive content lines (page furniture skipped).
    // An item heading that carries its item's text ("4. Matters Arising:
    // Cemetery - the Chairman has agreed to ...") starts a paragraph; a
    // short title does not.
    auto prose_heading = [&](int k) { return doc.IsHeading(k) && WordCount(doc.text(k)) > 8; };
    if (L(doc, i).blank() || L(doc, i).noise || doc.used[static_cast<size_t>(i)] ||
        (doc.IsHeading(i) && !prose_heading(i)) || !InMinutes(doc, i)) {
      ++i;
      continue;
    }
    std::string para;
    std::vector<std::pair<size_t, int>> starts;  // offset in para -> line
    int j = i;
    while (j < doc.size() && !doc.used[static_cast<size_t>(j)] && (j == i || !doc.IsHeading(j))) {
      if (L(doc, j).blank()) {
        // A sentence cut by a blank line (a converter that makes every
        // wrapped line a paragraph) goes on when the next line starts in
        // lower case, or when the cut line is a full-width body line rather
        // than a title.
        int k = doc.NextContent(j);
        if (para.empty() || EndsSentence(para) || k >= doc.size() || doc.used[static_cast<size_t>(k)] ||
            doc.IsHeading(k))
          break;
        const bool wrapped = WordCount(doc.text(starts.back().second)) > 8;
        if (!wrapped && !std::islower(static_cast<unsigned char>(doc.text(k)[0]))) break;
        j = k;
        continue;
      }
      if (!L(doc, j).noise) {
        if (!para.empty()) para += ' ';
        starts.emplace_back(para.size(), j);
        para += j == i && doc.IsHeading(j) ? doc.HeadingTitle(j) : doc.text(j);
      }
      ++j;
    }
    for (const auto& [s, e] : SentenceSpans(para)) {
      std::string sentence = para.substr(s, e - s);
      for (const Hit& h : rules.MatchAll("act_implicit", sentence)) {
        if (!RealVerb(rules, h)) continue;
        size_t from = sentence.find(h.Get("owners"), h.begin);
        // "The drain cover was broken, and the Clerk agreed to report it": a
        // task joined by ", and" to what prompted it is the whole sentence;
        // after a topic ("Cemetery - the Chairman ..."), a comma or a plain
        // "and" it starts at its owner.
        const std::string_view lead = TrimView(std::string_view(sentence).substr(0, from));
        if (lead.size() >= 5 && ToLower(lead.substr(lead.size() - 5)) == ", and") from = 0;
        std::string text = StripEndPunct(sentence.substr(from));
        if (WordCount(text) < 4) continue;
        int line = starts.front().second;
        for (const auto& [off, ln] : starts) {
          if (off <= s + from) line = ln;
        }
        // Only a person the meeting lists, so that narrative is not taken for actions.
        if (h.Get("needs") == "attendee" && ResolvePerson(doc, doc.MeetingAt(line), h.Get("owners")).empty()) continue;
        // "The clerk is to contact": an office is written capitalised, as an owner.
        std::string owners = h.Get("owners");
        if (ToLower(owners).rfind("the ", 0) == 0) owners = owners.substr(4);
        if (!owners.empty()) owners[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(owners[0])));
        out.push_back(Draft{line, text, "", owners});
        break;
      }
    }
    i = j;
  }
}

// "Clare and Amolak", "Cllrs. Alun Davies/O. Williams", "All CSP members".
std::vector<std::string> OwnerParts(std::string_view phrase) {
  std::vector<std::string> out;
  for (std::string p : SplitList(phrase)) {
    p = StripEndPunct(p);
    if (ToLower(p).rfind("the ", 0) == 0 && WordCount(p) == 2) p = p.substr(4);
    if (!p.empty()) out.push_back(p);
  }
  return out;
}

bool PlausibleOwner(std::string_view p) {
  auto words = Words(p);
  return !words.empty() && words.size() <= 5 && StartsWithUpper(p);
}

// "CB", "Clare Brutton", "All partners", "Clerk/Chair": a lead-in that names only owners.
bool OwnersOnly(std::string_view s) {
  auto parts = OwnerParts(s);
  return !parts.empty() && std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
    return PlausibleOwner(p) && WordCount(p) <= 3 && !EndsSentence(p);
  });
}

std::string ItemAt(const DocContext& doc, int line) {
  int h = doc.item_of[static_cast<size_t>(line)];
  if (h < 0 || h == line) return "";
  std::string t = doc.text(h);
  return t.size() > 120 ? t.substr(0, 120) : t;
}

// An owner given by office ("the Clerk", "Chairman", "the Support Services
// Manager"): the person the document names in that office for the meeting,
// "" when nobody or more than one is named.
std::string ResolveOffice(const DocContext& doc, int meeting, std::string_view written) {
  std::string w = ToLower(Trim(written));
  if (w.rfind("the ", 0) == 0) w = Trim(std::string_view(w).substr(4));
  if (w.empty()) return "";
  std::string date = meeting >= 0 ? doc.meetings[static_cast<size_t>(meeting)].date : "";
  if (w == "chair" || w == "chairman" || w == "chairperson" || w == "chairwoman" || w == "cathaoirleach") {
    std::string chair;
    for (const Attendee& a : doc.attendees) {
      if (a.meeting_date != date || !a.chair) continue;
      if (!chair.empty() && chair != a.person) return "";
      chair = a.person;
    }
    if (!chair.empty()) return chair;
  }
  // "clerk" is the office of "(Parish Clerk and Financial Responsible
  // Person)" and of "(Clerk to the Board)": a one-word office matches a word
  // of the office written in the list; a longer one the whole of it.
  const bool one_word = w.find(' ') == std::string::npos;
  std::string found;
  for (const auto& [office, person] : doc.offices) {
    bool match = office == w;
    if (!match && one_word) {
      for (const auto& word : Words(office)) match = match || StripEndPunct(word) == w;
    }
    if (!match) continue;
    std::string canon = person;
    for (const Attendee& a : doc.attendees) {
      if (NameKey(a.name) == NameKey(person) || NameKey(a.person) == NameKey(person)) canon = a.person;
    }
    if (!found.empty() && found != canon) return "";
    found = canon;
  }
  return found;
}

}  // namespace

std::string ResolvePerson(const DocContext& doc, int meeting, std::string_view written) {
  if (std::string office = ResolveOffice(doc, meeting, written); !office.empty()) return office;
  std::string w = Trim(written);
  bool titled = false;
  for (int guard = 0; guard < 3; ++guard) {
    auto t = doc.rules.First("title", w);
    if (!t || t->begin != 0 || t->end >= w.size()) break;
    titled = true;
    w = Trim(std::string_view(w).substr(t->end));
  }
  // Initials as a list gave them, in any case ("AHop", "Ahop").
  for (const auto& [alias, person] : doc.aliases) {
    if (ToLower(alias) == ToLower(w)) return person;
  }
  auto words = Words(w);
  if (words.empty() || words.size() > 4 || !StartsWithUpper(w)) return "";
  if (words.size() > 1 && !NameLikeWords(doc.rules, words)) return "";
  std::string date = meeting >= 0 ? doc.meetings[static_cast<size_t>(meeting)].date : "";
  PersonPool here;
  for (const Attendee& a : doc.attendees) {
    if (a.meeting_date != date) continue;
    // A list of surnames ("Miss Ross", "Councillors Carey, Mitchell"): the owner is the one listed.
    if (NameKey(a.person) == NameKey(w)) return a.person;
    here.Add(a.person);
  }
  Resolution kind;
  if (auto p = here.Resolve(w, titled, &kind)) return *p;
  if (kind == Resolution::kAmbiguous) return "";
  if (auto p = doc.people.Resolve(w, titled, &kind)) return *p;
  if (kind == Resolution::kAmbiguous || words.size() != 1 || titled) return "";
  // A first name alone: the one "First Surname" the text mentions.
  std::string found;
  for (const Line& l : doc.lines) {
    auto lw = Words(l.text);
    for (size_t n = 0; n + 1 < lw.size(); ++n) {
      if (lw[n] != w) continue;
      std::string sur = StripEndPunct(lw[n + 1]);
      if (!NameLikeWords(doc.rules, {w, sur}) || sur.size() < 2) continue;
      std::string full = w + " " + sur;
      if (!found.empty() && found != full) return "";
      found = full;
    }
  }
  return found;
}

std::vector<Action> FindActions(DocContext& doc) {
  std::vector<Draft> drafts;
  FindLeads(doc, drafts);
  FindSections(doc, drafts);
  FindOwnerLines(doc, drafts);
  FindColumnOwners(doc, drafts);
  // An agenda item titled "Action" ("7. Action: Mrs X confirmed ...") is an
  // item, not a convention of marking actions: a paper whose only labels are
  // such items keeps its other tasks in its prose.
  if (std::all_of(drafts.begin(), drafts.end(), [](const Draft& d) { return d.item_title; }))
    FindImplicit(doc, drafts);
  std::sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) { return a.line < b.line; });

  std::vector<Action> out;
  for (Draft& d : drafts) {
    Action a;
    a.meeting_date = doc.MeetingDate(d.line);
    a.page = L(doc, d.line).page;
    a.item = ItemAt(doc, d.line);
    a.text = StripEndPunct(CollapseSpaces(d.text));
    if (a.text.empty()) continue;
    a.status = d.status.empty() ? "open" : d.status;
    std::vector<std::string> parts = OwnerParts(d.owners);
    if (parts.empty()) {
      for (const auto& [s, e] : SentenceSpans(a.text)) {
        auto h = doc.rules.First("act_owner", a.text.substr(s, e - s));
        if (!h || !RealVerb(doc.rules, *h)) continue;
        for (auto& p : OwnerParts(h->Get("owners"))) parts.push_back(std::move(p));
      }
    }
    if (!d.holder && !std::all_of(parts.begin(), parts.end(), PlausibleOwner)) parts.clear();
    int meeting = doc.MeetingAt(d.line);
    for (const auto& p : parts) {
      a.owners_written.push_back(p);
      std::string canon = ResolvePerson(doc, meeting, p);
      if (canon.empty()) {
        // Unresolved: a person keeps the name without its title, a group stays as written.
        auto name = ParsePersonName(doc.rules, p);
        canon = name && name->bare.find(' ') != std::string::npos ? name->bare : p;
      }
      if (std::find(a.owners.begin(), a.owners.end(), canon) == a.owners.end()) a.owners.push_back(canon);
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace minutebook::extract::internal
