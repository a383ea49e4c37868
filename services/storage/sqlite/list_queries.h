// The SQL of a variant list, built from its filters, so that the transaction runs it and the
// tests can ask the planner which index serves it.
#ifndef JISR_SERVICES_STORAGE_SQLITE_LIST_QUERIES_H_
#define JISR_SERVICES_STORAGE_SQLITE_LIST_QUERIES_H_

#include <string>

#include "services/storage/sqlite/connection.h"
#include "services/storage/storage.h"

namespace jisr::storage::sqlite {

// The keyset-paged SELECT of `query`, with ? placeholders.
std::string ListVariantsSql(const VariantQuery& query);
// Binds the placeholders of ListVariantsSql(query).
void BindListVariants(Statement& statement, const VariantQuery& query);

}  // namespace jisr::storage::sqlite

#endif  // JISR_SERVICES_STORAGE_SQLITE_LIST_QUERIES_H_
