// rules/people.aliases: one rule a line, "A = B" (merge, A is shown) or
// "A != B" (veto); '#' starts a comment. Format documented in the file.
#include <fmt/format.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "people/internal/name.h"
#include "people/people.h"

namespace minutebook::people {
namespace {

std::string Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

size_t CountOf(std::string_view s, std::string_view what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string_view::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

Result<Aliases> Aliases::Parse(std::string_view text, std::string_view source) {
  Aliases aliases;
  // Sorted key pair -> (merge?, line) of the first rule about that pair.
  std::map<std::pair<std::string, std::string>, std::pair<bool, int>> seen;
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (const size_t hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);
    const std::string line = Trimmed(raw);
    if (line.empty()) {
      if (end == text.size()) break;
      continue;
    }
    auto fail = [&](const std::string& reason) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("{}:{}: {}", source, line_number, reason));
    };
    const size_t vetoes = CountOf(line, "!=");
    const size_t equals = CountOf(line, "=");
    if (equals == 0) return fail("expected \"Name = Other Name\" or \"Name != Other Name\"");
    if (equals > 1) return fail("one rule a line: a single \"=\" or \"!=\"");
    const bool merge = vetoes == 0;
    const size_t op = merge ? line.find('=') : line.find("!=");
    AliasRule rule;
    rule.left = Trimmed(line.substr(0, op));
    rule.right = Trimmed(line.substr(op + (merge ? 1 : 2)));
    rule.merge = merge;
    rule.where = fmt::format("{}:{}", source, line_number);
    if (rule.left.empty()) return fail("no name before the \"" + std::string(merge ? "=" : "!=") + "\"");
    if (rule.right.empty()) return fail("no name after the \"" + std::string(merge ? "=" : "!=") + "\"");
    const internal::Name left = internal::ParseName(rule.left, /*require_capitals=*/false);
    const internal::Name right = internal::ParseName(rule.right, /*require_capitals=*/false);
    for (const internal::Name* n : {&left, &right}) {
      if (n->key.empty()) return fail(fmt::format("\"{}\" has no letters", n->written));
      if (n->shape == internal::Shape::kNone) {
        return fail(fmt::format("\"{}\" is not read as a person's name (a group, role or organisation word?)",
                                n->written));
      }
    }
    if (left.key == right.key) {
      return fail(fmt::format("\"{}\" and \"{}\" are already the same name", rule.left, rule.right));
    }
    if (merge && !left.many_words()) {
      return fail(fmt::format("the name left of \"=\" is the one shown and needs two words or more, not \"{}\"",
                              rule.left));
    }
    auto key = std::minmax(left.key, right.key);
    auto [it, inserted] = seen.emplace(std::pair(key.first, key.second), std::pair(merge, line_number));
    if (!inserted && it->second.first != merge) {
      return fail(fmt::format("contradicts line {}", it->second.second));
    }
    aliases.rules_.push_back(std::move(rule));
    if (end == text.size()) break;
  }
  return aliases;
}

Result<Aliases> LoadAliases(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Fail(ErrorCode::kNotFound, "no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, "cannot read");
  return Aliases::Parse(text.str(), path);
}

}  // namespace minutebook::people
