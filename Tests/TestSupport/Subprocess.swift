import Foundation

/// Runs a program found on PATH (through `/usr/bin/env`) and captures its exit status and output.
public enum Subprocess {
    public struct Result: Sendable { public var status: Int32; public var stdout: String }

    /// `arguments[0]` is the program; standard error goes to stdout when `mergeStderr`, else is discarded.
    public static func run(_ arguments: [String], mergeStderr: Bool = false) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = mergeStderr ? out : FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self))
    }
}
