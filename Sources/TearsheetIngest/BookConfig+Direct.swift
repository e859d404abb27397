import Foundation
import TearsheetCore

extension BookConfig {
    /// A config for input files named on the command line: every setting at its default, paths
    /// taken as given (relative to the current directory).
    public init(directInputs: InputFiles, name: String = "book") {
        self.init(file: "(command line)", folder: FileManager.default.currentDirectoryPath, name: name)
        self.inputs = directInputs
        // The operator named these paths on the command line: none of them is confined.
        self.allowOutsidePaths = true
    }
}
