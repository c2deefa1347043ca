#include "extract/internal/lines.h"

#include <algorithm>
#include <optional>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace minutebook::extract::internal {
namespace {

bool IsBlockTag(std::string_view name) {
  static const char* const kBlock[] = {"p",  "div", "br", "li", "ul",  "ol",  "tr",  "table", "h1",     "h2",
                                       "h3", "h4",  "h5", "h6", "hr",  "dl",  "dt",  "dd",    "section", "article",
                                       "header", "footer", "blockquote", "thead", "tbody", "caption", "title"};
  for (const char* b : kBlock) {
    if (name == b) return true;
  }
  return false;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Removes tags (block tags -> '\n', cell ends -> '\t'), keeps autolinks'
// targets, decodes the common entities.
std::string StripMarkup(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    char c = in[i];
    if (c == '<') {
      size_t close = in.find('>', i + 1);
      size_t next_open = in.find('<', i + 1);
      if (close != std::string_view::npos && close - i < 400 && (next_open == std::string_view::npos || next_open > close)) {
        std::string_view inner = in.substr(i + 1, close - i - 1);
        if (inner.substr(0, 3) == "!--") {
          i = close + 1;
          continue;
        }
        std::string_view body = inner;
        bool closing = !body.empty() && body.front() == '/';
        if (closing) body.remove_prefix(1);
        size_t n = 0;
        while (n < body.size() && std::isalnum(static_cast<unsigned char>(body[n]))) ++n;
        std::string name = ToLower(body.substr(0, n));
        bool is_tag = n > 0 && std::isalpha(static_cast<unsigned char>(body[0])) &&
                      (n == body.size() || body[n] == ' ' || body[n] == '/' || body[n] == '\t' || body[n] == '\n');
        if (is_tag) {
          if (IsBlockTag(name)) {
            out += '\n';
          } else if (closing && (name == "td" || name == "th")) {
            out += '\t';
          }
          i = close + 1;
          continue;
        }
        // <https://...> and <name@host>: keep the target.
        if (inner.find("://") != std::string_view::npos || (inner.find('@') != std::string_view::npos && inner.find(' ') == std::string_view::npos)) {
          out.append(inner.data(), inner.size());
          i = close + 1;
          continue;
        }
      }
    }
    if (c == '&') {
      size_t semi = in.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string_view ent = in.substr(i + 1, semi - i - 1);
        static const std::pair<const char*, const char*> kNamed[] = {
            {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
            {"ndash", "-"}, {"mdash", "-"}, {"rsquo", "'"}, {"lsquo", "'"}, {"ldquo", "\""}, {"rdquo", "\""},
            {"hellip", "..."}, {"pound", "\xC2\xA3"}, {"bull", "-"}};
        bool done = false;
        for (const auto& [k, v] : kNamed) {
          if (ent == k) {
            out += v;
            done = true;
            break;
          }
        }
        if (!done && ent.size() > 1 && ent[0] == '#') {
          uint32_t cp = 0;
          bool ok = true;
          if (ent[1] == 'x' || ent[1] == 'X') {
            for (char d : ent.substr(2)) {
              if (!std::isxdigit(static_cast<unsigned char>(d))) ok = false;
              else cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(d)) ? d - '0' : (std::tolower(d) - 'a' + 10));
            }
          } else {
            for (char d : ent.substr(1)) {
              if (!std::isdigit(static_cast<unsigned char>(d))) ok = false;
              else cp = cp * 10 + static_cast<uint32_t>(d - '0');
            }
          }
          if (ok && cp > 0 && cp < 0x110000) {
            AppendUtf8(out, cp);
            done = true;
          }
        }
        if (done) {
          i = semi + 1;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return out;
}

// Typographic characters to their plain forms (what the normaliser gives).
std::string PlainCharacters(std::string_view in) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"\xC2\xA0", " "},          // NBSP
      {"\xE2\x80\x8B", ""},       // zero-width space
      {"\xE2\x80\x8C", ""},       // ZWNJ
      {"\xE2\x80\x8D", ""},       // ZWJ
      {"\xEF\xBB\xBF", ""},       // BOM
      {"\xC2\xAD", ""},           // soft hyphen
      {"\xE2\x80\x98", "'"},      // left single quote
      {"\xE2\x80\x99", "'"},      // right single quote
      {"\xE2\x80\x9C", "\""},     // left double quote
      {"\xE2\x80\x9D", "\""},     // right double quote
      {"\xE2\x80\x93", "-"},      // en dash
      {"\xE2\x80\x94", "-"},      // em dash
      {"\xE2\x80\x92", "-"},      // figure dash
      {"\xE2\x88\x92", "-"},      // minus
      {"\xE2\x80\x90", "-"},      // hyphen
      {"\xE2\x80\x91", "-"},      // non-breaking hyphen
      {"\xE2\x80\xA6", "..."},    // ellipsis
      {"\xEF\xAC\x80", "ff"},     // ligatures
      {"\xEF\xAC\x81", "fi"},
      {"\xEF\xAC\x82", "fl"},
      {"\xEF\xAC\x83", "ffi"},
      {"\xEF\xAC\x84", "ffl"},
      {"\xE2\x80\xA2", "-"},      // bullets
      {"\xE2\x96\xAA", "-"},
      {"\xE2\x97\x8F", "-"},
      {"\xE2\x97\xA6", "-"},
      {"\xE2\x9E\xA4", "-"},
      {"\xE2\x96\xA0", "-"},
      {"\xE2\x80\xA3", "-"},
      {"\xE2\x88\x99", "-"},
      {"\xEF\x82\xB7", "-"},      // private-use bullet from Word PDFs
      {"\xEF\x82\xA7", "-"},
      {"\xE2\x80\x83", " "},      // em space
      {"\xE2\x80\x82", " "},      // en space
      {"\xE2\x80\x89", " "},      // thin space
  };
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    bool replaced = false;
    if (static_cast<unsigned char>(in[i]) >= 0x80) {
      for (const auto& [from, to] : kMap) {
        size_t n = std::strlen(from);
        if (in.compare(i, n, from) == 0) {
          out += to;
          i += n;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += in[i++];
  }
  return out;
}

// Markdown leftovers on one line: emphasis markers, heading hashes, links,
// table bars.
std::string PlainMarkdown(std::string_view line) {
  std::string s(line);
  // [text](target) -> text
  for (size_t open = s.find('['); open != std::string::npos; open = s.find('[', open + 1)) {
    size_t close = s.find("](", open);
    if (close == std::string::npos) break;
    size_t end = s.find(')', close + 2);
    if (end == std::string::npos) break;
    if (s.find('[', open + 1) < close) continue;
    s = s.substr(0, open) + s.substr(open + 1, close - open - 1) + s.substr(end + 1);
  }
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '*' || s[i] == '_') && i + 1 < s.size() && s[i + 1] == s[i]) {
      ++i;
      continue;
    }
    // Markdown escapes: 1\. and \[closed] are "1." and "[closed]".
    if (s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      out += s[++i];
      continue;
    }
    // "*Alison McGuinness, Paula Marsh*": a single star opening or closing
    // emphasis touches a word on one side only; "* item" (a bullet) and
    // "5 * 3" keep theirs.
    if (s[i] == '*') {
      auto blank = [&](size_t k) { return k >= s.size() || s[k] == ' ' || s[k] == '\t'; };
      const bool opens = !blank(i + 1) && (i == 0 || blank(i - 1) || std::ispunct(static_cast<unsigned char>(s[i - 1])));
      const bool closes = i > 0 && !blank(i - 1) && (blank(i + 1) || std::ispunct(static_cast<unsigned char>(s[i + 1])));
      if (opens != closes) continue;
    }
    out += s[i];
  }
  std::string_view v = TrimView(out);
  size_t hashes = 0;
  while (hashes < v.size() && v[hashes] == '#') ++hashes;
  if (hashes > 0 && hashes <= 6 && (hashes == v.size() || v[hashes] == ' ')) v.remove_prefix(hashes);
  std::string t(TrimView(v));
  if (t.size() >= 2 && t.front() == '|') {
    bool separator = t.find_first_not_of("|-: \t") == std::string::npos;
    if (separator) return "";
    std::string cells;
    for (char c : t.substr(1, t.back() == '|' ? t.size() - 2 : std::string::npos)) cells += c == '|' ? '\t' : c;
    return cells;
  }
  if (t.find_first_not_of("-=_*") == std::string::npos && t.size() >= 3) return "";  // horizontal rule
  return t;
}

