import Foundation
import JixiaoFormats
import Mustache

/// The site's Mustache templates, one file each in `Resources/templates/` (a template's name is
/// its file name; `{{>name}}` includes another). The table itself is `TableHTML.fragment`, the
/// same HTML the standalone page and the PDF print.
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        MustacheContentTypes.register(ByteEscapedHTML(), named: ByteEscapedHTML.name)
        for (name, text) in Resources.files(in: "templates", withExtension: "mustache") {
            // The files end in a newline, as text files do; the templates were written without one.
            // Each escapes as `ByteEscapedHTML` from its first byte (a partial starts again with
            // swift-mustache's own escaping, so every file says so, not only the layout).
            let template = "{{% CONTENT_TYPE: \(ByteEscapedHTML.name)}}" + (text.hasSuffix("\n") ? String(text.dropLast()) : text)
            do {
                try library.register(template, named: name)
            } catch {
                // A template that does not parse is a defect of the build, found by every test.
                fatalError("Resources/templates/\(name).mustache: \(error)")
            }
        }
        return library
    }()

}

/// Files shipped in the module's bundle (`Sources/JixiaoWeb/Resources`, copied whole by SwiftPM).
enum Resources {
    static let root: URL = {
        guard let url = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            fatalError("the JixiaoWeb resource bundle has no Resources folder")
        }
        return url
    }()

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// A folder's files with one extension, by name without it, as text.
    static func files(in folder: String, withExtension ext: String) -> [(name: String, text: String)] {
        let directory = url(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().compactMap { file in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else { return nil }
            return (String(file.dropLast(ext.count + 1)), text)
        }
    }
}

/// HTML escaping for every template, over UTF-8 bytes (`TableHTML.escape`). swift-mustache's
/// own escapes `Character`s: a `<` that joins a grapheme cluster with what stands before it
/// (U+0600 and the other "prepend" marks) or a `>` with a combining accent after it is not a
/// `Character` of its own, and went out raw — markup any comment or project name could carry.
/// The five ASCII bytes never occur inside another character's UTF-8, so bytes are exact.
struct ByteEscapedHTML: MustacheContentType {
    static let name = "JIXIAO_HTML"

    func escapeText(_ text: String) -> String {
        TableHTML.escape(text)
    }
}
