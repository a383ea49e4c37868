// Points a translation's blocks at the source blocks they render (Block.source_block_id), for
// documents whose importer gives structural ids: the same id in both languages means the same
// place in the document.
#ifndef JISR_CLIENTS_IMPORT_TRANSLATION_ALIGNMENT_H_
#define JISR_CLIENTS_IMPORT_TRANSLATION_ALIGNMENT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "jisr/v1/resources.pb.h"

namespace jisr::import {

// The group a block id belongs to: the id without its last "-<letters><digits>" part
// ("article-3-p1" -> "article-3", "preamble-list2" -> "preamble"); a section heading's id is its
// own group ("article-3"); ids of the form "<letters><digits>" ("p7", "facts1") share the group "".
std::string BlockGroup(absl::string_view block_id);

// Sets source_block_id on each block of `translation` that has a block with the same id and the
// same kind in `source`, but only inside groups whose blocks (ids and kinds, in order) are the
// same in both: where a translation has a paragraph more or fewer (the Arabic UDHR preamble has
// 9 where the English has 10), same ids no longer mean same content, so that group's blocks are
// left unmapped, except the group's own heading. Other blocks' source_block_id is cleared.
// Returns how many blocks were mapped.
int AlignTranslationBlocks(const jisr::v1::Variant& source, jisr::v1::Variant* translation);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_TRANSLATION_ALIGNMENT_H_
