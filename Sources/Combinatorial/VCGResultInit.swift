public extension VCGResult {
    /// A VCG result computed elsewhere (e.g. by winner determination on an auction too large
    /// to enumerate), for a problem whose only outcome is the chosen allocation (outcome 0);
    /// the revenue is Σ payments. No check here; the mechanism code verifies the invariants.
    init(welfare: Double, valueWithout: [Double], values: [Double], payments: [Double]) {
        self.outcome = 0
        self.welfare = welfare
        self.valueWithout = valueWithout
        self.values = values
        self.payments = payments
        self.revenue = payments.reduce(0, +)
    }
}
