// Hand-built PDFs for tests: objects in, a file with a correct
// cross-reference table out, so Poppler reads it without repairing it.
#ifndef MINUTEBOOK_TESTS_SUPPORT_PDF_H_
#define MINUTEBOOK_TESTS_SUPPORT_PDF_H_

#include <string>
#include <vector>

#include <fmt/format.h>

namespace minutebook::testing {

// objects[i] becomes object i+1; REQUIRES: object 1 is the catalog.
inline std::string AssemblePdf(const std::vector<std::string>& objects) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects[i]);
  }
  const size_t xref = pdf.size();
  pdf += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects.size() + 1);
  for (size_t o : offsets) pdf += fmt::format("{:010} 00000 n \n", o);
  pdf += fmt::format("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", objects.size() + 1, xref);
  return pdf;
}

// A one-page US Letter PDF whose content stream is `content`, with
// Helvetica as /F1.
inline std::string OnePageHelveticaPdf(const std::string& content) {
  return AssemblePdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                      "/Resources << /Font << /F1 5 0 R >> >> >>",
                      fmt::format("<< /Length {} >>\nstream\n{}\nendstream", content.size(), content),
                      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"});
}

}  // namespace minutebook::testing

#endif  // MINUTEBOOK_TESTS_SUPPORT_PDF_H_
