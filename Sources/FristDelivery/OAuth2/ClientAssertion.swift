import Crypto
import CryptoExtras
import Foundation

/// A client assertion (RFC 7523 §2.2, as Entra ID takes it): a JWT that the app signs with the
/// private key of a certificate registered on it, in place of a client secret. It names the
/// certificate by its thumbprints, is meant for one token endpoint, and lives ten minutes.
struct ClientAssertion {
    /// The PEM certificate and its private key (PKCS #8 or PKCS #1 PEM), as read from their files.
    let certificatePEM: String
    let keyPEM: String

    static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    static let lifetime: Double = 600

    /// Why a certificate or key cannot be used; never quotes the key.
    struct Problem: Error {
        let message: String
    }

    /// The signed JWT for `clientID` at `tokenURL`, issued at `now` (seconds since the epoch).
    func jwt(clientID: String, tokenURL: String, now: Double, id: String = UUID().uuidString) throws(Problem) -> String {
        guard let der = Self.der(certificatePEM) else {
            throw Problem(message: "client_certificate_file holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: keyPEM)
        } catch {
            throw Problem(message: "client_key_file is not an RSA private key of 2048 bits or more in PEM")
        }
        let header = Header(x5t: Base64URL.encode(Data(Insecure.SHA1.hash(data: der))),
                            x5tS256: Base64URL.encode(Data(SHA256.hash(data: der))))
        let issued = Int(now.rounded(.down))
        let claims = Claims(aud: tokenURL, iss: clientID, sub: clientID, jti: id,
                            nbf: issued, iat: issued, exp: issued + Int(Self.lifetime))
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let signed = Base64URL.encode(try encoder.encode(header)) + "." + Base64URL.encode(try encoder.encode(claims))
            let signature = try key.signature(for: Data(signed.utf8), padding: .insecurePKCS1v1_5)
            return signed + "." + Base64URL.encode(signature.rawRepresentation)
        } catch {
            throw Problem(message: "cannot sign with client_key_file")
        }
    }

    /// The JOSE header: RS256, and the certificate by its SHA-1 and SHA-256 thumbprints.
    private struct Header: Encodable {
        let alg = "RS256"
        let typ = "JWT"
        let x5t: String
        let x5tS256: String

        enum CodingKeys: String, CodingKey {
            case alg, typ, x5t
            case x5tS256 = "x5t#S256"
        }
    }

    /// The claims Entra ID requires of a client assertion.
    private struct Claims: Encodable {
        let aud: String
        let iss: String
        let sub: String
        let jti: String
        let nbf: Int
        let iat: Int
        let exp: Int
    }

    /// The DER bytes of the first certificate in `pem`.
    static func der(_ pem: String) -> Data? {
        guard let begin = pem.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = pem.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<pem.endIndex) else { return nil }
        let body = pem[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body))
    }
}
