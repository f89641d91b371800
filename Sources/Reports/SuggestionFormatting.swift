import RTCore

/// How every report phrases an ROI suggestion (`ROISuggestion`): one sentence that names the ROI, the
/// organ and the option that would apply it.
public enum SuggestionFormatting {
    /// The command-line option that maps an ROI to an organ (`dosesum check/budget --map ROI=ORGAN`):
    /// the one place below the CLI that spells it; a CLI test checks that the commands accept it.
    public static let mapOption = "--map"

    /// `SPINAL CORD2 looks like SpinalCord; add --map 'SPINAL CORD2=SpinalCord'`.
    public static func sentence(_ s: ROISuggestion) -> String {
        "\(s.roiName) looks like \(s.organ.tg263Name); add \(mapOption) \(ShellQuoting.quote(s.override))"
    }
}
