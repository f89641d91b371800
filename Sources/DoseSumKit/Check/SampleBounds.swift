/// Per-course bounds (Gy) of the samples of one ROI that have been bounded so far, stored compactly:
/// a dense index of 4 bytes per sample and rows only for the samples bounded (the dose-grid band
/// bounds a small part of an ROI's samples: on the clinical case about 25,000 of 113,000).
struct SampleBounds {
    let courses: Int
    /// Per sample, its row in `lo`/`hi` (−1: not bounded yet).
    private var row: [Int32]
    /// Row-major: row · courses + course.
    private var lo: [Float] = [], hi: [Float] = []

    init(samples: Int, courses: Int) {
        self.courses = courses
        row = [Int32](repeating: -1, count: samples)
    }

    func has(_ p: Int) -> Bool { row[p] >= 0 }

    /// Stores sample `p`'s bounds, one per course.
    mutating func set(_ p: Int, lower: [Float], upper: [Float]) {
        precondition(lower.count == courses && upper.count == courses && row[p] < 0, "one bound per course, set once")
        row[p] = Int32(lo.count / courses)
        lo.append(contentsOf: lower); hi.append(contentsOf: upper)
    }

    func lower(_ p: Int, _ c: Int) -> Float { lo[Int(row[p]) * courses + c] }
    func upper(_ p: Int, _ c: Int) -> Float { hi[Int(row[p]) * courses + c] }
}
