extension FastMustache {
    /// Where a template is malformed (a Character offset) and what is wrong.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// The template parser over Characters, with the whitespace rules of the Mustache
    /// specification as swift-mustache applies them: a section, inverted section, closing,
    /// comment, partial or pragma tag alone on its line removes the line.
    struct Parser {
        let chars: [Character]
        var i = 0
        init(_ chars: [Character]) { self.chars = chars }

        var isAtEnd: Bool { i >= chars.count }
        var current: Character? { i < chars.count ? chars[i] : nil }

        /// Parses up to the end of the text (`section` nil) or up to the tag closing `section`
        /// (its name and the offset of its opening tag).
        mutating func parse(section: (name: String, offset: Int)?, newLine startNewLine: Bool) throws(Failure) -> [Node] {
            var nodes: [Node] = []
            var newLine = startNewLine
            var whitespaceBefore = ""
            while !isAtEnd {
                if newLine { whitespaceBefore = readSpacesAndTabs() }
                let (text, opened) = readUntilTagOrNewline()
                if let c = current, !opened, c == "\n" || c == "\r\n" {
                    nodes.append(.text(whitespaceBefore + text + String(c)))
                    newLine = true
                    i += 1
                    continue
                }
                if !text.isEmpty {
                    nodes.append(.text(whitespaceBefore + text))
                    whitespaceBefore = ""
                    newLine = false
                }
                guard opened else { break }
                let tag = i - 2
                guard let sigil = current else {
                    throw Failure(offset: tag, message: "'{{' at the end of the template opens a tag that is never closed")
                }
                // Just after "{{".
                var setNewLine = false
                switch sigil {
                case "#", "^":
                    i += 1
                    let name = try readName(tag: tag)
                    guard !name.isEmpty else {
                        throw Failure(offset: tag, message: "a section needs a name: {{\(sigil)name}} ... {{/name}}")
                    }
                    if isStandalone(newLine) {
                        setNewLine = true
                    } else if !whitespaceBefore.isEmpty {
                        nodes.append(.text(whitespaceBefore))
                        whitespaceBefore = ""
                    }
                    let children = try parse(section: (name, tag), newLine: setNewLine)
                    let (path, top) = Self.path(name)
                    nodes.append(.section(path, children, inverted: sigil == "^", topOnly: top))
                case "/":
                    i += 1
                    let name = try readName(tag: tag)
                    guard let section else {
                        throw Failure(offset: tag, message: "{{/\(name)}} closes a section that is not open")
                    }
                    guard name == section.name else {
                        let (line, column, _) = location(section.offset)
                        throw Failure(offset: tag, message: "{{/\(name)}} does not close the open section '\(section.name)' "
                                      + "(opened at line \(line), column \(column)); close it first with {{/\(section.name)}}")
                    }
                    if !isStandalone(newLine), !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                    return nodes
                case "!":
                    i += 1
                    guard skipPast("}}") else { throw Failure(offset: tag, message: "the comment opened here is never closed with '}}'") }
                    setNewLine = isStandalone(newLine)
                case "{", "&":
                    if !whitespaceBefore.isEmpty {
                        nodes.append(.text(whitespaceBefore))
                        whitespaceBefore = ""
                    }
                    i += 1
                    let name = try readName(tag: tag)
                    if sigil == "{" {
                        guard current == "}" else { throw Failure(offset: tag, message: "'{{{\(name)' must be closed with '}}}'") }
                        i += 1
                    }
                    guard !name.isEmpty else { throw Failure(offset: tag, message: "a raw value needs a name: {{{name}}} or {{& name}}") }
                    let (path, top) = Self.path(name)
                    nodes.append(.variable(path, escaped: false, topOnly: top))
                case ">":
                    i += 1
                    while let c = current, c.isWhitespace { i += 1 }
                    if current == "*" {
                        throw Failure(offset: tag, message: "dynamic partials ({{>*name}}) are not supported: a partial's name must be "
                                      + "written in the template, never taken from report data")
                    }
                    let name = try readName(tag: tag, partial: true)
                    guard !name.isEmpty else { throw Failure(offset: tag, message: "a partial needs a name: {{> table}} includes table.mustache") }
                    // The indentation is written as text; a standalone tag also indents every
                    // further line the partial renders.
                    if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                    setNewLine = isStandalone(newLine)
                    nodes.append(.partial(name, indentation: setNewLine ? whitespaceBefore : nil, offset: tag))
                    whitespaceBefore = ""
                case "%":
                    i += 1
                    nodes.append(.contentType(try readContentType(tag: tag)))
                    setNewLine = isStandalone(newLine)
                case "=":
                    throw Failure(offset: tag, message: "changing the delimiters ({{=<% %>=}}) is not supported; write every tag with {{ }}")
                case "<", "$":
                    throw Failure(offset: tag, message: "template inheritance ({{< parent}}, {{$ block}}) is not supported; "
                                  + "include shared parts as partials with {{> name}}")
                default:
                    if !whitespaceBefore.isEmpty {
                        nodes.append(.text(whitespaceBefore))
                        whitespaceBefore = ""
                    }
                    let name = try readName(tag: tag)
                    guard !name.isEmpty else {
                        throw Failure(offset: tag, message: "an empty tag; write a name, e.g. {{title}}, or {{.}} for the current value")
                    }
                    let (path, top) = Self.path(name)
                    nodes.append(.variable(path, escaped: true, topOnly: top))
                }
                newLine = setNewLine
            }
            if let section {
                throw Failure(offset: section.offset, message: "section '\(section.name)' is opened here and never closed; add {{/\(section.name)}} where it ends")
            }
            return nodes
        }

