// The RPC table's check (services/api/rpc_table_check.h): a table that names every method of a
// generated service passes, one that misses a method does not, so adding an RPC to the contract
// without its line in rpc_table.h fails the build. The compile-time half is proved by the
// static_asserts below compiling; the runtime half checks the real tables against the services'
// descriptors, the same lists the generated code was made from.
#include "services/api/rpc_table_check.h"

#include <set>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "rpc_table_check_test.grpc.pb.h"
#include "services/api/article_service.h"
#include "services/api/text_service.h"

namespace jisr::api {
namespace {

using Three = jisr::test::ThreeMethods;

using AllThree = rpc_table::Stack<Three::Service, Three::WithRawCallbackMethod_One,
                                  Three::WithRawCallbackMethod_Two,
                                  Three::WithRawCallbackMethod_Three, rpc_table::NoWrapper>::type;
using MissingTwo = rpc_table::Stack<Three::Service, Three::WithRawCallbackMethod_One,
                                    Three::WithRawCallbackMethod_Three, rpc_table::NoWrapper>::type;

static_assert(rpc_table::kCoversEveryMethod<AllThree, Three::CallbackService>,
              "a table of every method passes");
static_assert(!rpc_table::kCoversEveryMethod<MissingTwo, Three::CallbackService>,
              "a table missing a method fails the check (and so the build)");

constexpr std::string_view kRepeated[] = {"One", "Two", "One"};
static_assert(!rpc_table::AllDistinct(kRepeated), "a method listed twice fails the check");

// The methods of a service of the contract, from its descriptor (found through a request
// message of the same file, which also makes sure the file is linked in).
std::set<std::string> DescriptorMethods(const google::protobuf::Descriptor* request,
                                        absl::string_view service_name) {
  const google::protobuf::ServiceDescriptor* service =
      request->file()->FindServiceByName(std::string(service_name));
  std::set<std::string> out;
  if (service == nullptr) {
    ADD_FAILURE() << service_name << " is not in " << request->file()->name();
    return out;
  }
  for (int i = 0; i < service->method_count(); ++i) out.insert(service->method(i)->name());
  return out;
}

template <size_t N>
std::set<std::string> TableMethods(const std::string_view (&names)[N]) {
  return std::set<std::string>(std::begin(names), std::end(names));
}

TEST(RpcTableTest, ArticleServiceTableNamesEveryMethodOfTheContract) {
  EXPECT_EQ(TableMethods(internal::kArticleServiceRpcs),
            DescriptorMethods(jisr::v1::ListLanguagesRequest::descriptor(), "ArticleService"));
}

TEST(RpcTableTest, TextServiceTableNamesEveryMethodOfTheContract) {
  EXPECT_EQ(TableMethods(internal::kTextServiceRpcs),
            DescriptorMethods(jisr::v1::AnalyzeTextRequest::descriptor(), "TextService"));
}

}  // namespace
}  // namespace jisr::api
