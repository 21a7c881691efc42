using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymbolicGd.Generator.Shared;

namespace SymbolicGd.Generator.Scalar;

/// <summary>The arrays and loops of a loss: local arrays, elements, indices, for and foreach loops.</summary>
internal sealed partial class FunctionParser
{
    /// <summary>The length of <c>new double[N]</c> (N a constant), or -1.</summary>
    private static int LocalArrayLength(IOperation? initializer)
    {
        if (Unwrap(initializer) is IArrayCreationOperation { DimensionSizes: { Length: 1 } sizes } creation &&
            sizes[0].ConstantValue is { HasValue: true, Value: int length } && length >= 0)
        {
            return creation.Initializer is null || creation.Initializer.ElementValues.Length == length ? length : -1;
        }

        return -1;
    }

    private void ForLoop(IForLoopOperation loop, List<int> into)
    {
        var syntax = (ForStatementSyntax)loop.Syntax;
        string describe = "for (" + Describe(syntax.Declaration ?? (SyntaxNode)syntax) + "; …)";

        // for (int i = start; …
        if (loop.Before.Length != 1 ||
            loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations } ||
            declarations[0].Declarators.Length != 1 ||
            declarations[0].Declarators[0] is not { Symbol: { Type.SpecialType: SpecialType.System_Int32 } counter } declarator ||
            (declarator.Initializer?.Value ?? declarations[0].Initializer?.Value)?.ConstantValue is not { HasValue: true, Value: int start })
        {
            Diagnostics.Add(Shared.Diagnostics.LoopShapeNotSupported, Keyword(syntax), describe, "the loop must declare one int counter that starts at a constant");
            return;
        }

