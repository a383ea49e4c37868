#include "services/storage/postgres/event_statements.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/storage/postgres/event_listener.h"

namespace jisr::storage::postgres {
namespace {

// The statement for `count` events: $1 is the count, then seven parameters per event. The
// counter row's lock, taken by the UPDATE, is held until COMMIT; the statement is sent with
// COMMIT as the transaction's last, so event-writing transactions serialize on just that tail
// and take their sequences in commit order: a reader that has seen N never later finds a new
// event below N.
std::string AppendEventsSql(int count) {
  std::string values;
  for (int i = 0; i < count; ++i) {
    const int p = 2 + 7 * i;
    absl::StrAppend(&values, i == 0 ? "" : ", ", "(", i + 1, "::BIGINT, $", p, ", $", p + 1, ", $",
                    p + 2, ", $", p + 3, ", $", p + 4, ", $", p + 5, ", $", p + 6, ")");
  }
  return absl::StrCat(
      "WITH allocated AS (UPDATE event_counter SET last = last + $1 WHERE id = 1 RETURNING last),"
      " inserted AS (INSERT INTO events (sequence, time_micros, story_id, variant_id, language,"
      " revision, kind, data) SELECT allocated.last - $1 + e.k, e.t, e.s, e.v, e.l, e.r, e.kind,"
      " e.d FROM allocated, (VALUES ",
      values,
      ") AS e (k, t, s, v, l, r, kind, d) RETURNING sequence) "
      "SELECT MAX(sequence), pg_notify('",
      kEventChannel, "', MAX(sequence)::TEXT) FROM inserted");
}

}  // namespace

std::vector<Statement> AppendEventStatements(absl::Span<const EventRow> events) {
  std::vector<Statement> statements;
  for (size_t start = 0; start < events.size(); start += kEventsPerStatement) {
    const int count =
        static_cast<int>(std::min<size_t>(kEventsPerStatement, events.size() - start));
    Params params;
    params.Int64(count);
    for (const EventRow& e : events.subspan(start, count)) {
      params.Int64(e.time_micros)
          .Text(e.story_id)
          .Text(e.variant_id)
          .Text(e.language)
          .Int64(e.revision)
          .Int32(e.kind)
          .Bytes(e.data);
    }
    statements.push_back(Statement{AppendEventsSql(count), std::move(params)});
  }
  return statements;
}

}  // namespace jisr::storage::postgres
