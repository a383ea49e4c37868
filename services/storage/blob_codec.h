// How the engines store the large `data` blobs of variants, revisions and published views:
// zstd-compressed behind a two-byte marker, so rows written before compression (plain
// serialized messages) still read as they are, with no rewrite on upgrade.
//
// Stored forms:
//   0x00 0x01 <zstd frame>  compressed; the frame records the decoded size
//   0x00 0x02 <zstd frame>  compressed with another blob's bytes as the dictionary (a revision
//                           against the one before, revision_chain.h)
//   0x00 0x00 <bytes>       stored as is (bytes that begin with 0x00, which no serialized
//                           message does, or that would not shrink)
//   anything else           stored as is (rows written before compression, short blobs)
// A serialized protobuf message never begins with 0x00 (field number 0 is invalid), so the
// marker cannot be mistaken for an old row.
#ifndef JISR_SERVICES_STORAGE_BLOB_CODEC_H_
#define JISR_SERVICES_STORAGE_BLOB_CODEC_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::storage {

// The largest blob DecodeBlob returns: a stored frame that claims more is corrupt (no stored
// row is near it; published views are capped at a few MiB), so a damaged or hostile row cannot
// make a read allocate without bound.
inline constexpr size_t kMaxDecodedBlobBytes = size_t{64} << 20;

// The stored form of `data`: compressed when that saves bytes, else as is.
std::string EncodeBlob(absl::string_view data);

// The bytes EncodeBlob was given. DATA_LOSS when a compressed blob is damaged or claims more
// than kMaxDecodedBlobBytes, or is a delta (which needs its base).
absl::StatusOr<std::string> DecodeBlob(absl::string_view stored);

// The stored form of `data` as a delta against `base` (which the reader must give back to
// DecodeBlobAgainst); as EncodeBlob when `base` is empty.
std::string EncodeBlobAgainst(absl::string_view data, absl::string_view base);
// True when `stored` is a delta.
bool IsDeltaBlob(absl::string_view stored);
// Decodes any stored form, a delta against `base`. DATA_LOSS as DecodeBlob, or when `base` is
// not the one the delta was made against (the frame's checksum fails).
absl::StatusOr<std::string> DecodeBlobAgainst(absl::string_view stored, absl::string_view base);

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_BLOB_CODEC_H_
