using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// The second-order step of a <see cref="ScalarPlan"/> (<c>[Differentiable(SecondOrder = true)]</c>): the gradient
/// differentiated again on the same hash-consed graph, by forward mode over its nodes (<see cref="ForwardDifferentiator"/>):
/// once per parameter for the columns of the Hessian, whose structurally zero entries are then the constant 0 and are
/// neither computed nor listed; once with the tangents vᵢ for the Hessian-vector product. It is planned after Backward
/// and Evaluate, so their locals keep their names (t0, t1, …), and only written down by the emitter.
/// </summary>
internal sealed class SecondOrderPlan
{
    /// <summary>
    /// The most nodes a model's graph may hold with its second derivatives: past it, SGD0034 instead of the
    /// second-order members (the Hessian of a long loss with many parameters grows with both), while the first-order
    /// code, already planned, stays. Below the graph's own limit by more than one check interval of the tangent pass
    /// can add, so that the graph never throws its own SGD0025 for the whole model.
    /// </summary>
    internal const int MaxNodes = Graph.MaxNodes - 20_000;

    /// <summary>The most parameters a model with second derivatives may have: its Hessian has n² entries, each a
    /// closed form in the generated file, and is computed by n passes over the gradient.</summary>
    internal const int MaxParameters = 300;

    /// <summary>Past this many statements, a method's comments name operands with locals instead of expanding them.</summary>
    private const int MaxExpandedSteps = 1_000;

    private SecondOrderPlan(
        string gradientArgument,
        string hessianArgument,
        string vectorArgument,
        string productArgument,
        IReadOnlyList<(int Row, int Column)> structure,
        IReadOnlyList<string> formulas,
        IReadOnlyList<Statement> hessianStatements,
        string hessianReturn,
        IReadOnlyList<Statement> productStatements,
        string productReturn,
        int hessianOperations,
        int productOperations,
        int backwardOperations)
    {
        GradientArgument = gradientArgument;
        HessianArgument = hessianArgument;
        VectorArgument = vectorArgument;
        ProductArgument = productArgument;
        Structure = structure;
        Formulas = formulas;
        HessianStatements = hessianStatements;
        HessianReturn = hessianReturn;
        ProductStatements = productStatements;
        ProductReturn = productReturn;
        HessianOperations = hessianOperations;
        ProductOperations = productOperations;
        BackwardOperations = backwardOperations;
    }

    public string GradientArgument { get; }

    public string HessianArgument { get; }

    public string VectorArgument { get; }

    public string ProductArgument { get; }

    /// <summary>The structurally non-zero entries of the upper triangle (row ≤ column), row by row.</summary>
    public IReadOnlyList<(int Row, int Column)> Structure { get; }

    /// <summary>Per entry of <see cref="Structure"/>, its closed form as a reader reads it.</summary>
    public IReadOnlyList<string> Formulas { get; }

    public IReadOnlyList<Statement> HessianStatements { get; }

    /// <summary>The expression Hessian returns: the loss's value.</summary>
    public string HessianReturn { get; }

    public IReadOnlyList<Statement> ProductStatements { get; }

    /// <summary>The expression HessianVectorProduct returns: the loss's value.</summary>
    public string ProductReturn { get; }

    /// <summary>The operations of Hessian (loss, gradient and Hessian entries, each shared subexpression once).</summary>
    public int HessianOperations { get; }

    /// <summary>The operations of HessianVectorProduct, counted as <see cref="HessianOperations"/>.</summary>
    public int ProductOperations { get; }

    /// <summary>The operations of Backward, counted the same way: the measure of the product's cost.</summary>
    public int BackwardOperations { get; }

    /// <summary>HessianVectorProduct's cost in Backwards: forward over reverse is a small multiple.</summary>
    public double ProductRatio => (double)ProductOperations / Math.Max(BackwardOperations, 1);

    /// <summary>The name of entry (row, column), as <see cref="SymbolicGd"/>'s SecondDerivative prints it:
    /// <c>∂²L/∂a²</c> on the diagonal, <c>∂²L/∂a∂b</c> off it.</summary>
    public static string EntryName(string loss, string row, string column) =>
        row == column ? $"∂²{loss}/∂{row}²" : $"∂²{loss}/∂{row}∂{column}";

