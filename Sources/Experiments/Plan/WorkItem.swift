/// One unit of an experiment: sample `sample` of the cell `cell` (a parameter setting such as
/// `uniform,n=8,e=0.25`).
public struct WorkItem: Sendable, Hashable, Codable {
    /// The cell's key: parameter settings in a fixed textual form.
    public var cell: String
    /// The sample number within the cell, from 0.
    public var sample: Int

    /// Creates a work item.
    public init(cell: String, sample: Int) {
        self.cell = cell
        self.sample = sample
    }

    /// The key under which the item is logged: `cell#sample`.
    public var key: String { "\(cell)#\(sample)" }

    /// The seed stream of this item: a stable (FNV-1a) hash of its key, so an item's random
    /// draws depend only on the run's seed and the item — not on cores, order or sharding.
    public var stream: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
