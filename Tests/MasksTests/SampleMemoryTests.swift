import Grids
import Masks
import RTCore
import RTModel
import Testing

/// Issue 19 (a fuzzing finding): a flat ROI spanning 1.3 m has a thin box but hundreds of thousands
/// of boundary voxels, each sub-sampled; the box estimate let it take 344–614 MB under a 64 MiB
/// budget. The sample points are now estimated from the survey and refused before they are written.
struct SampleMemoryTests {
    static func flatSquare(side: Double) -> ROI {
        let h = side / 2
        return ROI(number: ROINumber(1), name: "Flat", contours: [
            Contour(type: .closedPlanar, points: [[-h, -h, 0], [h, -h, 0], [h, h, 0], [-h, h, 0]]),
        ])
    }

    @Test func aHugeFlatROIIsRefusedBeforeItsPointsAreWritten() throws {
        let budget = MemoryBudget(bytes: 64 << 20)
        #expect {
            _ = try StructureSampler().survey([Self.flatSquare(side: 1300)], budget: budget, file: "rs_flat.dcm")
        } throws: { error in
            let e = error as? DoseSumError
            return e?.file == "rs_flat.dcm" && e?.message.contains("sample points") == true && e?.message.contains("budget") == true
        }
    }

    @Test func theSameShapeAtAPlausibleSizeIsSampled() throws {
        // 40 mm: (16 + 2)² lattice voxels at most, each at most subdivisions³ points — far under 64 MiB
        let survey = try StructureSampler().survey([Self.flatSquare(side: 40)], budget: MemoryBudget(bytes: 64 << 20), file: nil)
        let sampling = survey.samplings()[0]
        #expect(sampling.volumeMM3 > 0 && !sampling.points.isEmpty)
        // the estimate bounds what was written
        let cells = Double(sampling.subdivisions * sampling.subdivisions * sampling.subdivisions)
        #expect(Double(sampling.points.count) <= Double(sampling.voxelIndices.count) * cells)
    }
}
