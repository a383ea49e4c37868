#include "services/articles/publishing.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/access/caller.h"
#include "services/articles/names.h"
#include "services/articles/request_checks.h"
#include "services/articles/timestamps.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// How far ahead of the server clock a backdated publish_time may be (clock skew).
constexpr absl::Duration kClockSkew = absl::Minutes(1);
// The most variants one batch publishes: a story's languages, with room to spare.
constexpr int kMaxBatch = 20;

// The original publication time of an archived article, if the request gives one.
absl::StatusOr<std::optional<absl::Time>> ReadBackdate(const v1::PublishVariantRequest& request,
                                                       absl::Time now) {
  if (!request.has_publish_time()) return std::nullopt;
  if (!IsValidTimestamp(request.publish_time())) {
    return InvalidFieldError("publish_time", "not a valid timestamp (years 1 to 9999)");
  }
  const absl::Time when = FromProto(request.publish_time());
  if (when > now + kClockSkew) {
    return InvalidFieldError("publish_time",
                             "is in the future: publish_time records when an archived article "
                             "was originally published, so it must be in the past; to publish "
                             "later, use CreateSchedule");
  }
  return when;
}

}  // namespace

absl::StatusOr<v1::Variant> Publishing::PublishVariant(const v1::PublishVariantRequest& request,
                                                       const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  if (request.revision() < 0) {
    return InvalidFieldError("revision", "0 (the latest) or a revision number");
  }
  JISR_ASSIGN_OR_RETURN(const std::optional<absl::Time> backdate,
                        ReadBackdate(request, runner_.Now()));
  // Back-dating rewrites the public record of when readers first saw an article.
  if (backdate.has_value() && !caller.caller.Has(access::Permission::kAdminister)) {
    return access::PermissionDeniedError(caller.caller, access::Permission::kAdminister,
                                         "publish_time");
  }
  return runner_.Run<v1::Variant>(
      CallOf("PublishVariant", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariantToChange(
                                                   write, id, {"name", "etag", request.etag()}));
        return steps_.Publish(write, v, request.revision(), backdate.value_or(write.now()),
                              backdate.has_value());
      },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

absl::StatusOr<v1::BatchPublishVariantsResponse> Publishing::BatchPublishVariants(
    const v1::BatchPublishVariantsRequest& request, const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(const std::vector<std::string> ids,
                        ParseVariantNameList("names", request.names(), kMaxBatch));
  return runner_.Run<v1::BatchPublishVariantsResponse>(
      CallOf("BatchPublishVariants", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(
            std::vector<StoredVariant> variants,
            store_.LoadVariantsOfOneStory(write, ids, "names", "a batch publishes"));
        // Every problem of every variant, so one round trip tells the desks all that is missing.
        std::vector<std::string> problems;
        for (const StoredVariant& v : variants) {
          absl::Status ok = steps_.CheckPublishable(write, v, v.variant.latest_revision());
          if (!ok.ok()) problems.push_back(std::string(ok.message()));
        }
        if (!problems.empty()) {
          return PreconditionError(
              "NOT_PUBLISHABLE", variants.front().variant.story(),
              absl::StrCat("nothing was published: ", absl::StrJoin(problems, "; ")));
        }
        for (StoredVariant& v : variants) {
          JISR_RETURN_IF_ERROR(steps_.Publish(write, v, 0, write.now(), false));
        }
        return absl::OkStatus();
      },
      [&](WriteContext& write) -> absl::StatusOr<v1::BatchPublishVariantsResponse> {
        v1::BatchPublishVariantsResponse response;
        for (const std::string& id : ids) {
          JISR_ASSIGN_OR_RETURN(*response.add_variants(), views_.LatestById(write, id));
        }
        return response;
      });
}

absl::StatusOr<v1::Variant> Publishing::UnpublishVariant(const v1::UnpublishVariantRequest& request,
                                                         const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  return runner_.Run<v1::Variant>(
      CallOf("UnpublishVariant", request, caller),
      [&](WriteContext& write) -> absl::Status {
        // Not must_be_live: Unpublish says why a deleted variant cannot be unpublished.
        JISR_ASSIGN_OR_RETURN(
            StoredVariant v,
            store_.LoadVariantToChange(write, id, {"name", "etag", request.etag(), false}));
        return steps_.Unpublish(write, v);
      },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

}  // namespace jisr::articles
