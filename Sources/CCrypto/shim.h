#ifndef FRIST_CCRYPTO_SHIM_H
#define FRIST_CCRYPTO_SHIM_H

// OpenSSL's libcrypto (already linked by libcurl): HMAC-SHA256 for signed links.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#endif
