// jisrctl variant create|get|lookup|list|update|delete|undelete|publish|unpublish|link|unlink.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/jisrctl/arguments.h"
#include "clients/jisrctl/cli.h"
#include "clients/jisrctl/emit.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/status_macros.h"

namespace jisr::jisrctl {
namespace {

using jisr::v1::Variant;

absl::StatusOr<Variant> ReadVariantFile(absl::string_view command, const std::string& path) {
  JISR_ASSIGN_OR_RETURN(const std::string json, ReadInput(path));
  Variant variant;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &variant);
  if (!status.ok()) {
    return UsageError(command,
                      absl::StrCat("cannot read \"", path,
                                   "\" as a jisr.v1.Variant in protobuf JSON: ", status.ToString(),
                                   "; `jisrctl variant get NAME --json` shows the shape"));
  }
  return variant;
}

// Copies the content flags that were given into `variant`; with `mask`, names each one in it.
void ApplyContentFlags(const CommandFlags& flags, Variant* variant,
                       google::protobuf::FieldMask* mask) {
  const auto touched = [mask](const char* path) {
    if (mask != nullptr) mask->add_paths(path);
  };
  if (flags.headline) {
    variant->set_headline(*flags.headline);
    touched("headline");
  }
  if (flags.standfirst) {
    variant->set_standfirst(*flags.standfirst);
    touched("standfirst");
  }
  if (flags.section) {
    variant->set_section(*flags.section);
    touched("section");
  }
  if (flags.slug) {
    variant->set_slug(*flags.slug);
    touched("slug");
  }
  if (flags.tags) {
    variant->clear_tags();
    for (const std::string& tag : *flags.tags) variant->add_tags(tag);
    touched("tags");
  }
  if (flags.byline) {
    variant->clear_byline();
    for (const std::string& name : *flags.byline) variant->add_byline()->set_name(name);
    touched("byline");
  }
}

absl::Status Create(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 0, 0, "variant create",
                                  "variant create --language LANG [--headline H] [--file F]"));
  Variant variant;
  if (!cli.flags.file.empty()) {
    JISR_ASSIGN_OR_RETURN(variant, ReadVariantFile("variant create", cli.flags.file));
  }
  if (cli.flags.language) variant.set_language(*cli.flags.language);
  if (variant.language().empty()) {
    return UsageError("variant create",
                      "--language is required (or a \"language\" in --file): the variant's "
                      "language, such as en or ar");
  }
  ApplyContentFlags(cli.flags, &variant, nullptr);
  if (cli.flags.story) variant.set_story(StoryName(*cli.flags.story));
  if (cli.flags.translation_of) {
    variant.mutable_translation_source()->set_variant(VariantName(*cli.flags.translation_of));
  }
  jisr::v1::CreateVariantRequest request;
  *request.mutable_variant() = std::move(variant);
  request.set_variant_id(cli.flags.id);
  request.set_change_note(cli.flags.note);
  request.set_validate_only(cli.flags.validate_only);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->CreateVariant(request), PrintVariant);
}

absl::Status Get(Cli& cli) {
  JISR_RETURN_IF_ERROR(
      ExpectArgs(cli, 1, 1, "variant get", "variant get VARIANT [--view published|latest]"));
  jisr::v1::GetVariantRequest request;
  request.set_name(VariantName(cli.args[0]));
  if (!cli.flags.view.empty()) {
    JISR_ASSIGN_OR_RETURN(auto view, ParseVariantView("variant get", cli.flags.view));
    request.set_view(view);
  }
  return Emit(cli, cli.client->GetVariant(request), PrintVariant);
}

absl::Status Lookup(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 2, 2, "variant lookup",
                                  "variant lookup LANG SLUG [--view published|latest]"));
  jisr::v1::LookupVariantRequest request;
  request.set_language(cli.args[0]);
  request.set_slug(cli.args[1]);
  if (!cli.flags.view.empty()) {
    JISR_ASSIGN_OR_RETURN(auto view, ParseVariantView("variant lookup", cli.flags.view));
    request.set_view(view);
  }
  return Emit(cli, cli.client->LookupVariant(request), PrintVariant);
}

