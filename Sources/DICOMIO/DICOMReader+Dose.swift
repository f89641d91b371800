import Foundation
import Grids
import RTCore
import RTModel

extension DICOMReader {
    /// Reads an RTDOSE's header and derives its geometry without touching PixelData (works for the
    /// header-only files whose PixelData is empty). Throws for wrong modality, missing or invalid
    /// geometry, scaling, frame offsets or FrameOfReferenceUID, and for a grid beyond `budget`.
    public static func readDoseHeader(at path: String, budget: MemoryBudget = .default) throws -> DoseFileInfo {
        let info = try doseHeader(try DICOMFile.load(path, pixelDataInFile: true), budget: budget)
        try requireFrameOfReference(info)
        return info
    }

    /// A dose to be summed or overlaid must say which frame of reference its coordinates are in.
    static func requireFrameOfReference(_ info: DoseFileInfo) throws {
        guard !info.frameOfReference.isEmpty else {
            throw DoseSumError(.missingAttribute, "missing or empty, expected the UID of the frame of reference the dose grid's coordinates are in",
                               file: info.path, tag: .frameOfReferenceUID)
        }
    }

    /// Reads an RTDOSE into Gy (`stored × DoseGridScaling`, as Float) on a uniform grid.
    ///
    /// - Parameters:
    ///   - allowRelative: DoseUnits RELATIVE cannot be used as Gy; unless this is true it is an error.
    ///   - plan: the RTPLAN of this dose when known, for the FRACTION-labelled-plan-total check.
    ///   - region: when given, only the voxels of this box of the file's grid (`readDoseHeader`'s
    ///     geometry) need to be read; `grid` may then hold just that box, with `fileGeometry` the whole
    ///     grid. The whole grid is read anyway when a trap check needs its maximum (DoseSummationType
    ///     FRACTION, stored DVHs), when frames are unevenly spaced, or when PixelData is compressed or
    ///     big-endian.
    ///   - budget: the grid (stored samples and Float values) must fit in it.
    /// - Returns: the dose and diagnostics (header notes, DVH unit trap, FRACTION trap, RELATIVE units).
    /// - Throws: also for a missing FrameOfReferenceUID and for doses above `PhysicalLimits.maximumDoseGy`.
    public static func readDose(at path: String, allowRelative: Bool = false, plan: PlanFractionation? = nil,
                                region: VoxelBox? = nil, budget: MemoryBudget = .default) throws -> (DoseDistribution, [Diagnostic]) {
        let file = try DICOMFile.load(path, pixelDataInFile: true)
        let info = try doseHeader(file, budget: budget)
        try requireFrameOfReference(info)
        return try readDose(file, info: info, allowRelative: allowRelative, plan: plan, region: region, budget: budget)
    }

    /// Reads the samples of a dose whose header was read before (`readDoseHeader`), without deriving
    /// the header again: the file is loaded for its PixelData and must still be the same file (same
    /// SOPInstanceUID, Rows, Columns, NumberOfFrames and PixelData length), else an error says it changed.
    /// Parameters, result and errors as `readDose(at:)`.
    public static func readDose(header info: DoseFileInfo, allowRelative: Bool = false, plan: PlanFractionation? = nil,
                                region: VoxelBox? = nil, budget: MemoryBudget = .default) throws -> (DoseDistribution, [Diagnostic]) {
        let file = try DICOMFile.load(info.path, pixelDataInFile: true)
        let ds = file.dataset
        let same = try UID(ds.textOrEmpty(.sopInstanceUID)) == info.sopInstance && ds.integer(.rows) == info.rows
            && ds.integer(.columns) == info.columns && (ds.integer(.numberOfFrames) ?? 1) == info.frames
            && ds.valueLength(.pixelData) == info.pixelDataBytes
        guard same else {
            throw DoseSumError(.io, "the file changed while it was being read (its SOPInstanceUID, size or PixelData differs from the header read moments before); nothing was computed from it",
                               file: info.path)
        }
        return try readDose(file, info: info, allowRelative: allowRelative, plan: plan, region: region, budget: budget)
    }

