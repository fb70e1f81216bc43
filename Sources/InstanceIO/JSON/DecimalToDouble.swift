/// Correctly rounded conversion of `w · 10^q` to a double, for an exact decimal significand
/// `w` (at most 19 digits), by the Eisel-Lemire algorithm (Lemire, "Number parsing at a
/// gigabyte per second", Software: Practice and Experience 51(8), 2021; the version of
/// Mushtak and Lemire, "Fast number parsing without fallback", 2023, which proves that the
/// 128-bit product always suffices for an exact 64-bit significand).
///
/// Returns `nil` when the result would be subnormal, zero, infinite or `q` is outside
/// [-342, 308]; the caller then uses the C library's correctly rounded `strtod`.
@inline(__always)
func eiselLemire(_ significand: UInt64, _ q: Int) -> Double? {
    guard significand != 0, q >= -342, q <= 308 else { return nil }
    let lz = significand.leadingZeroBitCount
    let w = significand << UInt64(lz)
    let index = 2 * (q + 342)
    return powersOfFive128.withUnsafeBufferPointer { table -> Double? in
        var (high, low) = w.multipliedFullWidth(by: table[index])
        // 55 bits of precision are needed; look at the lower half of the power only when the
        // bits below them are all ones (a carry from the lower product could change them).
        if high & 0x1FF == 0x1FF {
            let second = w.multipliedFullWidth(by: table[index + 1])
            let (sum, overflow) = low.addingReportingOverflow(second.high)
            low = sum
            if overflow { high &+= 1 }
        }
        let upperBit = Int(high >> 63)
        let shift = upperBit + 9
        var mantissa = high >> UInt64(shift)
        // floor(q · log2(10)) + 63, plus the normalisation, in IEEE biased form.
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - lz + 1023
        guard power2 > 0 else { return nil }   // subnormal: left to strtod
        // Exactly halfway between two doubles (possible only for small |q|): ties to even.
        if low <= 1, q >= -4, q <= 23, mantissa & 3 == 1, (mantissa << UInt64(shift)) == high {
            mantissa &= ~1
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= (2 << 52) {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        guard power2 < 0x7FF else { return nil }   // overflow: strtod gives infinity
        return Double(bitPattern: (UInt64(power2) << 52) | mantissa)
    }
}
