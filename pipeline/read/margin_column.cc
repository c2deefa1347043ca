// Owners written in a right-hand "Action" column of minutes. Poppler's
// reading order takes such a column out of its rows and puts the initials
// on lines of their own, away from the text they stand beside; the page's
// boxes still know where each one stood.
#include "read/internal/margin_column.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace minutebook::read::internal {
namespace {

// "SG", "SG/NS", "AHop": what an action column holds.
bool ColumnToken(std::string_view s) {
  if (s.empty() || s.size() > 11) return false;
  int letters = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '/' && i > 0 && i + 1 < s.size() && s[i - 1] != '/') {
      letters = 0;
      continue;
    }
    if (!std::isupper(c) || ++letters > 4) return false;
  }
  return letters >= 2;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

struct Word {
  std::string text;
  double left, right, top, bottom;
  double mid() const { return (top + bottom) / 2; }
};

struct Row {
  std::vector<Word> words;  // left to right
  double top, bottom;
};

}  // namespace

bool MayHaveMarginColumn(std::string_view text) {
  int lines = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = TrimView(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (ColumnToken(line)) ++lines;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines >= 1;
}

std::string AttachMarginColumn(const std::vector<WordBox>& boxes, double width, std::string text) {
  if (width <= 0) return text;
  std::vector<Word> words;
  for (const auto& box : boxes) words.push_back(Word{box.text, box.left, box.right, box.top, box.bottom});
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.mid() < b.mid(); });
  // Rows: words whose middles lie within the row's height.
  std::vector<Row> rows;
  for (auto& w : words) {
    if (!rows.empty() && w.mid() >= rows.back().top && w.mid() <= rows.back().bottom) {
      rows.back().words.push_back(std::move(w));
    } else {
      rows.push_back(Row{{std::move(w)}, w.top, w.bottom});
    }
  }
  for (auto& r : rows) {
    std::sort(r.words.begin(), r.words.end(), [](const Word& a, const Word& b) { return a.left < b.left; });
  }
  // A column token stands right of where the text's lines end (an acronym
  // ending a justified line does not): most rows end before it; a footer
  // across the whole page is one of the few that do not.
  std::vector<double> ends;
  for (const auto& r : rows) {
    for (auto w = r.words.rbegin(); w != r.words.rend(); ++w) {
      if (!ColumnToken(w->text)) {
        ends.push_back(w->right);
        break;
      }
    }
  }
  if (ends.empty()) return text;
  std::sort(ends.begin(), ends.end());
  const double body_right = ends[ends.size() * 9 / 10];
  struct Mark {
    size_t row;
    std::string token;
    std::string beside;  // the text of the row it stands in, or of the next row below
  };
  std::vector<Mark> marks;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& ws = rows[i].words;
    const Word& last = ws.back();
    if (!ColumnToken(last.text) || last.left < 0.75 * width || last.left <= body_right) continue;
    std::string beside;
    auto text_of = [](const std::vector<Word>& row, size_t n) {
      std::string s;
      for (size_t k = 0; k < n; ++k) s += (k ? " " : "") + row[k].text;
      return s;
    };
    if (ws.size() > 1) {
      beside = text_of(ws, ws.size() - 1);
    } else if (i + 1 < rows.size() && rows[i + 1].top - rows[i].bottom < 2 * (rows[i].bottom - rows[i].top)) {
      beside = text_of(rows[i + 1].words, rows[i + 1].words.size());  // set just above its paragraph
    }
    if (!beside.empty()) marks.push_back(Mark{i, last.text, beside});
  }
  if (marks.size() < 2) return text;  // one stray capitalised word is not a column
  // Split the page text into lines, attach each token to the line it stood
  // beside (matched on the row's last words) and blank its own stray line.
  std::vector<std::string> lines;
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    lines.emplace_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  std::vector<char> drop(lines.size(), 0);
  for (const Mark& m : marks) {
    std::string_view want = TrimView(m.beside);
    size_t found = lines.size();
    for (size_t k = 0; k < lines.size(); ++k) {
      std::string_view l = TrimView(lines[k]);
      if (!l.empty() && l.size() >= 12 && (l == want || want.ends_with(l) || l.ends_with(want) ||
                                            (want.size() >= 24 && l.find(want.substr(want.size() - 24)) != std::string_view::npos))) {
        found = k;
        break;
      }
    }
    if (found == lines.size()) continue;
    // Where the reading order kept the token in its row ("... confirm this
    // SG"), it only needs its tab.
    std::string_view kept = TrimView(lines[found]);
    if (kept.size() > m.token.size() && kept.ends_with(" " + m.token)) {
      lines[found] = std::string(kept.substr(0, kept.size() - m.token.size() - 1)) + "\t" + m.token;
      continue;
    }
    for (size_t k = 0; k < lines.size(); ++k) {
      if (!drop[k] && TrimView(lines[k]) == m.token) {
        drop[k] = 1;
        lines[found] += "\t" + m.token;
        break;
      }
    }
  }
  // A stray line is left blank rather than removed: lines keep their numbers.
  std::string out;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (k > 0) out += '\n';
    if (!drop[k]) out += lines[k];
  }
  return out;
}

}  // namespace minutebook::read::internal
