// PDF reading with poppler-cpp. Poppler types and exceptions stay in this file.
#include "read/internal/pdf_reader.h"
#include "read/internal/hidden_text.h"
#include "read/internal/margin_column.h"
#include "read/internal/text_layer.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include "common/hash.h"
#include "ocr/ocr.h"

namespace minutebook::read::internal {
namespace {

// poppler-cpp's debug function: messages go where the core API's callback
// puts them (text_layer.h), so that ReadPdf can put Poppler's own reason
// into its Error instead of printing to stderr.
void KeepPopplerMessage(const std::string& message, void*) { NotePopplerMessage(message); }

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(KeepPopplerMessage, nullptr); });
}

std::string WithPopplerReason(std::string message) {
  if (!LastPopplerMessage().empty()) {
    message += " (poppler: ";
    message += LastPopplerMessage();
    message += ")";
  }
  return message;
}

enum class OcrMode { kAuto, kAlways, kNever };

std::optional<OcrMode> ParseOcrMode(std::string_view mode) {
  if (mode == "auto") return OcrMode::kAuto;
  if (mode == "always") return OcrMode::kAlways;
  if (mode == "never") return OcrMode::kNever;
  return std::nullopt;
}

// A page is rendered at options.ocr_dpi unless that would take more than
// kMaxRenderPixels (an A4 page at 300 dpi is 8.7 million): a poster-sized or
// malformed page then gets a lower resolution, so one page never needs more
// than ~64 MB of grey pixels.
constexpr double kMaxRenderPixels = 64e6;
constexpr int kMinOcrDpi = 50;
constexpr int kMaxOcrDpi = 1200;

// Created on first use by each thread and kept for the thread's lifetime:
// loading Tesseract's models costs ~0.3 s, far more than reusing them.
// An Engine is not thread-safe; thread_local makes each one private.
struct ThreadEngine {
  std::unique_ptr<ocr::Engine> engine;
  std::optional<Error> error;  // Create() failed; not retried on this thread
};
thread_local ThreadEngine thread_engine;

Result<ocr::Engine*> EngineForThisThread() {
  if (thread_engine.engine == nullptr && !thread_engine.error.has_value()) {
    Result<std::unique_ptr<ocr::Engine>> created = ocr::Engine::Create(ocr::Options{});
    if (created) {
      thread_engine.engine = std::move(*created);
    } else {
      thread_engine.error = created.error();
    }
  }
  if (thread_engine.error.has_value()) return std::unexpected(*thread_engine.error);
  return thread_engine.engine.get();
}

double PageAreaSqIn(const poppler::page& page) {
  const poppler::rectf box = page.page_rect(poppler::crop_box);
  return std::abs(box.width() * box.height()) / (72.0 * 72.0);
}

// Renders one page in 8-bit grey and OCRs it, or takes the text from the
// cache when the same pixels were read with the same settings before. The
// image lives only inside this call, so memory stays at one page per thread.
// get_engine is asked only on a cache miss.
Result<ocr::Text> OcrPage(const poppler::page& page, int dpi, OcrCache* cache,
                          const std::function<Result<ocr::Engine*>()>& get_engine) {
  const double pixels = PageAreaSqIn(page) * dpi * dpi;
  double resolution = dpi;
  if (pixels > kMaxRenderPixels) resolution = std::floor(dpi * std::sqrt(kMaxRenderPixels / pixels));
  if (!poppler::page_renderer::can_render()) {
    return Fail(ErrorCode::kUnsupported, "this Poppler build cannot render pages");
  }
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_gray8);
  const poppler::image rendered = renderer.render_page(&page, resolution, resolution);
  if (!rendered.is_valid() || rendered.width() <= 0 || rendered.height() <= 0) {
    return Fail(ErrorCode::kCorrupt, WithPopplerReason("page could not be rendered"));
  }
  ocr::Image image;
  image.data = reinterpret_cast<const std::uint8_t*>(rendered.const_data());
  image.width = rendered.width();
  image.height = rendered.height();
  image.bytes_per_pixel = 1;
  image.bytes_per_line = rendered.bytes_per_row();
  image.dpi = static_cast<int>(resolution);
  std::string key;
  if (cache != nullptr) {
    std::string_view pixels(rendered.const_data(),
                            static_cast<size_t>(rendered.bytes_per_row()) * static_cast<size_t>(rendered.height()));
    key = Sha256Hex(pixels) + "|" + std::to_string(rendered.width()) + "x" + std::to_string(rendered.height()) +
          "|" + std::to_string(image.dpi) + "|eng|tesseract " + ocr::EngineVersion();
    if (auto hit = cache->Find(key)) return ocr::Text{hit->text, hit->confidence};
  }
  Result<ocr::Engine*> engine = get_engine();
  if (!engine) return std::unexpected(engine.error());
  Result<ocr::Text> text = (*engine)->Recognise(image);
  if (text && cache != nullptr) cache->Store(key, OcrCache::Entry{text->text, text->confidence});
  return text;
}

