// Every RPC Jisr serves, once. Adding an RPC to the contract means adding its line here (and the
// domain method it names); a method of the generated service without a line, or a line twice,
// fails the build (rpc_table_check.h).
//
// JISR_ARTICLE_SERVICE_UNARY_RPCS(X) calls X(Method, Request, Response, component, kind,
// permission) for each unary method of jisr.v1.ArticleService: the request and response
// messages, the articles::Newsroom component whose method of the same name serves it, the
// access::Permission a caller needs (the domain then checks what depends on the stored data: a
// desk's languages, readers' views), and how it is served:
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

#define JISR_ARTICLE_SERVICE_UNARY_RPCS(X)                                                         \
  X(ListLanguages, ListLanguagesRequest, ListLanguagesResponse, variant_reading, kRead,            \
    kReadPublished)                                                                                \
  X(CreateStory, CreateStoryRequest, Story, stories, kWrite, kWriteStories)                        \
  X(GetStory, GetStoryRequest, Story, stories, kRead, kReadDrafts)                                 \
  X(ListStories, ListStoriesRequest, ListStoriesResponse, stories, kRead, kReadDrafts)             \
  X(UpdateStory, UpdateStoryRequest, Story, stories, kWrite, kWriteStories)                        \
  X(DeleteStory, DeleteStoryRequest, Story, stories, kWrite, kAdminister)                          \
  X(UndeleteStory, UndeleteStoryRequest, Story, stories, kWrite, kAdminister)                      \
  X(CreateVariant, CreateVariantRequest, Variant, variant_editing, kWrite, kWriteVariants)         \
  X(GetVariant, GetVariantRequest, Variant, variant_reading, kPublishedRead, kReadPublished)       \
  X(LookupVariant, LookupVariantRequest, Variant, variant_reading, kPublishedRead, kReadPublished) \
  X(ListVariants, ListVariantsRequest, ListVariantsResponse, variant_reading, kRead,               \
    kReadPublished)                                                                                \
  X(UpdateVariant, UpdateVariantRequest, Variant, variant_editing, kWrite, kWriteVariants)         \
  X(DeleteVariant, DeleteVariantRequest, Variant, variant_editing, kWrite, kAdminister)            \
  X(UndeleteVariant, UndeleteVariantRequest, Variant, variant_editing, kWrite, kAdminister)        \
  X(PurgeVariant, PurgeVariantRequest, Variant, variant_purging, kWrite, kAdminister)              \
  X(PublishVariant, PublishVariantRequest, Variant, publishing, kWrite, kWriteVariants)            \
  X(UnpublishVariant, UnpublishVariantRequest, Variant, publishing, kWrite, kWriteVariants)        \
  X(LinkVariant, LinkVariantRequest, Variant, story_links, kWrite, kWriteVariants)                 \
  X(UnlinkVariant, UnlinkVariantRequest, Variant, story_links, kWrite, kWriteVariants)             \
  X(ListRevisions, ListRevisionsRequest, ListRevisionsResponse, revision_history, kRead,           \
    kReadDrafts)                                                                                   \
  X(GetRevision, GetRevisionRequest, Revision, revision_history, kRead, kReadDrafts)               \
  X(DiffRevisions, DiffRevisionsRequest, DiffRevisionsResponse, revision_history, kRead,           \
    kReadDrafts)                                                                                   \
  X(RestoreRevision, RestoreRevisionRequest, Variant, revision_history, kWrite, kWriteVariants)    \
  X(BatchPublishVariants, BatchPublishVariantsRequest, BatchPublishVariantsResponse, publishing,   \
    kWrite, kWriteVariants)                                                                        \
  X(GetTranslationDiff, GetTranslationDiffRequest, GetTranslationDiffResponse, translations,       \
    kRead, kReadDrafts)                                                                            \
  X(ListStaleTranslations, ListStaleTranslationsRequest, ListStaleTranslationsResponse,            \
    translations, kRead, kReadDrafts)                                                              \
  X(AddCorrection, AddCorrectionRequest, Variant, corrections, kWrite, kWriteVariants)             \
  X(DismissCorrection, DismissCorrectionRequest, Variant, corrections, kWrite, kWriteVariants)     \
  X(CreateSchedule, CreateScheduleRequest, Schedule, schedules, kWrite, kWriteVariants)            \
  X(GetSchedule, GetScheduleRequest, Schedule, schedules, kRead, kReadDrafts)                      \
  X(ListSchedules, ListSchedulesRequest, ListSchedulesResponse, schedules, kRead, kReadDrafts)     \
  X(CancelSchedule, CancelScheduleRequest, Schedule, schedules, kWrite, kWriteVariants)

// JISR_ARTICLE_SERVICE_STREAMING_RPCS(X) calls X(Method, permission) for each streaming method.
#define JISR_ARTICLE_SERVICE_STREAMING_RPCS(X) X(Watch, kReadPublished)

// JISR_TEXT_SERVICE_RPCS(X) calls X(Method, Request, Response) for each method of
// jisr.v1.TextService; textservice::TextServiceCore has a method of the same name for each. Every
// one needs access::Permission::kReadPublished: the pipeline stores nothing and reveals nothing.
#define JISR_TEXT_SERVICE_RPCS(X)                           \
  X(Analyze, AnalyzeTextRequest, AnalyzeTextResponse)       \
  X(Normalize, NormalizeTextRequest, NormalizeTextResponse) \
  X(Isolate, IsolateTextRequest, IsolateTextResponse)       \
  X(VisualOrder, VisualOrderRequest, VisualOrderResponse)   \
  X(Slugify, SlugifyRequest, SlugifyResponse)               \
  X(SearchKey, SearchKeyRequest, SearchKeyResponse)         \
  X(FormatDate, FormatDateRequest, FormatDateResponse)

#endif  // JISR_SERVICES_API_RPC_TABLE_H_
