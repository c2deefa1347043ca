// mb_score GOLD_DIR PREDICTED [--min METRIC=VALUE ...]
// Prints the misses and every metric; exit 1 when a --min is not met.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "score/score.h"

int main(int argc, char** argv) {
  CLI::App app{"Score a minutebook export against gold annotations"};
  std::string gold_dir, pred_path;
  std::map<std::string, double> mins;
  app.add_option("gold", gold_dir, "Folder of gold *.json")->required()->check(CLI::ExistingDirectory);
  app.add_option("predicted", pred_path, "Export (json or jsonl)")->required()->check(CLI::ExistingFile);
  app.add_option("--min", mins, "METRIC=VALUE thresholds")->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  std::ifstream in(pred_path);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto scores = minutebook::score::Score(minutebook::score::LoadGold(gold_dir),
                                               minutebook::score::ParsePredicted(ss.str()));
  for (const auto& m : scores.misses) std::cout << "  " << m << "\n";
  for (const auto& [k, v] : scores.metrics) std::cout << fmt::format("{:36s} {:6.3f}\n", k, v);
  int failed = 0;
  for (const auto& [k, v] : mins) {
    auto it = scores.metrics.find(k);
    if (it == scores.metrics.end() || it->second < v) {
      std::cout << fmt::format("FAIL {}={:.3f}<{}\n", k, it == scores.metrics.end() ? 0.0 : it->second, v);
      ++failed;
    }
  }
  return failed ? 1 : 0;
}
