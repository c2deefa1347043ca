// A small HTML tokenizer in the spirit of the WHATWG one: it never goes back,
// so it is linear on any input, and like a browser it lets an unterminated
// comment, tag or <script> run to the end of the document (with a warning).
#include "read/internal/html_reader.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "read/internal/sniff.h"
#include "read/internal/text_reader.h"

namespace minutebook::read::internal {
namespace {

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

// HTML 4 entities (Latin-1, punctuation, common symbols) and the HTML 5
// names for ASCII punctuation; enough for what word processors export.
constexpr NamedEntity kEntities[] = {
    {"nbsp", 0xA0},   {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
    {"apos", '\''},   {"iexcl", 0xA1},   {"cent", 0xA2},    {"pound", 0xA3},   {"curren", 0xA4},
    {"yen", 0xA5},    {"brvbar", 0xA6},  {"sect", 0xA7},    {"uml", 0xA8},     {"copy", 0xA9},
    {"ordf", 0xAA},   {"laquo", 0xAB},   {"not", 0xAC},     {"shy", 0xAD},     {"reg", 0xAE},
    {"macr", 0xAF},   {"deg", 0xB0},     {"plusmn", 0xB1},  {"sup2", 0xB2},    {"sup3", 0xB3},
    {"acute", 0xB4},  {"micro", 0xB5},   {"para", 0xB6},    {"middot", 0xB7},  {"cedil", 0xB8},
    {"sup1", 0xB9},   {"ordm", 0xBA},    {"raquo", 0xBB},   {"frac14", 0xBC},  {"frac12", 0xBD},
    {"frac34", 0xBE}, {"iquest", 0xBF},  {"Agrave", 0xC0},  {"Aacute", 0xC1},  {"Acirc", 0xC2},
    {"Atilde", 0xC3}, {"Auml", 0xC4},    {"Aring", 0xC5},   {"AElig", 0xC6},   {"Ccedil", 0xC7},
    {"Egrave", 0xC8}, {"Eacute", 0xC9},  {"Ecirc", 0xCA},   {"Euml", 0xCB},    {"Igrave", 0xCC},
    {"Iacute", 0xCD}, {"Icirc", 0xCE},   {"Iuml", 0xCF},    {"ETH", 0xD0},     {"Ntilde", 0xD1},
    {"Ograve", 0xD2}, {"Oacute", 0xD3},  {"Ocirc", 0xD4},   {"Otilde", 0xD5},  {"Ouml", 0xD6},
    {"times", 0xD7},  {"Oslash", 0xD8},  {"Ugrave", 0xD9},  {"Uacute", 0xDA},  {"Ucirc", 0xDB},
    {"Uuml", 0xDC},   {"Yacute", 0xDD},  {"THORN", 0xDE},   {"szlig", 0xDF},   {"agrave", 0xE0},
    {"aacute", 0xE1}, {"acirc", 0xE2},   {"atilde", 0xE3},  {"auml", 0xE4},    {"aring", 0xE5},
    {"aelig", 0xE6},  {"ccedil", 0xE7},  {"egrave", 0xE8},  {"eacute", 0xE9},  {"ecirc", 0xEA},
    {"euml", 0xEB},   {"igrave", 0xEC},  {"iacute", 0xED},  {"icirc", 0xEE},   {"iuml", 0xEF},
    {"eth", 0xF0},    {"ntilde", 0xF1},  {"ograve", 0xF2},  {"oacute", 0xF3},  {"ocirc", 0xF4},
    {"otilde", 0xF5}, {"ouml", 0xF6},    {"divide", 0xF7},  {"oslash", 0xF8},  {"ugrave", 0xF9},
    {"uacute", 0xFA}, {"ucirc", 0xFB},   {"uuml", 0xFC},    {"yacute", 0xFD},  {"thorn", 0xFE},
    {"yuml", 0xFF},   {"OElig", 0x152},  {"oelig", 0x153},  {"Scaron", 0x160}, {"scaron", 0x161},
    {"Yuml", 0x178},  {"fnof", 0x192},   {"circ", 0x2C6},   {"tilde", 0x2DC},  {"ensp", 0x2002},
    {"emsp", 0x2003}, {"thinsp", 0x2009}, {"zwnj", 0x200C}, {"zwj", 0x200D},   {"lrm", 0x200E},
    {"rlm", 0x200F},  {"hyphen", 0x2010}, {"dash", 0x2010}, {"ndash", 0x2013}, {"mdash", 0x2014},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"bdquo", 0x201E}, {"dagger", 0x2020}, {"Dagger", 0x2021}, {"bull", 0x2022}, {"hellip", 0x2026},
    {"permil", 0x2030}, {"prime", 0x2032}, {"Prime", 0x2033}, {"lsaquo", 0x2039}, {"rsaquo", 0x203A},
    {"oline", 0x203E}, {"frasl", 0x2044}, {"euro", 0x20AC}, {"trade", 0x2122}, {"larr", 0x2190},
    {"uarr", 0x2191}, {"rarr", 0x2192},  {"darr", 0x2193},  {"harr", 0x2194},  {"minus", 0x2212},
    {"infin", 0x221E}, {"asymp", 0x2248}, {"ne", 0x2260},   {"le", 0x2264},    {"ge", 0x2265},
    {"check", 0x2713}, {"alpha", 0x3B1}, {"beta", 0x3B2},   {"gamma", 0x3B3},  {"delta", 0x3B4},
    {"mu", 0x3BC},    {"pi", 0x3C0},     {"sigma", 0x3C3},  {"omega", 0x3C9},  {"Delta", 0x394},
    {"Omega", 0x3A9}, {"excl", '!'},     {"num", '#'},      {"dollar", '$'},   {"percnt", '%'},
    {"lpar", '('},    {"rpar", ')'},     {"ast", '*'},      {"plus", '+'},     {"comma", ','},
    {"period", '.'},  {"sol", '/'},      {"colon", ':'},    {"semi", ';'},     {"equals", '='},
    {"quest", '?'},   {"commat", '@'},   {"lsqb", '['},     {"bsol", '\\'},    {"rsqb", ']'},
    {"Hat", '^'},     {"lowbar", '_'},   {"grave", '`'},    {"lcub", '{'},     {"verbar", '|'},
    {"vert", '|'},    {"rcub", '}'},     {"Tab", '\t'},     {"NewLine", '\n'},
};

// Names browsers also accept without the closing ';' (in text, not followed
// by a letter, digit or '=').
bool IsLegacyEntity(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "nbsp" || name == "copy" ||
         name == "reg";
}

// Numeric references to 0x80-0x9F mean Windows-1252, as in browsers.
constexpr std::array<char32_t, 32> kWindows1252C1 = {
    0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,  0x2030, 0x160,
    0x2039, 0x152,  0x8D,   0x17D,  0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};

struct DecodedEntity {
  char32_t code_point = 0;
  std::size_t length = 0;  // 0: not an entity, the '&' is text
};

// REQUIRES: html[i] == '&'.
DecodedEntity DecodeEntity(std::string_view html, std::size_t i) {
  std::size_t j = i + 1;
  if (j < html.size() && html[j] == '#') {
    ++j;
    bool hex = j < html.size() && (html[j] == 'x' || html[j] == 'X');
    if (hex) ++j;
    std::size_t digits_start = j;
    std::uint32_t value = 0;
    for (; j < html.size(); ++j) {
      char c = html[j];
      int digit;
      if (IsAsciiDigit(c)) {
        digit = c - '0';
      } else if (hex && Lower(c) >= 'a' && Lower(c) <= 'f') {
        digit = Lower(c) - 'a' + 10;
      } else {
        break;
      }
      value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    }
    if (j == digits_start) return {};
    if (j < html.size() && html[j] == ';') ++j;
    char32_t c = value;
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      c = 0xFFFD;
    } else if (c >= 0x80 && c <= 0x9F) {
      c = kWindows1252C1[c - 0x80];
    }
    return {c, j - i};
  }
  std::size_t name_start = j;
  while (j < html.size() && IsAsciiAlnum(html[j]) && j - name_start < 32) ++j;
  std::string_view name = html.substr(name_start, j - name_start);
  if (name.empty()) return {};
  bool semicolon = j < html.size() && html[j] == ';';
  if (!semicolon) {
    bool ends_word = j == html.size() || (!IsAsciiAlnum(html[j]) && html[j] != '=');
    if (!ends_word || !IsLegacyEntity(name)) return {};
  }
  for (const NamedEntity& entity : kEntities) {
    if (entity.name == name) return {entity.code_point, j - i + (semicolon ? 1 : 0)};
  }
  return {};
}

// Collects visible text: collapses whitespace, places line breaks, cell
// separators and list markers.
class TextBuilder {
 public:
  void Text(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\xc2' && i + 1 < text.size() && text[i + 1] == '\xa0' && LineEmpty() && !pre_) {
        ++i;  // a no-break space at a line start shows nothing, as &nbsp; below
        continue;
      }
      if (pre_) {
        if (c == '\n') {
          HardBreak();
        } else if (c != '\r') {
          Put(c, /*literal=*/true);
        }
      } else if (!IsHtmlSpace(c)) {
        Put(c, false);
      } else if (c == '\n' && ++newlines_ >= 2) {
        SoftBreak();  // a blank line: a paragraph break in Markdown
      } else {
        space_ = true;
      }
    }
  }

  void CodePoint(char32_t c) {
    // &nbsp; indenting a line or filling an empty paragraph shows nothing.
    if (c == 0xA0 && LineEmpty() && !pre_) return;
    std::string utf8;
    AppendUtf8(utf8, c);
    if (c < 0x80 && IsHtmlSpace(static_cast<char>(c))) {
      Text(utf8);
    } else {
      for (char byte : utf8) Put(byte, false);
    }
  }

  void Space() { space_ = true; }

  // Between tags, a newline run is no longer a blank line.
  void TagSeen() { newlines_ = 0; }

  void SoftBreak() {
    if (!LineEmpty()) out_ += '\n';
    space_ = false;
    separator_ = false;
    newlines_ = 0;
  }

  void HardBreak() {
    out_ += '\n';
    space_ = false;
    separator_ = false;
    bullet_ = false;
    newlines_ = 0;
  }

  void CellStart() {
    if (!LineEmpty()) separator_ = true;
  }

  void ListItem() {
    SoftBreak();
    bullet_ = true;
  }

  // A list item ended before any text: its marker must not land on what follows.
  void EndListItem() {
    SoftBreak();
    bullet_ = false;
  }

  void SetPre(bool pre) { pre_ = pre; }

  // Trailing blanks (also no-break spaces) trimmed, blank-only lines emptied, at most one blank
  // line in a row, none at the start or end; ends with a newline.
  std::string Finish() {
    std::string result;
    result.reserve(out_.size());
    bool pending_blank = false;
    std::string_view rest = out_;
    while (!rest.empty()) {
      std::size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
      for (;;) {
        if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
          line.remove_suffix(1);
        } else if (line.ends_with("\xc2\xa0")) {
          line.remove_suffix(2);
        } else {
          break;
        }
      }
      if (IsBlankLine(line)) {
        pending_blank = !result.empty();
        continue;
      }
      if (pending_blank) result += '\n';
      pending_blank = false;
      result += line;
      result += '\n';
    }
    return result;
  }

 private:
  bool LineEmpty() const { return out_.empty() || out_.back() == '\n'; }

  static bool IsBlankLine(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == ' ' || line[i] == '\t') continue;
      if (line.substr(i, 2) == "\xc2\xa0") {
        ++i;
        continue;
      }
      return false;
    }
    return true;
  }

  void Put(char c, bool literal) {
    newlines_ = 0;
    if (bullet_) {
      if (LineEmpty()) out_ += "- ";
      bullet_ = false;
      space_ = false;
    }
    if (separator_) {
      out_ += '\t';
      separator_ = false;
      space_ = false;
    } else if (space_ && !LineEmpty() && !literal) {
      out_ += ' ';
    }
    space_ = false;
    out_ += c;
  }

  std::string out_;
  bool space_ = false;      // collapsed whitespace before the next character
  bool separator_ = false;  // a TAB before the next character (new table cell)
  bool bullet_ = false;     // "- " before the next character (new list item)
  bool pre_ = false;
  int newlines_ = 0;        // newlines in the current whitespace run
};

