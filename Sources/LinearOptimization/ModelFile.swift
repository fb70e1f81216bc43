import CCbc
import Foundation

/// File formats a ``Model`` can be exported to (and read back from) for debugging a
/// formulation in another tool.
public enum ModelFileFormat: String, Sendable, CaseIterable {
    /// CPLEX LP format (`.lp`).
    case lp
    /// Free or fixed MPS format (`.mps`).
    case mps
}

extension Model {
    /// Writes the model to `path` in the given format, with the variables' and constraints'
    /// names (defaults `x<j>` and `r<i>` where none was given). The file name gets the
    /// format's extension if it lacks it. A non-zero objective constant is written as a
    /// column `objective_constant` fixed at 1. A maximization is written as the equivalent
    /// minimization of the negated objective (CBC's writer records the sense that way).
    public func write(to path: String, format: ModelFileFormat) throws {
        let ext = "." + format.rawValue
        let base = path.hasSuffix(ext) ? String(path.dropLast(ext.count)) : path
        // LP and MPS have no objective constant: carry it as a column fixed at 1.
        var exported = self
        if objectiveConstant != 0 {
            let one = exported.addVariable(lowerBound: 1, upperBound: 1, name: "objective_constant")
            exported.objective[one.index] = objectiveConstant
            exported.objectiveConstant = 0
        }
        try SolverConcurrency.withCBC {
            try exported.writeLocked(base: base, ext: ext, format: format)
        }
    }

    private func writeLocked(base: String, ext: String, format: ModelFileFormat) throws {
        switch format {
        case .lp:
            // CBC's LP writer appends the extension itself.
            let problem = CBCProblem(self, names: true)
            withExtendedLifetime(problem) { Cbc_writeLp(problem.pointer, base) }
        case .mps:
            // CBC's MPS writer gzips; CLP's writes plain MPS, with integrality copied in.
            let problem = CLPProblem(self)
            problem.copyNamesAndIntegrality(of: self)
            let code = withExtendedLifetime(problem) {
                Clp_writeMps(problem.pointer, base + ext, 0, 1, 1)
            }
            guard code == 0 else {
                throw SolverError.file(path: base + ext, reason: "CLP could not write the model")
            }
        }
        guard FileManager.default.fileExists(atPath: base + ext) else {
            throw SolverError.file(path: base + ext, reason: "CBC could not write the model")
        }
    }

    /// Reads a model from an LP or MPS file (by its extension) written by ``write(to:format:)``
    /// or another tool. The result is always a minimization; names are kept.
    public static func read(from path: String) throws -> Model {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SolverError.file(path: path, reason: "no readable file")
        }
        return try SolverConcurrency.withCBC { try readLocked(path) }
    }

    private static func readLocked(_ path: String) throws -> Model {
        let problem = CBCProblem()
        let status: Int32
        if path.hasSuffix(".lp") {
            status = Cbc_readLp(problem.pointer, path)
        } else if path.hasSuffix(".mps") {
            status = Cbc_readMps(problem.pointer, path)
        } else {
            throw SolverError.file(path: path, reason: "expected a .lp or .mps file")
        }
        guard status == 0 else {
            throw SolverError.file(path: path, reason: "CBC could not parse it (status \(status))")
        }
        return problem.exportModel()
    }
}

extension CBCProblem {
    /// The model held by this CBC model, as a ``Model`` (minimization).
    func exportModel() -> Model {
        let p = pointer
        let n = Int(Cbc_getNumCols(p)), m = Int(Cbc_getNumRows(p))
        var model = Model()
        let nameLength = Int(Cbc_maxNameLength(p)) + 1
        var buffer = [CChar](repeating: 0, count: max(nameLength, 256))
        func colName(_ j: Int) -> String {
            Cbc_getColName(p, Int32(j), &buffer, buffer.count)
            return String(cString: buffer)
        }
        func rowName(_ i: Int) -> String {
            Cbc_getRowName(p, Int32(i), &buffer, buffer.count)
            return String(cString: buffer)
        }
        let lower = Cbc_getColLower(p)!, upper = Cbc_getColUpper(p)!
        let obj = Cbc_getObjCoefficients(p)!
        let sense = Cbc_getObjSense(p)
        for j in 0..<n {
            let integer = Cbc_isInteger(p, Int32(j)) != 0
            model.addVariable(lowerBound: lower[j], upperBound: upper[j],
                              kind: integer ? .integer : .continuous, name: colName(j))
        }
        let rowLower = Cbc_getRowLower(p)!, rowUpper = Cbc_getRowUpper(p)!
        for i in 0..<m {
            let nz = Int(Cbc_getRowNz(p, Int32(i)))
            let idx = Cbc_getRowIndices(p, Int32(i))!, val = Cbc_getRowCoeffs(p, Int32(i))!
            model.addRow(columns: (0..<nz).map { idx[$0] }, values: (0..<nz).map { val[$0] },
                         lower: rowLower[i], upper: rowUpper[i], name: rowName(i))
        }
        var objective = LinearExpression()
        for j in 0..<n where obj[j] != 0 { objective.add(sense * obj[j], Variable(index: j)) }
        model.setObjective(objective, .minimize)
        return model
    }
}

extension CLPProblem {
    /// Copies the model's names and integer markers into the CLP model (for MPS export).
    func copyNamesAndIntegrality(of model: Model) {
        let rows = (0..<model.constraintCount).map { strdup(model.name(of: Constraint(index: $0))) }
        let cols = (0..<model.variableCount).map { strdup(model.name(of: Variable(index: $0))) }
        defer { (rows + cols).forEach { free($0) } }
        rows.map { UnsafePointer($0) }.withUnsafeBufferPointer { r in
            cols.map { UnsafePointer($0) }.withUnsafeBufferPointer { c in
                Clp_copyNames(pointer, r.baseAddress, c.baseAddress)
            }
        }
        let integer = model.columnKind.map { CChar($0 == .continuous ? 0 : 1) }
        Clp_copyInIntegerInformation(pointer, integer)
        var name = Array(model.name.utf8CString)
        Clp_setProblemName(pointer, Int32(name.count), &name)
    }
}
