#include "services/storage/blob_codec.h"

#include <zstd.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jisr::storage {
namespace {

constexpr char kMarker = '\0';
constexpr char kStoredAsIs = '\0';
constexpr char kZstd = '\1';
constexpr char kZstdDelta = '\2';
// Below this, a frame's header outweighs what compression saves.
constexpr size_t kMinCompressedBytes = 128;
// Level 1: most of level 3's ratio on article JSON-like protos at a fraction of the write CPU.
constexpr int kLevel = 1;

struct ContextDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// One context per thread: creating one per call costs more than compressing a small blob.
// Frames carry a checksum (4 bytes) so a damaged row is reported, never read as other bytes.
ZSTD_CCtx* CompressContext() {
  thread_local std::unique_ptr<ZSTD_CCtx, ContextDeleter> context([] {
    ZSTD_CCtx* c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, kLevel);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    return c;
  }());
  return context.get();
}

ZSTD_DCtx* DecompressContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, ContextDeleter> context(ZSTD_createDCtx());
  return context.get();
}

std::string AsIs(absl::string_view data) {
  if (data.empty() || data.front() != kMarker) return std::string(data);
  return absl::StrCat(absl::string_view("\0\0", 2), data);
}

absl::Status Damaged(absl::string_view what) {
  return absl::DataLossError(
      absl::StrCat("a stored row's data is damaged (", what,
                   "); restore the database from a backup or purge the variant"));
}

}  // namespace

namespace {

// `data` compressed in `form`, with `base` as the frame's dictionary when not empty; as is
// when that does not save bytes.
std::string Compress(absl::string_view data, char form, absl::string_view base) {
  if (data.size() < kMinCompressedBytes && base.empty()) return AsIs(data);
  std::string out(2 + ZSTD_compressBound(data.size()), '\0');
  out[1] = form;
  ZSTD_CCtx* context = CompressContext();
  if (!base.empty()) ZSTD_CCtx_refPrefix(context, base.data(), base.size());
  size_t written =
      ZSTD_compress2(context, out.data() + 2, out.size() - 2, data.data(), data.size());
  if (ZSTD_isError(written) || written + 2 >= data.size()) return AsIs(data);
  out.resize(written + 2);
  return out;
}

absl::StatusOr<std::string> Decompress(absl::string_view body, absl::string_view base) {
  unsigned long long size = ZSTD_getFrameContentSize(body.data(), body.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Damaged("a compressed frame without its size");
  }
  if (size > kMaxDecodedBlobBytes) return Damaged("a compressed frame claiming too many bytes");
  std::string out(static_cast<size_t>(size), '\0');
  ZSTD_DCtx* context = DecompressContext();
  if (!base.empty()) ZSTD_DCtx_refPrefix(context, base.data(), base.size());
  size_t got = ZSTD_decompressDCtx(context, out.data(), out.size(), body.data(), body.size());
  if (ZSTD_isError(got) || got != out.size()) return Damaged("a corrupt compressed frame");
  return out;
}

}  // namespace

std::string EncodeBlob(absl::string_view data) { return Compress(data, kZstd, ""); }

std::string EncodeBlobAgainst(absl::string_view data, absl::string_view base) {
  if (base.empty()) return EncodeBlob(data);
  return Compress(data, kZstdDelta, base);
}

bool IsDeltaBlob(absl::string_view stored) {
  return stored.size() >= 2 && stored[0] == kMarker && stored[1] == kZstdDelta;
}

absl::StatusOr<std::string> DecodeBlob(absl::string_view stored) {
  if (IsDeltaBlob(stored)) return Damaged("a delta read without its base");
  return DecodeBlobAgainst(stored, "");
}

absl::StatusOr<std::string> DecodeBlobAgainst(absl::string_view stored, absl::string_view base) {
  if (stored.empty() || stored.front() != kMarker) return std::string(stored);
  if (stored.size() < 2) return Damaged("a marker without a form");
  absl::string_view body = stored.substr(2);
  if (stored[1] == kStoredAsIs) return std::string(body);
  if (stored[1] == kZstd) return Decompress(body, "");
  if (stored[1] != kZstdDelta) return Damaged("an unknown form");
  if (base.empty()) return Damaged("a delta without its base");
  return Decompress(body, base);
}

}  // namespace jisr::storage
