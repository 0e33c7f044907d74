import Glibc

/// An advisory lock on the database file for as long as a server runs on it, so a second server,
/// or `delete`, can tell that the file is in use rather than change it under the running one
/// (which keeps its meetings in memory). `flock(2)` does not interact with SQLite's own `fcntl`
/// locks, and the kernel releases it when the process ends, however it ends.
final class DatabaseLock {
    private let descriptor: Int32

    /// Takes the lock, creating the file if it is missing (SQLite takes an empty file as a new
    /// database); nil if another process holds it.
    init?(path: String) throws(CommandFailure) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandFailure(description: "Cannot open the database \(path): \(String(cString: strerror(errno))).") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit { close(descriptor) }
}
