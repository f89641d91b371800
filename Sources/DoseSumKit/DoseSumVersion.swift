/// The engine version written into every report and exported file.
public enum DoseSumVersion {
    public static let string = "0.1.0"
}
