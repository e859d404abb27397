import TearsheetCore

/// A value of the template context: what `TemplateContext` builds and `FastMustache` reads without
/// a dynamic cast or a hashed lookup (a context object holds a handful of keys, found by a linear
/// scan of short strings). `any` is the same tree as `[String: Any]` dictionaries and arrays: what
/// a value that is not text prints as, and what the test oracle (swift-mustache) reads.
///
/// Why: rendering the Markdown and HTML of a report set over `[String: Any]` spent most of its time
/// in dynamic casts, existential copies and string hashing (docs/performance.md, "Batch").
import TearsheetReport
enum TemplateValue {
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object(TemplateObject)
    /// Any other value (a number from a hand-built context): printed with `String(describing:)`.
    indirect case other(Any)

    /// The value of a `[String: Any]` tree (as tests write contexts):
    /// strings, booleans, arrays and string-keyed dictionaries map to their cases.
    init(any value: Any) {
        switch value {
        case let v as TemplateValue: self = v
        case let s as String: self = .text(s)
        case let b as Bool: self = .flag(b)
        case let d as [String: Any]:
            var o = TemplateObject(entries: d.map { (key: $0.key, value: TemplateValue(any: $0.value)) })
            o.original = d
            self = .object(o)
        case let a as [Any]: self = .list(a.map(TemplateValue.init(any:)))
        default: self = .other(value)
        }
    }

    /// The same tree as `[String: Any]` dictionaries, `[Any]` arrays, `String` and `Bool`.
    var any: Any {
        switch self {
        case .text(let s): s
        case .flag(let b): b
        case .list(let l): l.map(\.any) as [Any]
        case .object(let o): o.dictionary
        case .other(let v): v
        }
    }
}

/// The keys and values of a context object, in insertion order; a key set twice keeps the last
/// value, as in a dictionary.
struct TemplateObject: ExpressibleByDictionaryLiteral {
    private(set) var entries: [(key: String, value: TemplateValue)]
    /// The dictionary this object was made from (`TemplateValue(any:)`), given back by
    /// `dictionary` so a template that prints an object prints the very dictionary it was given
    /// (a dictionary rebuilt from the entries may list its keys in another order).
    fileprivate var original: [String: Any]?

    /// `entries` with distinct keys (a dictionary's, a literal's), taken as given.
    init(entries: [(key: String, value: TemplateValue)] = []) {
        self.entries = entries
    }

    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        entries = elements.map { (key: $0.0, value: $0.1) }
    }

    subscript(key: String) -> TemplateValue? {
        get {
            for e in entries where e.key == key { return e.value }
            return nil
        }
        set {
            original = nil
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    var dictionary: [String: Any] {
        if let original { return original }
        var d: [String: Any] = [:]
        d.reserveCapacity(entries.count)
        for e in entries { d[e.key] = e.value.any }
        return d
    }
}