// Spaces collapsed, cells kept apart by one tab, trimmed.
std::string TidySpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\r' || c == '\v' || c == '\f') c = ' ';
    if (c == '\t') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      if (!out.empty() && out.back() != '\t') out += '\t';
      continue;
    }
    if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\t')) continue;
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  size_t start = out.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : out.substr(start);
}

// YAML front matter at the very start of a page: fenced by "---" lines, or -
// where a reader dropped the fences - a first block of lower-case
// "key: value" lines.
struct FrontMatter {
  std::vector<std::pair<std::string, std::string>> scalars;  // top-level "key: value", quotes removed
  std::string blocks;  // the text of block scalars ("minutes: >-" and its indented lines), dedented
  size_t end = 0;      // where the body starts
};

std::optional<FrontMatter> ParseFrontMatter(std::string_view raw) {
  size_t start = 0;
  while (start < raw.size() && (raw[start] == '\n' || raw[start] == '\r' || raw[start] == ' ')) ++start;
  auto line_at = [&](size_t pos) {
    size_t nl = raw.find('\n', pos);
    return raw.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
  };
  auto key_length = [](std::string_view l) -> size_t {
    size_t colon = l.find(':');
    if (colon == 0 || colon == std::string_view::npos || (colon + 1 < l.size() && l[colon + 1] != ' ')) return 0;
    // "title", "start_date", "eleventyNavigation": a lower-case letter first.
    bool key = std::islower(static_cast<unsigned char>(l[0])) &&
               std::all_of(l.begin(), l.begin() + static_cast<long>(colon),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; });
    return key ? colon : 0;
  };
  bool fenced = TrimView(line_at(start)) == "---";
  size_t pos = fenced ? raw.find('\n', start) + 1 : start;
  if (fenced && pos == 0) return std::nullopt;
  FrontMatter fm;
  int keys = 0;
  bool in_block = false;  // the lines after "key: |" or "key: >"
  size_t block_indent = std::string_view::npos;
  while (pos < raw.size()) {
    std::string_view l = line_at(pos);
    std::string_view t = TrimView(l);
    size_t next = pos + l.size() + 1;
    if (fenced ? t == "---" : t.empty() && !in_block) {
      pos = next;
      break;
    }
    bool nested = !l.empty() && (l.front() == ' ' || l.front() == '\t' || l.front() == '-');
    size_t klen = key_length(l);
    // A block scalar runs to the next key; a line the normaliser moved to
    // the margin ("### Attendance" made "Attendance") is still inside it.
    if (t.empty() || (in_block && (nested || klen == 0))) {  // a blank line, or a line of a block scalar
      if (in_block) {
        if (!t.empty() && nested && block_indent == std::string_view::npos) block_indent = l.find_first_not_of(" \t");
        fm.blocks += t.empty() ? std::string() : std::string(l.substr(std::min(block_indent, l.find_first_not_of(" \t"))));
        fm.blocks += '\n';
      }
      pos = next;
      continue;
    }
    if (klen == 0 && !nested) {
      if (fenced) return std::nullopt;  // not front matter after all
      break;
    }
    in_block = false;
    if (klen > 0) {
      ++keys;
      std::string value = Trim(l.substr(klen + 1));
      if (!value.empty() && (value[0] == '|' || value[0] == '>')) {
        in_block = true;
        block_indent = std::string_view::npos;
        fm.blocks += '\n';
      } else {
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
          value = value.substr(1, value.size() - 2);
        fm.scalars.emplace_back(std::string(l.substr(0, klen)), value);
      }
    }
    pos = next;
  }
  if (keys < 2 && !fenced) return std::nullopt;
  fm.end = std::min(pos, raw.size());
  return fm;
}

