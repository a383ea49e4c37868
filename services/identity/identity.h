// Who is calling, as verified by the transport: the principal of a client certificate (mutual
// TLS) or of a bearer token (JWT), or nobody. Never what the caller asserts about itself.
#ifndef JISR_SERVICES_IDENTITY_IDENTITY_H_
#define JISR_SERVICES_IDENTITY_IDENTITY_H_

#include <string>
#include <utility>
#include <vector>

namespace jisr::identity {

enum class IdentitySource {
  kAnonymous,    // no credentials
  kCertificate,  // a client certificate verified against --tls_client_ca
  kToken,        // a bearer token verified against the configured JWKS
};

struct Identity {
  IdentitySource source = IdentitySource::kAnonymous;
  // The verified principal: a certificate's SPIFFE ID (URI SAN), else its DNS SAN, else its
  // subject CN; a token's `sub`. Empty when anonymous.
  std::string principal;
  // A name for editors' screens: the token's `name` claim, when it has one.
  std::string display_name;
  // A token's claims whose values are strings or arrays of strings, one pair per value (a
  // "groups" claim of ["arabic-desk", "editors"] gives two pairs), for access policies to match.
  std::vector<std::pair<std::string, std::string>> claims;

  bool anonymous() const { return source == IdentitySource::kAnonymous; }
};

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_IDENTITY_H_
