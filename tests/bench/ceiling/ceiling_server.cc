// The bare-gRPC ceiling: a callback server that answers one unary method with a response of a
// fixed size and does nothing else. A serve path is judged by its ratio to this server measured
// in the same run with the same load (tests/bench/serve/get_variant_h2load.sh).
//   bench_ceiling_server SIZE_BYTES PORT_FILE     listens on 127.0.0.1 at a free port, writes it
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "ceiling.grpc.pb.h"

namespace jisr::bench {
namespace {

// The least a unary server can do: the response is serialized once, at start, and each call
// sends that one buffer by reference (a raw method, so no per-call protobuf work at all), which
// is what jisrd's published read path does with the views it built at write time.
class CeilingService final
    : public ceiling::Ceiling::WithRawCallbackMethod_Get<ceiling::Ceiling::Service> {
 public:
  explicit CeilingService(size_t size) {
    ceiling::CeilingResponse response;
    response.set_body(std::string(size, 'x'));
    const std::string bytes = response.SerializeAsString();
    grpc::Slice slice(bytes);
    response_ = grpc::ByteBuffer(&slice, 1);
  }

  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* context, const grpc::ByteBuffer*,
                                grpc::ByteBuffer* out) override {
    *out = response_;  // shares the slice: a reference count, not a copy
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  grpc::ByteBuffer response_;
};

int Run(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SIZE_BYTES PORT_FILE\n", argv[0]);
    return 2;
  }
  char* end = nullptr;
  const unsigned long size = std::strtoul(argv[1], &end, 10);
  if (*argv[1] == '\0' || *end != '\0' || size > (64u << 20)) {
    std::fprintf(stderr,
                 "bench_ceiling_server: SIZE_BYTES must be a number of bytes up to 64 MiB\n");
    return 2;
  }
  CeilingService service(size);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "bench_ceiling_server: cannot listen on 127.0.0.1\n");
    return 1;
  }
  std::ofstream(argv[2]) << port << "\n";
  server->Wait();
  return 0;
}

}  // namespace
}  // namespace jisr::bench

int main(int argc, char** argv) { return jisr::bench::Run(argc, argv); }
