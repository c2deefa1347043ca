// The interface between the OCR stage and its Tesseract plugin.
//
// Why a plugin: libtesseract brings about 45 shared libraries with it
// (Leptonica's image codecs, and libarchive and libcurl with GnuTLS, Kerberos
// and LDAP behind them). Loading and relocating them cost every minutebook
// process about 14 ms at start (measured: an empty program linked with and
// without them, bench/ingest notes), twice per ingest with a worker process,
// although most documents need no OCR. The engine is therefore built as a
// module (minutebook-ocr-tesseract.so) and loaded on the first page that needs
// OCR. Both sides are built together from this tree, so C++ types may cross.
#ifndef MINUTEBOOK_OCR_INTERNAL_MODULE_H_
#define MINUTEBOOK_OCR_INTERNAL_MODULE_H_

#include <memory>

#include "ocr/ocr.h"

namespace minutebook::ocr::internal {

// Bumped whenever this struct or the meaning of a member changes.
constexpr int kEngineModuleAbi = 1;

struct EngineModule {
  int abi = kEngineModuleAbi;
  // Tesseract's version, e.g. "5.3.0".
  const char* (*version)() = nullptr;
  // limit_openmp: run Tesseract's OpenMP loops on the calling thread only
  // (false when the user set OMP_THREAD_LIMIT, which is then respected).
  Result<std::unique_ptr<Engine>> (*create)(const Options& options, bool limit_openmp) = nullptr;
};

}  // namespace minutebook::ocr::internal

// The module's one exported symbol.
extern "C" const minutebook::ocr::internal::EngineModule* minutebook_ocr_engine_module();

#endif  // MINUTEBOOK_OCR_INTERNAL_MODULE_H_
