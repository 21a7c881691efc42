using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// Writes the generated half of a model: the Gradient and Sample types, Backward, ValueAndGradient, Evaluate, the
/// closed-form Derivatives and the IDifferentiable plumbing, each with XML documentation that shows the derivation
/// and a comment on every computing line saying what it computes.
/// </summary>
internal sealed partial class ModelEmitter
{
    /// <summary>On every generated member: the tool and the version of SymbolicGd (Directory.Build.props) that wrote it.</summary>
    internal const string GeneratedCodeAttribute =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"SymbolicGd.Generator\", \"" + ThisVersion.Value + "\")]";

    /// <summary>Up to this many parameters ValueAndGradient keeps the gradient on the stack.</summary>
    private const int StackallocLimit = 512;

    /// <summary>A derivation longer than this is written once, on Derivatives, and referred to elsewhere.</summary>
    private const int MaxRepeatedDerivationLines = 40;

    /// <summary>A line of the derivation in the docs is cut beyond this (the Derivatives strings never are).</summary>
    private const int MaxDerivationLineLength = 1000;

    private readonly ScalarPlan _plan;
    private readonly ModelSpec _spec;
    private readonly string _lossName;
    private readonly SourceWriter _writer = new();

    private ModelEmitter(ScalarPlan plan)
    {
        _plan = plan;
        _spec = plan.Spec;
        _lossName = plan.LossName;
    }

    /// <summary>The generated file of a planned model.</summary>
    public static string Write(ScalarPlan plan, CancellationToken cancellationToken) => new ModelEmitter(plan).Write(cancellationToken);

    public static string HintName(ModelSpec spec) => TypeNames.HintName(spec.Namespace, spec.ContainingTypes, spec.Type);

    // ---- The file ---------------------------------------------------------------------------------------------

    private string Write(CancellationToken cancellationToken)
    {
        var w = _writer;
        FileFrame.Open(w, _spec.Namespace, _spec.ContainingTypes, _spec.Type, InterfaceName());

        WriteGradientType();
        WriteSampleType();
        WriteTables();
        WriteSecondOrderTables();

        WriteValueAndGradient();
        cancellationToken.ThrowIfCancellationRequested();
        // Backward and Evaluate compute with doubles alone, so the compiler's nullable analysis has nothing to find
        // in them; for a long loss it was most of the user's build (a 20,000-statement chain: 42 s of csc against
        // 19 s without it), since its cost grows faster than the methods' length.
        w.WriteDirective("#nullable disable // Backward and Evaluate: doubles only, nothing for nullable analysis to check");
        WriteBackward();
        WriteEvaluate();
        WriteResidualMethods();
        WriteSecondOrderMethods();
        w.WriteDirective("#nullable enable");
        WriteParameterAccess();
        WriteThrowHelpers();
        WriteSecondOrderThrowHelpers();
        WriteInterfaceImplementation();
        WriteSecondOrderInterfaceImplementation();

        FileFrame.Close(w, _spec.Namespace, _spec.ContainingTypes);
        return w.ToString();
    }

    private bool HasData => _spec.Loss.Arguments.Count > 0;

    /// <summary>The number of parameters, an array's elements each one.</summary>
    private int ParameterCount => _spec.Parameters.Sum(p => p.Length);

    private int Offset(int parameter) => _plan.ParameterOffsets?[parameter] ?? parameter;

    /// <summary>Every parameter's name, an array's elements each under its own (<c>w[3]</c>, <c>W[1,2]</c>).</summary>
    private IEnumerable<string> FlatParameterNames()
    {
        foreach (var parameter in _spec.Parameters)
        {
            if (!parameter.IsArray)
            {
                yield return parameter.Name;
            }
            else if (parameter.Shape.Count == 1)
            {
                for (int i = 0; i < parameter.Shape[0]; i++)
                {
                    yield return FormattableString.Invariant($"{parameter.Name}[{i}]");
                }
            }
            else
            {
                for (int i = 0; i < parameter.Shape[0]; i++)
                {
                    for (int j = 0; j < parameter.Shape[1]; j++)
                    {
                        yield return FormattableString.Invariant($"{parameter.Name}[{i},{j}]");
                    }
                }
            }
        }
    }

