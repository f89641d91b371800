import Foundation
import Testing
import DoseMetrics
import RTCore
@testable import Reports

@Suite struct JSONReportTests {
    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func checkSchemaKeysAndValuesRoundTrip() throws {
        let report = try SampleReport.make()
        let root = try object(try JSONReportRenderer.render(report))
        #expect(root["schema"] as? String == "dosesum.check/2")
        #expect(root["engine_version"] as? String == "0.1.0-test")
        for key in ["inputs", "protocol", "rois", "verdicts", "diagnostics", "unmatched_rois", "organs_without_roi", "summary"] {
            #expect(root[key] != nil, "missing \(key)")
        }
        #expect((root["protocol"] as? [String: Any])?["id"] as? String == "npc-2021")
        let rois = try #require(root["rois"] as? [[String: Any]])
        #expect(rois.count == 4)
        let bs = try #require(rois.first { $0["name"] as? String == "BrainStem" })
        for key in ["name", "organ", "alpha_beta_gy", "volume_cc", "course1", "course2", "composite", "verdicts"] {
            #expect(bs[key] != nil, "roi missing \(key)")
        }
        #expect(bs["organ"] as? String == "BrainStem")
        #expect(bs["alpha_beta_gy"] as? Double == 2)
        #expect(bs["volume_cc"] as? Double == 25.5)
        #expect((bs["course1"] as? [String: Any])?["D0.03cc"] as? Double == 54)
        #expect((bs["course2"] as? [String: Any])?["Dmax"] as? Double == 30.3)
        #expect((bs["composite"] as? [String: Any])?["D0.03cc"] as? Double == 75)
        #expect(bs["same_region_worst_case_gy"] as? Double == 84)
        // Not evaluable: null plus a reason.
        let composite = try #require(bs["composite"] as? [String: Any])
        #expect(composite["Dmax"] is NSNull)
        let reasons = try #require(bs["not_evaluable"] as? [[String: Any]])
        #expect(reasons.contains { $0["dose"] as? String == "composite" && $0["metric"] as? String == "Dmax"
                                   && ($0["reason"] as? String)?.isEmpty == false })
        // Brain stem 75 Gy: desirable (≤ 70.2) exceeded by 4.8, acceptable (< 81) met with 6 Gy left.
        let v = try #require(bs["verdicts"] as? [[String: Any]])
        #expect(v.count == 2)
        let desirable = try #require(v.first { $0["level"] as? String == "desirable" })
        #expect(desirable["status"] as? String == "exceeds")
        #expect(abs((desirable["margin_gy"] as? Double ?? 0) - (-4.8)) < 1e-9)
        #expect(desirable["limit_gy"] as? Double == 70.2)
        let all = try #require(root["verdicts"] as? [[String: Any]])
        // The right optic nerve has no ROI: its verdicts are in the top-level list only.
        #expect(all.contains { $0["organ"] as? String == "OpticNrv_R" && $0["status"] as? String == "not-evaluable" })
        #expect(root["organs_without_roi"] as? [String] == ["OpticNrv_R"])
        let registration = try #require((root["inputs"] as? [String: Any])?["registration"] as? [String: Any])
        #expect((registration["matrix"] as? [Double])?[3] == 2.5)
    }

    @Test func metricsSchema() throws {
        let m = MetricsReport(engineVersion: "t", dosePath: "/d/RD.dcm", structureSetPath: "/d/RS.dcm",
                              metricColumns: [.dmax, .doseAtAbsoluteVolume(cc: 0.03)],
                              rois: [.init(name: "Cord", number: ROINumber(4), volume: CubicCentimetres(12.25),
                                           metrics: [.dmax: .value(44.5), .doseAtAbsoluteVolume(cc: 0.03): .notEvaluable(reason: "smaller than 0.03 cc")])])
        let root = try object(try JSONReportRenderer.render(m))
        #expect(root["schema"] as? String == "dosesum.metrics/1")
        let roi = try #require((root["rois"] as? [[String: Any]])?.first)
        #expect(roi["name"] as? String == "Cord" && roi["number"] as? Int == 4 && roi["volume_cc"] as? Double == 12.25)
        let metrics = try #require(roi["metrics"] as? [String: Any])
        #expect(metrics["Dmax"] as? Double == 44.5)
        #expect(metrics["D0.03cc"] is NSNull)
        #expect((roi["not_evaluable"] as? [[String: Any]])?.first?["reason"] as? String == "smaller than 0.03 cc")
        // Text form shows n/e and the reason.
        let text = TextReportRenderer.render(m)
        #expect(text.contains("44.50") && text.contains("n/e") && text.contains("smaller than 0.03 cc"))
    }

    @Test func nonFiniteBecomesNull() throws {
        let m = MetricsReport(engineVersion: "t", dosePath: "d", structureSetPath: "s", metricColumns: [.dmax],
                              rois: [.init(name: "A", number: ROINumber(1), volume: nil, metrics: [.dmax: .value(.infinity)])])
        let roi = try #require((try object(try JSONReportRenderer.render(m))["rois"] as? [[String: Any]])?.first)
        #expect((roi["metrics"] as? [String: Any])?["Dmax"] is NSNull)
        #expect(roi["volume_cc"] is NSNull)
    }
}
