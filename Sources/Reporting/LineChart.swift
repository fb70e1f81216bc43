import Foundation

/// One point of a chart series, with an optional interval (drawn as a shaded band).
public struct ChartPoint: Sendable, Equatable {
    /// Horizontal position.
    public var x: Double
    /// Vertical position (the mean, say).
    public var y: Double
    /// Lower end of the interval, if any.
    public var lower: Double?
    /// Upper end of the interval, if any.
    public var upper: Double?

    /// Creates a point.
    public init(x: Double, y: Double, lower: Double? = nil, upper: Double? = nil) {
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
    }
}

/// A named line of a chart.
public struct ChartSeries: Sendable, Equatable {
    /// Legend text.
    public var name: String
    /// Points, drawn in order of `x`.
    public var points: [ChartPoint]
    /// Dashed instead of solid (e.g. VCG beside RM).
    public var dashed: Bool
    /// Index into the palette; series with the same color index share a color.
    public var colorIndex: Int

    /// Creates a series.
    public init(name: String, points: [ChartPoint], dashed: Bool = false, colorIndex: Int) {
        self.name = name
        self.points = points.sorted { $0.x < $1.x }
        self.dashed = dashed
        self.colorIndex = colorIndex
    }
}

/// A line chart with axes, ticks, a legend and interval bands, rendered as SVG — enough to
/// lay out the thesis's figures (one line per number of agents, mean with 95% band).
///
/// ```swift
/// let chart = LineChart(title: "Uniform", xLabel: "exclusivity", yLabel: "% redistributed",
///                       series: [ChartSeries(name: "n = 4", points: pts, colorIndex: 0)])
/// try chart.svg().write(toFile: "fig.svg", atomically: true, encoding: .utf8)
/// ```
public struct LineChart: Sendable, Equatable {
    /// Title above the plot area.
    public var title: String
    /// Horizontal axis label.
    public var xLabel: String
    /// Vertical axis label.
    public var yLabel: String
    /// The lines.
    public var series: [ChartSeries]
    /// Fixed vertical range, or `nil` to fit the data.
    public var yRange: ClosedRange<Double>?
    /// Fixed horizontal range, or `nil` to fit the data.
    public var xRange: ClosedRange<Double>?
    /// The corner of the plot area holding the legend (pick one the lines avoid).
    public var legendCorner: LegendCorner = .topLeft

    /// A corner of the plot area.
    public enum LegendCorner: Sendable, Equatable {
        /// Top left (the default).
        case topLeft
        /// Top right.
        case topRight
        /// Bottom left.
        case bottomLeft
        /// Bottom right.
        case bottomRight
    }

    /// Creates a chart.
    public init(
        title: String, xLabel: String, yLabel: String, series: [ChartSeries],
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
        legendCorner: LegendCorner = .topLeft
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.legendCorner = legendCorner
    }

    /// The chart alone as an SVG document.
    public func svg(width: Double = 640, height: Double = 440) -> String {
        SVGFigure(panels: [self], columns: 1, panelWidth: width, panelHeight: height).svg()
    }
}

/// Several charts side by side (e.g. Figure 3.5's uniform and normal panels) in one SVG.
public struct SVGFigure: Sendable {
    /// The panels, filled row by row.
    public var panels: [LineChart]
    /// Panels per row.
    public var columns: Int
    /// Width of one panel in pixels.
    public var panelWidth: Double
    /// Height of one panel in pixels.
    public var panelHeight: Double

    /// Creates a figure.
    public init(panels: [LineChart], columns: Int, panelWidth: Double = 560, panelHeight: Double = 420) {
        self.panels = panels
        self.columns = max(1, columns)
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
    }

    /// The palette (colour-blind-safe, Okabe & Ito).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                 "#56B4E9", "#000000", "#F0E442"]

    /// The SVG document.
    public func svg() -> String {
        let rows = (panels.count + columns - 1) / columns
        let w = panelWidth * Double(columns), h = panelHeight * Double(max(rows, 1))
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(w))" height="\(fmt(h))" \
            viewBox="0 0 \(fmt(w)) \(fmt(h))" font-family="Helvetica, Arial, sans-serif">
            <rect width="100%" height="100%" fill="white"/>

