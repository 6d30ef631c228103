import Foundation
import GRDBSQLite

/// The parameters of one statement execution, gathered into one reusable byte arena and bound without copying.
///
/// `sqlite3_bind_text` with `SQLITE_TRANSIENT` copies every value into an allocation of its own, freed at the next
/// bind; the import's writer binds about thirty values per input. Here the values are appended to an arena that
/// keeps its capacity from one execution to the next, and bound as `SQLITE_STATIC` pointers into it for exactly
/// the span of the step (the bindings are cleared before the arena can change).
struct StatementParameters {
    private enum Slot {
        case text(offset: Int, count: Int)
        case blob(offset: Int, count: Int)
        case integer(Int64)
        case null
    }

    private var arena: [UInt8] = []
    private var slots: [Slot] = []

    /// Forgets the previous execution's values (keeping the memory).
    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
    }

    /// The next parameter: `text` as UTF-8 text.
    mutating func text(_ text: String) {
        let start = arena.count
        arena.append(contentsOf: text.utf8)
        slots.append(.text(offset: start, count: arena.count - start))
    }

    /// The next parameter: `text`, or NULL.
    mutating func text(_ text: String?) {
        if let text { self.text(text) } else { slots.append(.null) }
    }

    /// The next parameter: `data` as a blob.
    mutating func blob(_ data: Data) {
        let start = arena.count
        arena.append(contentsOf: data)
        slots.append(.blob(offset: start, count: arena.count - start))
    }

    /// The next parameter: an integer.
    mutating func integer(_ value: Int64) {
        slots.append(.integer(value))
    }

    /// Binds the parameters, in order from 1, to `statement`, runs `body` (the step), and clears the bindings, so
    /// that SQLite never holds a pointer into the arena outside `body`.
    func withBound<T>(to statement: OpaquePointer, _ body: () throws -> T) rethrows -> T {
        try arena.withUnsafeBufferPointer { buffer in
            // An empty text must still be a non-null pointer (a null pointer binds NULL).
            let base = UnsafeRawPointer(buffer.baseAddress) ?? UnsafeRawPointer(Self.emptyText)
            for (i, slot) in slots.enumerated() {
                let index = Int32(i + 1)
                switch slot {
                case .text(let offset, let count):
                    sqlite3_bind_text(statement, index, (base + offset).assumingMemoryBound(to: CChar.self), Int32(count), nil)
                case .blob(let offset, let count):
                    sqlite3_bind_blob(statement, index, base + offset, Int32(count), nil)
                case .integer(let value):
                    sqlite3_bind_int64(statement, index, value)
                case .null:
                    sqlite3_bind_null(statement, index)
                }
            }
            defer { sqlite3_clear_bindings(statement) }
            return try body()
        }
    }

    /// A zero byte that lives as long as the process (never written).
    private nonisolated(unsafe) static let emptyText: UnsafeMutablePointer<CChar> = {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()
}
