import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel

/// Writes small synthetic seeds the shipped fixtures lack or hold only in large files: a 4 × 3 × 5
/// RTDOSE, a three-plane RTSTRUCT, an RTPLAN, a REG, and a few contour inputs (`ContourFuzzInput`).
enum SeedWriter {
    static func write(to folder: String) throws {
        let frame: UID = "1.2.826.0.1.3680043.2.1125.7"
        let g = GridGeometry(origin: [-10, -10, -10], spacing: [2, 2.5, 3], size: [4, 3, 5])
        let values = (0..<g.voxelCount).map { Float($0) * 0.5 }
        let dose = DoseDistribution(grid: Grid(geometry: g, values: values), frameOfReference: frame,
                                    referencedPlanUIDs: ["1.2.3.4.5"])
        try DICOMWriter.writeDose(dose, to: folder + "/seed_rtdose.dcm", seriesDescription: "fuzz seed", overwrite: true)
        let square: (Double) -> Contour = { z in
            Contour(type: .closedPlanar, points: [[-5, -5, z], [5, -5, z], [5, 5, z], [-5, 5, z]])
        }
        let rois = [ROI(number: ROINumber(1), name: "Brainstem", interpretedType: "ORGAN", contours: [-3, 0, 3].map(square)),
                    ROI(number: ROINumber(2), name: "Point", contours: [Contour(type: .point, points: [[0, 0, 0]])])]
        try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: frame, rois: rois), to: folder + "/seed_rtstruct.dcm",
                                          overwrite: true)
        try DICOMWriter.writePlan(fractions: 30, prescription: Gray(60), frameOfReference: frame,
                                  to: folder + "/seed_rtplan.dcm", overwrite: true)
        let moved = RigidTransform(rotation: .identity, translation: [1.5, -2, 3])
        let registration = SpatialRegistration(frameOfReference: frame, entries: [
            .init(frameOfReference: frame, transform: .identity),
            .init(frameOfReference: "1.2.826.0.1.3680043.2.1125.8", transform: moved),
        ])
        try DICOMWriter.writeRegistration(registration, to: folder + "/seed_reg.dcm", overwrite: true)
        // Contour inputs: a grid of 2 mm voxels, one ROI of one closed square, and one of two
        // contours (a square with a square hole) on one plane.
        let square8: [UInt8] = [2, 2, 2, 8, 8, 8, 0, 0, 1, 1, 3, 4, 0, 0, 0] + [(-20, -20), (20, -20), (20, 20), (-20, 20)]
            .flatMap { point($0.0, $0.1) }
        let holed: [UInt8] = [2, 2, 2, 10, 10, 6, 3, 1, 1, 2, 3, 4, 0, 0, 4] + [(-30, -30), (30, -30), (30, 30), (-30, 30)]
            .flatMap { point($0.0, $0.1) } + [3, 4, 0, 0, 4] + [(-10, -10), (10, -10), (10, 10), (-10, 10)].flatMap { point($0.0, $0.1) }
        try Data(square8).write(to: URL(fileURLWithPath: folder + "/seed_square.contours"))
        try Data(holed).write(to: URL(fileURLWithPath: folder + "/seed_holed.contours"))
    }

    /// x and y of one point in ¼ mm units, big-endian Int16 each.
    static func point(_ x: Int16, _ y: Int16) -> [UInt8] {
        [x, y].flatMap { v in [UInt8(UInt16(bitPattern: v) >> 8), UInt8(UInt16(bitPattern: v) & 0xFF)] }
    }
}
