// The flags jisrd runs with, for its "start" log record: every flag jisrd defines, with the value
// in effect, and secrets left out (the database URL's user and password).
#ifndef JISR_SERVICES_JISRD_EFFECTIVE_FLAGS_H_
#define JISR_SERVICES_JISRD_EFFECTIVE_FLAGS_H_

#include "services/common/log.h"

namespace jisr::jisrd {

LogFields EffectiveFlags();

}  // namespace jisr::jisrd

#endif  // JISR_SERVICES_JISRD_EFFECTIVE_FLAGS_H_
