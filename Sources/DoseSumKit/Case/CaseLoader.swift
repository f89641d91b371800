import DICOMIO
import Foundation
import Grids
import Radiobiology
import RTCore
import RTModel

/// The inputs of a composite, read, validated and aligned: courses in the common (last course's) frame.
public struct LoadedCase: Sendable {
    public var courses: [Course]
    /// Per earlier course (all but the last), how its frame maps to the last course's.
    public var alignments: [CourseAlignment]
    public var structures: StructureSet?
    /// Where each course's fraction count came from.
    public var fractionSources: [FractionCountSource]
    /// Each course's RTPLAN when one was given (fractions, prescription, UID).
    public var plans: [PlanFractionation?]
    /// Per earlier course, the registration its mapping came from, when one was given.
    public var registrations: [SpatialRegistration?]
    /// Consistency checks the user overrode (also among `diagnostics` as warnings).
    public var overrides: [InputOverride]
    public var diagnostics: [Diagnostic]
}

/// Reads the files a `CompositeRequest` names (through DICOMIO) and decides the frame mapping.
///
/// Two steps: `open` reads everything but the dose samples (plans, dose headers, registration,
/// structures); `OpenedCase.readDoses(regions:)` then reads the samples, whole or only the boxes a
/// caller needs (e.g. around the structures it evaluates). `load` does both for whole grids.
public enum CaseLoader {
    /// - Throws: `DoseSumError` naming the file and attribute for unreadable or inconsistent input,
    ///   unknown fraction counts, or two frames of reference with no registration or matrix.
    public static func load(_ request: CompositeRequest) throws -> LoadedCase {
        try open(request).readDoses()
    }

    /// Reads and checks everything but the dose samples (errors as `load`). The structure set is read
    /// while the plans, dose headers and registration are (`Concurrently`); errors are thrown in the
    /// order of reading them one after the other: courses, registration, frames, then structures.
    public static func open(_ request: CompositeRequest) throws -> OpenedCase {
        guard request.courses.count >= 2 else {
            throw DoseSumError(.usage, "a composite needs two or more courses, got \(request.courses.count)")
        }
        try request.courses.requireDistinctDoses { request.courses[$0].label }
        if let last = request.courses.last, last.registrationPath != nil || last.matrix != nil {
            throw DoseSumError(.usage, "\(last.label) is the last course, whose frame is the composite's: it takes no registration or matrix")
        }
        let (coursesRead, structuresRead) = Concurrently.run({ try CourseFiles(request) },
                                                            { try request.structuresPath.map { try DICOMReader.readStructureSet(at: $0) } })
        let c = try coursesRead.get()
        var structures: StructureSet?
        if let set = try structuresRead.get() {
            let doseFrame = c.headers[c.headers.count - 1].frameOfReference
            if !set.frameOfReference.isEmpty, set.frameOfReference != doseFrame {
                throw DoseSumError(.geometry,
                    "the structure set is in FrameOfReferenceUID \(set.frameOfReference) but the last course's dose (the composite's frame) is in \(doseFrame); structures must be delineated in the last course's frame",
                    file: request.structuresPath, tag: DICOMTag(0x3006, 0x0024, "ReferencedFrameOfReferenceUID"))
            }
            structures = set
        }
        // One patient: the last course's dose (the composite's) is the reference.
        var inputs = c.headers.indices.reversed().map { n in
            InputConsistency.Input(role: "course \(n + 1) dose", path: c.headers[n].path, patient: c.headers[n].patient)
        }
        for (n, plan) in c.plans.enumerated() {
            if let plan { inputs.append(.init(role: "course \(n + 1) plan", path: plan.source ?? "", patient: plan.patient)) }
        }
        if let structures { inputs.append(.init(role: "structure set", path: structures.source ?? "", patient: structures.patient)) }
        for r in c.registrationFiles { inputs.append(.init(role: "registration", path: r.source ?? "", patient: r.patient)) }
        let patients = try InputConsistency.checkPatients(inputs, policy: request.consistency)
        return OpenedCase(request: request, doseHeaders: c.headers, fractions: c.fractions, fractionSources: c.fractionSources,
                          plans: c.plans, planNotes: c.planNotes, alignments: c.alignments, structures: structures,
                          registrations: c.registrations, overrides: c.overrides + patients.overrides,
                          consistencyNotes: patients.diagnostics)
    }