bool IsBlockElement(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
      "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
      "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend",
      "main", "nav", "option", "p", "section", "summary", "tbody", "tfoot", "thead"};
  for (std::string_view block : kBlocks) {
    if (block == name) return true;
  }
  return false;
}

// Elements whose content is not shown: skipped up to their end tag.
bool IsHiddenElement(std::string_view name) {
  return name == "script" || name == "style" || name == "title" || name == "template" || name == "noscript";
}

// Finds "</name" (any case) at or after `from`; npos if none.
std::size_t FindEndTag(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t lt = html.find("</", from); lt != std::string_view::npos; lt = html.find("</", lt + 2)) {
    std::size_t k = 0;
    while (k < name.size() && lt + 2 + k < html.size() && Lower(html[lt + 2 + k]) == name[k]) ++k;
    if (k < name.size()) continue;
    std::size_t after = lt + 2 + k;
    if (after == html.size() || html[after] == '>' || html[after] == '/' || IsHtmlSpace(html[after])) return lt;
  }
  return std::string_view::npos;
}

class Converter {
 public:
  Converter(std::string_view html, std::vector<std::string>& warnings) : html_(html), warnings_(warnings) {}

  std::string Run() {
    std::size_t i = 0;
    const std::size_t n = html_.size();
    while (i < n) {
      std::size_t special = html_.find_first_of("<&", i);
      if (special == std::string_view::npos) special = n;
      text_.Text(html_.substr(i, special - i));
      i = special;
      if (i == n) break;
      i = html_[i] == '&' ? OnEntity(i) : OnMarkup(i);
    }
    return text_.Finish();
  }