        // … i < bound; …
        string? bound = null;
        int end = -1;
        if (loop.Condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual } test &&
            test.LeftOperand is ILocalReferenceOperation left && SymbolEqualityComparer.Default.Equals(left.Local, counter))
        {
            bool inclusive = test.OperatorKind == BinaryOperatorKind.LessThanOrEqual;
            var right = test.RightOperand;
            if (right.ConstantValue is { HasValue: true, Value: int constant })
            {
                end = inclusive ? constant + 1 : constant;
                bound = end.ToString(CultureInfo.InvariantCulture);
            }
            else if (!inclusive && right is IPropertyReferenceOperation { Property.Name: "Length", Instance: { } array } && ArrayLength(array) is var (text, length))
            {
                bound = length >= 0 ? length.ToString(CultureInfo.InvariantCulture) : text;
                end = length;
            }
        }

        if (bound is null)
        {
            Diagnostics.Add(Shared.Diagnostics.LoopShapeNotSupported, (SyntaxNode?)syntax.Condition ?? syntax, describe,
                $"the condition must be '{counter.Name} < bound', the bound a constant, a const or an array's Length (or '{counter.Name} <= constant')");
            return;
        }

        // … i++)
        bool stepsByOne = loop.AtLoopBottom.Length == 1 && loop.AtLoopBottom[0] is IExpressionStatementOperation { Operation: var step } && step switch
        {
            IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation target } => SymbolEqualityComparer.Default.Equals(target.Local, counter),
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation target, Value.ConstantValue: { HasValue: true, Value: 1 } } => SymbolEqualityComparer.Default.Equals(target.Local, counter),
            _ => false,
        };
        if (!stepsByOne)
        {
            Diagnostics.Add(Shared.Diagnostics.LoopShapeNotSupported, syntax.Incrementors.Count > 0 ? syntax.Incrementors[0] : syntax, describe,
                $"the counter must go up by one ({counter.Name}++)");
            return;
        }

        int trips = end < 0 ? -1 : System.Math.Max(0, end - start);
        string name = CounterName(counter.Name);
        _counters[counter] = new LoopCounter(name, start, trips);
        _loops.Add(syntax);
        _loopDepth++;
        var body = Branch(loop.Body);
        _loopDepth--;
        into.Add(AddStatement(StatementKind.For, name, then: body, loop: new LoopSpec(name, start, bound, trips)));
    }

    private void ForEachLoop(IForEachLoopOperation loop, List<int> into)
    {
        var syntax = (CommonForEachStatementSyntax)loop.Syntax;
        var collection = loop.Collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : loop.Collection;
        if (collection is not IParameterReferenceOperation { Parameter: var array } || !IsDoubleArray(array.Type) ||
            loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { Type.SpecialType: SpecialType.System_Double } value })
        {
            Diagnostics.Add(Shared.Diagnostics.LoopShapeNotSupported, Keyword(syntax), "foreach (" + Describe(loop.Collection.Syntax) + ")",
                "foreach runs over a double[] argument of the loss, with a double variable");
            return;
        }

        string counter = CounterName(value.Name + "Index");
        _foreachValues[value] = (array.Name, counter);
        _loops.Add(syntax);
        _loopDepth++;
        var body = Branch(loop.Body);
        _loopDepth--;
        into.Add(AddStatement(StatementKind.For, counter, then: body, loop: new LoopSpec(counter, 0, array.Name + ".Length", -1)));
    }

    /// <summary>A counter's name in generated code: sibling loops may reuse one, but no other local or argument has it.</summary>
    private string CounterName(string name)
    {
        _counterNames.Add(name);
        return name;
    }

    /// <summary>A return before a loop would end the loss part-way through a loop program: reported on the return.</summary>
    private void ReportReturnsBeforeLoops()
    {
        if (_loops.Count == 0)
        {
            return;
        }

        int lastLoop = _loops.Max(l => l.SpanStart);
        foreach (var returned in _returns.Where(r => r.SpanStart < lastLoop))
        {
            Diagnostics.Add(Shared.Diagnostics.ControlFlowWithLoops, Keyword(returned), "return",
                "before a loop is not supported: compute the value in a local, and return once, after the last loop");
        }
    }

    /// <summary>The element an assignment writes (a local array's), or null after reporting why it cannot.</summary>
    private (string Array, string Index)? ElementTarget(IArrayElementReferenceOperation element)
    {
        if (element.ArrayReference is not ILocalReferenceOperation { Local: var local } || !_localArrays.TryGetValue(local, out int length))
        {
            string what = element.ArrayReference switch
            {
                IParameterReferenceOperation => "is data, which the loss reads and never writes",
                IFieldReferenceOperation or IPropertyReferenceOperation => "is a member: a loss writes only its locals (SetParameters and the optimizers write the parameters)",
                _ => "is not an element of a local array",
            };
            Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, element.Syntax, Describe(element.Syntax), what);
            return null;
        }

        return Indices(element, new[] { length }, local.Name) is { } index ? (LocalKey(local), index) : null;
    }

    /// <summary>An element read: of a [Param] array, a data argument, or a local array.</summary>
    private int Element(IArrayElementReferenceOperation element)
    {
        if (!_isLoss)
        {
            Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, element.Syntax, Describe(element.Syntax),
                "is an array element read in a method the loss calls (only the loss itself reads arrays: pass the element as an argument)");
            return Placeholder();
        }

        string? index;
        switch (element.ArrayReference)
        {
            case IFieldReferenceOperation { Field: var field } when _context.ParameterIndex.TryGetValue(field.OriginalDefinition, out int parameter):
                index = Indices(element, _context.ParameterShapes[field.OriginalDefinition], field.Name);
                return index is null ? Placeholder() : Add(ExprKind.Element, parameter, name: field.Name, code: index);

            case IParameterReferenceOperation { Parameter: var argument } when IsDoubleArray(argument.Type):
                index = Indices(element, null, argument.Name);
                return index is null ? Placeholder() : Add(ExprKind.Element, name: argument.Name, code: index);

            case ILocalReferenceOperation { Local: var local } when _localArrays.TryGetValue(local, out int length):
                index = Indices(element, new[] { length }, local.Name);
                return index is null ? Placeholder() : Add(ExprKind.Element, name: LocalKey(local), code: index);

            default:
                Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, element.Syntax, Describe(element.Syntax),
                    "is not an element of a [Param] array, a double[] argument or a local array");
                return Placeholder();
        }
    }

    /// <summary>The indices of an element as C# writes them (<c>k, j</c>), each checked against its length when both
    /// are known; null after a diagnostic.</summary>
    private string? Indices(IArrayElementReferenceOperation element, IReadOnlyList<int>? shape, string array)
    {
        var parts = new List<string>();
        for (int d = 0; d < element.Indices.Length; d++)
        {
            if (IndexText(element.Indices[d]) is not { } index)
            {
                return null;
            }

            if (shape is not null && index.Min is int min && index.Max is int max && (min < 0 || max >= shape[d]))
            {
                int reached = min < 0 ? min : max;
                Diagnostics.Add(Shared.Diagnostics.IndexOutOfRange, element.Indices[d].Syntax, Describe(element.Indices[d].Syntax),
                    reached.ToString(CultureInfo.InvariantCulture), array, shape[d].ToString(CultureInfo.InvariantCulture));
                return null;
            }

            parts.Add(index.Text);
        }

        return string.Join(", ", parts);
    }

    /// <summary>Whether an int expression is one an index can be: counters, int arguments, lengths, constants, + − ×.</summary>
    private bool IsIntegerExpression(IOperation operation) => operation switch
    {
        { ConstantValue: { HasValue: true, Value: int } } => true,
        ILocalReferenceOperation local => _counters.ContainsKey(local.Local),
        IParameterReferenceOperation parameter => parameter.Parameter.Type.SpecialType == SpecialType.System_Int32,
        IPropertyReferenceOperation { Property.Name: "Length", Instance: { } array } => ArrayLength(array) is not null,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply, OperatorMethod: null } binary =>
            IsIntegerExpression(binary.LeftOperand) && IsIntegerExpression(binary.RightOperand),
        _ => false,
    };

    /// <summary>An int expression as generated code writes it, with its least and greatest values when known at build
    /// time; null after reporting SGD0062.</summary>
    private (string Text, int? Min, int? Max)? IndexText(IOperation operation)
    {
        switch (operation)
        {
            case { ConstantValue: { HasValue: true, Value: int constant } }:
                return (constant.ToString(CultureInfo.InvariantCulture), constant, constant);

            case ILocalReferenceOperation local when _counters.TryGetValue(local.Local, out var counter):
                return counter.Trips > 0
                    ? (counter.Name, counter.Start, counter.Start + counter.Trips - 1)
                    : (counter.Name, counter.Trips == 0 ? null : counter.Start, null);

            case IParameterReferenceOperation parameter when parameter.Parameter.Type.SpecialType == SpecialType.System_Int32:
                return (parameter.Parameter.Name, null, null);

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } array } when ArrayLength(array) is var (text, length):
                return length >= 0 ? (length.ToString(CultureInfo.InvariantCulture), length, length) : (text, null, null);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply, OperatorMethod: null } binary
                when IsIntegerExpression(binary):
                var left = IndexText(binary.LeftOperand)!.Value;
                var right = IndexText(binary.RightOperand)!.Value;
                string symbol = binary.OperatorKind switch { BinaryOperatorKind.Add => "+", BinaryOperatorKind.Subtract => "-", _ => "*" };
                string rightText = binary.RightOperand is IBinaryOperation && binary.OperatorKind != BinaryOperatorKind.Add ? "(" + right.Text + ")" : right.Text;
                string leftText = binary.LeftOperand is IBinaryOperation { OperatorKind: not BinaryOperatorKind.Multiply } && binary.OperatorKind == BinaryOperatorKind.Multiply ? "(" + left.Text + ")" : left.Text;
                int? min = null, max = null;
                if (left is { Min: int a, Max: int b } && right is { Min: int c, Max: int d })
                {
                    var corners = new[] { a * c, a * d, b * c, b * d };
                    (min, max) = binary.OperatorKind switch
                    {
                        BinaryOperatorKind.Add => (a + c, b + d),
                        BinaryOperatorKind.Subtract => (a - d, b - c),
                        _ => (corners.Min(), corners.Max()),
                    };
                }
                return ($"{leftText} {symbol} {rightText}", min, max);

            default:
                Diagnostics.Add(Shared.Diagnostics.IndexNotSupported, operation.Syntax, Describe(operation.Syntax));
                return null;
        }
    }

    /// <summary>An array whose Length is read: its text (<c>x.Length</c>) and its length (-1 for data), or null.</summary>
    private (string Text, int Length)? ArrayLength(IOperation array)
    {
        switch (array)
        {
            case IParameterReferenceOperation { Parameter: var argument } when IsDoubleArray(argument.Type) && _isLoss:
                return (argument.Name + ".Length", -1);
            case ILocalReferenceOperation { Local: var local } when _localArrays.TryGetValue(local, out int length):
                return (local.Name + ".Length", length);
            case IFieldReferenceOperation { Field: var field } when _context.ParameterShapes.TryGetValue(field.OriginalDefinition, out var shape):
                return (field.Name + ".Length", shape.Aggregate(1, (a, b) => a * b));
            default:
                return null;
        }
    }
}
