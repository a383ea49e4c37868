#include "services/api/audit_log.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "jisr/v1/article_service.pb.h"
#include "services/common/errors.h"

namespace jisr::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

void AddUnique(std::vector<std::string>& out, const std::string& name) {
  if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
}

// The string fields of `message` that name resources.
void CollectNames(const Message& message, std::vector<std::string>& out) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (const char* field_name : {"name", "parent", "story", "names", "variants"}) {
    const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(field_name);
    if (field == nullptr || field->type() != FieldDescriptor::TYPE_STRING) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        AddUnique(out, reflection->GetRepeatedString(message, field, i));
      }
    } else {
      AddUnique(out, reflection->GetString(message, field));
    }
  }
}

google::protobuf::Value StringValue(const std::string& s) {
  google::protobuf::Value v;
  v.set_string_value(s);
  return v;
}

google::protobuf::Value ListValue(const std::vector<std::string>& items) {
  google::protobuf::Value v;
  for (const std::string& item : items) *v.mutable_list_value()->add_values() = StringValue(item);
  v.mutable_list_value();  // an empty list stays a list
  return v;
}

std::string ToJsonLine(const AuditEntry& entry) {
  google::protobuf::Struct line;
  auto& fields = *line.mutable_fields();
  fields["time"] =
      StringValue(absl::FormatTime(absl::RFC3339_full, entry.time, absl::UTCTimeZone()));
  fields["principal"] = StringValue(entry.caller->anonymous ? "" : entry.caller->principal);
  std::vector<std::string> roles;
  for (access::Role role : entry.caller->roles) roles.emplace_back(access::RoleName(role));
  fields["roles"] = ListValue(roles);
  fields["peer"] = StringValue(entry.peer);
  fields["method"] = StringValue(entry.method);
  fields["resources"] = ListValue(entry.resources);
  fields["request_id"] = StringValue(entry.request_id);
  fields["code"] = StringValue(absl::StatusCodeToString(entry.code));
  google::protobuf::Value revisions;
  revisions.mutable_list_value();
  for (int64_t r : entry.revisions) {
    revisions.mutable_list_value()->add_values()->set_number_value(static_cast<double>(r));
  }
  fields["revisions"] = revisions;
  if (!entry.reason.empty()) fields["reason"] = StringValue(entry.reason);
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(line, &json);
  return json;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(const AuditOptions& options) {
  std::FILE* file = options.path == "-" ? stderr : std::fopen(options.path.c_str(), "a");
  if (file == nullptr) {
    return InvalidFieldError("--audit_log", absl::StrCat("cannot open ", options.path,
                                                         " for appending: give a "
                                                         "file jisrd may write, or - for stderr"));
  }
  return std::unique_ptr<AuditLog>(new AuditLog(options, file));
}

AuditLog::~AuditLog() {
  absl::MutexLock lock(&mu_);
  if (file_ != stderr) std::fclose(file_);
}

void AuditLog::Record(const AuditEntry& entry) {
  const std::string line = ToJsonLine(entry) + "\n";
  absl::MutexLock lock(&mu_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

std::vector<std::string> AuditedResources(const Message& request, const Message* response) {
  std::vector<std::string> out;
  CollectNames(request, out);
  // Names inside the request's resource: variant.name, story.name, schedule.variants.
  for (const char* nested : {"variant", "story", "schedule"}) {
    const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName(nested);
    if (field != nullptr && field->type() == FieldDescriptor::TYPE_MESSAGE &&
        !field->is_repeated() && request.GetReflection()->HasField(request, field)) {
      CollectNames(request.GetReflection()->GetMessage(request, field), out);
    }
  }
  if (response == nullptr) return out;
  if (auto* batch = dynamic_cast<const jisr::v1::BatchPublishVariantsResponse*>(response)) {
    for (const auto& v : batch->variants()) AddUnique(out, v.name());
  } else {
    CollectNames(*response, out);
  }
  return out;
}

std::vector<int64_t> WrittenRevisions(absl::string_view method, const Message* response) {
  const bool writes_content =
      method == "CreateVariant" || method == "UpdateVariant" || method == "RestoreRevision";
  auto* variant = dynamic_cast<const jisr::v1::Variant*>(response);
  if (!writes_content || variant == nullptr) return {};
  return {variant->revision().number()};
}

}  // namespace jisr::api