 private:
  std::size_t OnEntity(std::size_t i) {
    DecodedEntity entity = DecodeEntity(html_, i);
    if (entity.length == 0) {
      text_.Text("&");
      return i + 1;
    }
    text_.CodePoint(entity.code_point);
    return i + entity.length;
  }

  // REQUIRES: html_[i] == '<'. Returns where text resumes.
  std::size_t OnMarkup(std::size_t i) {
    std::string_view rest = html_.substr(i);
    if (rest.starts_with("<!--")) {
      text_.TagSeen();
      if (rest.starts_with("<!-->")) return i + 5;
      if (rest.starts_with("<!--->")) return i + 6;
      std::size_t end = html_.find("-->", i + 4);
      if (end == std::string_view::npos) return RestHidden("unterminated HTML comment");
      return end + 3;
    }
    bool closing = rest.size() > 1 && rest[1] == '/';
    std::size_t name_start = i + (closing ? 2 : 1);
    if (name_start < html_.size() && IsAsciiAlpha(html_[name_start])) return Tag(name_start, closing);
    if (rest.starts_with("<!") || rest.starts_with("<?") || closing) {
      // Doctype, processing instruction, CDATA, "</ ...": up to the next '>'.
      text_.TagSeen();
      std::size_t end = html_.find('>', i + 1);
      return end == std::string_view::npos ? html_.size() : end + 1;
    }
    text_.Text("<");
    return i + 1;
  }

