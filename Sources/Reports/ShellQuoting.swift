import Foundation

/// POSIX shell quoting for showing a command line that can be pasted back into a shell.
public enum ShellQuoting {
    /// Characters that need no quoting in any POSIX shell word.
    static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%_+=:,./-")

    /// `word` as is when it is non-empty and plain, else in single quotes (an inner `'` becomes `'\''`).
    public static func quote(_ word: String) -> String {
        if !word.isEmpty && word.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The words quoted and joined by single spaces.
    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
