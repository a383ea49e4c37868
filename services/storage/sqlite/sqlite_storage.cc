#include "services/storage/sqlite/sqlite_storage.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/status_macros.h"
#include "services/storage/sqlite/schema.h"

namespace jisr::storage::sqlite {
namespace {

constexpr char kStoryColumns[] = "id, version, modify_micros, deleted, data";
constexpr char kVariantColumns[] =
    "id, story_id, language, slug, state, section, version, modify_micros, deleted,"
    " translation_state, stale_since_micros, data, headline_key";
constexpr char kScheduleColumns[] = "id, due_micros, state, variant_ids, data";

StoryRow ReadStory(const Statement& s) {
  return StoryRow{s.Text(0), s.Int(1), s.Int(2), s.Int(3) != 0, s.Blob(4)};
}

VariantRow ReadVariant(const Statement& s) {
  VariantRow row;
  row.id = s.Text(0);
  row.story_id = s.Text(1);
  row.language = s.Text(2);
  row.slug = s.Text(3);
  row.state = static_cast<int32_t>(s.Int(4));
  row.section = s.Text(5);
  row.version = s.Int(6);
  row.modify_micros = s.Int(7);
  row.deleted = s.Int(8) != 0;
  row.translation_state = static_cast<int32_t>(s.Int(9));
  row.stale_since_micros = s.Int(10);
  row.data = s.Blob(11);
  row.headline_key = s.Blob(12);
  return row;
}

// Variant ids are stored as "|a|b|" so a LIKE '%|a|%' finds the schedules of one variant.
std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out = "|";
  for (const std::string& id : ids) absl::StrAppend(&out, id, "|");
  return out;
}

ScheduleRow ReadSchedule(const Statement& s) {
  ScheduleRow row;
  row.id = s.Text(0);
  row.due_micros = s.Int(1);
  row.state = static_cast<int32_t>(s.Int(2));
  for (absl::string_view id : absl::StrSplit(s.Text(3), '|', absl::SkipEmpty())) {
    row.variant_ids.emplace_back(id);
  }
  row.data = s.Blob(4);
  return row;
}

PublishedRow ReadPublishedRow(const Statement& s) {
  return PublishedRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Blob(4)};
}

EventRow ReadEvent(const Statement& s) {
  EventRow row;
  row.sequence = s.Int(0);
  row.time_micros = s.Int(1);
  row.story_id = s.Text(2);
  row.variant_id = s.Text(3);
  row.language = s.Text(4);
  row.revision = s.Int(5);
  row.kind = static_cast<int32_t>(s.Int(6));
  row.data = s.Blob(7);
  return row;
}

// Runs `sql` with `bind` and collects every row with `read`.
template <typename Row>
absl::StatusOr<std::vector<Row>> QueryRows(Connection& c, absl::string_view sql,
                                           const std::function<void(Statement&)>& bind,
                                           Row (*read)(const Statement&)) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, c.Prepare(sql));
  bind(*stmt);
  std::vector<Row> rows;
  while (true) {
    JISR_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
    if (!has_row) break;
    rows.push_back(read(*stmt));
  }
  return rows;
}

template <typename Row>
absl::StatusOr<std::optional<Row>> QueryOne(Connection& c, absl::string_view sql,
                                            const std::function<void(Statement&)>& bind,
                                            Row (*read)(const Statement&)) {
  JISR_ASSIGN_OR_RETURN(std::vector<Row> rows, QueryRows<Row>(c, sql, bind, read));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

absl::StatusOr<std::optional<PublishedRow>> SelectPublished(Connection& c,
                                                            absl::string_view variant_id) {
  return QueryOne<PublishedRow>(
      c, "SELECT variant_id, language, slug, version, data FROM published WHERE variant_id = ?",
      [&](Statement& s) { s.Bind(1, variant_id); }, &ReadPublishedRow);
}

}  // namespace

class SqliteStorage::ReaderLease {
 public:
  ReaderLease(SqliteStorage* storage, std::unique_ptr<Connection> connection)
      : storage_(storage), connection_(std::move(connection)) {}
  ~ReaderLease() {
    if (connection_ != nullptr) storage_->ReleaseReader(std::move(connection_));
  }
  Connection& operator*() { return *connection_; }