  std::size_t RestHidden(const char* why) {
    warnings_.push_back(std::string(why) + " hides the rest of the document");
    return html_.size();
  }

  // Parses a tag from its name to its closing '>' and applies it.
  std::size_t Tag(std::size_t name_start, bool closing) {
    std::size_t j = name_start;
    std::string name;
    while (j < html_.size() && !IsHtmlSpace(html_[j]) && html_[j] != '/' && html_[j] != '>') {
      if (name.size() < 16) name += Lower(html_[j]);
      ++j;
    }
    std::size_t end = TagEnd(j);
    if (end == std::string_view::npos) return RestHidden("unterminated tag");
    Apply(name, closing);
    if (!closing && IsHiddenElement(name)) {
      std::size_t close = FindEndTag(html_, end, name);
      if (close == std::string_view::npos) return RestHidden(("unterminated <" + name + ">").c_str());
      std::size_t close_end = TagEnd(close + 2 + name.size());
      return close_end == std::string_view::npos ? html_.size() : close_end;
    }
    return end;
  }

  // Index after the '>' that ends a tag whose attributes start at j; quoted
  // attribute values may hold '>'. npos at the end of the input.
  std::size_t TagEnd(std::size_t j) {
    const std::size_t n = html_.size();
    while (j < n) {
      char c = html_[j];
      if (c == '>') return j + 1;
      ++j;
      if (c != '=') continue;
      while (j < n && IsHtmlSpace(html_[j])) ++j;
      if (j < n && (html_[j] == '"' || html_[j] == '\'')) {
        const int q = html_[j] == '"' ? 0 : 1;
        std::size_t close = no_more_quotes_[q] ? std::string_view::npos : html_.find(html_[j], j + 1);
        if (close == std::string_view::npos) {
          // A quote that never closes: like a browser would be to swallow
          // the whole rest; ending the tag at the next '>' loses less.
          no_more_quotes_[q] = true;
          std::size_t gt = html_.find('>', j + 1);
          return gt == std::string_view::npos ? gt : gt + 1;
        }
        j = close + 1;
      }
    }
    return std::string_view::npos;
  }

