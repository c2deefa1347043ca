// Report cover sheets: a cluster of field labels (Title/Subject, Date,
// Author, Contact, Security, To) with their values, including values that PDF
// extraction split over lines or put before their label.
#include <algorithm>
#include <set>

#include "extract/internal/doc.h"
#include "extract/internal/names.h"

namespace minutebook::extract::internal {
namespace {

struct Label {
  int line = 0;
  std::string field;
  std::string value;  // on the label's own line
};

int ContentGap(const DocContext& doc, int from, int to) {
  int gap = 0;
  for (int k = from + 1; k < to; ++k) {
    if (!doc.lines[static_cast<size_t>(k)].blank() && !doc.lines[static_cast<size_t>(k)].noise) ++gap;
  }
  return gap;
}

// Field labels close together around a Title/Subject label make one cover
// sheet: From/To/Decision may come before the title, the rest after it.
std::vector<std::vector<Label>> Clusters(const DocContext& doc, const std::vector<Label>& labels) {
  constexpr int kMaxGap = 8;
  std::vector<std::vector<Label>> out;
  size_t taken = 0;  // labels before this index belong to an earlier sheet
  for (size_t t = 0; t < labels.size(); ++t) {
    if (labels[t].field != "title" || t < taken) continue;
    size_t first = t;
    while (first > taken) {
      const Label& prev = labels[first - 1];
      bool pre_title = prev.field == "from" || prev.field == "to" || prev.field == "other";
      if (!pre_title || ContentGap(doc, prev.line, labels[first].line) > kMaxGap) break;
      --first;
    }
    std::vector<Label> cur(labels.begin() + static_cast<long>(first), labels.begin() + static_cast<long>(t) + 1);
    size_t n = t + 1;
    for (; n < labels.size(); ++n) {
      const Label& l = labels[n];
      bool repeated = std::any_of(cur.begin(), cur.end(), [&](const Label& c) { return c.field == l.field; });
      if (repeated || ContentGap(doc, cur.back().line, l.line) > kMaxGap) break;
      cur.push_back(l);
    }
    std::set<std::string> fields;
    for (const auto& l : cur) fields.insert(l.field);
    int others = 0;
    for (const char* f : {"date", "author", "contact", "security", "to"}) others += fields.count(f) ? 1 : 0;
    if (others >= 2) {
      out.push_back(cur);
      taken = n;
    }
  }
  return out;
}

void AddEmails(const RuleSet& rules, std::string_view text, std::vector<std::string>& out) {
  for (const Hit& h : rules.FindAll("email", text)) {
    std::string e = ToLower(h.Get("email"));
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  }
}

// Authors from the lines of an Author field: names without job titles.
void AddAuthors(const RuleSet& rules, const std::vector<std::string>& lines, std::vector<std::string>& out) {
  auto add = [&](const std::string& name) {
    for (const auto& o : out) {
      if (NameKey(o) == NameKey(name)) return;
    }
    out.push_back(name);
  };
  for (const std::string& line : lines) {
    std::string text;  // the line without its e-mail addresses
    size_t kept = 0;
    for (const Hit& h : rules.FindAll("email", line)) {
      text += line.substr(kept, h.begin - kept) + " ";
      kept = h.end;
    }
    text += line.substr(kept);
    std::vector<std::string> pieces{text};
    for (std::string_view sep : {" and ", ";", " & "}) {
      std::vector<std::string> split;
      for (const auto& p : pieces) {
        for (size_t pos = 0;;) {
          size_t at = p.find(sep, pos);
          split.push_back(p.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
          if (at == std::string::npos) break;
          pos = at + sep.size();
        }
      }
      pieces = std::move(split);
    }
    for (std::string piece : pieces) {
      piece = Trim(piece);
      if (piece.empty()) continue;
      // "A Smith, B Jones" (all names) or "Chris Lyons, Community Safety Partnership Manager".
      auto parts = SplitList(piece);
      bool all_names = parts.size() > 1 && std::all_of(parts.begin(), parts.end(), [&](const std::string& p) {
                         auto n = ParsePersonName(rules, p);
                         return n && n->bare.find(' ') != std::string::npos;
                       });
      if (all_names) {
        for (const auto& p : parts) add(ParsePersonName(rules, p)->bare);
      } else if (auto n = LeadingPersonName(rules, piece)) {
        add(n->bare);
      }
    }
  }
}

std::string BestDate(const RuleSet& rules, std::string_view text) {
  auto dates = FindDates(rules, text);
  for (const char* form : {"full", "numeric", "month"}) {
    for (const auto& d : dates) {
      if (d.form == form) return d.iso;
    }
  }
  return "";
}

std::optional<std::string> Marking(const RuleSet& rules, std::string_view text) {
  auto hits = rules.FindAll("marking", text);
  if (hits.empty()) return std::nullopt;
  std::string v = hits.front().Get("value");
  if (v.empty()) return std::nullopt;  // a template placeholder
  return v;
}

// Names and addresses of a "Contact details" block after the sheet, for
// reports whose cover sheet has no Author field.
void ContactBlock(const DocContext& doc, int from, int to, Report& r) {
  for (int i = from; i < to; ++i) {
    if (!doc.rules.First("rep_contacts", doc.text(i))) continue;
    for (int k = i + 1, n = 0; k < to && n < 16; ++k) {
      const Line& l = doc.lines[static_cast<size_t>(k)];
      if (l.blank() || l.noise) continue;
      ++n;
      if (doc.IsHeading(k) && !doc.rules.First("rep_contacts", l.text)) break;
      AddEmails(doc.rules, l.text, r.contacts);
      auto name = ParsePersonName(doc.rules, l.text);
      if (name && name->bare.find(' ') != std::string::npos) {
        bool dup = std::any_of(r.authors.begin(), r.authors.end(), [&](const std::string& a) { return NameKey(a) == NameKey(name->bare); });
        if (!dup) r.authors.push_back(name->bare);
      }
    }
    return;
  }
}

}  // namespace

void FindCoverSheets(DocContext& doc) {
  const RuleSet& rules = doc.rules;
  std::vector<Label> labels;
  for (int i = 0; i < doc.size(); ++i) {
    const Line& l = doc.lines[static_cast<size_t>(i)];
    if (l.blank() || l.noise) continue;
    if (rules.First("rx_withheld", l.text)) doc.withheld.push_back(i);
    if (auto h = rules.First("rep_field", l.text)) labels.push_back(Label{i, h->Get("field"), Trim(h->Get("value"))});
  }
  for (const auto& cluster : Clusters(doc, labels)) {
    CoverSheet sheet;
    sheet.first = cluster.front().line;
    Report& r = sheet.report;
    r.page = doc.lines[static_cast<size_t>(sheet.first)].page;
    std::vector<std::string> carried;  // lines before a label that belong to it (value before label)
    for (size_t n = 0; n < cluster.size(); ++n) {
      const Label& lab = cluster[n];
      bool last = n + 1 == cluster.size();
      int stop = last ? doc.size() : cluster[n + 1].line;
      std::vector<std::string> values = carried;
      carried.clear();
      if (!lab.value.empty()) values.push_back(lab.value);
      int end = lab.line;
      for (int k = lab.line + 1; k < stop; ++k) {
        const Line& l = doc.lines[static_cast<size_t>(k)];
        if (l.blank() || l.noise) continue;
        if (last && (!values.empty() || doc.IsHeading(k) || rules.First("rep_body", l.text))) break;
        values.push_back(l.text);
        end = k;
      }
      sheet.last = std::max(sheet.last, end);
      std::string joined;
      for (const auto& v : values) joined += (joined.empty() ? "" : " ") + v;
      if (lab.field == "title") {
        r.title = Trim(joined);
        while (!r.title.empty() && r.title.back() == '.') r.title.pop_back();
      } else if (lab.field == "date") {
        // The date takes the lines up to its date; the rest belong to the next label.
        std::string acc;
        size_t used_lines = 0;
        for (const auto& v : values) {
          acc += (acc.empty() ? "" : " ") + v;
          ++used_lines;
          if (!BestDate(rules, acc).empty()) break;
        }
        r.date = BestDate(rules, acc);
        if (!r.date.empty()) carried.assign(values.begin() + static_cast<long>(used_lines), values.end());
      } else if (lab.field == "author") {
        AddAuthors(rules, values, r.authors);
      } else if (lab.field == "contact") {
        AddEmails(rules, joined, r.contacts);
      } else if (lab.field == "security") {
        r.security = Marking(rules, values.empty() ? "" : values.front());
      } else if (lab.field == "to") {
        auto dates = FindDates(rules, joined, "full");
        if (!dates.empty()) {
          sheet.to_date = dates.front().iso;
          sheet.to_body = TidyBody(joined.substr(0, dates.front().begin));
        }
      }
    }
    if (r.date.empty()) r.date = sheet.to_date;
    doc.sheets.push_back(std::move(sheet));
  }
  // A report runs to the next sheet or withheld page.
  for (size_t s = 0; s < doc.sheets.size(); ++s) {
    CoverSheet& sheet = doc.sheets[s];
    sheet.body_end = s + 1 < doc.sheets.size() ? doc.sheets[s + 1].first : doc.size();
    for (int w : doc.withheld) {
      if (w > sheet.last && w < sheet.body_end) sheet.body_end = w;
    }
    if (sheet.report.authors.empty()) ContactBlock(doc, sheet.last + 1, sheet.body_end, sheet.report);
    for (int k = sheet.first; k <= sheet.last; ++k) doc.used[static_cast<size_t>(k)] = 1;
    for (const auto& a : sheet.report.authors) doc.people.Add(a);
    for (const auto& c : sheet.report.contacts) doc.people.AddEmail(c);
    // A report to a meeting the document does not otherwise show: "To: Cabinet - 4 March 2025".
    if (!sheet.to_date.empty()) {
      bool known = std::any_of(doc.meetings.begin(), doc.meetings.end(), [&](const Meeting& m) { return m.date == sheet.to_date; });
      if (!known) AddMeeting(doc, sheet.first, sheet.to_date, "agenda", sheet.to_body, "");
    }
  }
}

}  // namespace minutebook::extract::internal
