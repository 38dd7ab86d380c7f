import GKModel

/// The reports of a corpus grouped by agency, each with the same agency's report for the year before.
///
/// An agency is known by its manifest entry, else by its folder in the layout `corpus/<agency>/<year>.txt`,
/// else by the name the report itself gives; names are compared by `AgencyIdentity.key`. Two reports for one
/// agency and year are a duplicate: neither is paired with the years around it, and both are named.
public struct YearPairing: Sendable {
    /// What the pairing says of one report (by its index in the corpus order).
    public struct Placement: Sendable, Hashable {
        /// The agency's comparison key; nil when the report names no agency.
        public let agency: String?
        public let year: Int?
        /// The index of the same agency's report for `year - 1`, when there is exactly one.
        public let previous: Int?
        /// Other reports of the same agency and year (their indices).
        public let duplicates: [Int]
    }

    public let placements: [Placement]

    /// Agencies (keys) with at least one report.
    public var agencyCount: Int { Set(placements.compactMap(\.agency)).count }

    /// Agencies whose earliest report in the corpus has no previous year to compare with.
    public var agenciesWithoutPreviousYear: Int {
        var earliest: [String: Placement] = [:]
        for placement in placements {
            guard let agency = placement.agency, let year = placement.year else { continue }
            if let known = earliest[agency], let knownYear = known.year, knownYear <= year { continue }
            earliest[agency] = placement
        }
        return earliest.values.filter { $0.previous == nil }.count
    }

    /// The agency key and year a report is filed under: all the pairing needs of it.
    public struct Identity: Sendable, Hashable {
        public let agency: String?
        public let year: Int?
    }

    /// Pairs the reports, given in corpus order.
    public init(_ reports: [Report]) {
        self.init(identities: reports.map(Self.identity))
    }

    /// Pairs reports known by their identities (in corpus order), so that the reports themselves need not be kept.
    public init(identities: [Identity]) {
        var byAgencyYear: [String: [Int: [Int]]] = [:]
        for (index, identity) in identities.enumerated() {
            guard let agency = identity.agency, let year = identity.year else { continue }
            byAgencyYear[agency, default: [:]][year, default: []].append(index)
        }
        placements = identities.enumerated().map { index, identity in
            guard let agency = identity.agency, let year = identity.year, let years = byAgencyYear[agency] else {
                return Placement(agency: identity.agency, year: identity.year, previous: nil, duplicates: [])
            }
            let same = years[year] ?? []
            let before = years[year - 1] ?? []
            let previous = same.count == 1 && before.count == 1 ? before[0] : nil
            return Placement(agency: agency, year: year, previous: previous, duplicates: same.filter { $0 != index })
        }
    }

    /// The agency key and year a report is filed under.
    public static func identity(_ report: Report) -> Identity {
        let metadata = report.metadata
        let name: String?
        if let agency = metadata.agency, agency.source == .manifest {
            name = agency.value
        } else if let folder = layoutAgency(report.file) {
            name = folder
        } else {
            name = metadata.agency?.value
        }
        return Identity(agency: name.map(AgencyIdentity.key).flatMap { $0.isEmpty ? nil : $0 }, year: metadata.year?.value)
    }

    /// `corpus/<agency>/<year>.txt`: the folder names the agency when the file's name is just a year.
    public static func layoutAgency(_ path: String) -> String? {
        let components = path.split(separator: "/")
        guard components.count >= 2, let file = components.last else { return nil }
        let stem = file.split(separator: ".").first.map(String.init) ?? ""
        guard stem.count == 4, Int(stem).map({ (1990...2099).contains($0) }) == true else { return nil }
        return String(components[components.count - 2])
    }
}