 private:
  SqliteStorage* storage_;
  std::unique_ptr<Connection> connection_;
};

class SqliteStorage::SqliteTransaction final : public Transaction {
 public:
  // A write transaction holds writer_mu_ (already locked) and uses the writer connection.
  SqliteTransaction(SqliteStorage* storage, Connection* writer)
      : storage_(storage), connection_(writer), write_(true) {}
  // A read transaction uses a leased reader connection.
  SqliteTransaction(SqliteStorage* storage, std::unique_ptr<Connection> reader)
      : storage_(storage), reader_(std::in_place, storage, std::move(reader)), write_(false) {
    connection_ = &**reader_;
  }

  ~SqliteTransaction() override {
    if (!finished_) connection_->Exec("ROLLBACK").IgnoreError();
    if (write_) storage_->writer_mu_.Unlock();
  }

  absl::Status Begin() { return connection_->Exec(write_ ? "BEGIN IMMEDIATE" : "BEGIN"); }

  absl::StatusOr<std::optional<StoryRow>> GetStory(absl::string_view id) override {
    return QueryOne<StoryRow>(*connection_,
                              absl::StrCat("SELECT ", kStoryColumns, " FROM stories WHERE id = ?"),
                              [&](Statement& s) { s.Bind(1, id); }, &ReadStory);
  }

  absl::StatusOr<std::vector<StoryRow>> ListStories(const StoryQuery& query) override {
    std::string sql = absl::StrCat("SELECT ", kStoryColumns, " FROM stories WHERE 1");
    if (!query.include_deleted) absl::StrAppend(&sql, " AND deleted = 0");
    if (query.after) absl::StrAppend(&sql, " AND (modify_micros, id) < (?, ?)");
    absl::StrAppend(&sql, " ORDER BY modify_micros DESC, id DESC LIMIT ?");
    return QueryRows<StoryRow>(
        *connection_, sql,
        [&](Statement& s) {
          int i = 1;
          if (query.after) {
            s.Bind(i++, query.after->first);
            s.Bind(i++, query.after->second);
          }
          s.Bind(i, int64_t{query.limit});
        },
        &ReadStory);
  }

