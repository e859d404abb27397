import Testing
@testable import TearsheetCore

@Suite struct InstallLayoutTests {
    @Test func theResourcesOwnVariableIsTheOnlyCandidate() {
        let (paths, explicit) = InstallLayout.candidates(for: .templates,
                                                         environment: ["TEARSHEET_TEMPLATES": "/opt/t", "TEARSHEET_HOME": "/h"],
                                                         currentDirectory: "/work/book", executableFolder: "/usr/local/bin")
        #expect(explicit)
        #expect(paths == ["/opt/t"])
    }

    @Test func searchOrderIsHomeThenCurrentFolderThenShareThenExecutableFolder() {
        let (paths, explicit) = InstallLayout.candidates(for: .benchmarks, environment: ["TEARSHEET_HOME": "/h"],
                                                         currentDirectory: "/work/book", executableFolder: "/usr/local/bin")
        #expect(!explicit)
        #expect(paths == [
            "/h/benchmarks-data",
            "/work/book/benchmarks-data", "/work/benchmarks-data", "/benchmarks-data",
            "/usr/local/share/tearsheet/benchmarks-data",
            "/usr/local/bin/benchmarks-data", "/usr/local/benchmarks-data", "/usr/benchmarks-data",
        ])
    }

    @Test func anEmptyVariableCountsAsUnset() {
        let (paths, explicit) = InstallLayout.candidates(for: .templates, environment: ["TEARSHEET_TEMPLATES": "", "TEARSHEET_HOME": ""],
                                                         currentDirectory: "/a", executableFolder: nil)
        #expect(!explicit)
        #expect(paths == ["/a/templates", "/templates"])
    }

    @Test func walkingUpStopsAtTheDepthBound() {
        let deep = "/" + (1...30).map { "d\($0)" }.joined(separator: "/")
        let (paths, _) = InstallLayout.candidates(for: .templates, environment: [:], currentDirectory: deep, executableFolder: nil)
        #expect(paths.count == InstallLayout.maxDepth)
        #expect(paths.first == deep + "/templates")
    }

    @Test func pathsAreNormalisedLexically() {
        #expect(InstallLayout.normalize("/a/./b//c/") == "/a/b/c")
        #expect(InstallLayout.normalize("/a/b/../c") == "/a/c")
        #expect(InstallLayout.normalize("/../a") == "/a")
        #expect(InstallLayout.normalize("a/../..") == "..")
        #expect(InstallLayout.normalize("/") == "/")
        #expect(InstallLayout.parent(of: "/a") == "/")
        #expect(InstallLayout.parent(of: "/") == nil)
    }

    @Test func theHintNamesEveryWayToProvideTheFolders() {
        let hint = InstallLayout.installHint(for: .benchmarks)
        for words in ["scripts/install PREFIX", "PREFIX/share/tearsheet/", "TEARSHEET_HOME", "TEARSHEET_BENCHMARKS"] {
            #expect(hint.contains(words), "\(words)")
        }
    }
}
