import Synchronization

/// The keys readers looked up in each object of one document, so that keys nobody asked
/// for can be refused (``JSONValue/requireKnownKeys()``).
final class KeyUsage: Sendable {
    private struct State {
        /// Per object (by identity), the keys asked for, present or not.
        var asked: [ObjectIdentifier: Set<String>] = [:]
        /// Objects whose every key counts as known (their members were listed).
        var all: Set<ObjectIdentifier> = []
    }
    private let state = Mutex(State())

    func asked(_ key: String, in object: JSONObjectNode) {
        state.withLock { _ = $0.asked[ObjectIdentifier(object), default: []].insert(key) }
    }

    func askedAll(_ object: JSONObjectNode) {
        state.withLock { _ = $0.all.insert(ObjectIdentifier(object)) }
    }

    func acceptAll(under node: JSONNode) {
        switch node {
        case .object(let object):
            askedAll(object)
            for value in object.values { acceptAll(under: value) }
        case .array(let array):
            for element in array.elements { acceptAll(under: element) }
        default: break
        }
    }

    /// Throws for the first key (document order) that was never asked for, in an object that
    /// a reader looked into. Objects no reader looked into at all are skipped only when their
    /// parent's key for them was itself unknown (that key is reported instead).
    func requireKnown(_ node: JSONNode, path: String, document: JSONDocument) throws {
        let snapshot = state.withLock { ($0.asked, $0.all) }
        try walk(node, path: path, asked: snapshot.0, all: snapshot.1, document: document)
    }

    private func walk(_ node: JSONNode, path: String, asked: [ObjectIdentifier: Set<String>],
                      all: Set<ObjectIdentifier>, document: JSONDocument) throws {
        switch node {
        case .array(let array):
            for (k, element) in array.elements.enumerated() {
                if case .array = element { try walk(element, path: "\(path)[\(k)]", asked: asked, all: all, document: document) }
                if case .object = element { try walk(element, path: "\(path)[\(k)]", asked: asked, all: all, document: document) }
            }
        case .object(let object):
            let id = ObjectIdentifier(object)
            let everything = all.contains(id)
            let known = asked[id] ?? []
            for (k, key) in object.keys.enumerated() {
                if !everything && !known.contains(key) && key != "comment" {
                    let (line, column) = document.lineAndColumn(object.keyOffsets[k])
                    var message = "unknown key \"\(key)\""
                    if let suggestion = closest(to: key, among: known.subtracting(object.keys)) ?? closest(to: key, among: known) {
                        message += " (did you mean \"\(suggestion)\"?)"
                    } else if !known.isEmpty {
                        message += " (known here: " + known.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + ")"
                    }
                    throw InstanceError(file: document.file, location: path, message: message, line: line, column: column)
                }
                let value = object.values[k]
                let childPath = path + "." + key
                switch value {
                case .array, .object: try walk(value, path: childPath, asked: asked, all: all, document: document)
                default: break
                }
            }
        default: break
        }
    }

    /// The candidate within edit distance 2 (or a third of the key's length) of `key`, and
    /// not merely a different word of the same short length.
    private func closest(to key: String, among candidates: Set<String>) -> String? {
        let limit = max(2, key.count / 3)
        var best: (key: String, distance: Int)? = nil
        for candidate in candidates.sorted() {
            let distance = editDistance(Array(key.lowercased()), Array(candidate.lowercased()))
            guard distance <= limit, distance < min(key.count, candidate.count) else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.key
    }
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previous2[j - 2] + 1)
            }
        }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}
