import FristCore
import Foundation

/// Root acting on a state that belongs to another user (the service's dynamic or dedicated
/// user) acts as that user, so `sudo frist ack` leaves no root-owned WAL or journal behind
/// that the daemon could not write afterwards.
enum StateOwner {
    /// When running as root, switches to the owner of `path` (the state database), or, while
    /// it does not exist yet, of the nearest folder above it that does (the state is created
    /// as that folder's owner). A root-owned state, or a caller who is not root, changes nothing.
    static func become(ownerOf path: String) throws {
        guard geteuid() == 0, let (uid, gid) = owner(ofNearest: path), uid != 0 else { return }
        // Groups first: after setuid there is no right to change them any more.
        guard setgroups(0, nil) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw FristFailure("cannot act as the owner (uid \(uid)) of \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func owner(ofNearest path: String) -> (uid: uid_t, gid: gid_t)? {
        var current = path.isEmpty ? "." : path
        var info = stat()
        for _ in 0..<256 {
            if stat(current, &info) == 0 { return (info.st_uid, info.st_gid) }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return stat(".", &info) == 0 ? (info.st_uid, info.st_gid) : nil }
            current = parent
        }
        return nil
    }
}
