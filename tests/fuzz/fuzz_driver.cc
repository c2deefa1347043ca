// A stand-in for libFuzzer's main() where libFuzzer is not available (GCC
// builds, the ci-sanitize preset): replays every input given (files, or
// folders of files), then runs random mutations of them. It understands the
// libFuzzer flags tests/fuzz/run uses, so one script drives either kind:
//   -runs=N            mutated inputs to run after the replay (default 0)
//   -max_total_time=S  stop mutating after S seconds (default: no limit)
//   -seed=N            random seed (default 1: runs are reproducible)
//   -max_len=N         longest mutated input in bytes (default 4096)
//   -artifact_prefix=P where a crashing input is saved (default ./)
// It does not learn from coverage: it is a replay-and-mutate driver. A
// crash or sanitizer report saves the input as P + "crash-<hash>", which
// belongs in tests/fuzz/regressions/<target>/ once the bug is fixed.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Present when built with a sanitizer: called before the process dies on a report.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace {

namespace fs = std::filesystem;

std::string g_current;  // the input being run, saved if it kills us
std::string g_artifact_prefix = "./";

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void SaveCurrent() {
  char name[64];
  std::snprintf(name, sizeof name, "crash-%016llx", static_cast<unsigned long long>(Fnv1a(g_current)));
  const std::string path = g_artifact_prefix + name;
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(g_current.data(), 1, g_current.size(), f);
    std::fclose(f);
    std::fprintf(stderr, "fuzz_driver: the input that failed is saved as %s\n", path.c_str());
  }
}

void OnFatalSignal(int sig) {
  SaveCurrent();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void Run(const std::string& input) {
  g_current = input;
  // A copy in a buffer of its own size, so that ASan sees a read past the end.
  std::unique_ptr<uint8_t[]> copy(new uint8_t[input.size()]);
  std::memcpy(copy.get(), input.data(), input.size());
  LLVMFuzzerTestOneInput(copy.get(), input.size());
}

// Tokens the parsers care about: encodings, page breaks, markup, the words
// the extraction rules key on.
const char* const kDictionary[] = {
    "\f", "\n", "\r\n", "\r", "\t", " ", "\xef\xbb\xbf", "\xff\xfe", "\xfe\xff", "\0", "\xef\xbf\xbd",
    "\xc2\xa0", "\xe2\x80\x93", "\xe2\x80\x99", "\xe2\x80\x9c", "\xef\xac\x81", "-\n", "**", "|", "<p>", "</p>",
    "<br>", "<br/>", "<b>", "<sup>", "<!DOCTYPE html>", "<html>", "<script>", "</script>", "<style>", "<!--",
    "-->", "&amp;", "&#x2013;", "&nbsp;", "---\n", "# ", "Present:", "Apologies:", "In attendance:", "Action:",
    "ACTION", "Minutes of the", "(Chair)", "Chair:", "Agenda", "Item 4", "RESOLVED", "RESTRICTED",
    "OFFICIAL-SENSITIVE", "Not for publication", "exempt", "Report of", "Security:", "Date:", "14 March 2024",
    "2024-03-14", "14/03/2024", "Monday 4th", "Cllr", "Councillor"};

std::string Mutate(std::string s, const std::vector<std::string>& corpus, std::mt19937_64& rng, size_t max_len) {
  auto pick = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  const int rounds = 1 + static_cast<int>(rng() % 4);
  for (int r = 0; r < rounds; ++r) {
    switch (rng() % 9) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:  // set a byte to something interesting
        if (!s.empty()) {
          static const unsigned char kBytes[] = {0, 0x0a, 0x0c, 0x0d, 0x20, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xe2, 0xed,
                                                 0xef, 0xf0, 0xf4, 0xf8, 0xfe, 0xff};
          s[pick(s.size())] = static_cast<char>(kBytes[pick(sizeof kBytes)]);
        }
        break;
      case 2: {  // insert random bytes
        std::string bytes(1 + pick(8), '\0');
        for (char& c : bytes) c = static_cast<char>(rng());
        s.insert(pick(s.size() + 1), bytes);
        break;
      }
      case 3: {  // erase a range
        if (s.empty()) break;
        const size_t at = pick(s.size());
        s.erase(at, 1 + pick(std::min<size_t>(64, s.size() - at)));
        break;
      }
      case 4: {  // duplicate a range
        if (s.empty()) break;
        const size_t at = pick(s.size());
        const std::string part = s.substr(at, 1 + pick(64));
        s.insert(pick(s.size() + 1), part);
        break;
      }
      case 5:
      case 6: {  // insert a dictionary token
        const std::string_view token = kDictionary[pick(std::size(kDictionary))];
        s.insert(pick(s.size() + 1), token.empty() ? std::string(1, '\0') : std::string(token));
        break;
      }
      case 7: {  // splice with another input
        const std::string& other = corpus[pick(corpus.size())];
        if (other.empty()) break;
        const size_t from = pick(other.size());
        s = s.substr(0, pick(s.size() + 1)) + other.substr(from, 1 + pick(256));
        break;
      }
      case 8:  // truncate
        s.resize(pick(s.size() + 1));
        break;
    }
  }
  if (s.size() > max_len) s.resize(max_len);
  return s;
}

void Collect(const fs::path& p, std::vector<std::string>& out) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) Collect(f, out);
    return;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz_driver: cannot read %s\n", p.c_str());
    std::exit(2);
  }
  std::ostringstream s;
  s << in.rdbuf();
  out.push_back(s.str());
}

}  // namespace

int main(int argc, char** argv) {
  long long runs = 0;
  double max_time = 0;
  uint64_t seed = 1;
  size_t max_len = 4096;
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) { return std::string(arg.substr(flag.size())); };
    if (arg.starts_with("-runs=")) {
      runs = std::stoll(value("-runs="));
    } else if (arg.starts_with("-max_total_time=")) {
      max_time = std::stod(value("-max_total_time="));
    } else if (arg.starts_with("-seed=")) {
      seed = std::stoull(value("-seed="));
    } else if (arg.starts_with("-max_len=")) {
      max_len = std::stoul(value("-max_len="));
    } else if (arg.starts_with("-artifact_prefix=")) {
      g_artifact_prefix = value("-artifact_prefix=");
    } else if (arg.starts_with("-")) {
      std::fprintf(stderr, "fuzz_driver: ignoring %s (not a libFuzzer build)\n", argv[i]);
    } else {
      Collect(argv[i], corpus);
    }
  }
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(SaveCurrent);
  // ASan reports SEGV itself (and then calls the death callback); abort()
  // from a target's own check is ours to catch either way.
  ::signal(SIGABRT, OnFatalSignal);
  if (!__sanitizer_set_death_callback) {
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, OnFatalSignal);
  }

  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  long long executed = 0;
  for (const auto& input : corpus) {
    Run(input);
    ++executed;
  }
  std::fprintf(stderr, "fuzz_driver: replayed %zu inputs\n", corpus.size());
  if (corpus.empty()) corpus.push_back("");
  std::mt19937_64 rng(seed);
  for (long long n = 0; (runs > 0 && n < runs) || (runs <= 0 && max_time > 0); ++n) {
    if (max_time > 0 && elapsed() >= max_time) break;
    Run(Mutate(corpus[static_cast<size_t>(rng() % corpus.size())], corpus, rng, max_len));
    ++executed;
  }
  std::fprintf(stderr, "Done %lld runs in %.0f second(s) (replay and mutation; no coverage feedback)\n", executed,
               elapsed());
  return 0;
}
