import RTCore

/// How the command line spells a request field: `alpha_beta` → `--alpha-beta`. Only the CLI knows
/// its flags; the library names fields (`RequestField`).
extension RequestField {
    var flag: String { "--" + key.replacingOccurrences(of: "_", with: "-") }
}
