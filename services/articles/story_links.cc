#include "services/articles/story_links.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/articles/names.h"
#include "services/articles/timestamps.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {

namespace v1 = ::jisr::v1;

absl::StatusOr<v1::Variant> StoryLinks::LinkVariant(const v1::LinkVariantRequest& request,
                                                    const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::string target_id, ParseStoryName("story", request.story()));
  return runner_.Run<v1::Variant>(
      CallOf("LinkVariant", request, caller),
      [&](WriteContext& write) { return Link(write, request, id, target_id); },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

absl::Status StoryLinks::Link(WriteContext& write, const v1::LinkVariantRequest& request,
                              const std::string& id, const std::string& target_id) const {
  JISR_ASSIGN_OR_RETURN(StoredVariant v,
                        store_.LoadVariantToChange(write, id, {"name", "etag", request.etag()}));
  JISR_ASSIGN_OR_RETURN(StoredStory target, store_.LoadLiveStory(write.txn(), target_id, "story"));
  const std::string previous_id = v.story_id();
  if (previous_id == target_id) {
    return PreconditionError(
        "ALREADY_LINKED", target.story.name(),
        absl::StrCat(v.variant.name(), " is already in ", target.story.name()));
  }
  JISR_RETURN_IF_ERROR(store_.CheckLanguageFree(write.txn(), target_id, v.variant.language(), id));
  v.variant.set_story(target.story.name());
  JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
  JISR_RETURN_IF_ERROR(store_.SaveStory(write, target));
  JISR_ASSIGN_OR_RETURN(StoredStory previous, store_.LoadStory(write.txn(), previous_id, "name"));
  JISR_ASSIGN_OR_RETURN(std::vector<StoredVariant> remaining,
                        store_.LoadStoryVariants(write.txn(), previous_id, false));
  if (remaining.empty() && !previous.deleted()) {
    *previous.story.mutable_delete_time() = ToProto(write.now());
    JISR_RETURN_IF_ERROR(store_.AppendEvent(write, v1::CHANGE_KIND_DELETED, nullptr, previous_id));
  }
  JISR_RETURN_IF_ERROR(store_.SaveStory(write, previous));
  return store_.AppendEvent(write, v1::CHANGE_KIND_LINKED, &v, target_id, previous_id);
}

absl::StatusOr<v1::Variant> StoryLinks::UnlinkVariant(const v1::UnlinkVariantRequest& request,
                                                      const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return runner_.Run<v1::Variant>(
      CallOf("UnlinkVariant", request, caller),
      [&](WriteContext& write) { return Unlink(write, request, id); },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

absl::Status StoryLinks::Unlink(WriteContext& write, const v1::UnlinkVariantRequest& request,
                                const std::string& id) const {
  JISR_ASSIGN_OR_RETURN(StoredVariant v,
                        store_.LoadVariantToChange(write, id, {"name", "etag", request.etag()}));
  const std::string previous_id = v.story_id();
  JISR_ASSIGN_OR_RETURN(std::vector<StoredVariant> live,
                        store_.LoadStoryVariants(write.txn(), previous_id, false));
  if (live.size() <= 1) {
    return PreconditionError(
        "ALONE_IN_STORY", v.variant.story(),
        absl::StrCat(v.variant.name(), " is the only variant of ", v.variant.story(),
                     ": there is nothing to unlink it from"));
  }
  JISR_ASSIGN_OR_RETURN(StoredStory story, store_.NewStory(write, v.variant.headline()));
  v.variant.set_story(story.story.name());
  JISR_RETURN_IF_ERROR(store_.SaveVariant(write, v));
  JISR_ASSIGN_OR_RETURN(StoredStory previous, store_.LoadStory(write.txn(), previous_id, "name"));
  JISR_RETURN_IF_ERROR(store_.SaveStory(write, previous));
  return store_.AppendEvent(write, v1::CHANGE_KIND_UNLINKED, &v, story.id(), previous_id);
}

}  // namespace jisr::articles
