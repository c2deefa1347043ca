#include "ingest/internal/processor.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "discover/discover.h"
#include "read/read.h"

namespace minutebook::ingest::internal {
namespace {

// Bumped when the reader's output changes in a way that needs re-reading.
constexpr int kReaderVersion = 1;

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, std::string("cannot open file: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, "read error");
  return std::move(ss).str();
}

std::string Reason(const Error& e) { return fmt::format("{}: {}", ErrorCodeName(e.code), e.message); }

}  // namespace

Result<std::unique_ptr<Processor>> Processor::Create(const Options& options) {
  std::unique_ptr<Processor> p(new Processor());
  p->options_ = options;
  MB_ASSIGN(extractor, extract::Extractor::Create(extract::Options{options.rules_dir}));
  MB_ASSIGN(normaliser, normalise::Normaliser::Create());
  p->extractor_ = std::move(extractor);
  p->normaliser_ = std::move(normaliser);
  p->pipeline_version_ =
      fmt::format("read{}/normalise{}/rules:{}", kReaderVersion, normalise::kVersion, p->extractor_->version());
  return p;
}

WorkResult Processor::Process(const WorkItem& item) const {
  WorkResult r;
  auto bytes = ReadWholeFile(item.path);
  if (!bytes) {
    r.outcome = Outcome::kFailed;
    r.reason = Reason(bytes.error());
    return r;
  }
  r.sha256 = discover::Sha256Hex(*bytes);
  if (item.ok_sha256 == r.sha256 && item.ok_pipeline_version == pipeline_version_) {
    r.outcome = Outcome::kUnchanged;
    return r;
  }
  if (item.failed_sha256 == r.sha256 && !options_.retry_failed) {
    r.outcome = Outcome::kSkippedFailed;
    return r;
  }
  auto doc = read::ReadBytes(*bytes, options_.read);
  *bytes = std::string();  // the pages are all we keep from here on
  if (!doc) {
    r.outcome = Outcome::kFailed;
    r.reason = Reason(doc.error());
    return r;
  }
  normaliser_->NormaliseDocument(*doc);
  r.extraction = extractor_->Process(*doc);
  r.document = std::move(*doc);
  r.outcome = Outcome::kNew;
  return r;
}

}  // namespace minutebook::ingest::internal