  absl::Status InsertStory(const StoryRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
        "INSERT INTO stories (id, version, modify_micros, deleted, data) VALUES (?, ?, ?, ?, ?)"));
    return stmt->Bind(1, row.id).Bind(2, row.version).Bind(3, row.modify_micros)
        .Bind(4, int64_t{row.deleted}).BindBlob(5, row.data).Run();
  }

  absl::Status UpdateStory(const StoryRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
        "UPDATE stories SET version = ?, modify_micros = ?, deleted = ?, data = ? WHERE id = ?"));
    JISR_RETURN_IF_ERROR(stmt->Bind(1, row.version).Bind(2, row.modify_micros)
        .Bind(3, int64_t{row.deleted}).BindBlob(4, row.data).Bind(5, row.id).Run());
    return ExpectOneChange("story", row.id);
  }

  absl::StatusOr<std::optional<VariantRow>> GetVariant(absl::string_view id) override {
    return QueryOne<VariantRow>(
        *connection_, absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE id = ?"),
        [&](Statement& s) { s.Bind(1, id); }, &ReadVariant);
  }

  absl::StatusOr<std::optional<VariantRow>> FindVariantBySlug(absl::string_view language,
                                                              absl::string_view slug) override {
    return QueryOne<VariantRow>(
        *connection_,
        absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE language = ? AND slug = ?"),
        [&](Statement& s) { s.Bind(1, language).Bind(2, slug); }, &ReadVariant);
  }

  absl::StatusOr<std::vector<VariantRow>> ListStoryVariants(absl::string_view story_id) override {
    return QueryRows<VariantRow>(
        *connection_,
        absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE story_id = ? ORDER BY id"),
        [&](Statement& s) { s.Bind(1, story_id); }, &ReadVariant);
  }

  absl::StatusOr<std::vector<VariantRow>> ListVariants(const VariantQuery& query) override {
    std::string sql = absl::StrCat("SELECT ", kVariantColumns, " FROM variants WHERE 1");
    if (!query.include_deleted) absl::StrAppend(&sql, " AND deleted = 0");
    if (!query.language.empty()) absl::StrAppend(&sql, " AND language = ?");
    if (query.state != 0) absl::StrAppend(&sql, " AND state = ?");
    if (!query.section.empty()) absl::StrAppend(&sql, " AND section = ?");
    if (!query.story_id.empty()) absl::StrAppend(&sql, " AND story_id = ?");
    if (query.translation_state != 0) absl::StrAppend(&sql, " AND translation_state = ?");
    if (query.by_headline) {
      if (query.after_key) absl::StrAppend(&sql, " AND (headline_key, id) > (?, ?)");
      absl::StrAppend(&sql, " ORDER BY headline_key, id LIMIT ?");
    } else if (query.stale_first) {
      if (query.after) absl::StrAppend(&sql, " AND (stale_since_micros, id) > (?, ?)");
      absl::StrAppend(&sql, " ORDER BY stale_since_micros, id LIMIT ?");
    } else {
      if (query.after) absl::StrAppend(&sql, " AND (modify_micros, id) < (?, ?)");
      absl::StrAppend(&sql, " ORDER BY modify_micros DESC, id DESC LIMIT ?");
    }
    return QueryRows<VariantRow>(
        *connection_, sql,
        [&](Statement& s) {
          int i = 1;
          if (!query.language.empty()) s.Bind(i++, query.language);
          if (query.state != 0) s.Bind(i++, int64_t{query.state});
          if (!query.section.empty()) s.Bind(i++, query.section);
          if (!query.story_id.empty()) s.Bind(i++, query.story_id);
          if (query.translation_state != 0) s.Bind(i++, int64_t{query.translation_state});
          if (query.by_headline && query.after_key) {
            s.BindBlob(i++, query.after_key->first);
            s.Bind(i++, query.after_key->second);
          } else if (!query.by_headline && query.after) {
            s.Bind(i++, query.after->first);
            s.Bind(i++, query.after->second);
          }
          s.Bind(i, int64_t{query.limit});
        },
        &ReadVariant);
  }

  absl::Status InsertVariant(const VariantRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(absl::StrCat(
        "INSERT INTO variants (", kVariantColumns,
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
    return BindVariant(*stmt, row).Run();
  }

  absl::Status UpdateVariant(const VariantRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
        "UPDATE variants SET id = ?, story_id = ?, language = ?, slug = ?, state = ?,"
        " section = ?, version = ?, modify_micros = ?, deleted = ?, translation_state = ?,"
        " stale_since_micros = ?, data = ?, headline_key = ? WHERE id = ?"));
    JISR_RETURN_IF_ERROR(BindVariant(*stmt, row).Bind(14, row.id).Run());
    return ExpectOneChange("variant", row.id);
  }

  absl::Status InsertRevision(const RevisionRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
        "INSERT INTO revisions (variant_id, number, create_micros, data) VALUES (?, ?, ?, ?)"));
    return stmt->Bind(1, row.variant_id).Bind(2, row.number).Bind(3, row.create_micros)
        .BindBlob(4, row.data).Run();
  }

  absl::StatusOr<std::optional<RevisionRow>> GetRevision(absl::string_view variant_id,
                                                         int64_t number) override {
    return QueryOne<RevisionRow>(
        *connection_,
        "SELECT variant_id, number, create_micros, data FROM revisions"
        " WHERE variant_id = ? AND number = ?",
        [&](Statement& s) { s.Bind(1, variant_id).Bind(2, number); }, &ReadRevision);
  }

  absl::StatusOr<std::vector<RevisionRow>> ListRevisions(absl::string_view variant_id,
                                                         int64_t before, int limit) override {
    return QueryRows<RevisionRow>(
        *connection_,
        "SELECT variant_id, number, create_micros, data FROM revisions"
        " WHERE variant_id = ? AND (? = 0 OR number < ?) ORDER BY number DESC LIMIT ?",
        [&](Statement& s) {
          s.Bind(1, variant_id).Bind(2, before).Bind(3, before).Bind(4, int64_t{limit});
        },
        &ReadRevision);
  }

  absl::StatusOr<std::optional<PublishedRow>> GetPublished(absl::string_view variant_id) override {
    return SelectPublished(*connection_, variant_id);
  }

  absl::Status PutPublished(const PublishedRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
        "INSERT OR REPLACE INTO published (variant_id, language, slug, version, data)"
        " VALUES (?, ?, ?, ?, ?)"));
    return stmt->Bind(1, row.variant_id).Bind(2, row.language).Bind(3, row.slug)
        .Bind(4, row.version).BindBlob(5, row.data).Run();
  }

  absl::Status DeletePublished(absl::string_view variant_id) override {
    JISR_ASSIGN_OR_RETURN(auto stmt,
                          connection_->Prepare("DELETE FROM published WHERE variant_id = ?"));
    return stmt->Bind(1, variant_id).Run();
  }

  absl::StatusOr<std::optional<RequestRow>> GetRequest(absl::string_view request_id) override {
    return QueryOne<RequestRow>(
        *connection_,
        "SELECT request_id, method, fingerprint, create_micros, response FROM requests"
        " WHERE request_id = ?",
        [&](Statement& s) { s.Bind(1, request_id); },
        +[](const Statement& s) {
          return RequestRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Blob(4)};
        });
  }

  absl::Status InsertRequest(const RequestRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
        "INSERT INTO requests (request_id, method, fingerprint, create_micros, response)"
        " VALUES (?, ?, ?, ?, ?)"));
    return stmt->Bind(1, row.request_id).Bind(2, row.method).Bind(3, row.fingerprint)
        .Bind(4, row.create_micros).BindBlob(5, row.response).Run();
  }

  absl::Status InsertSchedule(const ScheduleRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(absl::StrCat(
        "INSERT INTO schedules (", kScheduleColumns, ") VALUES (?, ?, ?, ?, ?)")));
    return stmt->Bind(1, row.id).Bind(2, row.due_micros).Bind(3, int64_t{row.state})
        .Bind(4, JoinIds(row.variant_ids)).BindBlob(5, row.data).Run();
  }

  absl::Status UpdateSchedule(const ScheduleRow& row) override {
    JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
        "UPDATE schedules SET due_micros = ?, state = ?, variant_ids = ?, data = ? WHERE id = ?"));
    JISR_RETURN_IF_ERROR(stmt->Bind(1, row.due_micros).Bind(2, int64_t{row.state})
        .Bind(3, JoinIds(row.variant_ids)).BindBlob(4, row.data).Bind(5, row.id).Run());
    return ExpectOneChange("schedule", row.id);
  }

  absl::StatusOr<std::optional<ScheduleRow>> GetSchedule(absl::string_view id) override {
    return QueryOne<ScheduleRow>(
        *connection_, absl::StrCat("SELECT ", kScheduleColumns, " FROM schedules WHERE id = ?"),
        [&](Statement& s) { s.Bind(1, id); }, &ReadSchedule);
  }

  absl::StatusOr<std::vector<ScheduleRow>> ListSchedules(const ScheduleQuery& query) override {
    std::string sql = absl::StrCat("SELECT ", kScheduleColumns, " FROM schedules WHERE 1");
    if (query.state != 0) absl::StrAppend(&sql, " AND state = ?");
    if (!query.variant_id.empty()) absl::StrAppend(&sql, " AND variant_ids LIKE ?");
    if (query.after) absl::StrAppend(&sql, " AND (due_micros, id) > (?, ?)");
    absl::StrAppend(&sql, " ORDER BY due_micros, id LIMIT ?");
    return QueryRows<ScheduleRow>(
        *connection_, sql,
        [&](Statement& s) {
          int i = 1;
          if (query.state != 0) s.Bind(i++, int64_t{query.state});
          if (!query.variant_id.empty()) s.Bind(i++, absl::StrCat("%|", query.variant_id, "|%"));
          if (query.after) {
            s.Bind(i++, query.after->first);
            s.Bind(i++, query.after->second);
          }
          s.Bind(i, int64_t{query.limit});
        },
        &ReadSchedule);
  }

  absl::StatusOr<std::vector<ScheduleRow>> ClaimDueSchedules(int32_t pending_state,
                                                            int64_t now_micros,
                                                            int limit) override {
    // The write transaction holds the only writer connection: nothing else can claim them.
    return QueryRows<ScheduleRow>(
        *connection_,
        absl::StrCat("SELECT ", kScheduleColumns, " FROM schedules"
                     " WHERE state = ? AND due_micros <= ? ORDER BY due_micros, id LIMIT ?"),
        [&](Statement& s) {
          s.Bind(1, int64_t{pending_state}).Bind(2, now_micros).Bind(3, int64_t{limit});
        },
        &ReadSchedule);
  }

  absl::Status AppendEvent(const EventRow& row) override {
    if (!write_) return absl::FailedPreconditionError("AppendEvent in a read transaction");
    pending_events_.push_back(row);
    return absl::OkStatus();
  }

  absl::Status Commit() override {
    if (finished_) return absl::FailedPreconditionError("transaction already finished");
    // Writers are serialized, so AUTOINCREMENT order is commit order.
    for (const EventRow& e : pending_events_) {
      JISR_ASSIGN_OR_RETURN(auto stmt, connection_->Prepare(
          "INSERT INTO events (time_micros, story_id, variant_id, language, revision, kind, data)"
          " VALUES (?, ?, ?, ?, ?, ?, ?)"));
      JISR_RETURN_IF_ERROR(stmt->Bind(1, e.time_micros).Bind(2, e.story_id)
          .Bind(3, e.variant_id).Bind(4, e.language).Bind(5, e.revision)
          .Bind(6, int64_t{e.kind}).BindBlob(7, e.data).Run());
    }
    absl::Status status = connection_->Exec("COMMIT");
    if (!status.ok()) return status;  // the destructor rolls back
    finished_ = true;
    if (!pending_events_.empty()) {
      storage_->NoteCommittedEvents(sqlite3_last_insert_rowid(connection_->db()));
    }
    return absl::OkStatus();
  }

 private:
  static RevisionRow ReadRevision(const Statement& s) {
    return RevisionRow{s.Text(0), s.Int(1), s.Int(2), s.Blob(3)};
  }

  static Statement& BindVariant(Statement& s, const VariantRow& row) {
    return s.Bind(1, row.id).Bind(2, row.story_id).Bind(3, row.language).Bind(4, row.slug)
        .Bind(5, int64_t{row.state}).Bind(6, row.section).Bind(7, row.version)
        .Bind(8, row.modify_micros).Bind(9, int64_t{row.deleted})
        .Bind(10, int64_t{row.translation_state}).Bind(11, row.stale_since_micros)
        .BindBlob(12, row.data).BindBlob(13, row.headline_key);
  }

  absl::Status ExpectOneChange(absl::string_view what, absl::string_view id) {
    if (sqlite3_changes(connection_->db()) != 1) {
      return absl::NotFoundError(absl::StrCat("no ", what, " with id ", id));
    }
    return absl::OkStatus();
  }

  SqliteStorage* storage_;
  std::optional<ReaderLease> reader_;
  Connection* connection_ = nullptr;
  const bool write_;
  bool finished_ = false;
  std::vector<EventRow> pending_events_;
};

