// Every call a reader might make about one variant, its story or its slug: the probes
// readers_test.cc makes about a variant readers may not see and about a missing one.
#ifndef JISR_TESTS_SECURITY_READER_PROBES_H_
#define JISR_TESTS_SECURITY_READER_PROBES_H_

#include <string>
#include <vector>

#include "tests/security/security_support.h"

namespace jisr::security {

using Articles = v1::ArticleService::Stub;

// What a probe names: a variant, its story, its slug in its language.
struct Names {
  std::string variant;  // "variants/{id}"
  std::string story;    // "stories/{id}"
  std::string slug;
  std::string language;
};

struct Probe {
  std::string name;
  grpc::Status (*call)(Client& client, const std::string& who, const Names& names);
};

// Reads in every view, and every method readers may not call: a refusal must not depend on
// what the name names either.
std::vector<Probe> Probes();

// A unary ArticleService call as `who`, its response kept when `response` is given.
template <typename Request, typename Response>
grpc::Status Send(Client& c, const std::string& who,
                  grpc::Status (Articles::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response = nullptr) {
  Response ignored;
  return (c.articles().*method)(CallAs(who).get(), request, response ? response : &ignored);
}

}  // namespace jisr::security

#endif  // JISR_TESTS_SECURITY_READER_PROBES_H_
