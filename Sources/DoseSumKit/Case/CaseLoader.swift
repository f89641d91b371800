import DICOMIO
import Foundation
import Grids
import Radiobiology
import RTCore
import RTModel

/// The inputs of a composite, read, validated and aligned: courses in the common (last course's) frame.
public struct LoadedCase: Sendable {
    public var courses: [Course]
    public var alignment: CourseAlignment
    public var structures: StructureSet?
    /// Where each course's fraction count came from.
    public var fractionSources: [FractionCountSource]
    /// Each course's RTPLAN when one was given (fractions, prescription, UID).
    public var plans: [PlanFractionation?]
    public var registration: SpatialRegistration?
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
        guard request.courses.count == 2 else {
            throw DoseSumError(.usage, "a composite needs exactly two courses on the command line, got \(request.courses.count)")
        }
        let (coursesRead, structuresRead) = Concurrently.run({ try CourseFiles(request) },
                                                            { try request.structuresPath.map { try DICOMReader.readStructureSet(at: $0) } })
        let c = try coursesRead.get()
        var structures: StructureSet?
        if let set = try structuresRead.get() {
            let doseFrame = c.headers[1].frameOfReference
            if !set.frameOfReference.isEmpty, set.frameOfReference != doseFrame {
                throw DoseSumError(.geometry,
                    "the structure set is in FrameOfReferenceUID \(set.frameOfReference) but course 2's dose (the composite's frame) is in \(doseFrame); structures must be delineated in the course-2 frame",
                    file: request.structuresPath, tag: DICOMTag(0x3006, 0x0024, "ReferencedFrameOfReferenceUID"))
            }
            structures = set
        }
        // One patient: course 2's dose (the composite's) is the reference.
        var inputs = [InputConsistency.Input(role: "course 2 dose", path: c.headers[1].path, patient: c.headers[1].patient),
                      InputConsistency.Input(role: "course 1 dose", path: c.headers[0].path, patient: c.headers[0].patient)]
        for (n, plan) in c.plans.enumerated() {
            if let plan { inputs.append(.init(role: "course \(n + 1) plan", path: plan.source ?? "", patient: plan.patient)) }
        }
        if let structures { inputs.append(.init(role: "structure set", path: structures.source ?? "", patient: structures.patient)) }
        if let r = c.registration { inputs.append(.init(role: "registration", path: r.source ?? "", patient: r.patient)) }
        let patients = try InputConsistency.checkPatients(inputs, policy: request.consistency)
        return OpenedCase(request: request, doseHeaders: c.headers, fractions: c.fractions, fractionSources: c.fractionSources,
                          plans: c.plans, planNotes: c.planNotes, alignment: c.alignment, structures: structures,
                          registration: c.registration, overrides: c.overrides + patients.overrides,
                          consistencyNotes: patients.diagnostics)
    }

    /// The course side of `open`: each course's plan, fraction count and dose header, then the
    /// registration and the frame mapping.
    private struct CourseFiles {
        var headers: [DoseFileInfo] = [], fractions: [Int] = [], fractionSources: [FractionCountSource] = []
        var plans: [PlanFractionation?] = [], planNotes: [[Diagnostic]] = []
        var overrides: [InputOverride] = []
        var registration: SpatialRegistration?
        var alignment: CourseAlignment

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
            let registration = try request.registrationPath.map { try DICOMReader.readRegistration(at: $0) }
            alignment = try CourseAlignment(frame1: headers[0].frameOfReference, name1: headers[0].path,
                                            frame2: headers[1].frameOfReference, name2: headers[1].path,
                                            registration: registration, matrix: request.matrix)
            self.headers = headers; self.registration = registration
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
