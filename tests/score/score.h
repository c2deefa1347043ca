// The project's own scorer for the gold format (tests/data/gold): the same
// metrics and matching rules as the evaluation's score.py, written anew so
// that the accuracy test and bench/accuracy need nothing outside the repo.
#ifndef MINUTEBOOK_TESTS_SCORE_SCORE_H_
#define MINUTEBOOK_TESTS_SCORE_SCORE_H_

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace minutebook::score {

// Matching form of a person's name: NFKC, case-folded, parentheticals,
// titles (Cllr, Dr, ...), hyphens and apostrophes removed.
std::string NormName(const std::string& s);
// Token overlap |A∩B| / max(|A|,|B|) of the [a-z0-9]+ words of two texts.
double Similarity(const std::string& a, const std::string& b);
// "corpus/000_x-scan.pdf" -> "000_x": renditions of one document share its gold.
std::string SourceKey(const std::string& source);

struct Scores {
  std::map<std::string, double> metrics;  // "actions.f1", "overall", ...
  std::vector<std::string> misses;        // one line per miss, for people
};

// gold: key -> gold document; predicted: documents as exported.
Scores Score(const std::map<std::string, nlohmann::json>& gold, const std::vector<nlohmann::json>& predicted);

// Loads every *.json in a folder, keyed by SourceKey of its "source".
std::map<std::string, nlohmann::json> LoadGold(const std::string& dir);
// A JSON array, a single object, or JSON Lines.
std::vector<nlohmann::json> ParsePredicted(const std::string& text);

}  // namespace minutebook::score

#endif  // MINUTEBOOK_TESTS_SCORE_SCORE_H_