// Front matter keeps its title, which often carries the meeting's name and
// date, and the text of its block scalars (a site that keeps the minutes in
// a "minutes: |" field); the other keys are the document's metadata, read by
// ReadHints.
std::string DropFrontMatter(std::string_view raw) {
  auto fm = ParseFrontMatter(raw);
  if (!fm) return std::string(raw);
  std::string title;
  for (const auto& [key, value] : fm->scalars) {
    if (key == "title") title = value;
  }
  return title + "\n\n" + fm->blocks + std::string(raw.substr(fm->end));
}

// The first date written yyyy-mm-dd (or with "_" or "." or nothing between)
// in s; "" if none.
std::string IsoDateIn(std::string_view s) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(s[at + k]))) return false;
    }
    return true;
  };
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    if ((i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) || !digits(i, 4)) continue;
    if (s.substr(i, 2) != "19" && s.substr(i, 2) != "20") continue;
    size_t m = i + 4;
    const bool sep = m < s.size() && (s[m] == '-' || s[m] == '_' || s[m] == '.');
    if (sep) ++m;
    if (!digits(m, 2)) continue;
    size_t d = m + 2;
    if (sep) {
      if (d >= s.size() || s[d] != s[i + 4]) continue;
      ++d;
    }
    if (!digits(d, 2) || digits(d + 2, 1)) continue;
    const int month = std::atoi(std::string(s.substr(m, 2)).c_str());
    const int day = std::atoi(std::string(s.substr(d, 2)).c_str());
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    return std::string(s.substr(i, 4)) + "-" + std::string(s.substr(m, 2)) + "-" + std::string(s.substr(d, 2));
  }
  return "";
}

}  // namespace

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool StartsWithUpper(std::string_view s) {
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s[0]);
  return std::isupper(c) || c >= 0xC3;  // accented capitals (UTF-8 lead bytes) count
}

