import ArgumentParser
import Foundation

/// `gkaudit`: audits Chinese government information-disclosure annual reports.
@main
struct GKAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gkaudit",
        abstract: "审核政府信息公开工作年度报告（Audit government information-disclosure annual reports）.",
        version: GKAuditVersion.current,
        subcommands: [AuditCommand.self, ExtractCommand.self, DiffCommand.self, RulesCommand.self, SynthCommand.self],
        defaultSubcommand: AuditCommand.self
    )

    /// Runs the command; usage errors exit with 2, as the README documents.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// Exit codes of every subcommand.
enum ExitStatus {
    /// Every file was read.
    static let success: Int32 = 0
    /// Findings at or above the threshold, or (extract) some files could not be read.
    static let problems: Int32 = 1
    /// Bad arguments or unreadable configuration.
    static let usage: Int32 = 2
}

enum GKAuditVersion {
    static let current = "0.2.0"
}

/// Messages on standard error, prefixed with the tool's name.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("gkaudit: \(message)\n".utf8))
    }
}
