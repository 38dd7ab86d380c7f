/// What a rule may use, for `gkaudit rules reference`: the `report.` fields and the functions, with their meaning.
public enum RuleLanguage {
    /// `report.<field>` and what it holds.
    public static var reportFields: [(name: String, meaning: String)] { ReportFacts.fields }

    /// Each function with its usage, by name.
    public static var functions: [(name: String, usage: String)] {
        Function.allCases.map { ($0.rawValue, Functions.signatures[$0]?.help ?? "") }
    }
}