int OpenParens(std::string_view s) {
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
  }
  return depth;
}

std::vector<std::string> SplitTabs(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t tab = s.find('\t', pos);
    out.push_back(Trim(s.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos)));
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string CleanText(std::string_view text) {
  std::string s = PlainCharacters(StripMarkup(DropFrontMatter(text)));
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t nl = s.find('\n', pos);
    std::string_view line(s.data() + pos, (nl == std::string::npos ? s.size() : nl) - pos);
    out += TidySpaces(PlainMarkdown(line));
    if (nl == std::string::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

DocHints ReadHints(const Document& document) {
  DocHints hints;
  for (const auto& [key, value] : document.metadata) {
    if (key == "title") hints.titles.push_back(value);
  }
  std::vector<std::string> posted;  // "date:" of a site's post: when it was put up, a weaker hint
  if (!document.pages.empty()) {
    const Page& first = document.pages.front();
    if (auto fm = ParseFrontMatter(first.normalised.empty() ? first.text : first.normalised)) {
      for (const auto& [key, value] : fm->scalars) {
        std::string iso = IsoDateIn(value);
        if (iso.empty() || value.find_first_not_of(" 0123456789-:.TZ+") != std::string::npos) continue;
        (key == "date" || key == "published" || key == "updated" || key == "modified" ? posted : hints.dates)
            .push_back(iso);
      }
    }
  }
  hints.dates.insert(hints.dates.end(), posted.begin(), posted.end());
  hints.file_date = IsoDateIn(document.name);
  return hints;
}

std::vector<Line> SplitLines(const Document& document) {
  std::vector<Line> lines;
  for (const Page& page : document.pages) {
    std::string_view raw = page.normalised.empty() ? page.text : page.normalised;
    std::string text = CleanText(raw);
    // Lines map one to one onto the page when cleaning kept their count
    // (always, for text that went through the normaliser).
    const bool mapped = std::count(raw.begin(), raw.end(), '\n') == std::count(text.begin(), text.end(), '\n');
    int source_line = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      std::string_view l(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
      pos = nl == std::string::npos ? text.size() + 1 : nl + 1;
      Line line{std::string(l), page.number};
      line.source_line = mapped ? source_line : -1;
      ++source_line;
      // List markers ("- ", "* ", "+ ", then "o " for sub-bullets); "1)" numbering stays.
      while (line.text.size() >= 2 && (line.text[0] == '-' || line.text[0] == '*' || line.text[0] == '+') &&
             (line.text[1] == ' ' || line.text[1] == '\t')) {
        line.bullet = true;
        line.text = Trim(line.text.substr(2));
      }
      if (line.text == "-" || line.text == "*") {
        line.bullet = true;
        line.text.clear();
      }
      if (line.bullet && line.text.size() >= 2 && line.text[0] == 'o' && line.text[1] == ' ') line.text = Trim(line.text.substr(2));
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace minutebook::extract::internal