    /// <summary>What the second-order step needs of the first-order plan.</summary>
    internal sealed class Input
    {
        public Input(ModelSpec spec, GradientResult result, NameTable names, string gradientArgument, string typeReference, int maxLocals)
        {
            Spec = spec;
            Result = result;
            Names = names;
            GradientArgument = gradientArgument;
            TypeReference = typeReference;
            MaxLocals = maxLocals;
        }

        public ModelSpec Spec { get; }

        public GradientResult Result { get; }

        public NameTable Names { get; }

        public string GradientArgument { get; }

        public string TypeReference { get; }

        public int MaxLocals { get; }
    }

    /// <summary>
    /// Differentiates the gradient again and plans Hessian and HessianVectorProduct. Null, with SGD0034 in
    /// <paramref name="finding"/>, when the model is too large for them.
    /// </summary>
    public static SecondOrderPlan? Create(Input input, CancellationToken cancellationToken, out Finding? finding)
    {
        finding = null;
        var spec = input.Spec;
        int n = spec.Parameters.Count;
        if (n > MaxParameters)
        {
            finding = TooLarge(spec, FormattableString.Invariant($"{n:N0} parameters"), FormattableString.Invariant($"{MaxParameters:N0} parameters"));
            return null;
        }

        var graph = input.Result.Model.Graph;
        int nodeLimit = MaxNodes;
        int firstDerivative = input.Result.Model.Value + 1;
        var gradient = input.Result.Gradient;
        var names = input.Names;
        string hessianArgument = names.Unique("hessian");
        string vectorArgument = names.Unique("vector");
        string productArgument = names.Unique("product");

        int[] upper;
        int[] product;
        try
        {
            // Column j: ∂(∂L/∂θᵢ)/∂θⱼ for i ≤ j, the tangents of the gradient's first j + 1 components with θⱼ's seed 1.
            upper = new int[n * (n + 1) / 2];
            for (int column = 0; column < n; column++)
            {
                int seeded = column;
                var rows = new List<int>(column + 1);
                for (int row = 0; row <= column; row++)
                {
                    rows.Add(gradient[row]);
                }

                var tangents = ForwardDifferentiator.Tangents(graph, rows, i => i == seeded ? graph.One : graph.Zero, firstDerivative, nodeLimit, cancellationToken);
                for (int row = 0; row <= column; row++)
                {
                    upper[UpperIndex(row, column)] = tangents[row];
                }
            }

            var vector = new int[n];
            for (int i = 0; i < n; i++)
            {
                string element = FormattableString.Invariant($"{vectorArgument}[{i}]");
                vector[i] = graph.AddDataLeaf(new Leaf(element, element, IsInstanceMember: false));
            }

            product = ForwardDifferentiator.Tangents(graph, gradient, i => vector[i], firstDerivative, nodeLimit, cancellationToken);
        }
        catch (ForwardDifferentiator.BudgetExceededException)
        {
            string limit = MaxNodes.ToString("N0", CultureInfo.InvariantCulture) + " expression nodes";
            finding = TooLarge(spec, "more than " + limit, limit);
            return null;
        }

        var structure = new List<(int Row, int Column)>();
        for (int row = 0; row < n; row++)
        {
            for (int column = row; column < n; column++)
            {
                if (!graph.IsZero(upper[UpperIndex(row, column)]))
                {
                    structure.Add((row, column));
                }
            }
        }

        var builder = new Builder(input, hessianArgument, vectorArgument, productArgument);
        var hessian = builder.PlanHessian(upper, structure, cancellationToken);
        var productPlan = builder.PlanProduct(product, cancellationToken);
        if (builder.TooManyLocals is var (method, locals))
        {
            finding = TooLarge(spec, FormattableString.Invariant($"{locals:N0} locals in {method}"), FormattableString.Invariant($"{input.MaxLocals:N0} locals in a method"));
            return null;
        }

        var readers = FormulaPrinter.ForReaders(graph, names);
        var formulas = structure.Select(entry => readers.Expand(upper[UpperIndex(entry.Row, entry.Column)])).ToList();
        return new SecondOrderPlan(
            input.GradientArgument, hessianArgument, vectorArgument, productArgument, structure, formulas,
            hessian.Statements, hessian.Return, productPlan.Statements, productPlan.Return,
            hessian.Operations, productPlan.Operations, builder.BackwardOperations);

        // Row i ≤ column j of the upper triangle, stored column by column.
        static int UpperIndex(int row, int column) => column * (column + 1) / 2 + row;
    }