  void Apply(const std::string& name, bool closing) {
    text_.TagSeen();
    if (name == "br") {
      if (in_cell_) {
        text_.Space();
      } else {
        text_.HardBreak();
      }
    } else if (name == "td" || name == "th") {
      if (!closing) text_.CellStart();
      in_cell_ = !closing;
    } else if (name == "tr" || name == "table") {
      text_.SoftBreak();
      in_cell_ = false;
    } else if (name == "li") {
      if (in_cell_) {
        text_.Space();
      } else if (closing) {
        text_.EndListItem();
      } else {
        text_.ListItem();
      }
    } else if (name == "ul" || name == "ol") {
      text_.EndListItem();
    } else if (name == "pre") {
      text_.SoftBreak();
      pre_depth_ = closing ? (pre_depth_ > 0 ? pre_depth_ - 1 : 0) : pre_depth_ + 1;
      text_.SetPre(pre_depth_ > 0);
    } else if (IsBlockElement(name)) {
      if (in_cell_) {
        text_.Space();
      } else {
        text_.SoftBreak();
      }
    }
  }

  std::string_view html_;
  std::vector<std::string>& warnings_;
  TextBuilder text_;
  bool in_cell_ = false;
  int pre_depth_ = 0;
  bool no_more_quotes_[2] = {false, false};
};

}  // namespace

std::string HtmlToText(std::string_view html, std::vector<std::string>& warnings) {
  return Converter(html, warnings).Run();
}

Document ReadHtml(std::string_view bytes) {
  DecodedText decoded = DecodeText(bytes);
  Document document;
  document.kind = DocumentKind::kHtml;
  document.warnings = std::move(decoded.warnings);
  std::string_view text = decoded.utf8;
  std::size_t start = text.find_first_not_of(" \t\n\f");
  text.remove_prefix(start == std::string_view::npos ? text.size() : start);

  Page page;
  if (std::size_t front_matter = FrontMatterLength(text); front_matter > 0) {
    // Lines between the fences, as they are: "title: ... 14 November 2011"
    // is often the only place the meeting's name and date are written.
    std::string_view block = text.substr(0, front_matter);
    block.remove_prefix(block.find('\n') + 1);
    std::size_t last_line = block.rfind('\n', block.size() >= 2 ? block.size() - 2 : 0);
    block = last_line == std::string_view::npos ? std::string_view() : block.substr(0, last_line + 1);
    while (!block.empty()) {
      std::size_t eol = block.find('\n');
      std::string_view line = block.substr(0, eol);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      page.text.append(line).append("\n");
      block.remove_prefix(eol == std::string_view::npos ? block.size() : eol + 1);
    }
    text.remove_prefix(front_matter);
    if (!page.text.empty()) page.text += '\n';
  }
  page.text += HtmlToText(text, document.warnings);
  document.pages.push_back(std::move(page));
  return document;
}

}  // namespace minutebook::read::internal
