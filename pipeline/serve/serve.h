// Serve stage: `minutebook serve`, a local web page over the index alone.
// Search, one page of a document with the query's terms marked, people and
// their actions, meetings and the publication audit, each with a JSON API
// beside it (/api/...). Pages are Mustache templates kept as files
// (templates/), escaped by default, and work without JavaScript.
//
// Security: the index is opened read-only and every SQL value is bound (the
// index stage); a query is limited (index::kMaxQueryBytes, kMaxQueryWords)
// and a page of results to kMaxPageSize hits; original files are served by
// document id only, never by a path from the request; every response sends
// Content-Security-Policy: default-src 'self'. A full (not --public) index is
// served on a non-loopback address only with allow_remote.
#ifndef MINUTEBOOK_SERVE_SERVE_H_
#define MINUTEBOOK_SERVE_SERVE_H_

#include <functional>
#include <ostream>
#include <string>

#include "common/result.h"

namespace minutebook::serve {

// Most hits on one page of results (the API's `limit` is clamped to it).
inline constexpr int kMaxPageSize = 50;

struct Options {
  std::string db_path;
  std::string bind = "127.0.0.1";  // Default: loopback only
  int port = 8080;                 // 0: any free port (printed on start-up)
  // Serve a full index on an address other than loopback. Default: false.
  bool allow_remote = false;
  std::string templates_dir;  // Default: DefaultTemplatesDir()
  std::string rules_dir;      // holds people.aliases (optional)
  int threads = 8;            // requests served at once
};

// pipeline/serve/templates beside the installed binary's tree, else in the
// source tree it was built from; $MINUTEBOOK_TEMPLATES overrides both.
std::string DefaultTemplatesDir();

// Binds, prints "minutebook: serving DB at http://HOST:PORT/" on `out` (and
// the restricted-material warning on `err` when it applies), then serves
// until the process is stopped. Fails with kInvalidArgument on a bad option
// (a full index on a remote address without allow_remote, a missing
// template), kIo when the index cannot be read or the port not bound.
Result<void> Run(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace minutebook::serve

#endif  // MINUTEBOOK_SERVE_SERVE_H_