absl::StatusOr<std::unique_ptr<SqliteStorage>> SqliteStorage::Open(const SqliteOptions& options) {
  std::filesystem::path path(options.path);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return absl::UnavailableError(absl::StrCat("cannot create directory ",
                                                 path.parent_path().string(), ": ", ec.message()));
    }
  }
  std::string lock_path = options.path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open lock file ", lock_path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(absl::StrCat(
        "another process is using ", options.path,
        ": stop the other jisrd or give this one its own --data_path"));
  }
  auto writer = Connection::Open(options.path);
  if (!writer.ok()) {
    ::close(fd);
    return writer.status();
  }
  auto version = Migrate(**writer);
  if (!version.ok()) {
    ::close(fd);
    return version.status();
  }
  std::unique_ptr<SqliteStorage> storage(new SqliteStorage(options, fd, std::move(*writer)));
  auto last_event = storage->LastEventSequence();
  if (!last_event.ok()) return last_event.status();
  storage->NoteCommittedEvents(*last_event);
  return storage;
}

SqliteStorage::~SqliteStorage() {
  {
    absl::MutexLock lock(&pool_mu_);
    idle_readers_.clear();
  }
  writer_.reset();
  ::close(lock_fd_);  // releases the flock
}

absl::StatusOr<std::unique_ptr<Connection>> SqliteStorage::AcquireReader() {
  {
    absl::MutexLock lock(&pool_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return c;
    }
  }
  return Connection::Open(options_.path);
}

