// Every RPC Jisr serves, once. Adding an RPC to the contract means adding its line here (and the
// domain method it names); a method of the generated service without a line, or a line twice,
// fails the build (rpc_table_check.h).
//
// JISR_ARTICLE_SERVICE_UNARY_RPCS(X) calls X(Method, Request, Response, component, kind) for
// each unary method of jisr.v1.ArticleService: the request and response messages, the
// articles::Newsroom component whose method of the same name serves it, and how it is served:
//   kWrite          changes content: on the worker pool, in one transaction
//   kRead           reads storage: on the worker pool
//   kPublishedRead  reads a published view: answered on the spot from memory when it is there
//                   (VariantReading::CachedAnswer), else as a kRead
// Watch, the one streaming method, has its own reactor (watch_reactor.h).
#ifndef JISR_SERVICES_API_RPC_TABLE_H_
#define JISR_SERVICES_API_RPC_TABLE_H_

namespace jisr::api {

// How a unary ArticleService method is served (see above).
enum class RpcKind { kWrite, kRead, kPublishedRead };

}  // namespace jisr::api

#define JISR_ARTICLE_SERVICE_UNARY_RPCS(X)                                                       \
  X(ListLanguages, ListLanguagesRequest, ListLanguagesResponse, variant_reading, kRead)          \
  X(CreateStory, CreateStoryRequest, Story, stories, kWrite)                                     \
  X(GetStory, GetStoryRequest, Story, stories, kRead)                                            \
  X(ListStories, ListStoriesRequest, ListStoriesResponse, stories, kRead)                        \
  X(UpdateStory, UpdateStoryRequest, Story, stories, kWrite)                                     \
  X(DeleteStory, DeleteStoryRequest, Story, stories, kWrite)                                     \
  X(UndeleteStory, UndeleteStoryRequest, Story, stories, kWrite)                                 \
  X(CreateVariant, CreateVariantRequest, Variant, variant_editing, kWrite)                       \
  X(GetVariant, GetVariantRequest, Variant, variant_reading, kPublishedRead)                     \
  X(LookupVariant, LookupVariantRequest, Variant, variant_reading, kPublishedRead)               \
  X(ListVariants, ListVariantsRequest, ListVariantsResponse, variant_reading, kRead)             \
  X(UpdateVariant, UpdateVariantRequest, Variant, variant_editing, kWrite)                       \
  X(DeleteVariant, DeleteVariantRequest, Variant, variant_editing, kWrite)                       \
  X(UndeleteVariant, UndeleteVariantRequest, Variant, variant_editing, kWrite)                   \
  X(PublishVariant, PublishVariantRequest, Variant, publishing, kWrite)                          \
  X(UnpublishVariant, UnpublishVariantRequest, Variant, publishing, kWrite)                      \
  X(LinkVariant, LinkVariantRequest, Variant, story_links, kWrite)                               \
  X(UnlinkVariant, UnlinkVariantRequest, Variant, story_links, kWrite)                           \
  X(ListRevisions, ListRevisionsRequest, ListRevisionsResponse, revision_history, kRead)         \
  X(GetRevision, GetRevisionRequest, Revision, revision_history, kRead)                          \
  X(DiffRevisions, DiffRevisionsRequest, DiffRevisionsResponse, revision_history, kRead)         \
  X(RestoreRevision, RestoreRevisionRequest, Variant, revision_history, kWrite)                  \
  X(BatchPublishVariants, BatchPublishVariantsRequest, BatchPublishVariantsResponse, publishing, \
    kWrite)                                                                                      \
  X(GetTranslationDiff, GetTranslationDiffRequest, GetTranslationDiffResponse, translations,     \
    kRead)                                                                                       \
  X(ListStaleTranslations, ListStaleTranslationsRequest, ListStaleTranslationsResponse,          \
    translations, kRead)                                                                         \
  X(AddCorrection, AddCorrectionRequest, Variant, corrections, kWrite)                           \
  X(DismissCorrection, DismissCorrectionRequest, Variant, corrections, kWrite)                   \
  X(CreateSchedule, CreateScheduleRequest, Schedule, schedules, kWrite)                          \
  X(GetSchedule, GetScheduleRequest, Schedule, schedules, kRead)                                 \
  X(ListSchedules, ListSchedulesRequest, ListSchedulesResponse, schedules, kRead)                \
  X(CancelSchedule, CancelScheduleRequest, Schedule, schedules, kWrite)

// JISR_ARTICLE_SERVICE_STREAMING_RPCS(X) calls X(Method) for each streaming method.
#define JISR_ARTICLE_SERVICE_STREAMING_RPCS(X) X(Watch)

// JISR_TEXT_SERVICE_RPCS(X) calls X(Method, Request, Response) for each method of
// jisr.v1.TextService; textservice::TextServiceCore has a method of the same name for each.
#define JISR_TEXT_SERVICE_RPCS(X)                           \
  X(Analyze, AnalyzeTextRequest, AnalyzeTextResponse)       \
  X(Normalize, NormalizeTextRequest, NormalizeTextResponse) \
  X(Isolate, IsolateTextRequest, IsolateTextResponse)       \
  X(VisualOrder, VisualOrderRequest, VisualOrderResponse)   \
  X(Slugify, SlugifyRequest, SlugifyResponse)               \
  X(SearchKey, SearchKeyRequest, SearchKeyResponse)         \
  X(FormatDate, FormatDateRequest, FormatDateResponse)

#endif  // JISR_SERVICES_API_RPC_TABLE_H_