    private static string ArgumentType(ArgumentKind kind) => kind switch
    {
        ArgumentKind.DoubleArray => "double[]",
        ArgumentKind.Integer => "int",
        _ => "double",
    };

    private string InterfaceName()
    {
        string name = _plan.SecondOrder is null ? "global::SymbolicGd.IDifferentiableLoss" : "global::SymbolicGd.ITwiceDifferentiableLoss";
        if (!HasData)
        {
            return name;
        }

        string sample = "<" + _plan.FullTypeReference + ".Sample>";
        if (_plan.Residual is null)
        {
            return name + sample;
        }

        // ILeastSquares extends IDifferentiableLoss: named alone unless the model is twice differentiable too.
        return (_plan.SecondOrder is null ? "" : name + sample + ", ") + "global::SymbolicGd.ILeastSquares" + sample;
    }

    private void WriteGradientType()
    {
        var w = _writer;
        w.WriteLine($"/// <summary>The gradient of <see cref=\"{LossCref()}\"/>: ∂{Xml(_lossName)}/∂θ for every parameter θ.</summary>");
        for (int i = 0; i < _spec.Parameters.Count; i++)
        {
            w.WriteLine($"/// <param name=\"{_spec.Parameters[i].Name}\">{Xml(_plan.DerivativeText(i))}</param>");
        }

        string members = string.Join(", ", _spec.Parameters.Select(p => (p.IsArray ? "double[] " : "double ") + Identifier.Escape(p.Name)));
        w.WriteLine($"public readonly record struct Gradient({members});");
        w.WriteLine();
    }

    private void WriteSampleType()
    {
        if (!HasData)
        {
            return;
        }

        var w = _writer;
        w.WriteLine($"/// <summary>One sample of data for <see cref=\"{LossCref()}\"/>: its arguments, in order.</summary>");
        foreach (string argument in _spec.Loss.Arguments)
        {
            w.WriteLine($"/// <param name=\"{argument}\">The argument <c>{argument}</c> of {Xml(_spec.Loss.Name)}.</param>");
        }

        w.WriteLine($"public readonly record struct Sample({DataParameters()});");
        w.WriteLine();
    }

