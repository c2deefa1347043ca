// Ingest: the staged batch. discover -> read -> normalise -> extract run on
// --jobs worker threads, one document per task; a single writer puts each
// result into the index in its own transaction.
#ifndef MINUTEBOOK_INGEST_INGEST_H_
#define MINUTEBOOK_INGEST_INGEST_H_

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "discover/discover.h"
#include "read/read.h"

namespace minutebook::ingest {

struct Options {
  std::string db_path = "output/minutebook.db";  // Default: output/minutebook.db
  int jobs = 0;                 // reading threads (documents at once, spare ones on pages); Default: 0 = cores
  bool prune = false;           // remove documents whose files are gone. Default: false
  bool retry_failed = false;    // read again files that failed before. Default: false
  std::string rules_dir = "rules";
  read::Options read;
  // Build an index fit for publication: text of restricted items and
  // withheld pages is left out. An index is public or not for its life: a
  // mismatch with an existing index is refused. Default: false.
  bool public_index = false;
  // Only the files of this shard (see discover::InShard); --prune then
  // removes only this shard's documents. An index holds one shard for its
  // life, recorded in its meta ("shard" = "K/N") for `minutebook merge`.
  // Default: 0/1, everything.
  discover::Shard shard;

  // Where documents are read. kProcess (the default) runs each worker as a
  // child process started with worker_command, so that a crash, hang or
  // memory blow-up in Poppler or Tesseract fails one document only; kThread
  // reads in this process (for debugging and for embedding).
  enum class Isolation { kProcess, kThread };
  Isolation isolation = Isolation::kProcess;
  // The command that runs ServeWorker(): argv[0] must be an absolute path; the
  // options are appended as one JSON argument. Required for kProcess.
  std::vector<std::string> worker_command;
  // Seconds one document may take in a worker before it is killed. Default: 600.
  int timeout_seconds = 600;
  // Address-space limit of a worker process in MiB; 0 = none. Default: 4096.
  int memory_limit_mb = 4096;
  // A worker process is replaced by a fresh one after this many documents
  // (0: never), as Tika's forked pipes replace theirs. Its memory otherwise
  // grows over a long run: Poppler's caches and the freed chunks its deep
  // malloc cache keeps (a worker ended a 100,807-page ingest, about 3,300
  // documents, at 44 MiB against 31 MiB after 100). A replacement costs a
  // start-up, about 30 ms of CPU. Default: 500.
  int documents_per_worker = 500;
};

struct FileFailure {
  std::string path;
  std::string reason;
};

struct Summary {
  int files = 0;
  int added = 0;
  int replaced = 0;
  int unchanged = 0;
  int failed = 0;
  int skipped_failed = 0;  // failed before, unchanged, not retried
  int pruned = 0;
  int pages = 0;           // pages read in this run
  int ocr_pages = 0;
  int ocr_cached = 0;      // of ocr_pages, taken from the OCR cache
  std::vector<FileFailure> failures;
  std::vector<std::string> low_confidence_pages;  // "path p.N (conf 42)"
  // Seconds spent resolving people across the index at the end of the run
  // (roster::Refresh); 0 when they were current already.
  double people_seconds = 0;
  // Why people could not be resolved (a bad or contradictory aliases file);
  // empty when they were. The documents are indexed either way.
  std::string people_error;
  // Workers replaced after documents_per_worker documents.
  int workers_replaced = 0;
};

struct Progress {
  int done = 0;
  int total = 0;
  int pages = 0;
  int ocr_pages = 0;
  double seconds = 0;
};

// Called on the writer thread after each file; may be empty.
using ProgressFn = std::function<void(const Progress&)>;
// Called on the writer thread for each failed file, as it happens; may be empty.
using FailureFn = std::function<void(const FileFailure&)>;

// Fails only when the index itself cannot be opened or written; a bad input
// file is a FileFailure in the summary and never stops the batch.
Result<Summary> Run(const std::vector<std::filesystem::path>& roots, const Options& options,
                    const ProgressFn& progress = {}, const FailureFn& on_failure = {});

// The child side of Isolation::kProcess: serves documents on stdin/stdout
// until stdin closes. Returns the process exit status.
int ServeWorker(const std::string& options_json);

}  // namespace minutebook::ingest

#endif  // MINUTEBOOK_INGEST_INGEST_H_