void SqliteStorage::ReleaseReader(std::unique_ptr<Connection> connection) {
  absl::MutexLock lock(&pool_mu_);
  if (static_cast<int>(idle_readers_.size()) < options_.max_idle_readers) {
    idle_readers_.push_back(std::move(connection));
  }
}

absl::StatusOr<std::unique_ptr<Transaction>> SqliteStorage::BeginWrite() {
  writer_mu_.Lock();
  auto txn = std::make_unique<SqliteTransaction>(this, writer_.get());  // unlocks when destroyed
  JISR_RETURN_IF_ERROR(txn->Begin());
  return txn;
}

absl::StatusOr<std::unique_ptr<Transaction>> SqliteStorage::BeginRead() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  auto txn = std::make_unique<SqliteTransaction>(this, std::move(reader));
  JISR_RETURN_IF_ERROR(txn->Begin());
  return txn;
}

absl::StatusOr<std::optional<PublishedRow>> SqliteStorage::ReadPublished(
    absl::string_view variant_id) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  return SelectPublished(*lease, variant_id);
}

absl::StatusOr<std::optional<PublishedRow>> SqliteStorage::ReadPublishedBySlug(
    absl::string_view language, absl::string_view slug) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  return QueryOne<PublishedRow>(
      *lease,
      "SELECT variant_id, language, slug, version, data FROM published"
      " WHERE language = ? AND slug = ?",
      [&](Statement& s) { s.Bind(1, language).Bind(2, slug); }, &ReadPublishedRow);
}