    private void WriteTables()
    {
        var w = _writer;
        if (_plan.IsLoopProgram)
        {
            WriteArrayParameterNames();
        }
        else
        {
            w.WriteLine("private static readonly global::System.Collections.Generic.IReadOnlyList<string> __parameterNames =");
            w.WriteLine("    global::System.Array.AsReadOnly(new string[] { " + string.Join(", ", FlatParameterNames().Select(Literal)) + " });");
        }

        w.WriteLine("private static readonly global::System.Collections.Generic.IReadOnlyList<string> __intermediateNames =");
        w.WriteLine(_plan.Intermediates.Count == 0
            ? "    global::System.Array.AsReadOnly(global::System.Array.Empty<string>());"
            : "    global::System.Array.AsReadOnly(new string[] { " + string.Join(", ", _plan.Intermediates.Select(n => Literal(n.Name))) + " });");
        w.WriteLine();

        w.WriteLine(_plan.IsLoopProgram
            ? $"/// <summary>The number of parameters, each element of a [Param] array one: {ParameterCount}.</summary>"
            : $"/// <summary>The number of [Param] members: {ParameterCount}.</summary>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public int ParameterCount => {ParameterCount};");
        w.WriteLine();

        w.WriteLine($"/// <summary>The parameters in declaration order, the order of every gradient span: {Xml(string.Join(", ", _spec.Parameters.Select(p => p.Name)))}.</summary>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public global::System.Collections.Generic.IReadOnlyList<string> ParameterNames => __parameterNames;");
        w.WriteLine();

        string intermediates = _plan.Intermediates.Count == 0 ? "none" : string.Join(", ", _plan.Intermediates.Select(n => n.Name));
        w.WriteLine($"/// <summary>The named locals of {Xml(_lossName)}, in the order <see cref=\"{EvaluateCref()}\"/> writes them: {Xml(intermediates)}.</summary>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public global::System.Collections.Generic.IReadOnlyList<string> IntermediateNames => __intermediateNames;");
        w.WriteLine();

        w.WriteLine($"/// <summary>The closed form of ∂{Xml(_lossName)}/∂θ for every parameter θ, as derived at build time.</summary>");
        WriteDerivationRemarks(full: true);
        WriteGeneratedCodeAttribute();
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.Derivative> Derivatives { get; } = global::System.Array.AsReadOnly(new global::SymbolicGd.Derivative[]");
        w.OpenBrace();
        for (int i = 0; i < _spec.Parameters.Count; i++)
        {
            w.WriteLine($"new global::SymbolicGd.Derivative({Literal(_lossName)}, {Literal(_plan.DerivativeName(i))}, {Literal(_plan.DerivativeFormulas[i])}),");
        }

        WriteResidualDerivatives();

        w.CloseBrace(");");
        w.WriteLine();

        WriteSummary(w, _plan.Summary, "its parameters, and the operations of " + _lossName + " and of Backward (the loss's included), counted as in the cost of <see cref=\"" + BackwardCref() + "\"/>");
    }

    /// <summary>The names of a model with array parameters, made by loops (<c>w[3]</c>, <c>W[1,2]</c>), so that the
    /// generated file does not grow with the arrays' lengths.</summary>
    private void WriteArrayParameterNames()
    {
        var w = _writer;
        w.WriteLine("private static readonly global::System.Collections.Generic.IReadOnlyList<string> __parameterNames = __NameParameters();");
        w.WriteLine();
        WriteGeneratedCodeAttribute();
        w.WriteLine("private static global::System.Collections.Generic.IReadOnlyList<string> __NameParameters()");
        w.OpenBrace();
        w.WriteLine($"var names = new string[{ParameterCount}];");
        for (int p = 0; p < _spec.Parameters.Count; p++)
        {
            var parameter = _spec.Parameters[p];
            int offset = Offset(p);
            string name = Literal(parameter.Name);
            if (!parameter.IsArray)
            {
                w.WriteLine($"names[{offset}] = {name};");
            }
            else if (parameter.Shape.Count == 1)
            {
                w.WriteLine($"for (int i = 0; i < {parameter.Shape[0]}; i++) names[{offset} + i] = {Literal(parameter.Name + "[")} + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"]\";");
            }
            else
            {
                int columns = parameter.Shape[1];
                w.WriteLine($"for (int i = 0; i < {parameter.Shape[0]}; i++)");
                w.OpenBrace();
                w.WriteLine($"for (int j = 0; j < {columns}; j++) names[{offset} + i * {columns} + j] = {Literal(parameter.Name + "[")} + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \",\" + j.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"]\";");
                w.CloseBrace();
            }
        }

        w.WriteLine("return global::System.Array.AsReadOnly(names);");
        w.CloseBrace();
        w.WriteLine();
    }

    /// <summary>Writes the static <c>Summary</c>: a string constant, its lines in the docs too.</summary>
    internal static void WriteSummary(SourceWriter w, IReadOnlyList<string> lines, string what)
    {
        w.WriteLine($"/// <summary>A summary of the model, like Keras's <c>model.summary()</c>: {what}.</summary>");
        w.WriteLine("/// <remarks>");
        w.WriteLine("/// <code>");
        foreach (string line in lines)
        {
            w.WriteLine("/// " + Xml(line));
        }

        w.WriteLine("/// </code>");
        w.WriteLine("/// </remarks>");
        w.WriteLine(GeneratedCodeAttribute);
        w.WriteLine("public static string Summary => " + Literal(string.Join("\n", lines)).Replace("\n", "\\n") + ";");
        w.WriteLine();
    }

    private void WriteValueAndGradient()
    {
        var w = _writer;
        var used = new UniqueNames(_spec.Loss.Arguments);
        string gradient = used.Unique("gradient");
        string value = used.Unique("value");

        bool stack = ParameterCount <= StackallocLimit && !_plan.IsLoopProgram;
        if (ParameterCount > StackallocLimit && !_plan.IsLoopProgram)
        {
            w.WriteLine("[global::System.ThreadStatic]");
            WriteGeneratedCodeAttribute();
            w.WriteLine("private static double[]? __gradientBuffer;");
            w.WriteLine();
        }

        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} and its gradient at the current parameters.</summary>");
        WriteDerivationRemarks();
        WriteDataParameterDocs();
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}, and ∂{Xml(_lossName)}/∂θ for every parameter θ.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public (double Value, Gradient Gradient) ValueAndGradient({DataParameters()})");
        w.OpenBrace();
        if (_plan.IsLoopProgram)
        {
            // The Gradient holds arrays, allocated anyway: the span is one more array, whatever the length.
            w.WriteLine($"global::System.Span<double> {gradient} = new double[{ParameterCount}];");
        }
        else if (stack)
        {
            w.WriteLine($"global::System.Span<double> {gradient} = stackalloc double[{ParameterCount}];");
            w.WriteLine($"{gradient}.Clear();");
        }
        else
        {
            // Too large for the stack: one buffer per thread, allocated on the first call, so calls do not allocate.
            w.WriteLine($"global::System.Span<double> {gradient} = {_plan.FullTypeReference}.__gradientBuffer ??= new double[{ParameterCount}];");
            w.WriteLine($"{gradient}.Clear();");
        }

