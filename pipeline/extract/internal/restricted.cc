// Restricted and exempt items: "RESTRICTED: X" titles, items whose body says
// they are restricted, withheld pages, reports and pages carrying a marking
// that withholds them, Schedule 12A / Part 2 sections and meetings held in
// private. For each, whether the document nevertheless publishes the
// substance. Fails closed: a line any restriction rule matches is an item even
// when no layout the passes know gives it a title (FallbackItems).
#include <algorithm>
#include <cctype>

#include "extract/internal/doc.h"
#include "extract/internal/names.h"

namespace minutebook::extract::internal {
namespace {

const Line& L(const DocContext& doc, int i) { return doc.lines[static_cast<size_t>(i)]; }

struct Substance {
  bool published = false;
  std::string evidence;
};

// Whether lines [from, to) carry more than a line saying the item is withheld.
Substance SubstanceOf(const DocContext& doc, int from, int to) {
  Substance s;
  size_t chars = 0;
  int evidence_lines = 0;
  for (int k = from; k < to && k < doc.size(); ++k) {
    const Line& l = L(doc, k);
    if (l.blank() || l.noise) continue;
    if (doc.Matches("rx_body", k) || doc.Matches("rx_withheld", k) || doc.Matches("not_substance", k) ||
        doc.Matches("marking_line", k) || (doc.IsHeading(k) && l.text.size() < 80))
      continue;
    chars += l.text.size();
    if (evidence_lines < 2 && s.evidence.size() < 300) {
      s.evidence += (s.evidence.empty() ? "" : " ") + l.text;
      ++evidence_lines;
    }
  }
  s.published = chars >= 60;
  if (s.evidence.size() > 300) s.evidence = s.evidence.substr(0, 300);
  if (!s.published) s.evidence.clear();
  return s;
}

// End of an item's body: the next heading, restricted title, header, sheet or withheld page.
int BodyEnd(const DocContext& doc, int start) {
  int meeting = doc.MeetingAt(start);
  for (int k = start + 1; k < doc.size(); ++k) {
    if (doc.MeetingAt(k) != meeting || doc.IsHeading(k) || doc.Matches("rx_title", k) || doc.Matches("rx_exempt", k))
      return k;
    if (std::any_of(doc.sheets.begin(), doc.sheets.end(), [&](const CoverSheet& s) { return s.first == k; })) return k;
    if (std::find(doc.withheld.begin(), doc.withheld.end(), k) != doc.withheld.end()) return k;
  }
  return doc.size();
}

// "Prevent Update\tSimon Cornwall\t10 mins\tItem 11" -> "Prevent Update".
std::string CleanLabel(const DocContext& doc, std::string label, bool* row) {
  *row = false;
  size_t tab = label.find('\t');
  if (tab != std::string::npos) {
    *row = true;
    label = label.substr(0, tab);
  }
  if (auto tail = doc.rules.First("rx_row_tail", label)) {
    // A trailing page number is cut from the label but does not make a table row.
    if (tail->Get("row") != "no") *row = true;
    label = label.substr(0, tail->begin);
  }
  if (*row) {
    // A presenter's name after the title.
    size_t cut = label.size();
    for (const auto& name : doc.people.names()) {
      size_t at = label.find(name);
      if (at != std::string::npos && at > 0) cut = std::min(cut, at);
    }
    label = label.substr(0, cut);
  }
  label = Trim(label);
  while (!label.empty() && (label.back() == '.' || label.back() == ':' || label.back() == '-' || label.back() == ' ')) label.pop_back();
  return label;
}

class Collector {
 public:
  explicit Collector(const DocContext& doc) : doc_(doc) {}
  // end: one past the item's last line (its body's end), for the public index.
  // label_source: title | heading | none (see Restricted).
  void Add(int line, int end, std::string label, const std::string& kind, const Substance& s,
           const char* label_source = "title") {
    Restricted r;
    r.meeting_date = doc_.MeetingDate(line);
    r.label = std::move(label);
    r.kind = kind;
    r.label_source = label_source;
    r.content_published = s.published;
    r.evidence = s.evidence;
    r.page = L(doc_, line).page;
    const int last = std::clamp(end - 1, line, doc_.size() - 1);
    r.end_page = L(doc_, last).page;
    r.first_line = L(doc_, line).source_line;
    r.last_line = L(doc_, last).source_line;
    if (r.first_line < 0 || r.last_line < 0) r.first_line = r.last_line = -1;
    spans_.emplace_back(line, std::max(end, line + 1));
    if (kind != "withheld_page" && r.label_source != std::string("none")) {
      for (auto& o : out_) {
        if (o.meeting_date == r.meeting_date && o.kind == r.kind && NameKey(o.label) == NameKey(r.label)) {
          // The same item again (an agenda row, then its minute): one record,
          // but every place it is written is withheld from a public index.
          o.also.push_back(RestrictedSpan{r.page, r.end_page, r.first_line, r.last_line});
          // Published in any place it is written is published.
          if (r.content_published && !o.content_published) {
            o.content_published = true;
            o.evidence = r.evidence;
          }
          return;
        }
      }
    }
    out_.push_back(std::move(r));
  }
  // A line a pass has judged (an exempt section's heading) without making it an item.
  void Claim(int line) { spans_.emplace_back(line, line + 1); }
  // Whether line i lies inside an item already recorded, or was claimed.
  bool Covered(int i) const {
    return std::any_of(spans_.begin(), spans_.end(), [&](const auto& s) { return i >= s.first && i < s.second; });
  }
  std::vector<Restricted> Take() { return std::move(out_); }

