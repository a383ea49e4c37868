// A gRPC client for jisr.v1.ArticleService built from the code protoc-gen-es generated from
// proto/ (in the build directory generate.sh fills): grpc-js carries bytes, and the generated
// schemas encode and decode them (toBinary/fromBinary), so no .proto is parsed at run time.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

// Loads grpc-js, @bufbuild/protobuf and the generated code from BUILD_DIR (see generate.sh).
function loadGenerated(buildDir) {
  const fromBuild = createRequire(path.resolve(buildDir, 'gen', 'index.js'));
  const gen = (file) => fromBuild(`./jisr/v1/${file}_pb.js`);
  return {
    grpc: fromBuild('@grpc/grpc-js'),
    protobuf: fromBuild('@bufbuild/protobuf'),
    service: gen('article_service'),
    resources: gen('resources'),
    text: gen('text'),
    content: gen('content'),
    events: gen('events'),
  };
}

// grpc-js's service definition for a generated service descriptor.
function serviceDefinition(protobuf, descriptor) {
  const definition = {};
  for (const method of descriptor.methods) {
    const streaming = (side) => method.methodKind === `${side}_streaming` || method.methodKind === 'bidi_streaming';
    definition[method.localName] = {
      path: `/${descriptor.typeName}/${method.name}`,
      requestStream: streaming('client'),
      responseStream: streaming('server'),
      requestSerialize: (message) => Buffer.from(protobuf.toBinary(method.input, message)),
      requestDeserialize: (bytes) => protobuf.fromBinary(method.input, bytes),
      responseSerialize: (message) => Buffer.from(protobuf.toBinary(method.output, message)),
      responseDeserialize: (bytes) => protobuf.fromBinary(method.output, bytes),
    };
  }
  return definition;
}

// A connected client. `tokenFile`, when given, is read for every call, so a renewed token is
// picked up without a restart; without one, calls carry no credentials (jisrd treats them as a
// reader on a loopback listener).
class JisrClient {
  constructor({ buildDir, target, tokenFile = '', deadlineMs = 5000 }) {
    this.gen = loadGenerated(buildDir);
    const { grpc, protobuf, service } = this.gen;
    const Client = grpc.makeGenericClientConstructor(serviceDefinition(protobuf, service.ArticleService), 'ArticleService');
    this.stub = new Client(target, grpc.credentials.createInsecure());
    this.tokenFile = tokenFile;
    this.deadlineMs = deadlineMs;
    this.methods = Object.fromEntries(service.ArticleService.methods.map((m) => [m.localName, m]));
  }

  metadata() {
    const metadata = new this.gen.grpc.Metadata();
    if (this.tokenFile) {
      metadata.set('authorization', `Bearer ${fs.readFileSync(this.tokenFile, 'utf8').trim()}`);
    }
    return metadata;
  }

  // A unary call: `method` is the lowerCamel name ("lookupVariant"), `init` the request's fields.
  // Resolves to the decoded response; rejects with the grpc-js error (its .code is the status).
  call(method, init = {}) {
    const descriptor = this.methods[method];
    const request = this.gen.protobuf.create(descriptor.input, init);
    const deadline = new Date(Date.now() + this.deadlineMs);
    return new Promise((resolve, reject) => {
      this.stub[method](request, this.metadata(), { deadline }, (error, response) => {
        if (error) reject(error);
        else resolve(response);
      });
    });
  }

  // The published view of a variant by language and slug, as readers see it.
  lookupVariant(language, slug) {
    return this.call('lookupVariant', { language, slug });
  }

  listLanguages() {
    return this.call('listLanguages');
  }

  // A Watch stream (a grpc-js ClientReadableStream of decoded ChangeEvents).
  watch(init) {
    const request = this.gen.protobuf.create(this.methods.watch.input, init);
    return this.stub.watch(request, this.metadata());
  }

  // The bytes a message encodes to (the renderer's ETag hashes them).
  toBinary(schemaName, message) {
    const schema = this.gen.resources[`${schemaName}Schema`];
    return this.gen.protobuf.toBinary(schema, message);
  }

  close() {
    this.stub.close();
  }
}

module.exports = { JisrClient };
