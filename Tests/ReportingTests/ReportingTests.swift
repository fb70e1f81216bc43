import Foundation
import Reporting
import Testing

struct SummaryTests {
    /// [1, 2, 3, 4, 5]: mean 3, s = √2.5, t(0.975, 4) = 2.776445 (tables), so the 95%
    /// half-width is 2.776445·√2.5/√5 = 1.963243.
    @Test func meanAndInterval() {
        let s = Summary([1, 2, 3, 4, 5])
        #expect(s.count == 5 && s.mean == 3)
        #expect(abs(s.standardDeviation - 2.5.squareRoot()) < 1e-12)
        #expect(abs(s.upper95 - 3 - 1.963243) < 1e-6)
        #expect(abs(s.lower95 - 3 + 1.963243) < 1e-6)
    }

    /// Published quantiles of Student's t at 0.975 (e.g. NIST/SEMATECH table).
    @Test(arguments: [(10, 2.228139), (20, 2.085963), (30, 2.042272), (100, 1.983972),
                      (199, 1.971957)])
    func studentQuantiles(nu: Int, expected: Double) {
        #expect(abs(studentT975(degreesOfFreedom: nu) - expected) < 1e-4)
    }
}

struct CSVTests {
    @Test func roundTripWithQuoting() throws {
        var t = CSVTable(header: ["name", "value"])
        t.append(["plain", "1"])
        t.append(["with, comma", "say \"hi\""])
        t.append(["two\nlines", ""])
        let back = try CSVTable.parse(t.text)
        #expect(back == t)
        #expect(t.text.hasPrefix("name,value\nplain,1\n\"with, comma\",\"say \"\"hi\"\"\"\n"))
    }

    @Test func raggedRowsAreRejected() {
        #expect(throws: CSVError.ragged(line: 3, expected: 2, found: 1)) {
            try CSVTable.parse("a,b\n1,2\n3\n")
        }
    }

    @Test func numbersRoundTrip() {
        #expect(formatNumber(3) == "3")
        #expect(Double(formatNumber(0.1 + 0.2)) == 0.1 + 0.2)
    }
}

struct ChartTests {
    @Test func ticksAreRoundAndCoverTheRange() {
        let unit = niceTicks(0...1)
        #expect(unit.count == 6 && unit.first == 0 && abs(unit.last! - 1) < 1e-12)
        #expect(zip(unit, unit.dropFirst()).allSatisfy { abs($1 - $0 - 0.2) < 1e-12 })
        let t = niceTicks(3.2...97.5)
        #expect(t.first! <= 3.2 && t.last! >= 97.5)
        #expect(t == [0, 20, 40, 60, 80, 100])
    }

    @Test func svgHasOneLinePerSeriesAndALegend() {
        let chart = LineChart(
            title: "Share <kept>", xLabel: "exclusivity", yLabel: "%",
            series: [
                ChartSeries(name: "n = 4", points: [ChartPoint(x: 0, y: 10, lower: 8, upper: 12),
                                                    ChartPoint(x: 1, y: 90, lower: 85, upper: 95)],
                            colorIndex: 0),
                ChartSeries(name: "n = 8", points: [ChartPoint(x: 0, y: 20), ChartPoint(x: 1, y: 95)],
                            dashed: true, colorIndex: 1),
            ])
        let svg = chart.svg()
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 1)
        #expect(svg.contains("n = 8") && svg.contains("Share &lt;kept&gt;"))
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
    }

    /// The legend goes to the corner asked for: its first entry's text sits in the lower half
    /// of the plot for `.bottomLeft`, in the upper half by default.
    @Test func legendCornerMovesTheLegend() throws {
        func legendTextY(_ corner: LineChart.LegendCorner) throws -> Double {
            let chart = LineChart(title: "t", xLabel: "x", yLabel: "y",
                                  series: [ChartSeries(name: "legend-entry", points: [ChartPoint(x: 0, y: 0), ChartPoint(x: 1, y: 1)], colorIndex: 0)],
                                  legendCorner: corner)
            let svg = chart.svg(width: 600, height: 400)
            let line = try #require(svg.split(separator: "\n").first { $0.contains(">legend-entry<") })
            let y = try #require(line.components(separatedBy: "y=\"").dropFirst().first?.prefix { $0 != "\"" })
            return try #require(Double(String(y)))
        }
        #expect(try legendTextY(.topLeft) < 200)
        #expect(try legendTextY(.bottomLeft) > 200)
        #expect(try legendTextY(.bottomRight) > 200)
    }

    @Test func progressLineShowsCountsAndTimeLeft() {
        let bar = ProgressBar(total: 10, label: "run", enabled: false)
        bar.advance(5)
        let line = bar.line(at: Date().addingTimeInterval(5))
        #expect(line.contains("5/10"))
        #expect(line.contains("left"))
        #expect(bar.completed == 5)
    }
}
