import Foundation

/// `jixiao serve --config FILE`: the options of `serve` in a file, one `name = value` a line
/// (`#` begins a comment; a name is the option's long name without its dashes; a flag reads
/// `true` or `false`; an option given several times, such as `trusted-proxy`, takes a line
/// each). What the command line gives as well wins: the file's options come first, and the
/// last of a single-valued option counts.
///
///     # /etc/jixiao/jixiao.conf
///     database = postgres://jixiao@127.0.0.1/jixiao
///     port = 8080
///     secure-cookies = true
///     trusted-proxy = 127.0.0.1
enum ConfigFile {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The arguments with `--config FILE` (after `serve`) replaced by the file's options.
    static func expanding(_ arguments: [String]) throws -> [String] {
        guard arguments.first == "serve", let index = arguments.firstIndex(where: { $0 == "--config" || $0.hasPrefix("--config=") }) else {
            return arguments
        }
        let path: String
        var rest = arguments
        if arguments[index].hasPrefix("--config=") {
            path = String(arguments[index].dropFirst("--config=".count))
            rest.remove(at: index)
        } else {
            guard index + 1 < arguments.count else { throw Problem(description: "--config needs a file") }
            path = arguments[index + 1]
            rest.removeSubrange(index...(index + 1))
        }
        return ["serve"] + (try options(path)) + rest.dropFirst()
    }

    static func options(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Problem(description: "\(path): cannot read the configuration file (UTF-8 text)")
        }
        var options: [String] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !line.isEmpty else { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0 == "-" }), parts[0] != "config" else {
                throw Problem(description: "\(path), line \(number + 1): expected `name = value` (an option of jixiao serve), found “\(line)”")
            }
            switch parts[1] {
            case "true": options.append("--" + parts[0])
            case "false": continue
            default: options += ["--" + parts[0], parts[1]]
            }
        }
        return options
    }
}