 private:
  const DocContext& doc_;
  std::vector<Restricted> out_;
  std::vector<std::pair<int, int>> spans_;  // [first line, end) of every item found
};

// Schedule 12A / Part 2: every item after an exempt heading, until an open
// heading or the next meeting; and items marked exempt themselves.
// Longest line taken as a meeting's header saying it was held in private.
constexpr size_t kMaxPrivateHeader = 160;

void ExemptItems(DocContext& doc, Collector& out) {
  const RuleSet& rules = doc.rules;
  bool exempt = false;
  int meeting = -2;
  bool heading_seen = false;    // an item heading in this meeting so far
  bool private_pending = false;  // a "held in private" header not yet followed by an item
  // The exempt section opened last, until it yields an item: if none does,
  // the heading itself is the item (fail closed).
  int section = -1;
  std::string section_label;
  auto close_section = [&](int end) {
    if (section < 0) return;
    out.Add(section, end, section_label, "agenda_item", SubstanceOf(doc, section + 1, end));
    section = -1;
  };
  for (int i = 0; i < doc.size(); ++i) {
    const Line& l = L(doc, i);
    if (l.blank() || l.noise) continue;
    if (doc.MeetingAt(i) != meeting) {
      if (!private_pending) close_section(i);  // a private header above its meeting's first line goes on
      meeting = doc.MeetingAt(i);
      exempt = private_pending;
      heading_seen = false;
      private_pending = false;
    }
    // A header line, not a table row or a paragraph that mentions such a meeting.
    const bool header_like = l.text.size() <= kMaxPrivateHeader && l.text.find_first_of("|\t") == std::string::npos;
    if (!heading_seen && header_like && doc.Matches("rx_private", i)) {
      out.Claim(i);
      exempt = true;
      private_pending = true;
      if (section < 0) {
        section = i;
        section_label = meeting >= 0 && !doc.meetings[static_cast<size_t>(meeting)].body.empty()
                            ? doc.meetings[static_cast<size_t>(meeting)].body
                            : l.text;
      }
      continue;
    }
    if (auto h = doc.FirstOn("rx_exempt", i)) {
      if (h->Get("open") == "yes") {
        close_section(i);
        exempt = false;
        continue;
      }
      std::string next;
      for (int k = i + 1, n = 0; k < doc.size() && n < 2; ++k) {
        if (!L(doc, k).blank()) {
          next += " " + doc.text(k);
          ++n;
        }
      }
      exempt = !rules.First("rx_no_exempt", l.text + next);
      if (exempt) out.Claim(i);
      if (exempt && section < 0) {
        section = i;
        section_label = h->Get("label");
        if (section_label.empty()) section_label = doc.IsHeading(i) ? doc.HeadingTitle(i) : l.text;
      }
      continue;
    }
    if (!doc.IsHeading(i) || l.bullet) continue;
    heading_seen = true;
    private_pending = false;
    std::string title = doc.HeadingTitle(i);
    int k = doc.NextContent(i + 1);
    int body = i + 1;
    if (k < doc.size() && doc.text(k) == title) {  // "5." on its own line, the title below
      body = k + 1;
      k = doc.NextContent(k + 1);
    }
    bool marked = doc.Matches("rx_exempt_marker", i);
    if (!marked && k < doc.size()) {
      const std::string& t = doc.text(k);
      marked = (t.front() == '(' || ToLower(t).rfind("exempt", 0) == 0 || ToLower(t).rfind("not for publication", 0) == 0) &&
               doc.Matches("rx_exempt_marker", k) && !doc.Matches("rx_exempt", k);
    }
    if (!exempt && !marked) continue;
    if (doc.Matches("rx_title", i)) continue;  // counted as a restricted title
    if (auto m = rules.First("rx_exempt_marker", title); m && m->begin > 0) title = Trim(title.substr(0, m->begin));
    while (!title.empty() && (title.back() == '(' || title.back() == '-' || title.back() == ' ')) title.pop_back();
    const int end = BodyEnd(doc, i);
    section = -1;  // the section has an item
    out.Add(i, end, title, "agenda_item", SubstanceOf(doc, body, end));
  }
  close_section(doc.size());
}

// How a line stands as a heading: 1 a numbered item heading, 2 a line in
// capitals, 3 a short line standing alone between blank lines; 0 not one.
// Timing, presenter and marker lines are never headings.
int HeadingLevel(const DocContext& doc, int k) {
  const Line& l = L(doc, k);
  if (l.blank() || l.noise || l.bullet) return 0;
  if (doc.IsHeading(k)) return 1;
  const std::string& t = l.text;
  if (t.size() > 90 || WordCount(t) > 12 || EndsSentence(t) || !(StartsWithUpper(t) || std::isdigit(static_cast<unsigned char>(t[0]))))
    return 0;
  if (t.back() == ',' || t.back() == ';' || t.back() == ':') return 0;
  // "Present: ...", "Lead: ...": a field, not a title.
  if (const size_t colon = t.find(": "); colon != std::string::npos && colon < 30) return 0;
  if (doc.Matches("not_substance", k) || doc.Matches("rx_body", k) || doc.Matches("rx_withheld", k) ||
      doc.Matches("marking_line", k))
    return 0;
  int letters = 0;
  bool lower = false;
  for (char c : t) {
    if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
    if (std::islower(static_cast<unsigned char>(c))) lower = true;
  }
  if (letters >= 3 && !lower) return 2;
  auto alone = [&](int j) { return j < 0 || j >= doc.size() || L(doc, j).blank() || L(doc, j).page != l.page; };
  if (!alone(k - 1) || !alone(k + 1)) return 0;
  // A wrapped sentence whose lines are set apart by blank lines goes on in lower case.
  const int next = doc.NextContent(k + 1);
  if (next < doc.size() && std::islower(static_cast<unsigned char>(doc.text(next)[0]))) return 0;
  return 3;
}

// How far back a note looks for the title of its item.
constexpr int kTitleLookBack = 12;
constexpr const char kUnlabelled[] = "(unlabelled restricted item)";

// A line a restriction rule matches that no pass turned into an item: the
// item is labelled with the nearest heading-like line above (or not at all)
// and runs to the next heading of the same or a higher level, else to the end
// of the note's page.
void FallbackItems(DocContext& doc, Collector& out) {
  const RuleSet& rules = doc.rules;
  for (int i = 0; i < doc.size(); ++i) {
    const Line& l = L(doc, i);
    if (l.blank() || l.noise || out.Covered(i)) continue;
    if (doc.Matches("rx_no_exempt", i)) continue;
    if (auto h = doc.FirstOn("rx_exempt", i)) {
      // An open section, or an exempt one the agenda says is empty.
      const int k = doc.NextContent(i + 1);
      if (h->Get("open") == "yes" || rules.First("rx_no_exempt", l.text + (k < doc.size() ? " " + doc.text(k) : "")))
        continue;
    } else if (!doc.Matches("rx_title", i) && !doc.Matches("rx_body", i) && !doc.Matches("rx_withheld", i) &&
               !doc.Matches("rx_exempt_marker", i)) {
      continue;
    }
    const int meeting = doc.MeetingAt(i);
    int title = -1;
    int level = 0;
    for (int k = doc.PrevContent(i), n = 0; k >= 0 && n < kTitleLookBack; k = doc.PrevContent(k), ++n) {
      // Not above the meeting's header or attendance list, nor into another item.
      if (doc.MeetingAt(k) != meeting || out.Covered(k) || doc.used[static_cast<size_t>(k)]) break;
      if ((level = HeadingLevel(doc, k)) > 0) {
        title = k;
        break;
      }
    }
    int end = doc.size();
    if (level == 1) {
      end = BodyEnd(doc, title);
    } else {
      bool found = false;
      for (int k = i + 1; k < doc.size(); ++k) {
        if (doc.MeetingAt(k) != meeting || doc.Matches("rx_title", k) || doc.Matches("rx_exempt", k) ||
            std::find(doc.withheld.begin(), doc.withheld.end(), k) != doc.withheld.end()) {
          end = k;
          found = true;
          break;
        }
        const int lk = HeadingLevel(doc, k);
        if (lk > 0 && (title < 0 || lk <= level)) {
          end = k;
          found = true;
          break;
        }
      }
      if (!found) {  // no heading after it: the rest of the note's page
        end = i + 1;
        while (end < doc.size() && L(doc, end).page == l.page) ++end;
      }
    }
    end = std::max(end, i + 1);
    std::string label = kUnlabelled;
    const char* source = "none";
    if (title >= 0) {
      label = level == 1 ? doc.HeadingTitle(title) : doc.text(title);
      bool row = false;
      label = CleanLabel(doc, label, &row);
      source = "heading";
      if (label.empty()) {
        label = kUnlabelled;
        source = "none";
      }
    }
    const int start = title >= 0 ? title : i;
    out.Add(start, end, label, "agenda_item", SubstanceOf(doc, start + 1, end), source);
  }
}

bool Withholds(const RuleSet& rules, std::string_view marking) {
  auto hits = rules.FindAll("marking", marking);
  return !hits.empty() && hits.front().Get("restricts") == "yes";
}

}  // namespace

void FindMarkings(DocContext& doc) {
  const RuleSet& rules = doc.rules;
  for (int i = 0; i < doc.size(); ++i) {
    const Line& l = L(doc, i);
    if (l.blank() || !doc.Matches("marking_line", i)) continue;
    auto hits = rules.FindAll("marking", l.text);
    if (hits.empty() || hits.front().Get("value").empty()) continue;  // a template placeholder
    std::string value = hits.front().Get("value");
    // On a cover sheet without a Security field, the marking printed on the cover stands for it.
    for (CoverSheet& s : doc.sheets) {
      if (!s.report.security && i >= s.first - 3 && i <= s.last + 3) s.report.security = value;
    }
    int prev = doc.PrevContent(i);
    int next = doc.NextContent(i + 1);
    bool edge = prev < 0 || L(doc, prev).page != l.page || next >= doc.size() || L(doc, next).page != l.page;
    doc.markings.push_back(MarkingAt{value, edge ? "header" : "inline", l.page, i});
  }
  for (const CoverSheet& s : doc.sheets) {
    if (s.report.security) doc.markings.push_back(MarkingAt{*s.report.security, "cover", s.report.page, -1});
  }
}

std::vector<Restricted> FindRestricted(DocContext& doc) {
  const RuleSet& rules = doc.rules;
  Collector out(doc);
  for (int i = 0; i < doc.size(); ++i) {
    const Line& l = L(doc, i);
    if (l.blank() || l.noise) continue;
    if (auto h = doc.FirstOn("rx_title", i)) {
      bool row = false;
      std::string label = CleanLabel(doc, h->Get("label"), &row);
      if (label.empty()) continue;
      Substance s;
      int end = i + 1;
      if (!row && !l.bullet) {
        end = BodyEnd(doc, i);
        s = SubstanceOf(doc, i + 1, end);
      }
      out.Add(i, end, label, "agenda_item", s);
      continue;
    }
    if (doc.Matches("rx_body", i)) {
      // The item's heading is just above; its body may still publish more.
      int h = doc.PrevContent(i);
      if (h < 0 || !doc.IsHeading(h) || doc.Matches("rx_title", h)) continue;
      const int end = BodyEnd(doc, h);
      out.Add(h, end, doc.HeadingTitle(h), "agenda_item", SubstanceOf(doc, h + 1, end));
    }
  }
  for (int w : doc.withheld) out.Add(w, w + 1, doc.text(w), "withheld_page", Substance{});

  // A paper marked as a whole in its headers or footers ("OFFICIAL-SENSITIVE"
  // outside any report): named after its meeting or its first line.
  for (const MarkingAt& m : doc.markings) {
    if (m.source == "cover" || m.line < 0 || !Withholds(rules, m.value)) continue;
    if (std::any_of(doc.sheets.begin(), doc.sheets.end(), [&](const CoverSheet& s) { return m.line >= s.first && m.line < s.body_end; }))
      continue;
    int meeting = doc.MeetingAt(m.line);
    std::string label = meeting >= 0 ? doc.meetings[static_cast<size_t>(meeting)].body : "";
    if (label.empty()) {
      int first = doc.NextContent(0);
      while (first < doc.size() && doc.Matches("marking_line", first)) first = doc.NextContent(first + 1);
      label = first < doc.size() ? doc.text(first) : m.value;
    }
    out.Add(m.line, doc.size(), label, "report", SubstanceOf(doc, 0, doc.size()));
  }

  for (const CoverSheet& s : doc.sheets) {
    if (s.report.security && Withholds(rules, *s.report.security))
      out.Add(s.first, s.body_end, s.report.title, "report", SubstanceOf(doc, s.last + 1, s.body_end));
  }
  ExemptItems(doc, out);
  FallbackItems(doc, out);
  return out.Take();
}

}  // namespace minutebook::extract::internal