    private static func readDose(_ file: DICOMFile, info: DoseFileInfo, allowRelative: Bool, plan: PlanFractionation?,
                                 region: VoxelBox?, budget: MemoryBudget) throws -> (DoseDistribution, [Diagnostic]) {
        var info = info
        let (dose, maximum) = try doseValues(file, info: &info, allowRelative: allowRelative, region: region, budget: budget)
        var diagnostics = info.diagnostics
        if let maximum, let d = DoseTraps.fractionLabelledPlanTotal(summationType: info.summationType, maxDose: Double(maximum),
                                                                     plan: plan, subject: info.path) {
            diagnostics.append(d)
        }
        return (dose, diagnostics)
    }

    // MARK: - internals

    static func doseHeader(_ file: DICOMFile, budget: MemoryBudget = .default) throws -> DoseFileInfo {
        try requireModality(file, "RTDOSE")
        let ds = file.dataset
        let path = file.path
        let rows = try ds.requireInteger(.rows, meaning: "number of rows")
        let columns = try ds.requireInteger(.columns, meaning: "number of columns")
        let framesValue = try ds.integer(.numberOfFrames)
        let frames = framesValue ?? 1
        for (tag, v) in [(DICOMTag.rows, rows), (.columns, columns), (.numberOfFrames, frames)] where v < 1 {
            throw DoseSumError(.invalidValue, "expected a positive count, found \(v)", file: path, tag: tag)
        }
        let bits = try ds.requireInteger(.bitsAllocated, meaning: "16 or 32")
        guard bits == 16 || bits == 32 else {
            throw DoseSumError(.unsupported, "expected 16 or 32 bits per dose sample, found \(bits)", file: path, tag: .bitsAllocated)
        }
        if let spp = try ds.integer(.samplesPerPixel), spp != 1 {
            throw DoseSumError(.unsupported, "expected 1 (one dose value per voxel), found \(spp)", file: path, tag: .samplesPerPixel)
        }
        _ = try storedSampleCount(rows: rows, columns: columns, frames: frames, bytesPerSample: bits / 8, path: path, budget: budget)
        let representation = try ds.integer(.pixelRepresentation) ?? 0
        guard representation == 0 || representation == 1 else {
            throw DoseSumError(.invalidValue, "expected 0 (unsigned) or 1 (signed), found \(representation)", file: path, tag: .pixelRepresentation)
        }
        let ipp = try ds.requireDecimals(.imagePositionPatient, count: 3, meaning: "x, y, z of the first voxel in mm")
        let iop = try ds.requireDecimals(.imageOrientationPatient, count: 6, meaning: "row and column direction cosines")
        let ps = try ds.requireDecimals(.pixelSpacing, count: 2, meaning: "row spacing, column spacing in mm")
        let offsets = try ds.decimals(.gridFrameOffsetVector)
        // SliceThickness is often present but empty; a bad value there is not worth an error.
        let thickness = (try? ds.decimals(.sliceThickness))??.first
        let scaling = try doseGridScaling(ds)
        let layout = try FrameLayout.make(file: path, imagePosition: ipp, orientation: iop, pixelSpacing: ps, rows: rows,
                                          columns: columns, frames: frames, numberOfFramesPresent: framesValue != nil,
                                          offsets: offsets, sliceThickness: thickness)
        let planUIDs = try ds.items(.referencedRTPlanSequence).compactMap { try $0.text(.referencedSOPInstanceUID) }
        var dvhMax: Double?
        var dvhUnits: String?
        for item in ds.items(.dvhSequence) {
            guard let m = (try? item.decimals(.dvhMaximumDose))??.first else { continue }
            let s = (try? item.decimals(.dvhDoseScaling))??.first ?? 1
            dvhMax = max(dvhMax ?? -.infinity, m * s)
            if dvhUnits == nil, let u = try? item.text(.doseUnits), !u.isEmpty { dvhUnits = u.uppercased() }
        }
        return DoseFileInfo(
            path: path, transferSyntaxUID: file.transferSyntaxUID, rows: rows, columns: columns, frames: frames,
            pixelSpacing: ps, imagePosition: ipp, imageOrientation: iop, frameOffsets: offsets ?? [],
            sliceThickness: thickness, doseGridScaling: scaling, bitsAllocated: bits, pixelRepresentation: representation,
            pixelDataBytes: ds.valueLength(.pixelData), doseUnits: try ds.textOrEmpty(.doseUnits).uppercased(),
            doseType: try ds.textOrEmpty(.doseType).uppercased(), summationType: DoseSummationType(try ds.textOrEmpty(.doseSummationType)),
            frameOfReference: UID(try ds.textOrEmpty(.frameOfReferenceUID)), sopInstance: UID(try ds.textOrEmpty(.sopInstanceUID)),
            referencedPlans: planUIDs.map { UID($0) }, patient: try ds.patientIdentity(), dvhMaximumDose: dvhMax, dvhDoseUnits: dvhUnits,
            geometry: layout.geometry, diagnostics: layout.diagnostics, layout: layout)
    }