        static func path(_ name: String) -> ([String], Bool) {
            (name.split(separator: ".", omittingEmptySubsequences: true).map(String.init), name.first == "." && name != ".")
        }

        mutating func readSpacesAndTabs() -> String {
            let start = i
            while let c = current, c == " " || c == "\t" { i += 1 }
            return String(chars[start..<i])
        }

        /// Text up to a newline ("\n" or "\r\n", not consumed), the end, or a "{{" (consumed:
        /// `opened`).
        mutating func readUntilTagOrNewline() -> (text: String, opened: Bool) {
            var text = ""
            while let c = current {
                if c == "\n" || c == "\r\n" { break }
                if c == "{", i + 1 < chars.count, chars[i + 1] == "{" {
                    i += 2
                    return (text, true)
                }
                text.append(c)
                i += 1
            }
            return (text, false)
        }

        static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
        static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*/")

        /// A tag's name (possibly empty) and its closing "}}". Partial names (`partial: true`) may
        /// hold "/" and start right after the sigil's blanks.
        mutating func readName(tag: Int, partial: Bool = false) throws(Failure) -> String {
            if !partial { skipWhitespace() }
            let allowed = partial ? Self.partialNameCharacters : Self.nameCharacters
            let start = i
            while let c = current, allowed.contains(c) { i += 1 }
            let name = String(chars[start..<i])
            if current == "(" || current == ")" {
                throw Failure(offset: start, message: "functions such as '\(name)(...)' are not supported: values arrive formatted, "
                              + "a template only places them")
            }
            skipWhitespace()
            guard readClose() else { throw unclosed(tag: tag, after: name) }
            return name
        }

        /// The error for a tag whose name is not followed by "}}".
        func unclosed(tag: Int, after name: String) -> Failure {
            guard let c = current else {
                return Failure(offset: tag, message: "the tag opened here is never closed: expected '}}'")
            }
            let found = c == "\n" || c == "\r\n" ? "the end of the line" : "'\(c)'"
            let what = name.isEmpty ? "" : " after '\(name)'"
            return Failure(offset: i, message: "expected '}}'\(what), found \(found); a tag holds one name "
                           + "(letters, digits, '.', '_', '-')")
        }

        mutating func skipWhitespace() { while let c = current, c.isWhitespace { i += 1 } }

        mutating func readContentType(tag: Int) throws(Failure) -> ContentType {
            let known = "the only pragma is {{% CONTENT_TYPE: HTML}} (or MARKDOWN, TEXT)"
            while let c = current, c.isWhitespace { i += 1 }
            let start = i
            while let c = current, Self.nameCharacters.contains(c) { i += 1 }
            let pragma = String(chars[start..<i])
            guard pragma == "CONTENT_TYPE" else { throw Failure(offset: tag, message: "unknown pragma '\(pragma)'; \(known)") }
            while let c = current, c.isWhitespace { i += 1 }
            guard current == ":" else { throw Failure(offset: tag, message: "expected ':' after CONTENT_TYPE; \(known)") }
            i += 1
            while let c = current, c.isWhitespace { i += 1 }
            let vstart = i
            while let c = current, Self.nameCharacters.contains(c) { i += 1 }
            let value = String(chars[vstart..<i])
            while let c = current, c.isWhitespace { i += 1 }
            guard readClose() else { throw unclosed(tag: tag, after: value) }
            switch value {
            case "HTML": return .html
            case "MARKDOWN": return .markdown
            case "TEXT": return .text
            default: throw Failure(offset: vstart, message: "unknown content type '\(value)'; expected HTML, MARKDOWN or TEXT")
            }
        }

        mutating func readClose() -> Bool {
            guard i + 1 < chars.count, chars[i] == "}", chars[i + 1] == "}" else { return false }
            i += 2
            return true
        }

        mutating func skipPast(_ end: String) -> Bool {
            let e = Array(end)
            while i + e.count <= chars.count {
                if chars[i..<(i + e.count)].elementsEqual(e) { i += e.count; return true }
                i += 1
            }
            return false
        }

        /// A tag alone on its line: the line started with only spaces or tabs before the tag, and
        /// only spaces or tabs follow it up to a newline (consumed) or the end.
        mutating func isStandalone(_ newLine: Bool) -> Bool {
            guard newLine else { return false }
            if isAtEnd { return true }
            var j = i
            while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
            if j < chars.count, chars[j].isNewline {
                i = j + 1
                return true
            }
            return false
        }

        /// 1-based line and column (Characters) of `offset`, and that line's text.
        func location(_ offset: Int) -> (line: Int, column: Int, lineText: String) {
            let end = min(max(offset, 0), chars.count)
            var line = 1, lineStart = 0
            for k in 0..<end where chars[k] == "\n" || chars[k] == "\r\n" {
                line += 1
                lineStart = k + 1
            }
            var lineEnd = lineStart
            while lineEnd < chars.count, chars[lineEnd] != "\n", chars[lineEnd] != "\r\n" { lineEnd += 1 }
            return (line, end - lineStart + 1, String(chars[lineStart..<lineEnd]))
        }
    }
}