// load_from_raw_data does not copy: `bytes` must outlive the document.
Result<std::unique_ptr<poppler::document>> OpenPdf(std::string_view bytes) {
  std::unique_ptr<poppler::document> pdf;
  try {
    pdf.reset(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kCorrupt, std::string("unreadable PDF: ") + e.what());
  }
  if (pdf == nullptr) return Fail(ErrorCode::kCorrupt, WithPopplerReason("unreadable PDF"));
  return pdf;
}

// What reading one page gave: the page, a warning, or OCR's absence.
struct PageOutcome {
  Page page;
  std::vector<HiddenText> hidden;  // with Options::check_hidden_text
  bool hidden_unchecked = false;   // ...which could not render this page
  std::optional<std::string> warning;
  std::optional<Error> ocr_unavailable;  // the page wanted OCR and there was no engine
};

struct PageJob {
  OcrMode mode;
  const Options& options;
  const OcrEngineSource& ocr_engine;
};

// A thread's poppler-cpp document, for rendering: opened on the first page
// that needs one (most text pages never do), as each document of Poppler
// holds its own cross-reference table and caches; a 20,000-page PDF with two
// per thread went over 300 MB.
class RenderDocument {
 public:
  RenderDocument(std::string_view bytes, const RenderFault& fault) : bytes_(bytes), fault_(fault) {}
  // The page, or nullptr with a reason in `why`.
  std::unique_ptr<poppler::page> Page(int i, std::string& why) {
    if (fault_) {
      if (std::optional<std::string> reason = fault_(i)) {
        why = *reason;
        return nullptr;
      }
    }
    if (doc_ == nullptr && error_.empty()) {
      auto opened = OpenPdf(bytes_);
      if (opened && !(*opened)->is_locked()) {
        doc_ = std::move(*opened);
      } else {
        error_ = opened ? "password-protected PDF" : opened.error().message;
      }
    }
    if (doc_ == nullptr) {
      why = error_;
      return nullptr;
    }
    std::unique_ptr<poppler::page> page(doc_->create_page(i));
    if (page == nullptr) why = WithPopplerReason("page could not be opened");
    return page;
  }

 private:
  std::string_view bytes_;
  const RenderFault& fault_;
  std::unique_ptr<poppler::document> doc_;
  std::string error_;
};

