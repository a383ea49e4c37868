#include "services/articles/variant_views.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/articles/text_fields.h"

namespace jisr::articles {

const std::vector<std::string>& ContentFields() {
  static const auto* fields = new std::vector<std::string>{
      "headline", "standfirst", "byline", "section",      "tags",
      "slug",     "hero_image", "blocks", "display_time", "translation_source"};
  return *fields;
}

void ClearContent(jisr::v1::Variant& variant) {
  variant.clear_headline();
  variant.clear_standfirst();
  variant.clear_byline();
  variant.clear_section();
  variant.clear_tags();
  variant.clear_slug();
  variant.clear_hero_image();
  variant.clear_blocks();
  variant.clear_display_time();
  variant.clear_translation_source();
}

void ClearBlocksAndTheirText(jisr::v1::Variant& variant) {
  variant.clear_blocks();
  auto* fields = variant.mutable_text()->mutable_fields();
  fields->erase(std::remove_if(fields->begin(), fields->end(),
                               [](const jisr::v1::FieldText& field) {
                                 return IsBlockFieldPath(field.field());
                               }),
                fields->end());
}

// Field by field rather than through a FieldMask, which parses its paths on every call: a
// write copies content several times. tests/articles/variant_views_test.cc holds these three
// to ContentFields().
void CopyContent(const jisr::v1::Variant& from, jisr::v1::Variant& to) {
  ClearContent(to);
  to.set_headline(from.headline());
  to.set_standfirst(from.standfirst());
  *to.mutable_byline() = from.byline();
  to.set_section(from.section());
  *to.mutable_tags() = from.tags();
  to.set_slug(from.slug());
  if (from.has_hero_image()) *to.mutable_hero_image() = from.hero_image();
  *to.mutable_blocks() = from.blocks();
  if (from.has_display_time()) *to.mutable_display_time() = from.display_time();
  if (from.has_translation_source()) *to.mutable_translation_source() = from.translation_source();
}

void MoveContent(jisr::v1::Variant& from, jisr::v1::Variant& to) {
  static const auto* const fields = [] {
    auto* out = new std::vector<const google::protobuf::FieldDescriptor*>;
    for (const std::string& name : ContentFields()) {
      out->push_back(jisr::v1::Variant::descriptor()->FindFieldByName(name));
    }
    return out;
  }();
  jisr::v1::Variant::GetReflection()->SwapFields(&from, &to, *fields);
}

jisr::v1::Variant ContentSnapshot(const jisr::v1::Variant& variant) {
  jisr::v1::Variant snapshot;
  snapshot.set_name(variant.name());
  snapshot.set_language(variant.language());
  CopyContent(variant, snapshot);
  *snapshot.mutable_text() = variant.text();
  snapshot.mutable_text()->clear_datelines();
  snapshot.mutable_text()->clear_slug_url();
  return snapshot;
}

std::string EtagForVersion(int64_t version) { return absl::StrCat("\"", version, "\""); }

std::vector<jisr::v1::Alternate> BuildAlternates(const std::string& self_name,
                                                 const std::vector<Sibling>& siblings,
                                                 const std::string& x_default_language,
                                                 const config::NewsroomConfig& config) {
  std::vector<jisr::v1::Alternate> out;
  for (const jisr::v1::Language& language : config.languages) {
    for (const Sibling& sibling : siblings) {
      if (sibling.variant->language() != language.code()) continue;
      jisr::v1::Alternate alternate;
      alternate.set_language(sibling.variant->language());
      alternate.set_variant(sibling.variant->name());
      alternate.set_slug(sibling.variant->slug());
      alternate.set_state(sibling.variant->state());
      alternate.set_headline(sibling.headline);
      alternate.set_self(sibling.variant->name() == self_name);
      out.push_back(std::move(alternate));
    }
  }
  if (out.empty()) return out;
  auto find = [&](const std::string& language) {
    return std::find_if(out.begin(), out.end(),
                        [&](const jisr::v1::Alternate& a) { return a.language() == language; });
  };
  auto x_default = find(x_default_language);
  if (x_default == out.end()) x_default = find(config.default_language());
  if (x_default == out.end()) x_default = out.begin();
  x_default->set_x_default(true);
  return out;
}

jisr::v1::Variant DecorateStored(jisr::v1::Variant stored, int64_t version) {
  stored.set_etag(EtagForVersion(version));
  stored.set_has_unpublished_changes(stored.state() == jisr::v1::VARIANT_STATE_PUBLISHED &&
                                     stored.latest_revision() > stored.published_revision());
  return stored;
}

jisr::v1::Variant PublishedView(const jisr::v1::Variant& stored, int64_t version,
                                const jisr::v1::Revision& published) {
  jisr::v1::Variant out = DecorateStored(stored, version);
  CopyContent(published.snapshot(), out);
  *out.mutable_text() = published.snapshot().text();
  // The live slug is the variant's, whichever revision is shown.
  out.set_slug(stored.slug());
  *out.mutable_revision() = published;
  out.mutable_revision()->clear_snapshot();
  RemoveEditorsState(out);
  return out;
}

void RemoveEditorsState(jisr::v1::Variant& view) {
  // Whether drafts exist, what is scheduled, what desks are working on, and who wrote what.
  view.clear_latest_revision();
  view.clear_has_unpublished_changes();
  view.clear_modify_time();
  view.clear_scheduled_changes();
  view.clear_pending_corrections();
  view.clear_dismissed_corrections();
  // A translation's status stays (a page may say "this translation may be out of date"), but
  // not whether its source has drafts.
  view.mutable_translation_status()->clear_source_latest_revision();
  view.clear_translation_source();
  jisr::v1::Revision* revision = view.mutable_revision();
  revision->clear_author();
  revision->clear_author_name();
  revision->clear_change_note();
  revision->clear_warnings();
  for (jisr::v1::Correction& correction : *view.mutable_corrections()) {
    correction.clear_author();
    correction.clear_author_name();
  }
}

}  // namespace jisr::articles
