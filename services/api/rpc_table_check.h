// Builds a generated gRPC service's handler base from a list of methods, and checks at compile
// time that the list names every method of the service exactly once.
//
// The generated header gives each method M a wrapper template (WithRawCallbackMethod_M<Base>)
// and, as CallbackService, the stack of one wrapper per method. Stacking our own list of
// wrappers and counting both stacks tells whether the list covers the service: a method missing
// from the list leaves our stack short; a method named that the service lacks does not compile.
#ifndef JISR_SERVICES_API_RPC_TABLE_CHECK_H_
#define JISR_SERVICES_API_RPC_TABLE_CHECK_H_

#include <string_view>

namespace jisr::api::rpc_table {

// Stack<Base, W1, W2, ...>::type is W1<W2<...<Base>>>.
template <class Base, template <class> class... Wrappers>
struct Stack {
  using type = Base;
};
template <class Base, template <class> class First, template <class> class... Rest>
struct Stack<Base, First, Rest...> {
  using type = First<typename Stack<Base, Rest...>::type>;
};

// Ends a Stack list that macros wrote with a trailing comma; adds no wrapper.
template <class Base>
using NoWrapper = Base;

// How many method wrappers are stacked on a generated service's Service class.
template <class T>
struct MethodCount {
  static constexpr int value = 0;
};
template <template <class> class Wrapper, class Base>
struct MethodCount<Wrapper<Base>> {
  static constexpr int value = 1 + MethodCount<Base>::value;
};

// True when `Stacked` (built with Stack) has one wrapper per method of the generated service
// whose CallbackService is `Generated`.
template <class Stacked, class Generated>
inline constexpr bool kCoversEveryMethod =
    MethodCount<Stacked>::value == MethodCount<Generated>::value;

// True when no name appears twice.
template <size_t N>
constexpr bool AllDistinct(const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i) {
    for (size_t j = i + 1; j < N; ++j) {
      if (names[i] == names[j]) return false;
    }
  }
  return true;
}

}  // namespace jisr::api::rpc_table

#endif  // JISR_SERVICES_API_RPC_TABLE_CHECK_H_