absl::Status List(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 0, 0, "variant list", "variant list [filters]"));
  jisr::v1::ListVariantsRequest request;
  if (cli.flags.language) request.set_language(*cli.flags.language);
  if (cli.flags.section) request.set_section(*cli.flags.section);
  if (cli.flags.story) request.set_story(StoryName(*cli.flags.story));
  if (!cli.flags.state.empty()) {
    JISR_ASSIGN_OR_RETURN(auto state, ParseVariantState("variant list", cli.flags.state));
    request.set_state(state);
  }
  if (!cli.flags.view.empty()) {
    JISR_ASSIGN_OR_RETURN(auto view, ParseVariantView("variant list", cli.flags.view));
    request.set_view(view);
  }
  request.set_show_deleted(cli.flags.show_deleted);
  return Emit(
      cli,
      CollectPages<jisr::v1::ListVariantsRequest, jisr::v1::ListVariantsResponse>(
          cli, request,
          [&cli](const jisr::v1::ListVariantsRequest& r) { return cli.client->ListVariants(r); },
          [](jisr::v1::ListVariantsResponse& r) { return r.mutable_variants(); }, "variants"),
      PrintVariantList);
}

absl::Status Update(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "variant update",
                                  "variant update VARIANT [--headline H ...] [--file F --mask M]"));
  Variant variant;
  if (!cli.flags.file.empty()) {
    JISR_ASSIGN_OR_RETURN(variant, ReadVariantFile("variant update", cli.flags.file));
  }
  variant.set_name(VariantName(cli.args[0]));
  if (!cli.flags.etag.empty()) variant.set_etag(cli.flags.etag);

  jisr::v1::UpdateVariantRequest request;
  google::protobuf::FieldMask* mask = request.mutable_update_mask();
  if (!cli.flags.mask.empty()) {
    for (absl::string_view path : absl::StrSplit(cli.flags.mask, ',', absl::SkipWhitespace())) {
      mask->add_paths(std::string(path));
    }
  }
  // Without --mask, the flags given name the fields to replace.
  ApplyContentFlags(cli.flags, &variant, cli.flags.mask.empty() ? mask : nullptr);
  if (cli.flags.file.empty() && mask->paths_size() == 0) {
    return UsageError("variant update",
                      "nothing to change: pass --headline, --standfirst, --section, --slug, "
                      "--tags or --byline, or --file with the new content (and --mask)");
  }
  if (!cli.flags.file.empty() && mask->paths_size() == 0) {
    cli.Progress("no --mask: every content field is replaced by the file's");
  }
  *request.mutable_variant() = std::move(variant);
  request.set_change_note(cli.flags.note);
  request.set_significance(cli.flags.minor ? jisr::v1::CHANGE_SIGNIFICANCE_MINOR
                                           : jisr::v1::CHANGE_SIGNIFICANCE_SIGNIFICANT);
  request.set_validate_only(cli.flags.validate_only);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->UpdateVariant(request), PrintVariant);
}

absl::Status Delete(Cli& cli) {
  JISR_RETURN_IF_ERROR(
      ExpectArgs(cli, 1, 1, "variant delete", "variant delete VARIANT [--etag E]"));
  jisr::v1::DeleteVariantRequest request;
  request.set_name(VariantName(cli.args[0]));
  request.set_etag(cli.flags.etag);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->DeleteVariant(request), PrintVariant);
}

absl::Status Undelete(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 1, "variant undelete", "variant undelete VARIANT"));
  jisr::v1::UndeleteVariantRequest request;
  request.set_name(VariantName(cli.args[0]));
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->UndeleteVariant(request), PrintVariant);
}