    /// DoseGridScaling must be a finite number > 0 written with a '.' decimal point.
    static func doseGridScaling(_ ds: DICOMItem) throws -> Double {
        guard let values = try ds.decimals(.doseGridScaling) else {
            throw DoseSumError(.missingAttribute, "missing or empty, expected a positive number (Gy per stored unit)",
                               file: ds.file.path, tag: .doseGridScaling)
        }
        // Stored values are at most 2³²: a scaling beyond maximumDoseGy cannot give a plausible dose
        // from any non-zero sample (the maximum itself is checked when the samples are read).
        guard values.count == 1, let s = values.first, s > 0 else {
            throw DoseSumError(.invalidValue, "expected one positive number (Gy per stored unit), found \(values)",
                               file: ds.file.path, tag: .doseGridScaling)
        }
        return s
    }

    /// Reads PixelData into a `DoseDistribution` (the whole grid, or `region` of it when that is safe:
    /// see `readDose`) after checking memory and length against the header. Adds the DVH-unit
    /// diagnostic to `info.diagnostics`. Returns the whole grid's maximum (Gy) when it was read whole.
    static func doseValues(_ file: DICOMFile, info: inout DoseFileInfo, allowRelative: Bool,
                           region: VoxelBox? = nil, budget: MemoryBudget = .default) throws -> (DoseDistribution, maximum: Float?) {
        let path = file.path
        let units: DoseDistribution.Units
        switch info.units {
        case .gray?: units = .gray
        case .relative?:
            guard allowRelative else {
                throw DoseSumError(.invalidValue, "expected GY, found RELATIVE (relative dose cannot be summed in Gy)", file: path, tag: .doseUnits)
            }
            units = .relative
            info.diagnostics.append(Diagnostic(.warning, code: "dose.relative-units",
                "DoseUnits is RELATIVE: values are not Gy and cannot be used for EQD2", subject: path))
        default:
            throw DoseSumError(.invalidValue, "expected GY or RELATIVE, found \"\(info.doseUnits)\"", file: path, tag: .doseUnits)
        }
        let samples = try storedSampleCount(rows: info.rows, columns: info.columns, frames: info.frames,
                                            bytesPerSample: info.bytesPerSample, path: path, budget: budget)
        guard info.hasPixelData else {
            throw DoseSumError(.missingAttribute, "absent or empty (header-only file), expected \(samples) dose samples",
                               file: path, tag: .pixelData)
        }
        let needed = UInt64(samples * info.bytesPerSample)
        guard info.pixelDataBytes >= needed else {
            throw DoseSumError(.invalidValue, "holds \(info.pixelDataBytes) bytes, expected \(needed) (\(info.columns) × \(info.rows) × \(info.frames) × \(info.bytesPerSample))",
                               file: path, tag: .pixelData)
        }
        let layout = info.layout
        let decoder = DosePixelDecoder(info)
        let needsWholeMaximum = info.summationType == .fraction || info.dvhMaximumDose != nil
        let grid: Grid<Float>
        let maximum: Float?
        if let region, !(region.lower.x >= 0 && region.lower.y >= 0 && region.lower.z >= 0 && region.upper.x < info.geometry.size.x
                          && region.upper.y < info.geometry.size.y && region.upper.z < info.geometry.size.z) {
            throw DoseSumError(.internalError, "asked for voxels \(region), outside the \(info.geometry.size.x) × \(info.geometry.size.y) × \(info.geometry.size.z) grid",
                               file: path, tag: .pixelData)
        }
        if layout.needsResampling {
            try budget.require(MemoryBudget.gridBytes(SIMD3<Double>(info.geometry.size), bytesPerVoxel: 4) + Double(samples) * 4,
                               for: "resampling \(info.frames) unevenly spaced frames onto \(info.geometry.size.z) frames",
                               file: path, tag: .gridFrameOffsetVector)
        }
        if let region, region != info.geometry.wholeBox, !needsWholeMaximum, !layout.needsResampling, file.pixelDataIsInFile {
            let (values, top) = try decoder.read(box: region, from: file)
            try requirePlausibleMaximum(top, units: info.doseUnits, scaling: info.doseGridScaling, path: path)
            grid = Grid(geometry: info.geometry.cropped(to: region), values: values)
            maximum = nil
        } else {
            let values: [Float]
            let top: Float
            if file.pixelDataIsInFile {
                (values, top) = try decoder.read(box: decoder.storedBox, from: file)
            } else {
                (values, top) = try decoder.read(inMemoryFrom: file, samples: samples)
            }
            try requirePlausibleMaximum(top, units: info.doseUnits, scaling: info.doseGridScaling, path: path)
            grid = Grid(geometry: info.geometry, values: layout.resample(values, planeSize: info.rows * info.columns))
            maximum = top
        }
        if let maximum, let d = DoseTraps.dvhUnits(dvhMaximum: info.dvhMaximumDose, dvhUnits: info.dvhDoseUnits,
                                                   gridMaximum: Double(maximum), subject: path) {
            info.diagnostics.append(d)
        }
        let doseType = info.type ?? .physical
        if info.type == nil {
            info.diagnostics.append(Diagnostic(.warning, code: "dose.unknown-dose-type",
                "DoseType \"\(info.doseType)\" is not PHYSICAL, EFFECTIVE or ERROR; treated as PHYSICAL", subject: path))
        }
        let dose = DoseDistribution(grid: grid, units: units, doseType: doseType, summationType: info.summationType,
                                    frameOfReference: info.frameOfReference, sopInstanceUID: info.sopInstance,
                                    referencedPlanUIDs: info.referencedPlans, patient: info.patient,
                                    source: path, fileGeometry: info.geometry)
        return (dose, maximum)
    }

