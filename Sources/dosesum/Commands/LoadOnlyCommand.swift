import ArgumentParser
import DICOMIO

/// `dosesum dcmtk-load FILE…` (hidden): reads each file through DCMTK into memory and discards it.
/// The benchmark script times it as "DCMTK alone": the floor any DCMTK-based tool pays for the same
/// input files (process start, data dictionary, parsing, pixel data into memory). Like every DoseSum
/// command it loads DCMTK's public dictionary only unless DCMDICTPATH is set; the script times it
/// both ways.
struct LoadOnlyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dcmtk-load",
        abstract: "Read DICOM files through DCMTK only (loadFile + loadAllDataIntoMemory), for benchmarks.",
        shouldDisplay: false)
    @Argument(help: "DICOM files.") var files: [String]
    func run() throws {
        for f in files { try DICOMReader.loadOnly(at: f) }
    }
}