void PrintPublished(std::ostream& out, const jisr::v1::BatchPublishVariantsResponse& response) {
  for (const Variant& variant : response.variants()) {
    out << variant.name() << "  " << variant.language() << "  published revision "
        << variant.published_revision() << "  " << FormatTime(variant.publish_time()) << "\n";
  }
}

absl::Status Publish(Cli& cli) {
  JISR_RETURN_IF_ERROR(ExpectArgs(cli, 1, 20, "variant publish",
                                  "variant publish VARIANT [VARIANT...] [--revision N] "
                                  "[--publish-time T] [--etag E]"));
  if (cli.args.size() > 1) {
    if (cli.flags.revision != 0 || !cli.flags.publish_time.empty() || !cli.flags.etag.empty()) {
      return UsageError("variant publish",
                        "several variants are published together at their latest revisions, "
                        "now: --revision, --publish-time and --etag apply to one variant");
    }
    jisr::v1::BatchPublishVariantsRequest request;
    for (const std::string& arg : cli.args) request.add_names(VariantName(arg));
    request.set_request_id(cli.RequestId());
    return Emit(cli, cli.client->BatchPublishVariants(request), PrintPublished);
  }
  jisr::v1::PublishVariantRequest request;
  request.set_name(VariantName(cli.args[0]));
  request.set_revision(cli.flags.revision);
  request.set_etag(cli.flags.etag);
  if (!cli.flags.publish_time.empty()) {
    JISR_ASSIGN_OR_RETURN(
        *request.mutable_publish_time(),
        ParseTimestamp("variant publish", "--publish-time", cli.flags.publish_time));
  }
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->PublishVariant(request), PrintVariant);
}

absl::Status Unpublish(Cli& cli) {
  JISR_RETURN_IF_ERROR(
      ExpectArgs(cli, 1, 1, "variant unpublish", "variant unpublish VARIANT [--etag E]"));
  jisr::v1::UnpublishVariantRequest request;
  request.set_name(VariantName(cli.args[0]));
  request.set_etag(cli.flags.etag);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->UnpublishVariant(request), PrintVariant);
}

absl::Status Link(Cli& cli) {
  JISR_RETURN_IF_ERROR(
      ExpectArgs(cli, 2, 2, "variant link", "variant link VARIANT STORY [--etag E]"));
  jisr::v1::LinkVariantRequest request;
  request.set_name(VariantName(cli.args[0]));
  request.set_story(StoryName(cli.args[1]));
  request.set_etag(cli.flags.etag);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->LinkVariant(request), PrintVariant);
}

absl::Status Unlink(Cli& cli) {
  JISR_RETURN_IF_ERROR(
      ExpectArgs(cli, 1, 1, "variant unlink", "variant unlink VARIANT [--etag E]"));
  jisr::v1::UnlinkVariantRequest request;
  request.set_name(VariantName(cli.args[0]));
  request.set_etag(cli.flags.etag);
  request.set_request_id(cli.RequestId());
  return Emit(cli, cli.client->UnlinkVariant(request), PrintVariant);
}

}  // namespace

absl::Status RunVariant(const std::string& subcommand, Cli& cli) {
  if (subcommand == "create") return Create(cli);
  if (subcommand == "get") return Get(cli);
  if (subcommand == "lookup") return Lookup(cli);
  if (subcommand == "list") return List(cli);
  if (subcommand == "update") return Update(cli);
  if (subcommand == "delete") return Delete(cli);
  if (subcommand == "undelete") return Undelete(cli);
  if (subcommand == "publish") return Publish(cli);
  if (subcommand == "unpublish") return Unpublish(cli);
  if (subcommand == "link") return Link(cli);
  if (subcommand == "unlink") return Unlink(cli);
  return UsageError("variant",
                    absl::StrCat("unknown variant command \"", subcommand,
                                 "\": use create, get, lookup, list, update, delete, undelete, "
                                 "publish, unpublish, link or unlink"));
}

}  // namespace jisr::jisrctl
