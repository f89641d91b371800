import Foundation
import Reports
import RTCore

/// One patient's line in a batch summary. Doses are Gy EQD2; `seconds` is wall-clock time of its check.
public struct BatchSummaryEntry: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case within, exceeds, error }

    /// 0-based position of the patient in the manifest.
    public var index: Int
    public var id: String
    public var status: Status
    /// The verdict with the smallest margin (most exceeded, else tightest within), when any has a margin.
    public var worstOrgan: String?
    public var worstROI: String?
    public var worstMetric: String?
    public var worstValueGy: Double?
    public var worstLimitGy: Double?
    /// Gy; negative when exceeded.
    public var worstMarginGy: Double?
    /// The patient's report folder relative to the summary's folder (nil for an error row).
    public var reportFolder: String?
    public var error: String?
    public var seconds: Double
    /// True when this run reused the patient's earlier reports (status read back from its check.json).
    public var skipped: Bool
    /// `BatchPatient.requestFingerprint` of the inputs the reports were made from.
    public var requestFingerprint: String

    public init(index: Int, id: String, status: Status, worstOrgan: String? = nil, worstROI: String? = nil,
                worstMetric: String? = nil, worstValueGy: Double? = nil, worstLimitGy: Double? = nil,
                worstMarginGy: Double? = nil, reportFolder: String? = nil, error: String? = nil, seconds: Double,
                skipped: Bool = false, requestFingerprint: String) {
        self.index = index; self.id = id; self.status = status; self.worstOrgan = worstOrgan; self.worstROI = worstROI
        self.worstMetric = worstMetric; self.worstValueGy = worstValueGy; self.worstLimitGy = worstLimitGy
        self.worstMarginGy = worstMarginGy; self.reportFolder = reportFolder; self.error = error; self.seconds = seconds
        self.skipped = skipped; self.requestFingerprint = requestFingerprint
    }

    enum CodingKeys: String, CodingKey {
        case index, id, status, error, seconds, skipped
        case worstOrgan = "worst_organ", worstROI = "worst_roi", worstMetric = "worst_metric"
        case worstValueGy = "worst_value_gy", worstLimitGy = "worst_limit_gy", worstMarginGy = "worst_margin_gy"
        case reportFolder = "report_folder", requestFingerprint = "request_fingerprint"
    }

    /// Absent values are written as `null`, so every entry has every key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index); try c.encode(id, forKey: .id); try c.encode(status, forKey: .status)
        try c.encode(worstOrgan, forKey: .worstOrgan); try c.encode(worstROI, forKey: .worstROI)
        try c.encode(worstMetric, forKey: .worstMetric); try c.encode(worstValueGy, forKey: .worstValueGy)
        try c.encode(worstLimitGy, forKey: .worstLimitGy); try c.encode(worstMarginGy, forKey: .worstMarginGy)
        try c.encode(reportFolder, forKey: .reportFolder); try c.encode(error, forKey: .error)
        try c.encode(seconds, forKey: .seconds); try c.encode(skipped, forKey: .skipped)
        try c.encode(requestFingerprint, forKey: .requestFingerprint)
    }

    /// Status and worst verdict read from a `dosesum.check/2` JSON report (an earlier schema is refused,
    /// so the batch checks that patient again): `exceeds` when any verdict
    /// exceeds; the worst verdict is the first with the smallest `margin_gy` (the order of
    /// `CheckOutcome.worstVerdict`).
    public static func fromCheckJSON(_ data: Data, index: Int, id: String, reportFolder: String, seconds: Double,
                                     skipped: Bool, requestFingerprint: String, file: String) throws -> BatchSummaryEntry {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              root["schema"] as? String == JSONReportRenderer.checkSchema, let verdicts = root["verdicts"] as? [[String: Any]] else {
            throw DoseSumError(.invalidValue, "not a \(JSONReportRenderer.checkSchema) report (schema or verdicts missing)", file: file)
        }
        let exceeds = verdicts.contains { $0["status"] as? String == "exceeds" }
        var worst: [String: Any]? = nil, worstMargin = Double.infinity
        for v in verdicts {
            guard let m = (v["margin_gy"] as? NSNumber)?.doubleValue else { continue }
            if m < worstMargin { worst = v; worstMargin = m }
        }
        func d(_ key: String) -> Double? { (worst?[key] as? NSNumber)?.doubleValue }
        return BatchSummaryEntry(index: index, id: id, status: exceeds ? .exceeds : .within,
                                 worstOrgan: worst?["organ"] as? String, worstROI: worst?["roi"] as? String,
                                 worstMetric: worst?["metric"] as? String, worstValueGy: d("value_gy"),
                                 worstLimitGy: d("limit_gy"), worstMarginGy: d("margin_gy"), reportFolder: reportFolder,
                                 seconds: seconds, skipped: skipped, requestFingerprint: requestFingerprint)
    }
}
