import LinearOptimization

/// Hillier & Lieberman's Wyndor Glass LP: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18.
/// Optimum Z = 36 at x = 2, y = 6; shadow prices (0, 3/2, 1).
func wyndorGlass() -> (model: Model, x: Variable, y: Variable) {
    var model = Model()
    let x = model.addVariable(name: "x")
    let y = model.addVariable(name: "y")
    model.addConstraint(LinearExpression(x), .lessOrEqual, 4)
    model.addConstraint(2 * y, .lessOrEqual, 12)
    model.addConstraint(3 * x + 2 * y, .lessOrEqual, 18)
    model.setObjective(3 * x + 5 * y, .maximize)
    return (model, x, y)
}