    private static Finding TooLarge(ModelSpec spec, string size, string limit) =>
        new(Diagnostics.SecondOrderTooLarge.Id, -1, EquatableArray.Create(spec.FullName, size, limit));

    /// <summary>Plans the statements of the two methods, the way Backward's are planned.</summary>
    private sealed class Builder
    {
        private readonly Input _input;
        private readonly ModelSpec _spec;
        private readonly Graph _graph;
        private readonly NameTable _names;
        private readonly string _lossName;
        private readonly string _hessianArgument;
        private readonly string _vectorArgument;
        private readonly string _productArgument;

        public Builder(Input input, string hessianArgument, string vectorArgument, string productArgument)
        {
            _input = input;
            _spec = input.Spec;
            _graph = input.Result.Model.Graph;
            _names = input.Names;
            _lossName = _spec.Loss.Name;
            _hessianArgument = hessianArgument;
            _vectorArgument = vectorArgument;
            _productArgument = productArgument;
            var roots = new List<int> { Value };
            roots.AddRange(Gradient.Where(g => !_graph.IsZero(g)));
            BackwardOperations = Operations(roots);
        }

        public (string Method, int Locals)? TooManyLocals { get; private set; }

        public int BackwardOperations { get; }

        private int Value => _input.Result.Model.Value;

        private IReadOnlyList<int> Gradient => _input.Result.Gradient;

        private int N => _spec.Parameters.Count;

        public MethodPlan PlanHessian(int[] upper, List<(int Row, int Column)> structure, CancellationToken cancellationToken)
        {
            var entries = structure.Select(e => upper[e.Column * (e.Column + 1) / 2 + e.Row]).ToList();

            // An off-diagonal entry is added twice, to (i, j) and (j, i): it gets a local, computed once.
            var forced = Forced();
            for (int k = 0; k < structure.Count; k++)
            {
                if (structure[k].Row != structure[k].Column)
                {
                    forced.Add(entries[k]);
                }
            }

            var roots = new List<int> { Value };
            roots.AddRange(Gradient.Where(g => !_graph.IsZero(g)));
            roots.AddRange(entries);
            return Plan("Hessian", roots, forced, (code, statements) =>
            {
                AddGradient(code, statements);
                for (int k = 0; k < structure.Count; k++)
                {
                    var (row, column) = structure[k];
                    string label = EntryName(_lossName, _spec.Parameters[row].Name, _spec.Parameters[column].Name) + " = ";
                    string reference = code.Reference(entries[k]);
                    statements.Add(new PendingLine($"{_hessianArgument}[{(row * N) + column}] += {reference};", label, entries[k]));
                    if (row != column)
                    {
                        statements.Add(new PendingLine($"{_hessianArgument}[{(column * N) + row}] += {reference};", label, entries[k]));
                    }
                }
            }, cancellationToken);
        }

        public MethodPlan PlanProduct(int[] product, CancellationToken cancellationToken)
        {
            var roots = new List<int> { Value };
            roots.AddRange(Gradient.Where(g => !_graph.IsZero(g)));
            roots.AddRange(product.Where(p => !_graph.IsZero(p)));
            return Plan("HessianVectorProduct", roots, Forced(), (code, statements) =>
            {
                AddGradient(code, statements);
                for (int i = 0; i < N; i++)
                {
                    string label = $"(H·{_vectorArgument})[{_spec.Parameters[i].Name}] = ";
                    if (!_graph.IsZero(product[i]))
                    {
                        statements.Add(new PendingLine($"{_productArgument}[{i}] += {code.Reference(product[i])};", label, product[i]));
                    }
                }
            }, cancellationToken);
        }

        private HashSet<int> Forced()
        {
            var forced = new HashSet<int>(_input.Result.Model.Named.Select(n => n.Node)) { Value };
            return forced;
        }

        private void AddGradient(CodePrinter code, List<PendingLine> statements)
        {
            for (int i = 0; i < N; i++)
            {
                int derivative = Gradient[i];
                if (!_graph.IsZero(derivative))
                {
                    statements.Add(new PendingLine($"{_input.GradientArgument}[{i}] += {code.Reference(derivative)};", $"∂{_lossName}/∂{_spec.Parameters[i].Name} = ", derivative));
                }
            }
        }

