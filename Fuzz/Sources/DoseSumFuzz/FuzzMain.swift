#if DOSESUM_LIBFUZZER
import CLibFuzzerDriver
#endif
import DICOMIO
import Foundation

/// The fuzz executable. Built by `scripts/fuzz.sh` with coverage and AddressSanitizer and
/// `-DDOSESUM_LIBFUZZER`, it hands its arguments to libFuzzer and fuzzes the target named by
/// `DOSESUM_FUZZ_TARGET`. Built plainly (as `swift build` does) it replays files instead:
/// `DoseSumFuzz TARGET FILE…` runs the target once per file (a crash reproduces without libFuzzer).
/// `DoseSumFuzz --list` names the targets; `DoseSumFuzz --write-seeds DIR` writes the synthetic seeds.
@main
enum DoseSumFuzz {
    nonisolated(unsafe) static var target: FuzzTarget = .constraints

    static func main() throws {
        let args = CommandLine.arguments
        if args.count >= 2, args[1] == "--list" {
            for t in FuzzTarget.allCases { print("\(t.rawValue)\t\(t.summary)\t\(t.seedSuffixes.joined(separator: " "))") }
            return
        }
        if args.count == 3, args[1] == "--write-seeds" {
            try SeedWriter.write(to: args[2])
            return
        }
        DICOMReader.prepare()
        #if DOSESUM_LIBFUZZER
        guard let name = ProcessInfo.processInfo.environment["DOSESUM_FUZZ_TARGET"], let t = FuzzTarget(rawValue: name) else {
            fatalError("set DOSESUM_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))")
        }
        target = t
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            DoseSumFuzz.target.run(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        #else
        guard args.count >= 3, let t = FuzzTarget(rawValue: args[1]) else {
            print("usage: DoseSumFuzz --list | --write-seeds DIR | TARGET FILE…")
            exit(2)
        }
        for file in args.dropFirst(2) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            data.withUnsafeBytes { t.run($0) }
            print("\(t.rawValue): \(file): ok")
        }
        FuzzScratch.remove()
        #endif
    }
}
