using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymbolicGd.Generator.CodeGen;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;

namespace SymbolicGd.Generator.Scalar;

/// <summary>
/// Reads one method of the differentiable language (the loss, or a method it calls) from Roslyn's operation tree
/// into a <see cref="FunctionSpec"/>. Every construct outside the language becomes a diagnostic on the exact
/// syntax that uses it; parsing goes on so one build reports them all.
/// </summary>
internal sealed partial class FunctionParser
{
    private readonly Context _context;
    private readonly IMethodSymbol _method;
    private readonly List<ExprNode> _expressions = new();
    private readonly List<StatementNode> _statements = new();
    private readonly Dictionary<ILocalSymbol, string> _locals = new(SymbolEqualityComparer.Default);
    private readonly UniqueNames _localKeys = new(Array.Empty<string>(), separator: "#");

    private readonly bool _isLoss;

    // Arrays and loops (the loss only): the local arrays and their lengths, the loop counters, the variables of
    // foreach loops (each an element of the array it runs over), and how deep in loops and ifs the walk is.
    private readonly Dictionary<ILocalSymbol, int> _localArrays = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, LoopCounter> _counters = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, (string Array, string Counter)> _foreachValues = new(SymbolEqualityComparer.Default);
    private readonly List<SyntaxNode> _returns = new();
    private readonly List<SyntaxNode> _loops = new();
    private readonly HashSet<string> _counterNames = new(StringComparer.Ordinal);
    private int _loopDepth;
    private int _branchDepth;

    private FunctionParser(Context context, IMethodSymbol method, bool isLoss = false)
    {
        _context = context;
        _method = method;
        _isLoss = isLoss;
    }

    /// <summary>A loop counter: its name, its first value and how many values it takes (-1: a data array's length).</summary>
    private sealed record LoopCounter(string Name, int Start, int Trips);

