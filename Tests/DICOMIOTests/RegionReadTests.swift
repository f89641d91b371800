import DICOMIO
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// Reading a box of a dose grid (`readDose(region:)`) must give exactly the whole grid's values there.
@Suite("Reading part of a dose grid")
struct RegionReadTests {
    /// The values of `box` cut from a whole grid, i fastest.
    func cut(_ grid: Grid<Float>, _ box: VoxelBox) -> [Float] {
        var out: [Float] = []
        for k in box.lower.z...box.upper.z { for j in box.lower.y...box.upper.y { for i in box.lower.x...box.upper.x {
            out.append(grid[i, j, k])
        } } }
        return out
    }

    @Test func boxOfASyntheticDoseEqualsTheWholeGridThereAndKeepsItsClosedForm() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let path = dir + "/d.dcm"
        // 20 × 16 × 9 × 4 bytes: large enough for DCMTK to leave PixelData in the file until asked
        // (and at most 969.5 Gy, under the 1,000 Gy plausibility limit).
        let dose = syntheticDose(size: [20, 16, 9])
        try DICOMWriter.writeDose(dose, to: path, seriesDescription: "region")
        let (whole, _) = try DICOMReader.readDose(at: path)
        let box = VoxelBox(lower: [2, 1, 3], upper: [6, 5, 4])
        let (part, diagnostics) = try DICOMReader.readDose(at: path, region: box)
        #expect(diagnostics.isEmpty)
        #expect(part.fileGeometry == whole.grid.geometry)
        #expect(part.grid.geometry.size == SIMD3(5, 5, 2))
        #expect(part.grid.geometry.isSame(as: whole.grid.geometry.cropped(to: box)))
        #expect(part.grid.values == cut(whole.grid, box))
        // Closed form D = 0.5 + i + 10 j + 100 k at the box's first and last voxels (quantisation ≤ 1e-6 Gy).
        #expect(abs(Double(part.grid[0, 0, 0]) - (0.5 + 2 + 10 + 300)) < 1e-4)
        #expect(abs(Double(part.grid[4, 4, 1]) - (0.5 + 6 + 50 + 400)) < 1e-4)
        // The box's voxel centres sit where the whole grid's do.
        #expect(length(part.grid.geometry.point(atIndex: .zero) - whole.grid.geometry.point(atIndex: [2, 1, 3])) < 1e-9)
    }

    /// Frames are read by concurrent workers, each with its own DCMTK file reader: repeated reads must
    /// always succeed and agree (a reader that searched the dataset concurrently once failed here).
    @Test func concurrentFrameReadersAgreeRunAfterRun() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let path = dir + "/big.dcm"
        try DICOMWriter.writeDose(syntheticDose(size: [64, 12, 8]), to: path, seriesDescription: "frames")
        let (first, _) = try DICOMReader.readDose(at: path)
        for _ in 0..<25 {
            let (again, _) = try DICOMReader.readDose(at: path)
            #expect(again.grid.values == first.grid.values)
        }
    }

    @Test func theWholeGridIsReadWhenATrapNeedsItsMaximum() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let path = dir + "/fraction.dcm"
        try DICOMWriter.writeDose(syntheticDose(size: [20, 16, 9], summation: "FRACTION"), to: path, seriesDescription: "f")
        let (part, diagnostics) = try DICOMReader.readDose(at: path, region: VoxelBox(lower: [0, 0, 0], upper: [1, 1, 1]))
        #expect(part.grid.geometry == part.fileGeometry)
        // The maximum, 0.5 + 19 + 150 + 800 Gy, is far above any single fraction: the trap still fires.
        #expect(diagnostics.contains { $0.code == "dose.fraction-labelled-plan-total" })
    }

    @Test func aBoxOutsideTheStoredGridIsAnError() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let path = dir + "/d.dcm"
        try DICOMWriter.writeDose(syntheticDose(), to: path, seriesDescription: "region")
        #expect(throws: DoseSumError.self) {
            try DICOMReader.readDose(at: path, region: VoxelBox(lower: [0, 0, 0], upper: [9, 0, 0]))
        }
    }

    @Test(.requires(RealData.available, "shared/data/public is absent: real-file region tests skipped"),
          arguments: expectedDoses)
    func realFilesGiveTheWholeGridsValuesInAnyBox(_ e: ExpectedDose) throws {
        let path = RealData.path(e.file)
        let (whole, _) = try DICOMReader.readDose(at: path, allowRelative: true)
        let n = whole.grid.geometry.size
        let box = VoxelBox(lower: SIMD3(n.x / 4, n.y / 3, n.z / 2), upper: SIMD3(n.x - 1 - n.x / 5, n.y - 1, n.z - 1))
        let (part, _) = try DICOMReader.readDose(at: path, allowRelative: true, region: box)
        #expect(part.fileGeometry == whole.grid.geometry)
        if part.grid.geometry == part.fileGeometry {
            // Read whole (compressed, big-endian, FRACTION or stored DVHs): identical to the whole read.
            #expect(part.grid.values == whole.grid.values)
        } else {
            #expect(part.grid.values == cut(whole.grid, box))
        }
    }
}
