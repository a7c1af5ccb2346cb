import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import JixiaoWeb

/// Templates, stylesheets and scripts are files in `Sources/JixiaoWeb/Resources` (issue 15):
/// each parses, each partial it includes exists, and pages link the stylesheets and scripts by
/// fingerprinted URLs that browsers may keep for a year.
@Suite struct SiteResourcesTests {
    @Test func everyTemplateFileIsRegisteredAndItsPartialsExist() throws {
        let files = Resources.files(in: "templates", withExtension: "mustache")
        let names = Set(files.map(\.name))
        #expect(names.isSuperset(of: ["layout", "home", "table", "error", "login", "workspace", "workspaceTable", "projectEdit", "projectHistory", "adminUsers"]))
        for (name, text) in files {
            // Registered (a template that failed to parse would be missing from the library).
            #expect(Templates.library.getTemplate(named: name) != nil, "\(name).mustache")
            for partial in text.components(separatedBy: "{{>").dropFirst() {
                let included = partial.prefix { $0 != "}" }.trimmingCharacters(in: .whitespaces)
                #expect(names.contains(included), "\(name).mustache includes \(included), which has no file")
            }
        }
    }

    @Test func pagesLinkFingerprintedAssetsThatAreCachedForAYear() async throws {
        try await PublicSiteTests.withApp { client in
            let home = try await client.execute(uri: "/", method: .get) { PublicSiteTests.text($0) }
            #expect(!home.contains("<style>"), "the site's stylesheet is a file now")
            let links = home.components(separatedBy: #"<link rel="stylesheet" href=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(links.count == 2 && links.allSatisfy { $0.hasPrefix("/static/") && $0.contains(".css?v=") })
            for link in links {
                let (status, cache, etag, body) = try await client.execute(uri: link, method: .get) {
                    ($0.status, $0.headers[.cacheControl], $0.headers[.eTag], PublicSiteTests.text($0))
                }
                #expect(status == .ok && cache == "public, max-age=31536000, immutable" && body.contains("{"), "\(link)")
                let etagValue = try #require(etag)
                // Without the fingerprint: short caching, and 304 when the browser has it already.
                let bare = String(link.prefix { $0 != "?" })
                let revalidated = try await client.execute(uri: bare, method: .get, headers: [.ifNoneMatch: etagValue]) { ($0.status, $0.headers[.cacheControl]) }
                #expect(revalidated.0 == .notModified && revalidated.1 == "public, max-age=300")
            }
            // A stale fingerprint still gets today's file, kept only briefly; unknown files are 404.
            let stale = try await client.execute(uri: "/static/site.css?v=000000000000", method: .get) { ($0.status, $0.headers[.cacheControl]) }
            #expect(stale.0 == .ok && stale.1 == "public, max-age=300")
            #expect(try await client.execute(uri: "/static/nothing.css", method: .get) { $0.status } == .notFound)
            #expect(try await client.execute(uri: "/static/..%2FPackage.swift", method: .get) { $0.status } == .notFound)
        }
    }
}