        string arguments = string.Join(", ", _spec.Loss.Arguments.Select(Identifier.Escape).Concat(new[] { gradient }));
        w.WriteLine($"double {value} = this.Backward({arguments});"); // this.: a data argument may be named Backward
        string components = _plan.IsLoopProgram
            ? string.Join(", ", Enumerable.Range(0, _spec.Parameters.Count).Select(i => _spec.Parameters[i].IsArray
                ? $"{gradient}.Slice({Offset(i)}, {_spec.Parameters[i].Length}).ToArray()"
                : $"{gradient}[{Offset(i)}]"))
            : string.Join(", ", Enumerable.Range(0, ParameterCount).Select(i => $"{gradient}[{i}]"));
        w.WriteLine($"return ({value}, new Gradient({components}));");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteBackward()
    {
        var w = _writer;
        var backward = _plan.Backward;
        if (backward.UsesTape)
        {
            w.WriteLine("/// <summary>Backward's tape: the values its forward sweep overwrites that its reverse sweep needs back, one buffer per thread, grown on the first call that needs more.</summary>");
            w.WriteLine("[global::System.ThreadStatic]");
            WriteGeneratedCodeAttribute();
            w.WriteLine("private static double[] __tape;");
            w.WriteLine();
        }

        string gradient = backward.GradientArgument;
        var cost = _plan.Cost;
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} and adds ∂{Xml(_lossName)}/∂θ for every parameter θ to <paramref name=\"{gradient}\"/>." +
            FormattableString.Invariant($" Cost: {cost.Backward:N0} operations, the loss's {cost.Loss:N0} included: {cost.Ratio:F1}× the loss (reverse mode's bound is about 4–5×).</summary>"));
        WriteDerivationRemarks();
        WriteDataParameterDocs();
        w.WriteLine($"/// <param name=\"{gradient}\">One element per parameter, in declaration order ({Xml(string.Join(", ", _spec.Parameters.Select(p => p.Name)))}). The derivatives are added to it, so calls over a batch accumulate.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"{gradient}\"/> is not {ParameterCount}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Backward({DataParameters(trailing: "global::System.Span<double> " + gradient)})");
        w.OpenBrace();
        WriteLengthCheck(BackwardCheck);
        if (backward.UnsharedLocals is int unshared)
        {
            w.WriteLine(FormattableString.Invariant(
                $"// Generated temporaries share locals once no longer needed: one each would be {unshared:N0} locals, past the 65,534 .NET allows in a method."));
        }

        StatementWriter.Write(w, backward.Statements);
        w.WriteLine($"return {backward.ReturnValue};");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteEvaluate()
    {
        var w = _writer;
        var evaluate = _plan.Evaluate;
        string intermediates = evaluate.IntermediatesArgument;
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} and writes the value of every named local to <paramref name=\"{intermediates}\"/>, in the order of <see cref=\"IntermediateNames\"/>.</summary>");
        WriteDerivationRemarks();
        WriteDataParameterDocs();
        w.WriteLine($"/// <param name=\"{intermediates}\">One element per name in <see cref=\"IntermediateNames\"/>; a local on a branch not taken is NaN.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"{intermediates}\"/> is not {_plan.Intermediates.Count}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Evaluate({DataParameters(trailing: "global::System.Span<double> " + intermediates)})");
        w.OpenBrace();
        WriteLengthCheck(EvaluateCheck);
        if (evaluate.FillsWithNaN)
        {
            w.WriteLine($"{intermediates}.Fill(double.NaN); // locals on a branch not taken keep NaN");
        }

        StatementWriter.Write(w, evaluate.Leaves);
        StatementWriter.Write(w, evaluate.Statements);
        w.WriteLine($"return {evaluate.ReturnValue};");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteParameterAccess()
    {
        var w = _writer;
        w.WriteLine("/// <summary>Copies the parameters, in declaration order, to <paramref name=\"destination\"/>.</summary>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"destination\"/> is not {ParameterCount}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public void CopyParametersTo(global::System.Span<double> destination)");
        w.OpenBrace();
        WriteLengthCheck(CopyParametersToCheck);
        for (int i = 0; i < _spec.Parameters.Count; i++)
        {
            WriteParameterCopy(i, toSpan: true);
        }

        w.CloseBrace();
        w.WriteLine();

        w.WriteLine("/// <summary>Sets every parameter from <paramref name=\"values\"/>, in declaration order.</summary>");
        w.WriteLine($"/// <exception cref=\"global::System.ArgumentException\">The length of <paramref name=\"values\"/> is not {ParameterCount}.</exception>");
        WriteGeneratedCodeAttribute();
        w.WriteLine("public void SetParameters(global::System.ReadOnlySpan<double> values)");
        w.OpenBrace();
        WriteLengthCheck(SetParametersCheck);
        for (int i = 0; i < _spec.Parameters.Count; i++)
        {
            WriteParameterCopy(i, toSpan: false);
        }

        w.CloseBrace();
    }

    /// <summary>One parameter between the model and a span (destination or values): an element of a double[,] at
    /// offset + row × columns + column.</summary>
    private void WriteParameterCopy(int parameter, bool toSpan)
    {
        var w = _writer;
        var spec = _spec.Parameters[parameter];
        string member = "this." + Identifier.Escape(spec.Name);
        int offset = Offset(parameter);
        if (!spec.IsArray)
        {
            w.WriteLine(toSpan ? $"destination[{offset}] = {member};" : $"{member} = values[{offset}];");
        }
        else if (spec.Shape.Count == 1)
        {
            w.WriteLine(toSpan
                ? $"new global::System.ReadOnlySpan<double>({member}, 0, {spec.Length}).CopyTo(destination.Slice({offset}, {spec.Length}));"
                : $"values.Slice({offset}, {spec.Length}).CopyTo(new global::System.Span<double>({member}, 0, {spec.Length}));");
        }
        else
        {
            int columns = spec.Shape[1];
            w.WriteLine($"for (int row = 0; row < {spec.Shape[0]}; row++)");
            w.OpenBrace();
            w.WriteLine($"for (int column = 0; column < {columns}; column++)");
            w.OpenBrace();
            string index = $"{offset} + row * {columns} + column";
            w.WriteLine(toSpan ? $"destination[{index}] = {member}[row, column];" : $"{member}[row, column] = values[{index}];");
            w.CloseBrace();
            w.CloseBrace();
        }
    }

    private void WriteInterfaceImplementation()
    {
        var w = _writer;
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("global::System.Collections.Generic.IReadOnlyList<global::SymbolicGd.Derivative> global::SymbolicGd.IDifferentiable.Derivatives => Derivatives;");
        string loss = _spec.LossCall ?? Identifier.Escape(_spec.Loss.Name);
        if (!HasData)
        {
            w.WriteLine();
            w.WriteLine("/// <inheritdoc/>");
            w.WriteLine($"double global::SymbolicGd.IDifferentiableLoss.Loss() => {loss}();");
            return;
        }

        string fromSample = string.Join(", ", _spec.Loss.Arguments.Select(a => "sample." + Identifier.Escape(a)));
        w.WriteLine();
        if (_plan.Residual is null)
        {
            w.WriteLine($"/// <summary>The loss {Xml(_lossName)} of one sample: <see cref=\"{LossCref()}\"/> with the sample's values.</summary>");
            w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
            w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
            WriteGeneratedCodeAttribute();
            w.WriteLine($"public double Loss(in Sample sample) => {loss}({fromSample});");
        }
        else
        {
            WriteResidualSampleLoss(loss, fromSample);
        }

        w.WriteLine();
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} for one sample and adds ∂{Xml(_lossName)}/∂θ for every parameter θ to <paramref name=\"gradient\"/>.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine("/// <param name=\"gradient\">One element per parameter, in declaration order; the derivatives are added to it.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Backward(in Sample sample, global::System.Span<double> gradient) => Backward({fromSample}, gradient);");
        w.WriteLine();
        w.WriteLine($"/// <summary>Computes {Xml(_lossName)} for one sample and writes the value of every named local to <paramref name=\"intermediates\"/>.</summary>");
        w.WriteLine("/// <param name=\"sample\">The data the loss is evaluated at.</param>");
        w.WriteLine("/// <param name=\"intermediates\">One element per name in <see cref=\"IntermediateNames\"/>.</param>");
        w.WriteLine($"/// <returns>The value of {Xml(_lossName)}.</returns>");
        WriteGeneratedCodeAttribute();
        w.WriteLine($"public double Evaluate(in Sample sample, global::System.Span<double> intermediates) => Evaluate({fromSample}, intermediates);");
        WriteResidualInterfaceMembers(loss, fromSample);
    }

    // ---- Length checks ------------------------------------------------------------------------------------

    /// <summary>
    /// Writes <c>if (argument.Length != length) __ThrowMethodLengthMismatch(argument.Length);</c>; the helper, one per
    /// method, is written by <see cref="WriteThrowHelpers"/>.
    /// </summary>
    /// <remarks>
    /// The shape is the one a careful hand-written gradient uses, and each part was checked in the JIT's output
    /// (bench/README.md, "Backward against the same gradient written by hand"). The helper only throws and is not
    /// marked NoInlining, so the optimizing JIT sees that it never returns: past the check the length is the constant
    /// and the stores to the span have no bounds checks (a NoInlining helper hid that, and each store kept its check).
    /// It takes the length alone, its message being its own: string literals on this cold path are each loaded
    /// through a runtime call, which made the method hold the length in callee-saved registers and push and pop them
    /// on every call. It is a call, not <c>throw helper(...)</c> here: a method whose only branch ends in a throw gets
    /// no profile from the instrumented tier, and without one the JIT stopped inlining Sigmoid into the network's
    /// Backward. Formatting the message inline made every call zero a stack slot and run vzeroupper.
    /// </remarks>
    private void WriteLengthCheck(LengthCheck check)
    {
        var w = _writer;
        w.WriteLine($"if ({check.Argument}.Length != {check.Length})");
        w.OpenBrace();
        w.WriteLine($"{check.Helper}({check.Argument}.Length);");
        w.CloseBrace();
        w.WriteLine();
    }

    private void WriteThrowHelpers()
    {
        var w = _writer;
        foreach (var check in LengthChecks())
        {
            w.WriteLine();
            WriteGeneratedCodeAttribute();
            w.WriteLine($"private static void {check.Helper}(int length) =>");
            w.Indent();
            string count = check.Length == 1 ? "1 " + check.What.TrimEnd('s') : $"{check.Length} {check.What}";
            string expected = _spec.Type.Name + " has " + count;
            string message = Literal(check.Argument + " has length {length}; " + expected.Replace("{", "{{").Replace("}", "}}") + ".");
            w.WriteLine($"throw new global::System.ArgumentException(${message}, {Literal(check.Argument)});");
            w.Unindent();
        }
    }

    private LengthCheck BackwardCheck => new("Backward", _plan.Backward.GradientArgument, ParameterCount, "parameters");

    private LengthCheck EvaluateCheck => new("Evaluate", _plan.Evaluate.IntermediatesArgument, _plan.Intermediates.Count, "named locals");

    private LengthCheck CopyParametersToCheck => new("CopyParametersTo", "destination", ParameterCount, "parameters");

    private LengthCheck SetParametersCheck => new("SetParameters", "values", ParameterCount, "parameters");

    /// <summary>A method's check of a span's length: the span, the length it must have, and what it counts.</summary>
    private readonly record struct LengthCheck(string Method, string Argument, int Length, string What)
    {
        /// <summary>The method's throw helper, which alone formats the message.</summary>
        public string Helper => "__Throw" + Method + "LengthMismatch";
    }

    // ---- Documentation ----------------------------------------------------------------------------------------

    /// <param name="full">The whole derivation (on Derivatives); elsewhere a long one is only referred to.</param>
    private void WriteDerivationRemarks(bool full = false)
    {
        var w = _writer;
        var derivation = Derivation;
        if (!full && derivation.Count > MaxRepeatedDerivationLines)
        {
            w.WriteLine($"/// <remarks>The derivation, {derivation.Count.ToString("N0", CultureInfo.InvariantCulture)} lines, is in the remarks of <see cref=\"Derivatives\"/>.</remarks>");
            return;
        }

        w.WriteLine("/// <remarks>");
        w.WriteLine("/// <code>");
        foreach (string line in derivation)
        {
            w.WriteLine("/// " + Xml(SourceWriter.Abbreviate(line, MaxDerivationLineLength)));
        }

        w.WriteLine("/// </code>");
        w.WriteLine("/// </remarks>");
    }

    private void WriteDataParameterDocs()
    {
        foreach (string argument in _spec.Loss.Arguments)
        {
            _writer.WriteLine($"/// <param name=\"{argument}\">The argument <c>{argument}</c> of {Xml(_spec.Loss.Name)}.</param>");
        }
    }

    private void WriteGeneratedCodeAttribute() => _writer.WriteLine(GeneratedCodeAttribute);

    private string EvaluateCref() =>
        "Evaluate(" + string.Concat(Enumerable.Range(0, _spec.Loss.Arguments.Count).Select(i => ArgumentType(_spec.Loss.KindOf(i)) + ", ")) + "global::System.Span{double})";

    private string BackwardCref() =>
        "Backward(" + string.Concat(Enumerable.Range(0, _spec.Loss.Arguments.Count).Select(i => ArgumentType(_spec.Loss.KindOf(i)) + ", ")) + "global::System.Span{double})";

    private string LossCref()
    {
        string member = _spec.LossCref ?? Identifier.Escape(_spec.Loss.Name);
        if (_spec.LossCref is null && _spec.Loss.Arguments.Contains(_spec.Loss.Name))
        {
            // A data argument of the method's own name (double R(double t, double R)) is a member of Sample and a
            // parameter of the generated methods: there the bare name would mean it, so the cref names the type.
            member = _plan.FullTypeReference.Replace('<', '{').Replace('>', '}') + "." + member;
        }

        return member + "(" + string.Join(", ", Enumerable.Range(0, _spec.Loss.Arguments.Count).Select(i => ArgumentType(_spec.Loss.KindOf(i)))) + ")";
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private string DataParameters(string? trailing = null)
    {
        var parts = _spec.Loss.Arguments.Select((a, i) => ArgumentType(_spec.Loss.KindOf(i)) + " " + Identifier.Escape(a)).ToList();
        if (trailing is not null)
        {
            parts.Add(trailing);
        }

        return string.Join(", ", parts);
    }

    private static string Literal(string text) => GeneratedText.Literal(text);

    private static string Xml(string text) => GeneratedText.Xml(text);
}
