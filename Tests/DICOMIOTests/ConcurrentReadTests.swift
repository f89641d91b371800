import DICOMIO
import Dispatch
import Foundation
import RTModel
import Testing
import TestSupport

/// Collects results from concurrent workers.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: [Float]] = [:]
    func set(_ i: Int, _ v: [Float]) { lock.lock(); values[i] = v; lock.unlock() }
    var all: [Int: [Float]] { lock.lock(); defer { lock.unlock() }; return values }
}

@Suite("Concurrent reads", .requires(RealData.available, "shared/data/public is absent: real-file tests skipped"))
struct ConcurrentReadTests {
    /// DCMTK's one-time set-up (logging, VR UN, RLE codec) and per-file state must not race: eight
    /// parallel reads of different encodings give exactly the serial values.
    @Test func parallelReadsEqualSerialReads() throws {
        let files = ["pydicom-rt-syntax-variants/rtdose_rle.dcm", "pydicom-rt-syntax-variants/rtdose_expb.dcm",
                     "srs-brain-2018-multi-tps/RD_GammaPlan.dcm", "hn-cetuximab-monaco-proknow/RD.dcm"]
        let jobs = files + files
        let box = ResultBox()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            if let (dose, _) = try? DICOMReader.readDose(at: RealData.path(jobs[i]), allowRelative: true) {
                box.set(i, dose.grid.values)
            }
        }
        let parallel = box.all
        #expect(parallel.count == jobs.count)
        for (i, file) in jobs.enumerated() {
            let (serial, _) = try DICOMReader.readDose(at: RealData.path(file), allowRelative: true)
            let values = parallel[i] ?? []
            #expect(values.count == serial.grid.values.count, "\(file)")
            #expect(zip(values, serial.grid.values).filter { $0 != $1 }.count == 0, "\(file)")
        }
    }
}