            """
        for (k, panel) in panels.enumerated() {
            let ox = Double(k % columns) * panelWidth, oy = Double(k / columns) * panelHeight
            out += panelSVG(panel, ox: ox, oy: oy)
        }
        return out + "</svg>\n"
    }

    private func panelSVG(_ chart: LineChart, ox: Double, oy: Double) -> String {
        let left = ox + 70, right = ox + panelWidth - 20, top = oy + 40, bottom = oy + panelHeight - 60
        let points = chart.series.flatMap(\.points)
        let xs = points.map(\.x)
        let ys = points.flatMap { [$0.y, $0.lower ?? $0.y, $0.upper ?? $0.y] }.filter(\.isFinite)
        let xr = chart.xRange ?? ((xs.min() ?? 0)...(xs.max() ?? 1))
        let yr = chart.yRange ?? ((ys.min() ?? 0)...(ys.max() ?? 1))
        let xTicks = niceTicks(xr), yTicks = niceTicks(yr)
        let x0 = xTicks.first!, x1 = xTicks.last!, y0 = yTicks.first!, y1 = yTicks.last!
        func px(_ x: Double) -> Double { left + (x - x0) / max(x1 - x0, 1e-12) * (right - left) }
        func py(_ y: Double) -> Double { bottom - (y - y0) / max(y1 - y0, 1e-12) * (bottom - top) }
        var s = "<g>\n"
        s += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(oy + 24))\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(escape(chart.title))</text>\n"
        for t in yTicks {
            s += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(py(t)))\" x2=\"\(fmt(right))\" y2=\"\(fmt(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(py(t) + 4))\" text-anchor=\"end\" font-size=\"12\">\(tickLabel(t))</text>\n"
        }
        for t in xTicks {
            s += "<line x1=\"\(fmt(px(t)))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(px(t)))\" y2=\"\(fmt(bottom + 5))\" stroke=\"black\"/>\n"
            s += "<text x=\"\(fmt(px(t)))\" y=\"\(fmt(bottom + 20))\" text-anchor=\"middle\" font-size=\"12\">\(tickLabel(t))</text>\n"
        }
        s += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(right - left))\" height=\"\(fmt(bottom - top))\" fill=\"none\" stroke=\"black\"/>\n"
        s += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(bottom + 44))\" text-anchor=\"middle\" font-size=\"14\">\(escape(chart.xLabel))</text>\n"
        let cy = (top + bottom) / 2, cx = ox + 20
        s += "<text x=\"\(fmt(cx))\" y=\"\(fmt(cy))\" text-anchor=\"middle\" font-size=\"14\" transform=\"rotate(-90 \(fmt(cx)) \(fmt(cy)))\">\(escape(chart.yLabel))</text>\n"
        for series in chart.series {
            let color = SVGFigure.palette[series.colorIndex % SVGFigure.palette.count]
            let banded = series.points.filter { $0.lower != nil && $0.upper != nil }
            if banded.count >= 2 {
                let upper = banded.map { "\(fmt(px($0.x))),\(fmt(py($0.upper!)))" }
                let lower = banded.reversed().map { "\(fmt(px($0.x))),\(fmt(py($0.lower!)))" }
                s += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            }
            let path = series.points.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }.joined(separator: " ")
            let dash = series.dashed ? " stroke-dasharray=\"6 4\"" : ""
            s += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            for p in series.points {
                s += "<circle cx=\"\(fmt(px(p.x)))\" cy=\"\(fmt(py(p.y)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
            }
        }
        // Legend in the chosen corner inside the plot area, on a white box.
        let legendWidth = 42 + 7 * Double(chart.series.map(\.name.count).max() ?? 0)
        let legendHeight = 18 * Double(chart.series.count) + 6
        let boxX: Double, boxY: Double
        switch chart.legendCorner {
        case .topLeft: (boxX, boxY) = (left + 6, top + 6)
        case .topRight: (boxX, boxY) = (right - 6 - legendWidth, top + 6)
        case .bottomLeft: (boxX, boxY) = (left + 6, bottom - 6 - legendHeight)
        case .bottomRight: (boxX, boxY) = (right - 6 - legendWidth, bottom - 6 - legendHeight)
        }
        if !chart.series.isEmpty {
            s += "<rect x=\"\(fmt(boxX))\" y=\"\(fmt(boxY))\" width=\"\(fmt(legendWidth))\" height=\"\(fmt(legendHeight))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#cccccc\"/>\n"
        }
        for (k, series) in chart.series.enumerated() {
            let color = SVGFigure.palette[series.colorIndex % SVGFigure.palette.count]
            let ly = boxY + 16 + Double(k) * 18, lx = boxX + 6
            let dash = series.dashed ? " stroke-dasharray=\"6 4\"" : ""
            s += "<line x1=\"\(fmt(lx))\" y1=\"\(fmt(ly - 4))\" x2=\"\(fmt(lx + 24))\" y2=\"\(fmt(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            s += "<text x=\"\(fmt(lx + 30))\" y=\"\(fmt(ly))\" font-size=\"12\">\(escape(series.name))</text>\n"
        }
        return s + "</g>\n"
    }
}

/// Round tick values covering `range` (1-2-5 steps, about six ticks).
public func niceTicks(_ range: ClosedRange<Double>, count: Int = 6) -> [Double] {
    var lo = range.lowerBound, hi = range.upperBound
    if !(lo.isFinite && hi.isFinite) { return [0, 1] }
    if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
    let raw = (hi - lo) / Double(max(count - 1, 1))
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    let first = (lo / step).rounded(.down) * step
    var ticks: [Double] = []
    var t = first
    while t < hi + step * 1e-9 {
        ticks.append(abs(t) < step * 1e-9 ? 0 : t)
        t += step
    }
    if ticks.last! < hi - step * 1e-9 { ticks.append(t) }
    return ticks.count >= 2 ? ticks : [first, first + step]
}

private func tickLabel(_ t: Double) -> String {
    t == t.rounded() && abs(t) < 1e9 ? String(Int(t)) : String(format: "%g", (t * 1e6).rounded() / 1e6)
}

private func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

private func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
}