    /// The course side of `open`: each course's plan, fraction count and dose header, then the
    /// registration and the frame mapping.
    private struct CourseFiles {
        var headers: [DoseFileInfo] = [], fractions: [Int] = [], fractionSources: [FractionCountSource] = []
        var plans: [PlanFractionation?] = [], planNotes: [[Diagnostic]] = []
        var overrides: [InputOverride] = []
        var registrations: [SpatialRegistration?] = []
        /// Each registration file read once, in course order.
        var registrationFiles: [SpatialRegistration] = []
        var alignments: [CourseAlignment] = []

        init(_ request: CompositeRequest) throws {
            var headers: [DoseFileInfo] = []
            for course in request.courses {
                let plan = try course.planPath.map { try DICOMReader.readPlan(at: $0) }
                let (n, source) = try CaseLoader.fractionCount(course, plan: plan)
                let header = try DICOMReader.readDoseHeader(at: course.dosePath, budget: request.memoryBudget)
                let reference = try InputConsistency.checkPlanReference(
                    doseRole: "\(course.label) dose", dosePath: course.dosePath, referencedPlans: header.referencedPlans,
                    plan: plan, policy: request.consistency)
                let notes = reference.diagnostics
                overrides += reference.overrides
                headers.append(header); fractions.append(n); fractionSources.append(source); plans.append(plan); planNotes.append(notes)
            }
            var byPath: [String: SpatialRegistration] = [:]
            for path in request.registrationPaths {
                let r = try DICOMReader.readRegistration(at: path)
                byPath[path] = r; registrationFiles.append(r)
            }
            let last = headers[headers.count - 1]
            for n in headers.indices.dropLast() {
                let mapping = request.mapping(ofCourse: n)
                let registration = mapping.registrationPath.flatMap { byPath[$0] }
                alignments.append(try CourseAlignment(frame1: headers[n].frameOfReference, name1: headers[n].path,
                                                      frame2: last.frameOfReference, name2: last.path,
                                                      registration: registration, matrix: mapping.matrix))
                registrations.append(registration)
            }
            self.headers = headers
        }
    }

    /// The number of fractions of a course: the explicit count, else the plan's; both must agree.
    /// Errors name the field `<label>_fractions` (`RequestField.fractions(of:)`).
    static func fractionCount(_ course: CourseInput, plan: PlanFractionation?) throws -> (Int, FractionCountSource) {
        let field = RequestField.fractions(of: course.label)
        let fromPlan: Int?
        if let plan {
            guard let n = plan.fractions else {
                let groups = plan.fractionGroups.map { "group \($0.number): \($0.fractionsPlanned)" }.joined(separator: ", ")
                throw DoseSumError(.invalidValue,
                    "the plan has fraction groups with different fraction counts (\(groups.isEmpty ? "none" : groups)); give the course's number of fractions",
                    file: course.planPath, tag: DICOMTag(0x300A, 0x0078, "NumberOfFractionsPlanned"), field: field)
            }
            fromPlan = n
        } else { fromPlan = nil }
        switch (course.fractions, fromPlan) {
        case (let given?, let planned?) where given != planned:
            throw DoseSumError(.usage, "\(given) disagrees with NumberOfFractionsPlanned \(planned) in \(course.planPath ?? "the plan"); give one of them", field: field)
        case (let given?, _):
            guard given > 0 else { throw DoseSumError(.usage, "must be a positive whole number, got \(given)", field: field) }
            return (given, .given)
        case (nil, let planned?):
            guard planned > 0 else {
                throw DoseSumError(.invalidValue, "NumberOfFractionsPlanned is \(planned); give the course's number of fractions",
                                   file: course.planPath, tag: DICOMTag(0x300A, 0x0078, "NumberOfFractionsPlanned"), field: field)
            }
            return (planned, .plan(path: course.planPath ?? "plan"))
        case (nil, nil):
            throw DoseSumError(.usage, "\(course.label): the number of fractions is unknown; give it, or the course's plan (RTPLAN)", field: field)
        }
    }
}
