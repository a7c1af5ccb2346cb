import Foundation

/// One plain-text e-mail in Chinese, as RFC 5322 and RFC 2045–2047 want it on the wire: the
/// subject as a UTF-8 encoded word, the body base64 in lines of 76, CRLF everywhere. Base64
/// rather than 8bit: every relay passes it, and no line of the body can be a lone `.`.
struct MailMessage: Sendable, Equatable {
    var from: String
    var to: [String]
    var subject: String
    var body: String

    /// The message as sent after DATA (without the closing `.` line).
    func rendered(date: Date, messageID: String) -> String {
        let dateFormatter = DateFormatter()
        dateFormatter.locale = Locale(identifier: "en_US_POSIX")
        dateFormatter.timeZone = DisplayTime.zone
        dateFormatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: \(Self.mailbox(from))",
            "To: \(to.map(Self.mailbox).joined(separator: ", "))",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(dateFormatter.string(from: date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + Self.lines(Data(normalized.utf8).base64EncodedString(), width: 76) + "\r\n"
    }

    /// `陈晓明 <chen@…>` with the name as encoded words (an ASCII name with `,` `<` `"` and
    /// the like as a quoted string, RFC 5322); a bare address as it is.
    static func mailbox(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<") else { return text }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return String(text[open...]) }
        let words = encodedWords(name)
        guard words == name, name.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) else { return words + " " + text[open...] }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\" " + text[open...]
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, split between characters (never inside
    /// one's UTF-8 bytes), folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            // 42 bytes of UTF-8 are 56 characters of base64: with `=?UTF-8?B?` and `?=`, 68, and
            // after `Subject: ` still within the 78 a line should keep to.
            if !chunk.isEmpty && chunk.utf8.count + String(character).utf8.count > 42 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    static func lines(_ text: String, width: Int) -> String {
        var lines: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(rest.prefix(width))
            rest = rest.dropFirst(width)
        }
        return lines.joined(separator: "\r\n")
    }
}