// Reads page i (0-based) into out: its text from `layer`, rendering through
// `render` (the same bytes) only where needed. engine is the calling
// thread's: asked for on its first page that needs OCR, then reused.
void ReadPage(RenderDocument& render, TextLayerDocument& layer, int i, const PageJob& job,
              std::optional<Result<ocr::Engine*>>& engine, PageOutcome& out) {
  const std::string where = "page " + std::to_string(i + 1) + ": ";
  try {
    Page& page = out.page;
    const bool check_hidden = job.options.check_hidden_text;
    // One pass gives the text, whether anything may hide text, and the word
    // boxes when the margin column or the hidden-text check needs them.
    bool margin = false;
    Result<TextLayerPage> layer_page = layer.Read(i, [&](const TextLayerPage& p) {
      margin = MayHaveMarginColumn(p.text);
      return (check_hidden && p.may_hide_text) || margin;
    });
    if (!layer_page) {
      out.warning = WithPopplerReason(where + "unreadable: " + layer_page.error().message);
      return;
    }
    page.text = std::move(layer_page->text);
    // Text layer as drawn, whatever OCR later makes of the page. Only a page
    // where something was painted over text (or text drawn on a paint of its
    // own grey) can hide text; only such a page is rendered.
    std::unique_ptr<poppler::page> pdf_page;
    std::string why_not;
    if (check_hidden && layer_page->may_hide_text) {
      pdf_page = render.Page(i, why_not);
      if (pdf_page == nullptr) {
        // Fail closed: a page that may hide text and cannot be rendered is
        // not reported as checked clean.
        out.warning = where + "not checked for text under filled boxes: " + why_not;
        out.hidden_unchecked = true;
      } else {
        FindHiddenTextOnPage(*pdf_page, layer_page->words, i + 1, out.hidden);
      }
    }
    if (margin) {
      page.text = AttachMarginColumn(layer_page->words, layer_page->media_width, std::move(page.text));
    }
    // Judged with --ocr never too: the page then shows as unread in coverage.
    const ocr::OcrReason why = ocr::JudgeTextLayer(page.text, layer_page->crop_area_sq_in);
    page.ocr_reason =
        ocr::OcrReasonName(why == ocr::OcrReason::kNone && job.mode == OcrMode::kAlways ? ocr::OcrReason::kRequested : why);
    if (page.ocr_reason.empty() || job.mode == OcrMode::kNever) return;
    auto get_engine = [&]() -> Result<ocr::Engine*> {
      if (!engine.has_value()) {
        engine = job.ocr_engine();
        if (*engine && **engine == nullptr) engine = Fail(ErrorCode::kInternal, "no OCR engine");
      }
      return *engine;
    };
    if (engine.has_value() && !*engine) {
      out.ocr_unavailable = engine->error();
      return;
    }
    if (pdf_page == nullptr) pdf_page = render.Page(i, why_not);
    if (pdf_page == nullptr) {
      out.warning = where + "OCR failed, text layer kept: " + why_not;
      return;
    }
    ClearPopplerMessage();
    Result<ocr::Text> text = OcrPage(*pdf_page, job.options.ocr_dpi, job.options.ocr_cache, get_engine);
    if (!text && engine.has_value() && !*engine) {
      out.ocr_unavailable = engine->error();
    } else if (text) {
      page.text = std::move(text->text);
      page.ocr = true;
      page.ocr_confidence = text->confidence;
    } else {
      out.warning = where + "OCR failed, text layer kept: " + text.error().message;
    }
  } catch (const std::exception& e) {
    out.warning = where + "unreadable: " + e.what();
  }
}

// Helper threads for reading the pages of one PDF at once, shared by every
// ReadPdf of the process and kept for its lifetime, so that each keeps its
// Tesseract engine (EngineForThisThread) from one document to the next.
// Several ReadPdf calls may use it at once: each waits for its own tasks.
class PageThreads {
 public:
  // Never destroyed: its threads hold Tesseract engines, and at exit a
  // static pool would join them after Tesseract's own statics (its shared
  // dictionary cache) were gone. The threads end with the process.
  static PageThreads& Get() {
    static PageThreads* const pool = new PageThreads;
    return *pool;
  }

  // Runs helper_task on `helpers` pool threads and own_task on the calling
  // thread, and returns when all of them are done.
  void Run(int helpers, std::function<void()> helper_task, const std::function<void()>& own_task) {
    auto batch = std::make_shared<Batch>();
    batch->pending = helpers;
    batch->task = std::move(helper_task);
    {
      std::lock_guard lock(mu_);
      while (static_cast<int>(threads_.size()) < helpers) {
        threads_.emplace_back([this] { Serve(); });
      }
      for (int i = 0; i < helpers; ++i) queue_.push_back(batch);
    }
    work_.notify_all();
    own_task();
    std::unique_lock lock(mu_);
    done_.wait(lock, [&] { return batch->pending == 0; });
  }

 private:
  struct Batch {
    int pending = 0;
    std::function<void()> task;
  };