absl::StatusOr<std::vector<EventRow>> SqliteStorage::ReadEvents(int64_t after, int limit) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  return QueryRows<EventRow>(
      *lease,
      "SELECT sequence, time_micros, story_id, variant_id, language, revision, kind, data"
      " FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?",
      [&](Statement& s) { s.Bind(1, after).Bind(2, int64_t{limit}); }, &ReadEvent);
}

absl::StatusOr<int64_t> SqliteStorage::LastEventSequence() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt, (*lease).Prepare("SELECT COALESCE(MAX(sequence), 0) FROM events"));
  JISR_ASSIGN_OR_RETURN(bool row, stmt->Step());
  return row ? stmt->Int(0) : 0;
}

void SqliteStorage::NoteCommittedEvents(int64_t last) {
  absl::MutexLock lock(&events_mu_);
  if (last > last_committed_event_) last_committed_event_ = last;
}

void SqliteStorage::WaitForEvents(int64_t after, absl::Duration timeout) {
  // Only this process writes the file (it holds the lock), so its own commits are all there is.
  absl::MutexLock lock(&events_mu_);
  auto committed_after = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(events_mu_) {
    return last_committed_event_ > after;
  };
  events_mu_.AwaitWithTimeout(absl::Condition(&committed_after), timeout);
}

absl::StatusOr<int64_t> SqliteStorage::DeleteRequestsBefore(int64_t micros) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, BeginWrite());
  // The write transaction holds writer_mu_, so the writer connection is ours until it ends.
  JISR_ASSIGN_OR_RETURN(auto stmt,
                        writer_->Prepare("DELETE FROM requests WHERE create_micros < ?"));
  JISR_RETURN_IF_ERROR(stmt->Bind(1, micros).Run());
  int64_t deleted = sqlite3_changes(writer_->db());
  stmt.reset();
  JISR_RETURN_IF_ERROR(txn->Commit());
  return deleted;
}

absl::Status SqliteStorage::Ping() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt, (*lease).Prepare("SELECT 1"));
  return stmt->Step().status();
}

absl::StatusOr<int> SqliteStorage::SchemaVersion() {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, AcquireReader());
  ReaderLease lease(this, std::move(reader));
  JISR_ASSIGN_OR_RETURN(auto stmt,
                        (*lease).Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  JISR_ASSIGN_OR_RETURN(bool row, stmt->Step());
  return row ? static_cast<int>(stmt->Int(0)) : 0;
}

std::string SqliteStorage::Describe() const { return absl::StrCat("sqlite:", options_.path); }

}  // namespace jisr::storage::sqlite