        private MethodPlan Plan(string method, List<int> roots, HashSet<int> forced, Action<CodePrinter, List<PendingLine>> stores, CancellationToken cancellationToken)
        {
            var plan = CodePlan.Create(_graph, roots, forced, _names);
            int declared = LocalReuse.CountDeclared(plan.Steps) + N;
            if (declared > _input.MaxLocals && TooManyLocals is null)
            {
                TooManyLocals = (method, declared);
            }

            var statements = new List<Statement>();
            var parameterLocals = ParameterLocals(roots, statements);
            var locals = new HashSet<string>(_names.Names, StringComparer.Ordinal);
            locals.UnionWith(_spec.Loss.Arguments);
            locals.UnionWith(new[] { _input.GradientArgument, _hessianArgument, _vectorArgument, _productArgument });
            locals.UnionWith(parameterLocals.Values);
            var code = new CodePrinter(_graph, _names, plan.IsMaterialized, locals, _input.TypeReference, parameterLocals);
            // A long method's comments name the operands that have locals rather than expand them, as Backward's do
            // once its locals are shared: expanded, each comment of a long chain is as wide as the writer allows,
            // and most of the file.
            var formulas = new FormulaPrinter(_graph, _names, plan.IsMaterialized, plan.Steps.Count > MaxExpandedSteps ? 0 : FormulaPrinter.ExpansionBudget);
            string? Comment(string label, int node)
            {
                var (start, length) = formulas.Start(node, SourceWriter.MaxCommentLength);
                return SourceWriter.Abbreviate(label + start, label.Length + length, SourceWriter.MaxCommentLength);
            }

            var planner = new StatementPlanner(_graph, _names, code, node => Comment("", node), node => Comment("", node));
            planner.Plan(plan.Steps, statements, cancellationToken);
            var pending = new List<PendingLine>();
            stores(code, pending);
            statements.AddRange(pending.Select(line => new Line(line.Code, Comment(line.Label, line.Node))));
            return new MethodPlan(statements, code.Reference(Value), Operations(roots));
        }

        /// <summary>A local for each parameter the method reads, as Backward declares them: a field read after a store
        /// to a span must be reloaded, since the span may alias the object.</summary>
        private Dictionary<int, string> ParameterLocals(List<int> roots, List<Statement> statements)
        {
            var read = Reachability.Needed(_graph, roots);
            var isRead = new bool[N];
            for (int id = 0; id < read.Length; id++)
            {
                if (read[id] && _graph[id].Op == Op.Parameter)
                {
                    isRead[_graph[id].Index] = true;
                }
            }

            var taken = new HashSet<string>(_names.Names, StringComparer.Ordinal);
            taken.UnionWith(_spec.Loss.Arguments);
            taken.UnionWith(new[] { _input.GradientArgument, _hessianArgument, _vectorArgument, _productArgument });
            var locals = new Dictionary<int, string>();
            for (int index = 0; index < N; index++)
            {
                if (!isRead[index])
                {
                    continue;
                }

                string name = _spec.Parameters[index].Name;
                string local = taken.Contains(name) ? _names.Unique(name) : name;
                statements.Add(new Line($"double {Identifier.Escape(local)} = this.{Identifier.Escape(name)};"));
                locals[index] = local;
            }

            return locals;
        }

        /// <summary>Arithmetic and function operations the roots need, each shared node once (as the plan's Cost).</summary>
        private int Operations(IReadOnlyList<int> roots)
        {
            var reached = Reachability.Needed(_graph, roots);
            int count = 0;
            for (int id = 0; id < reached.Length; id++)
            {
                var op = _graph[id].Op;
                if (reached[id] && !Graph.IsLeaf(op) && !Graph.IsCondition(op) && op != Op.Select)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>A line whose comment is written once the method's locals are known: a label and a node's formula.</summary>
    private sealed class PendingLine
    {
        public PendingLine(string code, string label, int node)
        {
            Code = code;
            Label = label;
            Node = node;
        }

        public string Code { get; }

        public string Label { get; }

        public int Node { get; }
    }

    /// <summary>One method's statements, the value it returns and its operations.</summary>
    internal sealed class MethodPlan
    {
        public MethodPlan(IReadOnlyList<Statement> statements, string returnValue, int operations)
        {
            Statements = statements;
            Return = returnValue;
            Operations = operations;
        }

        public IReadOnlyList<Statement> Statements { get; }

        public string Return { get; }

        public int Operations { get; }
    }
}
