/// TG-263 standard names of organs at risk beyond the shipped sets' kinds, with laterality.
///
/// Source: AAPM Task Group 263, "Standardizing Nomenclatures in Radiation Oncology", Mayo CS et al.,
/// Int J Radiat Oncol Biol Phys 2018;100(4):1057-1066 (the report's structure-name table). A paired
/// organ is listed once by its stem (`Lung`, `Kidney`, `Femur_Head`) and is named `_L`/`_R`; a
/// combined organ TG-263 names separately (`Lungs`) is its own unpaired entry. The shipped sets'
/// kinds (`OrganKind.shipped`: BrainStem, SpinalCord, OpticChiasm, OpticNrv, Lobe_Temporal,
/// A_Carotid, BrachialPlex, Bone_Mandible, Cochlea) are not repeated here.
///
/// Checked (2026-12) name by name against the `tg263` package on PyPI (0.2.0, MIT, G. Couture,
/// https://github.com/gacou54/tg263: a transcription of the TG-263 table, 709 names with FMA IDs) by
/// `scripts/check_tg263.py`: every entry here, each paired stem's `_L` and `_R`, is a TG-263 name
/// exactly. Of the shipped kinds, `BrainStem` is spelled `Brainstem` by TG-263 (the check reports it;
/// names match ignoring case, so an ROI named either way maps, but reports print `BrainStem`).
///
/// `aliases` are a few common spellings besides the TG-263 name (normalised: words joined without
/// separators, lower case, see `OrganNameMatcher.words`); the TG-263 name itself always matches.
/// No α/β is given: an organ of this table takes its α/β from the constraint file or the command line.
public enum TG263Catalog {
    public struct Entry: Sendable, Hashable {
        public var stem: String
        public var isPaired: Bool
        public var displayName: String
        public var aliases: [String]
    }

    static func e(_ stem: String, _ paired: Bool, _ display: String, _ aliases: [String] = []) -> Entry {
        Entry(stem: stem, isPaired: paired, displayName: display, aliases: aliases)
    }

    /// Brain and head and neck, thorax, abdomen, pelvis, spine, then skin.
    public static let entries: [Entry] = [
        // Brain and head and neck
        e("Brain", false, "Brain"),
        e("Cerebellum", false, "Cerebellum"),
        e("Hippocampus", true, "Hippocampus"),
        e("Pituitary", false, "Pituitary"),
        e("Eye", true, "Eye", ["globe"]),
        e("Lens", true, "Lens"),
        e("Retina", true, "Retina"),
        e("Glnd_Lacrimal", true, "Lacrimal gland", ["lacrimalgland"]),
        e("Parotid", true, "Parotid", ["parotidgland"]),
        e("Glnd_Submand", true, "Submandibular gland", ["submandibulargland"]),
        e("Cavity_Oral", false, "Oral cavity", ["oralcavity"]),
        e("Lips", false, "Lips"),
        e("Musc_Constrict", false, "Pharyngeal constrictors"),
        e("Larynx", false, "Larynx"),
        e("Glnd_Thyroid", false, "Thyroid", ["thyroid", "thyroidgland"]),
        // Thorax
        e("Esophagus", false, "Esophagus", ["oesophagus"]),
        e("Trachea", false, "Trachea"),
        e("Bronchus", false, "Bronchus"),
        e("Lung", true, "Lung"),
        e("Lungs", false, "Lungs (both)"),
        e("Heart", false, "Heart"),
        e("Pericardium", false, "Pericardium"),
        e("A_Aorta", false, "Aorta", ["aorta"]),
        e("A_Pulmonary", false, "Pulmonary artery", ["pulmonaryartery"]),
        e("GreatVes", false, "Great vessels", ["greatvessels"]),
        e("Breast", true, "Breast"),
        // Abdomen
        e("Stomach", false, "Stomach"),
        e("Duodenum", false, "Duodenum"),
        e("Bowel_Small", false, "Small bowel", ["smallbowel"]),
        e("Bowel_Large", false, "Large bowel", ["largebowel"]),
        e("Bowel", false, "Bowel"),
        e("Colon", false, "Colon"),
        e("Colon_Sigmoid", false, "Sigmoid colon", ["sigmoidcolon", "sigmoid"]),
        e("Liver", false, "Liver"),
        e("Spleen", false, "Spleen"),
        e("Pancreas", false, "Pancreas"),
        e("Gallbladder", false, "Gallbladder"),
        e("Kidney", true, "Kidney"),
        // Pelvis
        e("Rectum", false, "Rectum"),
        e("Bladder", false, "Bladder"),
        e("Femur_Head", true, "Femoral head", ["femoralhead"]),
        e("PenileBulb", false, "Penile bulb"),
        e("Prostate", false, "Prostate"),
        e("SeminalVes", false, "Seminal vesicles", ["seminalvesicles"]),
        e("Urethra", false, "Urethra"),
        e("Uterus", false, "Uterus"),
        e("Vagina", false, "Vagina"),
        e("Ovary", true, "Ovary"),
        // Spine
        e("SpinalCanal", false, "Spinal canal"),
        e("CaudaEquina", false, "Cauda equina"),
        e("SacralPlex", false, "Sacral plexus", ["sacralplexus"]),
        // Whole body
        e("Skin", false, "Skin"),
    ]

    /// Position of each stem in `entries` (report order).
    static let index: [String: Int] = Dictionary(entries.enumerated().map { ($1.stem, $0) }, uniquingKeysWith: { a, _ in a })

    /// The kinds of the table.
    public static var kinds: [OrganKind] {
        entries.map { OrganKind(tg263Stem: $0.stem, isPaired: $0.isPaired, displayName: $0.displayName) }
    }
}
