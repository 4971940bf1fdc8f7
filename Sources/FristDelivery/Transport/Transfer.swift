import CCurl
import Foundation
import Synchronization

/// One transfer: what it sends, what comes back, and who waits for it. Runs on an easy handle
/// the transport lends it; lives on the transport's loop thread from `start(on:)` to
/// `complete(_:on:)`.
final class Transfer: @unchecked Sendable {
    private let request: TransportRequest
    /// Called once with the response: resumes one waiting send, or counts into a batch.
    private var done: ((TransportResponse) -> Void)?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var recipientList: UnsafeMutablePointer<curl_slist>?
    private var responseBody: [UInt8] = []
    private var responseHeaders: [HTTPHeader] = []
    private var uploadOffset = 0
    private var started = Date()
    /// Set from any thread when the waiting send is cancelled; read on the loop thread.
    private let cancelled = Atomic<Bool>(false)
    /// The request was not written: its `sendBy` had passed (loop thread only).
    private var withheld = false

    static let cancelledFailure = TransportFailure(kind: .cancelled, code: -1, message: "the send was cancelled")
    static let withheldFailure = TransportFailure(kind: .withheld, code: Int(CURLE_ABORTED_BY_CALLBACK.rawValue),
                                                  message: "not sent: its time to go out had passed")

    func markCancelled() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    init(_ request: TransportRequest, done: @escaping (TransportResponse) -> Void) {
        self.request = request
        self.done = done
    }

