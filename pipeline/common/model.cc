#include "common/model.h"

namespace minutebook {

const char* DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kText: return "text";
    case DocumentKind::kHtml: return "html";
    case DocumentKind::kPdf: return "pdf";
  }
  return "unknown";
}

}  // namespace minutebook
