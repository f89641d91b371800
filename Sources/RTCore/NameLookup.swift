/// The one rule by which a name typed by a user (`--alpha-beta`, `--recovery`, `--roi`, a manifest
/// field) finds an ROI name: the exact name first, else the name equal ignoring case; among several
/// names equal ignoring case, the first in sorted order, so the answer never depends on the order of
/// a dictionary or of a structure set.
public enum NameLookup {
    /// The candidate `name` stands for, or nil.
    public static func match<S: Sequence>(_ name: String, in candidates: S) -> String? where S.Element == String {
        var folded: String?
        let lower = name.lowercased()
        for c in candidates {
            if c == name { return c }
            if c.lowercased() == lower, folded.map({ c < $0 }) ?? true { folded = c }
        }
        return folded
    }

    /// The value of the key `name` stands for in `table` (see `match`).
    public static func value<V>(_ name: String, in table: [String: V]) -> V? {
        match(name, in: table.keys).flatMap { table[$0] }
    }
}
