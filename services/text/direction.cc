#include "services/text/direction.h"

namespace jisr::text {

absl::string_view DirectionName(Direction direction) {
  return direction == Direction::kRtl ? "rtl" : "ltr";
}

}  // namespace jisr::text
