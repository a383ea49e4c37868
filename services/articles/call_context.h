// Who is calling the domain: the verified caller and what it may do (services/access). The
// transport resolves it from credentials; tests build it directly. Every write is recorded as
// its principal; what the caller may see and change is checked against its roles.
#ifndef JISR_SERVICES_ARTICLES_CALL_CONTEXT_H_
#define JISR_SERVICES_ARTICLES_CALL_CONTEXT_H_

#include <string>

#include "services/access/caller.h"

namespace jisr::articles {

struct CallContext {
  access::Caller caller;

  const std::string& principal() const { return caller.principal; }
  // Whether the caller sees drafts, history and who wrote what.
  bool SeesDrafts() const { return caller.SeesDrafts(); }
};

// The scheduler's own writes: recorded as `actor`, allowed everything a schedule can ask for.
CallContext SystemCall(const std::string& actor);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_CALL_CONTEXT_H_