    /// Configures `easy` (fresh, or reset) for this transfer; false (and the transfer failed)
    /// if libcurl refuses an option.
    func start(on easy: UnsafeMutableRawPointer) -> Bool {
        started = Date()
        let me = Unmanaged.passUnretained(self).toOpaque()
        var ok = true
        func set(_ option: CURLoption, _ value: Int) { ok = ok && frist_easy_setopt_long(easy, option, value) == CURLE_OK }
        func set(_ option: CURLoption, _ value: String) { ok = ok && frist_easy_setopt_string(easy, option, value) == CURLE_OK }

        set(CURLOPT_URL, request.url)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_TIMEOUT_MS, request.timeoutSeconds * 1000)
        set(CURLOPT_CONNECTTIMEOUT_MS, min(request.timeoutSeconds, 10) * 1000)
        set(CURLOPT_SSL_VERIFYPEER, request.insecure ? 0 : 1)
        set(CURLOPT_SSL_VERIFYHOST, request.insecure ? 0 : 2)
        set(CURLOPT_USERAGENT, "frist/\(FristDelivery.version)")
        frist_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, transferWrite)
        frist_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
        frist_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, transferHeader)
        frist_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me)
        if request.sendBy != nil {
            ok = ok && frist_easy_setopt_prereq_callback(easy, transferPrereq) == CURLE_OK
            frist_easy_setopt_pointer(easy, CURLOPT_PREREQDATA, me)
        }

        if let mail = request.mail {
            set(CURLOPT_MAIL_FROM, "<\(mail.from)>")
            for r in mail.recipients { recipientList = curl_slist_append(recipientList, "<\(r)>") }
            frist_easy_setopt_slist(easy, CURLOPT_MAIL_RCPT, recipientList)
            let tls: curl_usessl = switch mail.startTLS {
            case .required: CURLUSESSL_ALL
            case .optional: CURLUSESSL_TRY
            case .off: CURLUSESSL_NONE
            }
            set(CURLOPT_USE_SSL, Int(tls.rawValue))
            if let user = mail.username { set(CURLOPT_USERNAME, user) }
            if let password = mail.password { set(CURLOPT_PASSWORD, password) }
            if let bearer = mail.bearer {
                // Only XOAUTH2: never falling back to LOGIN with a username and no password.
                set(CURLOPT_XOAUTH2_BEARER, bearer)
                set(CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2")
            }
            set(CURLOPT_UPLOAD, 1)
            set(CURLOPT_INFILESIZE, request.body.count)
            frist_easy_setopt_data_callback(easy, CURLOPT_READFUNCTION, transferRead)
            frist_easy_setopt_pointer(easy, CURLOPT_READDATA, me)
        } else {
            // No "Expect: 100-continue" round trip: gateways answer small bodies directly.
            for h in request.headers + [HTTPHeader("Expect", "")] {
                headerList = curl_slist_append(headerList, "\(h.name): \(h.value)")
            }
            frist_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
            switch request.method {
            case "GET":
                set(CURLOPT_HTTPGET, 1)
            default:
                set(CURLOPT_CUSTOMREQUEST, request.method)
                set(CURLOPT_POSTFIELDSIZE, request.body.count)
                // COPYPOSTFIELDS: libcurl keeps its own copy, so the buffer's lifetime does not matter.
                ok = ok && request.body.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress.map { base in
                        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                            frist_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0))
                        }
                    } ?? frist_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
                } == CURLE_OK
            }
        }
        guard ok else {
            fail(.init(kind: .permanent, code: -1, message: "libcurl rejected an option for this transfer"))
            return false
        }
        return true
    }

    func complete(_ result: CURLcode, on easy: UnsafeMutableRawPointer) {
        var code = 0
        frist_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        let failure: TransportFailure? = result == CURLE_OK ? nil
            : withheld ? Self.withheldFailure : Self.failure(result)
        finish(TransportResponse(status: code, headers: responseHeaders, body: responseBody, failure: failure,
                                 seconds: Date().timeIntervalSince(started)))
    }

    func fail(_ failure: TransportFailure) {
        finish(TransportResponse(status: 0, headers: [], body: [], failure: failure,
                                 seconds: Date().timeIntervalSince(started)))
    }

    private func finish(_ response: TransportResponse) {
        curl_slist_free_all(headerList)
        curl_slist_free_all(recipientList)
        headerList = nil
        recipientList = nil
        done?(response)
        done = nil
    }

    static func failure(_ code: CURLcode) -> TransportFailure {
        // libcurl's words for this one ("Requested SSL level failed") tell an admin nothing.
        let message = code == CURLE_USE_SSL_FAILED
            ? "the server does not offer STARTTLS, which starttls: required insists on; use smtps:// if it speaks "
                + "TLS from the start, or starttls: optional (or off) for a trusted relay"
            : String(cString: curl_easy_strerror(code))
        let kind: TransportFailure.Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2,
             CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY:
            kind = .connection
        default:
            kind = .permanent
        }
        return TransportFailure(kind: kind, code: Int(code.rawValue), message: message)
    }

    /// Whether the request may be written now (libcurl asks just before writing it).
    fileprivate func mayGoOut() -> Bool {
        guard let sendBy = request.sendBy else { return true }
        withheld = Monotonic.seconds() >= sendBy
        return !withheld
    }

    fileprivate func received(_ bytes: UnsafeRawBufferPointer) {
        let room = request.maxResponseBytes - responseBody.count
        if room > 0 { responseBody.append(contentsOf: bytes.prefix(room)) }
    }

    fileprivate func receivedHeader(_ line: UnsafeRawBufferPointer) {
        // A new status line starts a new header block (e.g. after a redirect or 100).
        if line.starts(with: "HTTP/".utf8) {
            responseHeaders.removeAll()
            return
        }
        // Bytes, not Strings, until the name and value are cut out: a burst reads a header block per send.
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var start = colon + 1, end = line.count
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        responseHeaders.append(HTTPHeader(String(decoding: line[..<colon], as: UTF8.self),
                                          String(decoding: line[start..<end], as: UTF8.self)))
    }

    fileprivate func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, request.body.count - uploadOffset)
        guard n > 0 else { return 0 }
        request.body.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[uploadOffset..<uploadOffset + n]))
        }
        uploadOffset += n
        return n
    }
}

private func transferWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                           _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let t = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    t.received(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private func transferHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                            _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let t = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    t.receivedHeader(bytes)
    return size * count
}

private func transferRead(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                          _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let t = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    return t.read(into: UnsafeMutableRawBufferPointer(start: data, count: size * count))
}

private func transferPrereq(_ me: UnsafeMutableRawPointer?, _ primaryIP: UnsafeMutablePointer<CChar>?,
                            _ localIP: UnsafeMutablePointer<CChar>?, _ primaryPort: Int32, _ localPort: Int32) -> Int32 {
    guard let me else { return Int32(CURL_PREREQFUNC_OK) }
    return Unmanaged<Transfer>.fromOpaque(me).takeUnretainedValue().mayGoOut()
        ? Int32(CURL_PREREQFUNC_OK) : Int32(CURL_PREREQFUNC_ABORT)
}