    /// <summary>The kind of a loss argument of this type, or null if a loss cannot take it.</summary>
    private static ArgumentKind? ArgumentKindOf(ITypeSymbol type) => type switch
    {
        { SpecialType: SpecialType.System_Double } => ArgumentKind.Double,
        { SpecialType: SpecialType.System_Int32 } => ArgumentKind.Integer,
        IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double } => ArgumentKind.DoubleArray,
        _ => null,
    };

    private static bool IsDoubleArray(ITypeSymbol? type, int rank = 1) =>
        type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double } array && array.Rank == rank;

    /// <summary>What the functions of one model share: the model, its parameters, the helpers found so far.</summary>
    internal sealed class Context
    {
        private readonly Dictionary<IMethodSymbol, int> _helperIndex = new(SymbolEqualityComparer.Default);
        private readonly List<FunctionSpec?> _helpers = new();
        private readonly List<IMethodSymbol> _callStack = new();

        public Context(
            Compilation compilation,
            INamedTypeSymbol model,
            IMethodSymbol loss,
            Dictionary<ISymbol, int> parameterIndex,
            DiagnosticBag diagnostics,
            CancellationToken cancellationToken)
        {
            Compilation = compilation;
            Model = model;
            Loss = loss;
            ParameterIndex = parameterIndex;
            Diagnostics = diagnostics;
            CancellationToken = cancellationToken;
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol Model { get; }

        public IMethodSymbol Loss { get; }

        public Dictionary<ISymbol, int> ParameterIndex { get; }

        /// <summary>The shapes of the [Param] arrays (a double[]: its length; a double[,]: both lengths).</summary>
        public Dictionary<ISymbol, int[]> ParameterShapes { get; } = new(SymbolEqualityComparer.Default);

        public DiagnosticBag Diagnostics { get; }

        public CancellationToken CancellationToken { get; }

        public IEnumerable<FunctionSpec> Helpers => _helpers.Select(h => h!);

        private readonly Dictionary<IMethodSymbol, Op?> _supportedFunctions = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// <see cref="SupportedFunctions.Lookup"/>, once per distinct method: a long loss calls the same few
        /// functions thousands of times, and the lookup formats the containing type's name.
        /// </summary>
        public Op? SupportedFunction(IMethodSymbol method)
        {
            if (!_supportedFunctions.TryGetValue(method, out var function))
            {
                function = SupportedFunctions.Lookup(method);
                _supportedFunctions.Add(method, function);
            }

            return function;
        }

        /// <summary>The mutable non-[Param] members already reported as read (SGD0029): once per member.</summary>
        public HashSet<string> ReportedConstants { get; } = new(StringComparer.Ordinal);

        public FunctionSpec? ParseLoss()
        {
            var method = Loss.PartialImplementationPart ?? Loss;
            var declaration = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(CancellationToken) as MethodDeclarationSyntax;
            if (declaration is null)
            {
                return null;
            }

            string? problem = Loss switch
            {
                { IsStatic: true } => "is static (it must read the model's instance parameters)",
                { IsGenericMethod: true } => "is generic",
                { ReturnsByRef: true } or { ReturnsByRefReadonly: true } => "returns by reference",
                { IsAbstract: true } or { IsExtern: true } => "has no body",
                _ when declaration.Body is null && declaration.ExpressionBody is null => "has no body",
                _ => null,
            };
            if (problem is not null)
            {
                Diagnostics.Add(Shared.Diagnostics.InvalidLossMethod, declaration.Identifier, Loss.Name, problem);
                return null;
            }

            if (Loss.ReturnType.SpecialType != SpecialType.System_Double)
            {
                Diagnostics.Add(Shared.Diagnostics.InvalidLossMethod, declaration.ReturnType, Loss.Name, $"returns '{Loss.ReturnType.ToDisplayString()}'");
                return null;
            }

            if (!CheckArguments(method, isLoss: true))
            {
                return null;
            }

            _callStack.Add(Loss);
            var spec = new FunctionParser(this, method, isLoss: true).Parse(declaration);
            _callStack.RemoveAt(_callStack.Count - 1);
            return spec;
        }

        /// <summary>The index of a helper method (parsing it the first time), or -1 after reporting why it cannot be used.</summary>
        public int Helper(IMethodSymbol method, SyntaxNode callSite, string description)
        {
            method = method.OriginalDefinition;
            int onStack = _callStack.FindIndex(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, method));
            if (onStack >= 0)
            {
                string path = string.Join(" → ", _callStack.Skip(onStack).Select(m => m.Name).Concat(new[] { method.Name }));
                Diagnostics.Add(Shared.Diagnostics.Recursion, callSite, method.Name, path);
                return -1;
            }

            if (_helperIndex.TryGetValue(method, out int index))
            {
                return index;
            }

            var implementation = method.PartialImplementationPart ?? method;
            string? problem = method switch
            {
                { IsVirtual: true } or { IsOverride: true } or { IsAbstract: true } => "is virtual, abstract or an override (a derived class could replace it)",
                { IsGenericMethod: true } => "is generic",
                { IsExtern: true } => "has no body",
                { ReturnsByRef: true } or { ReturnsByRefReadonly: true } => "returns by reference",
                _ when method.ReturnType.SpecialType != SpecialType.System_Double => $"returns '{method.ReturnType.ToDisplayString()}'",
                _ => null,
            };

            var body = implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(CancellationToken);
            if (problem is null && !HasBody(body))
            {
                problem = "has no body";
            }

            if (problem is not null)
            {
                Diagnostics.Add(Shared.Diagnostics.UnsupportedHelper, callSite, description, problem);
                return -1;
            }

            if (!CheckArguments(implementation, isLoss: false))
            {
                return -1;
            }

            index = _helpers.Count;
            _helpers.Add(null);
            _helperIndex[method] = index;
            _callStack.Add(method);
            _helpers[index] = new FunctionParser(this, implementation).Parse(body!);
            _callStack.RemoveAt(_callStack.Count - 1);
            return _helpers[index] is null ? -1 : index;
        }

        private static bool HasBody(SyntaxNode? syntax) => syntax switch
        {
            MethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
            AccessorDeclarationSyntax a => a.Body is not null || a.ExpressionBody is not null,
            ArrowExpressionClauseSyntax => true,
            _ => false,
        };

        /// <param name="isLoss">The loss may also take double[] data and int indices; the methods it calls take doubles.</param>
        private bool CheckArguments(IMethodSymbol method, bool isLoss)
        {
            bool valid = true;
            foreach (var parameter in method.Parameters)
            {
                string? problem = parameter switch
                {
                    { RefKind: RefKind.Ref } => "passed by ref",
                    { RefKind: RefKind.Out } => "an out argument",
                    { RefKind: not RefKind.None } => "passed by reference (in)",
                    { IsParams: true } => "a params array",
                    _ when isLoss && ArgumentKindOf(parameter.Type) is not null => null,
                    _ when parameter.Type.SpecialType != SpecialType.System_Double => $"of type '{parameter.Type.ToDisplayString()}'",
                    _ => null,
                };
                if (problem is not null)
                {
                    var syntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(CancellationToken);
                    Diagnostics.Add(Shared.Diagnostics.InvalidArgument, syntax, parameter.Name, method.Name, problem);
                    valid = false;
                }
            }

            return valid;
        }
    }

    private DiagnosticBag Diagnostics => _context.Diagnostics;

    private static bool IsDouble(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Double;

    private static bool IsBool(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Boolean;

    // ---- The body ---------------------------------------------------------------------------------------------

    private FunctionSpec? Parse(SyntaxNode declaration)
    {
        if (declaration.ContainsDiagnostics && declaration.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidCodeException("syntax errors");
        }

        var semanticModel = SemanticModels.ForOperations(_context.Compilation, declaration.SyntaxTree);

        // C# errors are the compiler's to report; past these checks, code the generator cannot lower is a bug of its
        // own (SGD0026). The loss is bound once: errors of binding (an undefined name, a wrong argument) show in the
        // operation tree as invalid operations or error types, which the walk below rejects. Errors of flow analysis
        // (a local read before it is assigned, a path without a return) do not; they are possible only if a local is
        // declared without a value or the body can run off its end, and only then are the diagnostics asked for
        // (binding the body a second time, which for a long loss used to be most of the generator's time).
        var operation = semanticModel.GetOperation(declaration, _context.CancellationToken);
        if (MayHaveFlowErrors(declaration) &&
            semanticModel.GetDiagnostics(declaration.Span, _context.CancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && !IsConditionNotABool(d, declaration)))
        {
            throw new InvalidCodeException("the method has C# errors");
        }

        var body = operation switch
        {
            IMethodBodyOperation methodBody => methodBody.BlockBody ?? methodBody.ExpressionBody,
            IBlockOperation block => block,
            _ => null,
        };
        if (body is null)
        {
            throw new InvalidCodeException("no operation for the body");
        }

        ReportConditionsThatAreNotBools(body);
        var bodyStatements = Block(body.Operations);
        ReportReturnsBeforeLoops();
        var kinds = _method.Parameters.Select(p => (int)(ArgumentKindOf(p.Type) ?? ArgumentKind.Double)).ToList();
        return new FunctionSpec(
            ValueName(_method),
            _method.Parameters.Select(p => p.Name).ToEquatableArray(),
            _expressions.ToEquatableArray(),
            _statements.ToEquatableArray(),
            bodyStatements,
            kinds.All(k => k == (int)ArgumentKind.Double) ? default : kinds.ToEquatableArray());
    }

    /// <summary>
    /// CS0029 on the condition of an <c>if</c> or a <c>?:</c>: a double used as a condition, which binds all the same
    /// and which the walk reports as SGD0033 (see <see cref="Condition"/>), wherever the body's errors are asked for.
    /// </summary>
    private static bool IsConditionNotABool(Diagnostic diagnostic, SyntaxNode declaration) =>
        diagnostic.Id == "CS0029" &&
        declaration.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax condition &&
        condition.Parent switch
        {
            IfStatementSyntax statement => statement.Condition == condition,
            ConditionalExpressionSyntax conditional => conditional.Condition == condition,
            _ => false,
        };

    /// <summary>
    /// The name of the method's value in generated code and formulas: the method's name, a property's for its getter,
    /// and the interface member's for an explicit implementation (whose own name, "ILoss.L", is not an identifier).
    /// </summary>
    internal static string ValueName(IMethodSymbol method) =>
        method.AssociatedSymbol?.Name ?? method.ExplicitInterfaceImplementations.FirstOrDefault()?.Name ?? method.Name;

    /// <summary>
    /// Whether C#'s definite-assignment or reachability rules could reject the method: a local declared without an
    /// initializer, or a block body whose last statement is not a return (or throw), and so may run off its end.
    /// </summary>
    private static bool MayHaveFlowErrors(SyntaxNode declaration)
    {
        var body = declaration switch
        {
            MethodDeclarationSyntax method => method.Body,
            AccessorDeclarationSyntax accessor => accessor.Body,
            _ => null,
        };
        if (body is null)
        {
            return declaration is not (MethodDeclarationSyntax { ExpressionBody: not null } or AccessorDeclarationSyntax { ExpressionBody: not null } or ArrowExpressionClauseSyntax);
        }

        if (body.Statements.LastOrDefault() is not (ReturnStatementSyntax or ThrowStatementSyntax))
        {
            return true;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is VariableDeclaratorSyntax { Initializer: null } or DeclarationExpressionSyntax or LocalFunctionStatementSyntax or GotoStatementSyntax or LabeledStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private EquatableArray<int> Block(IEnumerable<IOperation> operations)
    {
        var indices = new List<int>();
        foreach (var operation in operations)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            Statement(operation, indices);
        }

        return indices.ToEquatableArray();
    }

    private EquatableArray<int> Branch(IOperation? operation)
    {
        if (operation is null)
        {
            return EquatableArray<int>.Empty;
        }

        if (operation is IBlockOperation block)
        {
            return Block(block.Operations);
        }

        var indices = new List<int>();
        Statement(operation, indices);
        return indices.ToEquatableArray();
    }

    private int AddStatement(StatementKind kind, string? target = null, int op = -1, (int Start, int Root)? expression = null,
        EquatableArray<int> then = default, EquatableArray<int> @else = default, string? index = null, LoopSpec? loop = null, int length = 0)
    {
        var (start, root) = expression ?? (-1, -1);
        _statements.Add(new StatementNode(kind, target, op, start, root, then, @else, index, loop, length));
        return _statements.Count - 1;
    }

    /// <summary>Converts an expression and returns its range in the expression list.</summary>
    private (int Start, int Root) Range(IOperation operation)
    {
        int start = _expressions.Count;
        int root = Expression(operation);
        return (start, root);
    }

    private void Statement(IOperation operation, List<int> into)
    {
        switch (operation)
        {
            case IInvalidOperation:
                throw new InvalidCodeException("invalid statement");

            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var local = declarator.Symbol;
                        if (local.IsRef)
                        {
                            Diagnostics.Add(Shared.Diagnostics.RefNotSupported, declarator.Syntax, local.Name);
                            continue;
                        }

                        var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        if (!IsDouble(local.Type) && Unwrap(initializer) is IAnonymousFunctionOperation or IDelegateCreationOperation)
                        {
                            Diagnostics.Add(Shared.Diagnostics.LambdaNotSupported, Unwrap(initializer)!.Syntax, "lambda or anonymous method");
                            continue;
                        }

                        if (IsDoubleArray(local.Type) && _isLoss && Unwrap(initializer) is IArrayCreationOperation { Initializer.ElementValues.Length: > 0 })
                        {
                            Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, declarator.Syntax, local.Name,
                                "is a local array with initial values: declare it with 'new double[N]' and assign its elements");
                            continue;
                        }

                        if (IsDoubleArray(local.Type) && _isLoss && _loopDepth > 0)
                        {
                            Diagnostics.Add(Shared.Diagnostics.ControlFlowWithLoops, declarator.Syntax, local.Name,
                                "is a local array declared inside a loop: declare it before the loop");
                            continue;
                        }

                        if (IsDoubleArray(local.Type) && _isLoss)
                        {
                            int length = LocalArrayLength(initializer);
                            if (length < 0)
                            {
                                Diagnostics.Add(Shared.Diagnostics.ArrayLengthUnknown, declarator.Syntax, local.Name);
                                continue;
                            }

                            _localArrays[local] = length;
                            into.Add(AddStatement(StatementKind.DeclareArray, LocalKey(local), length: length));
                            continue;
                        }

                        if (local.Type is IArrayTypeSymbol)
                        {
                            Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, declarator.Syntax, local.Name,
                                _isLoss ? $"is a {local.Type.ToDisplayString()}" : "is an array in a method the loss calls");
                            continue;
                        }

                        if (!IsDouble(local.Type))
                        {
                            var typeSyntax = (declaration.Syntax as VariableDeclarationSyntax)?.Type ?? declarator.Syntax;
                            Diagnostics.Add(Shared.Diagnostics.NonDoubleType, typeSyntax, local.Name, local.Type.ToDisplayString());
                            continue;
                        }

                        string key = LocalKey(local);
                        into.Add(initializer is null
                            ? AddStatement(StatementKind.Declare, key)
                            : AddStatement(StatementKind.Declare, key, expression: Range(initializer)));
                    }
                }

                break;

            case IExpressionStatementOperation expressionStatement:
                ExpressionStatement(expressionStatement, into);
                break;

            case IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } returned }:
                if (_loopDepth > 0)
                {
                    Diagnostics.Add(Shared.Diagnostics.ControlFlowWithLoops, Keyword(operation.Syntax), "return",
                        "inside a loop is not supported: accumulate the value in a local and return it after the loop");
                    break;
                }

                _returns.Add(operation.Syntax);
                into.Add(AddStatement(StatementKind.Return, expression: Range(returned)));
                break;

            case IConditionalOperation conditional:
                int conditionStart = _expressions.Count;
                var condition = (conditionStart, Condition(conditional.Condition));
                _branchDepth++;
                var then = Branch(conditional.WhenTrue);
                var @else = Branch(conditional.WhenFalse);
                _branchDepth--;
                into.Add(AddStatement(StatementKind.If, expression: condition, then: then, @else: @else));
                break;

            case IBlockOperation block:
                into.Add(AddStatement(StatementKind.Block, then: Block(block.Operations)));
                break;

            case IEmptyOperation:
                break;

            case IForLoopOperation or IForEachLoopOperation when _isLoss && _branchDepth > 0:
                Diagnostics.Add(Shared.Diagnostics.ControlFlowWithLoops, Keyword(operation.Syntax), LoopName(operation.Syntax),
                    "inside an if or else is not supported: put the if inside the loop");
                break;

            case IForLoopOperation forLoop when _isLoss:
                ForLoop(forLoop, into);
                break;

            case IForEachLoopOperation forEach when _isLoss:
                ForEachLoop(forEach, into);
                break;

            case ILoopOperation loop:
                Diagnostics.Add(Shared.Diagnostics.LoopNotSupported, Keyword(loop.Syntax), LoopName(loop.Syntax) + (_isLoss ? "" : "' loop in a method the loss calls; only the loss itself loops. The '" + LoopName(loop.Syntax)));
                break;

            case ILocalFunctionOperation localFunction:
                Diagnostics.Add(Shared.Diagnostics.LambdaNotSupported, Keyword(localFunction.Syntax), "local function");
                break;

            default:
                Diagnostics.Add(Shared.Diagnostics.UnsupportedStatement, Keyword(operation.Syntax), StatementName(operation.Syntax));
                break;
        }
    }

    private void ExpressionStatement(IExpressionStatementOperation statement, List<int> into)
    {
        switch (statement.Operation)
        {
            case IInvalidOperation:
                throw new InvalidCodeException("invalid expression statement");

            case ISimpleAssignmentOperation { IsRef: true } assignment:
                Diagnostics.Add(Shared.Diagnostics.RefNotSupported, assignment.Syntax, assignment.Syntax.ToString());
                break;

            case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation element } assignment:
                if (ElementTarget(element) is var (array, index))
                {
                    into.Add(AddStatement(StatementKind.Assign, array, expression: Range(assignment.Value), index: index));
                }

                break;

            case ISimpleAssignmentOperation assignment:
                if (AssignmentTarget(assignment.Target) is { } target)
                {
                    into.Add(AddStatement(StatementKind.Assign, target, expression: Range(assignment.Value)));
                }

                break;

            case ICompoundAssignmentOperation compound:
                var op = compound.OperatorKind switch
                {
                    BinaryOperatorKind.Add => ArithmeticOperator.Add,
                    BinaryOperatorKind.Subtract => ArithmeticOperator.Subtract,
                    BinaryOperatorKind.Multiply => ArithmeticOperator.Multiply,
                    BinaryOperatorKind.Divide => ArithmeticOperator.Divide,
                    _ => (ArithmeticOperator?)null,
                };
                if (op is null || compound.OperatorMethod is not null || compound.IsLifted)
                {
                    Diagnostics.Add(Shared.Diagnostics.UnsupportedOperator, compound.Syntax, OperatorText(compound.Syntax));
                    break;
                }

                if (compound.Target is IArrayElementReferenceOperation compoundElement)
                {
                    if (ElementTarget(compoundElement) is var (compoundArray, compoundIndex))
                    {
                        into.Add(AddStatement(StatementKind.Assign, compoundArray, (int)op.Value, Range(compound.Value), index: compoundIndex));
                    }
                }
                else if (AssignmentTarget(compound.Target) is { } compoundTarget)
                {
                    into.Add(AddStatement(StatementKind.Assign, compoundTarget, (int)op.Value, Range(compound.Value)));
                }

                break;

            case IIncrementOrDecrementOperation increment:
                if (IsMember(increment.Target))
                {
                    Diagnostics.Add(Shared.Diagnostics.MemberWrite, increment.Target.Syntax, increment.Target.Syntax.ToString());
                }
                else
                {
                    Diagnostics.Add(Shared.Diagnostics.UnsupportedOperator, increment.Syntax, OperatorText(increment.Syntax));
                }

                break;

            case IInvocationOperation invocation:
                Diagnostics.Add(Shared.Diagnostics.UnsupportedStatement, statement.Syntax, "method call '" + Describe(invocation.Syntax) + "'");
                break;

            default:
                Diagnostics.Add(Shared.Diagnostics.UnsupportedStatement, statement.Syntax, Words(statement.Operation.Kind.ToString()));
                break;
        }
    }

    /// <summary>The local or argument an assignment writes, or null after reporting why it cannot.</summary>
    private string? AssignmentTarget(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when IsDouble(local.Local.Type) && !_foreachValues.ContainsKey(local.Local):
                return LocalKey(local.Local);
            case ILocalReferenceOperation local when _counters.ContainsKey(local.Local) || _foreachValues.ContainsKey(local.Local):
                Diagnostics.Add(Shared.Diagnostics.LoopShapeNotSupported, target.Syntax, target.Syntax.ToString(),
                    "the body of a loop cannot assign its counter or its foreach variable");
                return null;
            case IParameterReferenceOperation parameter when IsDoubleArray(parameter.Parameter.Type) || parameter.Parameter.Type.SpecialType == SpecialType.System_Int32:
                Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, target.Syntax, target.Syntax.ToString(), "is data, which the loss reads and never writes");
                return null;
            case IParameterReferenceOperation parameter when IsDouble(parameter.Parameter.Type):
                return parameter.Parameter.Name;
            case IInvalidOperation:
                throw new InvalidCodeException("invalid assignment target");
            case var member when IsMember(member):
                Diagnostics.Add(Shared.Diagnostics.MemberWrite, target.Syntax, target.Syntax.ToString());
                return null;
            case ILocalReferenceOperation or IParameterReferenceOperation:
                return null; // a non-double local: reported where it is declared
            default:
                Diagnostics.Add(Shared.Diagnostics.UnsupportedExpression, target.Syntax, Describe(target.Syntax), Words(target.Kind.ToString()));
                return null;
        }
    }

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation or IDelegateCreationOperation { Target: IAnonymousFunctionOperation })
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IDelegateCreationOperation)operation).Target;
        }

        return operation;
    }

    private static bool IsMember(IOperation operation) =>
        operation is IFieldReferenceOperation or IPropertyReferenceOperation or IEventReferenceOperation;

    private string LocalKey(ILocalSymbol local)
    {
        if (_locals.TryGetValue(local, out string? key))
        {
            return key;
        }

        key = _localKeys.Unique(local.Name);
        _locals[local] = key;
        return key;
    }

    // ---- Expressions ------------------------------------------------------------------------------------------

    private int Add(ExprKind kind, int index = -1, double number = 0, string? name = null, string? code = null, Op function = default, params int[] operands)
    {
        _expressions.Add(new ExprNode(kind, operands.ToEquatableArray(), index, function, number, name, code));
        return _expressions.Count - 1;
    }

    /// <summary>A stand-in after a diagnostic, so parsing goes on and reports the next problem too.</summary>
    private int Placeholder() => Add(ExprKind.Number);

    private int Expression(IOperation operation)
    {
        _context.CancellationToken.ThrowIfCancellationRequested();
        if (operation is IInvalidOperation || operation.Type is IErrorTypeSymbol)
        {
            throw new InvalidCodeException("invalid expression");
        }

        if (operation.ConstantValue.HasValue)
        {
            return Constant(operation);
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Conversion(conversion);

            case ILocalReferenceOperation local when _foreachValues.TryGetValue(local.Local, out var value):
                return Add(ExprKind.Element, name: value.Array, code: value.Counter);

            case ILocalReferenceOperation local:
                if (local.Local.IsRef)
                {
                    Diagnostics.Add(Shared.Diagnostics.RefNotSupported, local.Syntax, local.Local.Name);
                    return Placeholder();
                }

                if (local.Local.Type is IArrayTypeSymbol && _localArrays.ContainsKey(local.Local))
                {
                    Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, local.Syntax, local.Local.Name, "is used as a whole");
                    return Placeholder();
                }

                return IsDouble(local.Local.Type) ? Add(ExprKind.Variable, name: LocalKey(local.Local)) : Placeholder();

            case IParameterReferenceOperation parameter when !IsDouble(parameter.Parameter.Type):
                Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, parameter.Syntax, parameter.Parameter.Name,
                    parameter.Parameter.Type is IArrayTypeSymbol ? "is used as a whole" : "is an int, used as a double only through a conversion such as (double)" + parameter.Parameter.Name);
                return Placeholder();

            case IParameterReferenceOperation parameter:
                return Add(ExprKind.Variable, name: parameter.Parameter.Name);

            case IArrayElementReferenceOperation element:
                return Element(element);

            case IFieldReferenceOperation { Field.Type: IArrayTypeSymbol } or IPropertyReferenceOperation { Property.Type: IArrayTypeSymbol }:
                Diagnostics.Add(Shared.Diagnostics.ArrayUseNotSupported, operation.Syntax, Describe(operation.Syntax),
                    _isLoss ? "is used as a whole" : "is an array, read in a method the loss calls (only the loss itself reads arrays: pass the elements as arguments)");
                return Placeholder();

            case IFieldReferenceOperation or IPropertyReferenceOperation:
                return MemberRead((IMemberReferenceOperation)operation);

            case IBinaryOperation binary:
                return Binary(binary);

            case IUnaryOperation unary:
                return Unary(unary);

            case IInvocationOperation invocation:
                return Invocation(invocation);

            case IConditionalOperation conditional when !conditional.IsRef && conditional.WhenFalse is not null:
                int condition = Condition(conditional.Condition);
                int whenTrue = Expression(conditional.WhenTrue);
                int whenFalse = Expression(conditional.WhenFalse);
                return Add(ExprKind.Conditional, operands: new[] { condition, whenTrue, whenFalse });

            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                Diagnostics.Add(Shared.Diagnostics.LambdaNotSupported, operation.Syntax, "lambda or anonymous method");
                return Placeholder();

            case IDeclarationExpressionOperation or IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                Diagnostics.Add(Shared.Diagnostics.RefNotSupported, operation.Syntax, Describe(operation.Syntax));
                return Placeholder();

            case IIncrementOrDecrementOperation or ICompoundAssignmentOperation or ICoalesceAssignmentOperation:
                Diagnostics.Add(Shared.Diagnostics.UnsupportedOperator, operation.Syntax, OperatorText(operation.Syntax));
                return Placeholder();

            default:
                Diagnostics.Add(Shared.Diagnostics.UnsupportedExpression, operation.Syntax, Describe(operation.Syntax), Words(operation.Kind.ToString()));
                return Placeholder();
        }
    }

    /// <summary>
    /// The condition of an <c>if</c> or a <c>?:</c>. One that is not a bool (<c>if (e)</c> with a double <c>e</c>) is
    /// C#'s error CS0029 too, but binds all the same, as an implicit conversion that does not exist: copied into the
    /// generated code, it would be reported a second time, in a file the user did not write.
    /// </summary>
    private int Condition(IOperation condition)
    {
        if (!ReportIfNotABool(condition))
        {
            return Expression(condition);
        }

        return Placeholder();
    }

    /// <summary>Reports SGD0033 if the condition is not a bool (and not an error of another kind); true if it did.</summary>
    private bool ReportIfNotABool(IOperation condition)
    {
        var operand = condition is IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion ? conversion.Operand : condition;
        if (IsBool(condition.Type) && IsBool(operand.Type))
        {
            return false;
        }

        if (operand is IInvalidOperation || operand.Type is null or IErrorTypeSymbol)
        {
            throw new InvalidCodeException("invalid condition");
        }

        // On the whole condition, as CS0029 is; the message quotes it without its parentheses.
        Diagnostics.Add(Shared.Diagnostics.ConditionNotAComparison, condition.Syntax, Describe(operand.Syntax), operand.Type.ToDisplayString());
        return true;
    }

    /// <summary>
    /// Reports every condition of the body that is not a bool before the walk: an operation that contains one has an
    /// error type (e - x with e = (d ? 1.0 : 2.0)), which the walk takes for a C# error of another kind and stops at.
    /// </summary>
    private void ReportConditionsThatAreNotBools(IOperation body)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is IConditionalOperation { Condition: { } condition })
            {
                try
                {
                    ReportIfNotABool(condition);
                }
                catch (InvalidCodeException)
                {
                    // Another C# error: the walk meets it too.
                }
            }
        }
    }

    private int Constant(IOperation operation)
    {
        object? value = operation.ConstantValue.Value;
        switch (value)
        {
            case bool b:
                return Add(ExprKind.Boolean, number: b ? 1 : 0);
            case double or float or int or long or short or sbyte or byte or ushort or uint or ulong or char:
                return Add(ExprKind.Number, number: Convert.ToDouble(value, CultureInfo.InvariantCulture));
            default:
                Diagnostics.Add(Shared.Diagnostics.NonDoubleType, operation.Syntax, Describe(operation.Syntax), operation.Type?.ToDisplayString() ?? "null");
                return Placeholder();
        }
    }

    private int Conversion(IConversionOperation conversion)
    {
        var operand = conversion.Operand;
        if (conversion.OperatorMethod is null)
        {
            if (IsDouble(conversion.Type) && IsDouble(operand.Type))
            {
                return Expression(operand);
            }

            if (IsBool(conversion.Type) && IsBool(operand.Type))
            {
                return Expression(operand);
            }

            // Math.Sign returns an int: in a loss it is used as a double.
            if (IsDouble(conversion.Type) && operand is IInvocationOperation invocation && SupportedFunctions.Lookup(invocation.TargetMethod) == Op.Sign)
            {
                return Invocation(invocation);
            }

            // A loop counter, an int argument or an array's length, used as a number (Math.Pow(t, i)).
            if (IsDouble(conversion.Type) && operand.Type?.SpecialType == SpecialType.System_Int32 && _isLoss && IsIntegerExpression(operand))
            {
                return IndexText(operand) is { } text ? Add(ExprKind.Integer, code: text.Text) : Placeholder();
            }
        }

        if (operand is ILocalReferenceOperation)
        {
            return Placeholder(); // a non-double local: reported where it is declared
        }

        if (operand is IInvalidOperation || operand.Type is IErrorTypeSymbol)
        {
            throw new InvalidCodeException("invalid conversion operand");
        }

        bool fromOperand = IsDouble(conversion.Type) && !IsDouble(operand.Type);
        var culprit = fromOperand ? operand : conversion;
        Diagnostics.Add(Shared.Diagnostics.NonDoubleType, culprit.Syntax, Describe(culprit.Syntax), culprit.Type?.ToDisplayString() ?? "?");
        return Placeholder();
    }

    private int MemberRead(IMemberReferenceOperation reference)
    {
        var member = reference.Member;
        var type = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;
        bool throughThis = reference.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        if (member is IPropertySymbol { IsIndexer: true } || !throughThis)
        {
            Diagnostics.Add(Shared.Diagnostics.UnsupportedMember, reference.Syntax, Describe(reference.Syntax));
            return Placeholder();
        }

        if (_context.ParameterIndex.TryGetValue(member.OriginalDefinition, out int index))
        {
            return Add(ExprKind.Parameter, index);
        }

        if (!IsDouble(type))
        {
            Diagnostics.Add(Shared.Diagnostics.NonDoubleType, reference.Syntax, Describe(reference.Syntax), type.ToDisplayString());
            return Placeholder();
        }

        // A computed property of the model is inlined like a method: reading it as a constant would hide its
        // dependence on the parameters.
        if (member is IPropertySymbol { GetMethod: { } getter } property && IsOwn(property) && IsComputed(getter))
        {
            int helper = _context.Helper(getter, reference.Syntax, property.Name);
            return helper < 0 ? Placeholder() : Add(ExprKind.HelperCall, helper);
        }

        // Forgetting [Param] gives a zero gradient and no error: say so, once, unless the member says it is fixed.
        if (IsOwn(member) && member is IFieldSymbol { IsReadOnly: false, IsConst: false } or IPropertySymbol { SetMethod: not null } &&
            _context.ReportedConstants.Add(member.Name))
        {
            Diagnostics.Add(Shared.Diagnostics.MutableConstant, reference.Syntax, member.Name);
        }

        if (!member.IsStatic)
        {
            return Add(ExprKind.InstanceMember, name: member.Name, code: member.Name);
        }

        if (IsOwn(member))
        {
            return Add(ExprKind.StaticMember, name: member.Name, code: member.Name);
        }

        string typeName = member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return Add(ExprKind.StaticMember, name: member.ContainingType.Name + "." + member.Name, code: typeName + "." + member.Name);
    }

    private bool IsOwn(ISymbol member) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _context.Model.OriginalDefinition);

    private bool IsComputed(IMethodSymbol getter)
    {
        var syntax = getter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_context.CancellationToken);
        return syntax is ArrowExpressionClauseSyntax || syntax is AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null };
    }

    private int Binary(IBinaryOperation binary)
    {
        if (binary.OperatorMethod is not null || binary.IsLifted)
        {
            Diagnostics.Add(Shared.Diagnostics.UnsupportedOperator, binary.Syntax, OperatorText(binary.Syntax));
            return Placeholder();
        }

        var kind = binary.OperatorKind;
        var shape = Shape(binary);
        if (shape is null)
        {
            bool arithmetic = kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide;
            if (arithmetic && !IsDouble(binary.Type))
            {
                // Integer arithmetic on values that are not constants: the operands are reported where they come
                // from if they are locals; otherwise here.
                if (binary.LeftOperand is ILocalReferenceOperation || binary.RightOperand is ILocalReferenceOperation)
                {
                    Expression(binary.LeftOperand);
                    Expression(binary.RightOperand);
                    return Placeholder();
                }

                Diagnostics.Add(Shared.Diagnostics.NonDoubleType, binary.Syntax, Describe(binary.Syntax), binary.Type?.ToDisplayString() ?? "?");
                return Placeholder();
            }

            Diagnostics.Add(Shared.Diagnostics.UnsupportedOperator, binary.Syntax, OperatorText(binary.Syntax));
            return Placeholder();
        }

        // A long sum is a chain of binary operations down the left: walk it in a loop rather than by recursion, as
        // Roslyn does, so that a loss of thousands of terms does not overflow the compiler's stack. The nodes come
        // out in the same order as the recursion would add them.
        var chain = new List<(IBinaryOperation Operation, ExprKind Kind)> { (binary, shape.Value) };
        var leftmost = binary.LeftOperand;
        while (leftmost is IBinaryOperation { OperatorMethod: null, IsLifted: false } inner &&
               !inner.ConstantValue.HasValue && inner.Type is not IErrorTypeSymbol && Shape(inner) is { } innerShape)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            chain.Add((inner, innerShape));
            leftmost = inner.LeftOperand;
        }

        int left = Expression(leftmost);
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            int right = Expression(chain[i].Operation.RightOperand);
            left = Add(chain[i].Kind, operands: new[] { left, right });
        }

        return left;
    }

    /// <summary>What a binary operation of the language becomes, or null if it is not one.</summary>
    private static ExprKind? Shape(IBinaryOperation binary)
    {
        bool numeric = IsDouble(binary.LeftOperand.Type) && IsDouble(binary.RightOperand.Type);
        bool logical = IsBool(binary.LeftOperand.Type) && IsBool(binary.RightOperand.Type);
        return binary.OperatorKind switch
        {
            BinaryOperatorKind.Add when numeric => ExprKind.Add,
            BinaryOperatorKind.Subtract when numeric => ExprKind.Subtract,
            BinaryOperatorKind.Multiply when numeric => ExprKind.Multiply,
            BinaryOperatorKind.Divide when numeric => ExprKind.Divide,
            BinaryOperatorKind.LessThan when numeric => ExprKind.Less,
            BinaryOperatorKind.LessThanOrEqual when numeric => ExprKind.LessOrEqual,
            BinaryOperatorKind.GreaterThan when numeric => ExprKind.Greater,
            BinaryOperatorKind.GreaterThanOrEqual when numeric => ExprKind.GreaterOrEqual,
            BinaryOperatorKind.Equals when numeric => ExprKind.Equal,
            BinaryOperatorKind.NotEquals when numeric => ExprKind.NotEqual,
            BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And when logical => ExprKind.And,
            BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or when logical => ExprKind.Or,
            _ => null,
        };
    }

    private int Unary(IUnaryOperation unary)
    {
        if (unary.OperatorMethod is not null || unary.IsLifted)
        {
            Diagnostics.Add(Shared.Diagnostics.UnsupportedOperator, unary.Syntax, OperatorText(unary.Syntax));
            return Placeholder();
        }

        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Minus when IsDouble(unary.Type):
                return Add(ExprKind.Negate, operands: new[] { Expression(unary.Operand) });
            case UnaryOperatorKind.Plus when IsDouble(unary.Type):
                return Expression(unary.Operand);
            case UnaryOperatorKind.Not when IsBool(unary.Type):
                return Add(ExprKind.Not, operands: new[] { Expression(unary.Operand) });
            default:
                Diagnostics.Add(Shared.Diagnostics.UnsupportedOperator, unary.Syntax, OperatorText(unary.Syntax));
                return Placeholder();
        }
    }

    private int Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var arguments = InParameterOrder(invocation.Arguments);
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.RefKind is not (null or RefKind.None))
            {
                Diagnostics.Add(Shared.Diagnostics.RefNotSupported, argument.Syntax, Describe(argument.Syntax));
                return Placeholder();
            }
        }

        var function = _context.SupportedFunction(method);
        if (function is not null)
        {
            return Add(ExprKind.Call, function: function.Value, operands: ArgumentValues(arguments));
        }

        if (method.MethodKind == MethodKind.LocalFunction)
        {
            Diagnostics.Add(Shared.Diagnostics.LambdaNotSupported, invocation.Syntax, "local function");
            return Placeholder();
        }

        if (SupportedFunctions.IsMathOrFunctions(method) && method.Parameters.Any(p => !IsDouble(p.Type)))
        {
            // Math.Abs(int), Math.Max(int, int)…: the overload C# chose computes with another type.
            Diagnostics.Add(Shared.Diagnostics.NonDoubleType, invocation.Syntax, Describe(invocation.Syntax), method.ReturnType.ToDisplayString());
            return Placeholder();
        }

        bool ownMethod = IsOwn(method) && method.MethodKind == MethodKind.Ordinary &&
                         invocation.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
        if (!ownMethod)
        {
            Diagnostics.Add(Shared.Diagnostics.UnsupportedCall, invocation.Syntax, Describe(invocation.Syntax));
            return Placeholder();
        }

        var values = ArgumentValues(arguments);
        int helper = _context.Helper(method, invocation.Syntax, method.Name);
        return helper < 0 ? Placeholder() : Add(ExprKind.HelperCall, helper, operands: values);
    }

    /// <summary>Named arguments may come in any order; the operands are in the order of the parameters.</summary>
    private static IReadOnlyList<IArgumentOperation> InParameterOrder(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        for (int i = 1; i < arguments.Length; i++)
        {
            if ((arguments[i].Parameter?.Ordinal ?? 0) < (arguments[i - 1].Parameter?.Ordinal ?? 0))
            {
                return arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
            }
        }

        return arguments;
    }

    private int[] ArgumentValues(IReadOnlyList<IArgumentOperation> arguments)
    {
        var values = new int[arguments.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Expression(arguments[i].Value);
        }

        return values;
    }

    // ---- Words for messages -----------------------------------------------------------------------------------

    /// <summary>The source of a construct, shortened to one line for a message.</summary>
    private static string Describe(SyntaxNode syntax)
    {
        string text = string.Join(" ", syntax.ToString().Split(new[] { '\r', '\n', '\t', ' ' }, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    private static string OperatorText(SyntaxNode syntax) => syntax switch
    {
        BinaryExpressionSyntax binary => binary.OperatorToken.Text,
        AssignmentExpressionSyntax assignment => assignment.OperatorToken.Text,
        PrefixUnaryExpressionSyntax prefix => prefix.OperatorToken.Text,
        PostfixUnaryExpressionSyntax postfix => postfix.OperatorToken.Text,
        _ => Describe(syntax),
    };

    /// <summary>"ObjectCreation" → "object creation".</summary>
    private static string Words(string pascal)
    {
        var builder = new StringBuilder();
        foreach (char c in pascal)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The keyword that starts a statement: the squiggle goes there rather than under a whole loop body.</summary>
    private static SyntaxNodeOrToken Keyword(SyntaxNode syntax) => syntax switch
    {
        ForStatementSyntax s => s.ForKeyword,
        CommonForEachStatementSyntax s => s.ForEachKeyword,
        WhileStatementSyntax s => s.WhileKeyword,
        DoStatementSyntax s => s.DoKeyword,
        SwitchStatementSyntax s => s.SwitchKeyword,
        TryStatementSyntax s => s.TryKeyword,
        ThrowStatementSyntax s => s.ThrowKeyword,
        ReturnStatementSyntax s => s.ReturnKeyword,
        UsingStatementSyntax s => s.UsingKeyword,
        LockStatementSyntax s => s.LockKeyword,
        GotoStatementSyntax s => s.GotoKeyword,
        BreakStatementSyntax s => s.BreakKeyword,
        ContinueStatementSyntax s => s.ContinueKeyword,
        YieldStatementSyntax s => s.YieldKeyword,
        CheckedStatementSyntax s => s.Keyword,
        UnsafeStatementSyntax s => s.UnsafeKeyword,
        FixedStatementSyntax s => s.FixedKeyword,
        LocalFunctionStatementSyntax s => s.Identifier,
        LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } s => s.UsingKeyword,
        _ => syntax,
    };

    private static string LoopName(SyntaxNode syntax) => syntax switch
    {
        ForStatementSyntax => "for",
        CommonForEachStatementSyntax => "foreach",
        WhileStatementSyntax => "while",
        DoStatementSyntax => "do",
        _ => "loop",
    };

    private static string StatementName(SyntaxNode syntax)
    {
        var keyword = Keyword(syntax);
        return keyword.IsToken ? keyword.AsToken().Text : Words(syntax.Kind().ToString().Replace("Statement", string.Empty));
    }
}