    /// rows × columns × frames, after checking that holding it (stored samples plus Float values)
    /// fits in `budget`.
    static func storedSampleCount(rows: Int, columns: Int, frames: Int, bytesPerSample: Int, path: String,
                                  budget: MemoryBudget) throws -> Int {
        let size = SIMD3<Double>(Double(rows), Double(columns), Double(frames))
        try budget.require(MemoryBudget.gridBytes(size, bytesPerVoxel: Double(bytesPerSample + MemoryLayout<Float>.size)),
                           for: "the dose grid of \(rows) Rows × \(columns) Columns × \(frames) NumberOfFrames", file: path, tag: .rows)
        let (a, o1) = rows.multipliedReportingOverflow(by: columns)
        let (n, o2) = a.multipliedReportingOverflow(by: frames)
        guard !o1, !o2 else {
            throw DoseSumError(.invalidValue, "\(rows) Rows × \(columns) Columns × \(frames) NumberOfFrames overflows a sample count", file: path, tag: .rows)
        }
        return n
    }

    /// The largest dose read must be finite and at most `PhysicalLimits.maximumDoseGy` (GY units); the
    /// cause of an implausible dose is DoseGridScaling (or a corrupt sample), so that tag is named.
    static func requirePlausibleMaximum(_ top: Float, units: String, scaling: Double, path: String) throws {
        guard top.isFinite else {
            throw DoseSumError(.invalidValue, "stored values × \(scaling) give non-finite doses (beyond Float range); expected doses below \(PhysicalLimits.maximumDoseGy) Gy",
                               file: path, tag: .doseGridScaling)
        }
        if units == "GY", Double(top) > PhysicalLimits.maximumDoseGy {
            throw DoseSumError(.invalidValue, "stored values × \(scaling) give a maximum dose of \(top) Gy, above the plausible \(PhysicalLimits.maximumDoseGy) Gy",
                               file: path, tag: .doseGridScaling)
        }
    }
}