  void Serve() {
    while (true) {
      std::shared_ptr<Batch> batch;
      {
        std::unique_lock lock(mu_);
        work_.wait(lock, [&] { return !queue_.empty(); });
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      batch->task();
      {
        std::lock_guard lock(mu_);
        --batch->pending;
      }
      done_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable work_, done_;
  std::deque<std::shared_ptr<Batch>> queue_;
  std::vector<std::thread> threads_;
};

}  // namespace

Result<Document> ReadPdf(std::string_view bytes, const Options& options) {
  return ReadPdf(bytes, options, EngineForThisThread);
}

Result<Document> ReadPdf(std::string_view bytes, const Options& options,
                         const OcrEngineSource& ocr_engine, const RenderFault& render_fault) {
  const std::optional<OcrMode> ocr_mode = ParseOcrMode(options.ocr);
  if (!ocr_mode) return Fail(ErrorCode::kInvalidArgument, "ocr must be auto, always or never");
  if (*ocr_mode != OcrMode::kNever && (options.ocr_dpi < kMinOcrDpi || options.ocr_dpi > kMaxOcrDpi)) {
    return Fail(ErrorCode::kInvalidArgument, "ocr_dpi must be between 50 and 1200");
  }
  SilencePoppler();
  ClearPopplerMessage();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return Fail(ErrorCode::kUnsupported, "PDF larger than 2 GiB");
  }
  MB_ASSIGN(layer, TextLayerDocument::Open(bytes));

  Document document;
  document.kind = DocumentKind::kPdf;
  // The Info Title often names the meeting and its date when the pages only
  // carry a logo and a heading without a year.
  if (std::string title = layer->title(); !title.empty()) document.metadata.emplace_back("title", std::move(title));
  const int page_count = layer->pages();
  if (page_count <= 0) return Fail(ErrorCode::kCorrupt, WithPopplerReason("PDF has no pages"));
  std::vector<PageOutcome> outcomes(static_cast<std::size_t>(page_count));
  const PageJob job{*ocr_mode, options, ocr_engine};
  std::atomic<int> next_page{0};
  // Each reading thread takes the next page not yet taken; results go to
  // their page's slot, so the document comes out in page order whatever the
  // threads' timing.
  auto read_pages = [&](TextLayerDocument& own_layer) {
    RenderDocument render(bytes, render_fault);
    std::optional<Result<ocr::Engine*>> engine;  // asked for on this thread's first page to OCR
    for (int i = next_page.fetch_add(1); i < page_count; i = next_page.fetch_add(1)) {
      ReadPage(render, own_layer, i, job, engine, outcomes[static_cast<std::size_t>(i)]);
    }
  };
  const int helpers = std::min(options.page_threads, page_count) - 1;
  if (helpers <= 0) {
    read_pages(*layer);
  } else {
    // Poppler documents are not thread-safe, separate ones are: every helper
    // opens its own over the same bytes (a fraction of a page's cost).
    PageThreads::Get().Run(
        helpers,
        [&] {
          auto own = TextLayerDocument::Open(bytes);
          if (own) read_pages(**own);
        },
        [&] { read_pages(*layer); });
  }

  document.pages.reserve(static_cast<std::size_t>(page_count));
  document.hidden_checked = options.check_hidden_text;
  std::string pages_without_ocr;
  std::string ocr_error;
  for (int i = 0; i < page_count; ++i) {
    PageOutcome& o = outcomes[static_cast<std::size_t>(i)];
    o.page.number = i + 1;
    if (o.warning) document.warnings.push_back(std::move(*o.warning));
    if (o.ocr_unavailable) {
      if (!pages_without_ocr.empty()) pages_without_ocr += ", ";
      pages_without_ocr += std::to_string(o.page.number);
      if (ocr_error.empty()) ocr_error = o.ocr_unavailable->message;
    }
    document.pages.push_back(std::move(o.page));
    for (auto& h : o.hidden) document.hidden_text.push_back(std::move(h));
    if (o.hidden_unchecked) document.hidden_checked = false;
  }
  if (!pages_without_ocr.empty()) {
    document.warnings.push_back("OCR unavailable (" + ocr_error + "), text layer kept on page(s) " +
                                pages_without_ocr);
  }
  return document;
}

Result<std::vector<HiddenText>> FindHiddenTextInPdf(std::string_view bytes) {
  SilencePoppler();
  ClearPopplerMessage();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return Fail(ErrorCode::kUnsupported, "PDF larger than 2 GiB");
  MB_ASSIGN(pdf, OpenPdf(bytes));
  if (pdf->is_locked()) return Fail(ErrorCode::kEncrypted, "password-protected PDF");
  MB_ASSIGN(layer, TextLayerDocument::Open(bytes));
  std::vector<HiddenText> out;
  // Every page rendered, without ReadPage's filter: this is the slow path
  // that the stored findings are checked against.
  for (int i = 0; i < pdf->pages(); ++i) {
    try {
      std::unique_ptr<poppler::page> page(pdf->create_page(i));
      auto words = layer->Read(i, [](const TextLayerPage&) { return true; });
      if (page != nullptr && words) FindHiddenTextOnPage(*page, words->words, i + 1, out);
    } catch (const std::exception&) {
      // As ReadPdf: an unreadable page has no text layer to hide.
    }
  }
  return out;
}

}  // namespace minutebook::read::internal
