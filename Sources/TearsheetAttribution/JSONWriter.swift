/// A minimal deterministic JSON writer: keys in the order written, doubles as their shortest
/// round-trip decimal (Swift's `description`), non-finite doubles and `nil` as `null`.
import TearsheetCore
struct JSONWriter {
    private(set) var text = ""
    private var needsComma = [false]

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    mutating func beginObject(_ key: String? = nil) { prefix(key); text += "{"; needsComma.append(false) }
    mutating func endObject() { needsComma.removeLast(); text += "}" }
    mutating func beginArray(_ key: String? = nil) { prefix(key); text += "["; needsComma.append(false) }
    mutating func endArray() { needsComma.removeLast(); text += "]" }

    private mutating func prefix(_ key: String?) {
        separator()
        if let key { text += JSONText.quote(key) + ":" }
    }

    mutating func value(_ key: String? = nil, _ x: Double?) {
        prefix(key)
        if let x, x.isFinite { text += x == 0 ? "0.0" : x.description } else { text += "null" }
    }
    mutating func value(_ key: String? = nil, _ x: Int?) { prefix(key); text += x.map(String.init) ?? "null" }
    mutating func value(_ key: String? = nil, _ x: Bool) { prefix(key); text += x ? "true" : "false" }
    mutating func value(_ key: String? = nil, _ x: String) { prefix(key); text += JSONText.quote(x) }

}
