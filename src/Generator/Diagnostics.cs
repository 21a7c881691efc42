using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SymbolicGd.Generator;

/// <summary>
/// Every diagnostic the generator reports. Each message names the construct and says what is supported instead;
/// docs/diagnostics.md has an example and a fix for each.
/// </summary>
internal static class Diagnostics
{
    private const string Category = "SymbolicGd";

    public static readonly DiagnosticDescriptor ClassNotPartial = Error(
        "SGD0001",
        "A [Differentiable] class must be partial",
        "The [Differentiable] class '{0}' must be partial so that the generator can add its gradient: declare it 'partial class {0}'");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "SGD0002",
        "A type that contains a [Differentiable] class must be partial",
        "'{0}' contains the [Differentiable] class '{1}' and must be partial too: declare it 'partial'");

    public static readonly DiagnosticDescriptor UnsupportedClass = Error(
        "SGD0003",
        "This kind of class cannot be a [Differentiable] model",
        "The [Differentiable] class '{0}' cannot be {1}: a model is an ordinary (non-static) partial class or record, top-level or nested in partial types");

    public static readonly DiagnosticDescriptor MissingLoss = Error(
        "SGD0004",
        "A [Differentiable] class needs a [Loss] method",
        "'{0}' has no [Loss] method: mark the instance method that returns the loss as a double with [Loss]");

    public static readonly DiagnosticDescriptor DuplicateLoss = Error(
        "SGD0005",
        "A [Differentiable] class has exactly one [Loss] method",
        "'{0}' is a second [Loss] method of '{1}' (the first is '{2}'): a model has exactly one loss; call the others from it or remove [Loss]");

    public static readonly DiagnosticDescriptor NoParameters = Error(
        "SGD0006",
        "A [Differentiable] class needs at least one [Param]",
        "'{0}' declares no [Param]: mark the double fields or properties the loss is differentiated with respect to with [Param]");

    public static readonly DiagnosticDescriptor InvalidParameterType = Error(
        "SGD0007",
        "A [Param] must be a double",
        "The [Param] '{0}' has type '{1}': parameters are double fields or properties; declare one double per parameter");

    public static readonly DiagnosticDescriptor ParameterNotWritable = Error(
        "SGD0008",
        "A [Param] must be a writable instance member",
        "The [Param] '{0}' is {1}: parameters are instance fields, or properties with a getter and a setter, that SetParameters can write");

    public static readonly DiagnosticDescriptor InvalidLossMethod = Error(
        "SGD0009",
        "The [Loss] method has an unsupported shape",
        "The [Loss] method '{0}' {1}: a loss is a non-generic instance method with a body that returns double");

    public static readonly DiagnosticDescriptor InvalidArgument = Error(
        "SGD0010",
        "Arguments of the loss and its helpers are doubles passed by value",
        "The argument '{0}' of '{1}' is {2}: the arguments of a [Loss] (its data) and of the methods it calls are doubles passed by value");

    public static readonly DiagnosticDescriptor LoopNotSupported = Error(
        "SGD0011",
        "Loops are not supported in a loss",
        "A '{0}' loop cannot be differentiated: write the terms out (a helper method per repeated term keeps it short), or accumulate them with += in separate statements");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "SGD0012",
        "Unsupported statement in a loss",
        "A '{0}' statement is not supported in a loss: use double locals, assignment (=, +=, -=, *=, /=), if/else and return");

    public static readonly DiagnosticDescriptor UnsupportedCall = Error(
        "SGD0013",
        "Unsupported call in a loss",
        "'{0}' cannot be differentiated: a loss can call Math.Exp, Log, Log10, Sqrt, Cbrt, Pow, Sin, Cos, Tan, Asin, Acos, Atan, Atan2, Sinh, Cosh, Tanh, Abs, Max, Min, Sign and Clamp on doubles, SymbolicGd.Functions.Sigmoid, Relu, Softplus and Square, and methods of its own class written in the same language");

    public static readonly DiagnosticDescriptor NonDoubleType = Error(
        "SGD0014",
        "A loss computes with doubles only",
        "'{0}' has type '{1}': a loss computes with double values (and bool conditions in if and ?:); use double locals and arguments, and double or constant operands");

    public static readonly DiagnosticDescriptor RefNotSupported = Error(
        "SGD0015",
        "ref, out and in are not supported in a loss",
        "'{0}' passes or declares a reference: a loss passes doubles by value and returns results; use locals and return values instead of ref, out and in");

    public static readonly DiagnosticDescriptor LambdaNotSupported = Error(
        "SGD0016",
        "Lambdas and local functions are not supported in a loss",
        "A {0} cannot be differentiated: write it as a method of the same class (static or not), which the generator inlines");

    public static readonly DiagnosticDescriptor MemberWrite = Error(
        "SGD0017",
        "A loss must not write to fields or properties",
        "The loss writes to '{0}': a loss only reads the model; assign to a local instead");

    public static readonly DiagnosticDescriptor Recursion = Error(
        "SGD0018",
        "Recursive methods cannot be differentiated",
        "'{0}' calls itself (through {1}): the generator inlines the methods a loss calls, so recursion cannot end; unroll it into separate statements or methods");

    public static readonly DiagnosticDescriptor UnsupportedOperator = Error(
        "SGD0019",
        "Unsupported operator in a loss",
        "The operator '{0}' is not supported in a loss: use +, -, *, / and unary minus on doubles, the comparisons <, <=, >, >=, == and != and the conditions &&, || and !");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "SGD0020",
        "Unsupported expression in a loss",
        "'{0}' ({1}) is not supported in a loss: a loss is built from double literals, constants, locals, arguments, fields and properties, arithmetic, supported function calls and ?:");

    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "SGD0021",
        "Unsupported member access in a loss",
        "'{0}' cannot be read by a loss: it reads [Param]s, double fields and properties of its own class, and static double fields and properties of other types");

    public static readonly DiagnosticDescriptor UnsupportedHelper = Error(
        "SGD0022",
        "A method called by the loss cannot be inlined",
        "'{0}' cannot be inlined into the loss because it {1}: a called method of the model's class is non-virtual and non-generic, has a body, takes doubles by value and returns double");

    public static readonly DiagnosticDescriptor ReservedName = Error(
        "SGD0023",
        "A name of the model conflicts with a generated member",
        "'{0}' conflicts with the generated {1}: rename it");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error(
        "SGD0024",
        "SymbolicGd needs C# 10 or later",
        "The generated code for '{0}' needs C# 10 or later (record structs); this project uses C# {1}: set <LangVersion> to 10 or later, or target .NET 6 or later");

    public static readonly DiagnosticDescriptor ModelTooLarge = Error(
        "SGD0025",
        "The loss is too large to differentiate",
        "The loss of '{0}' expands to more than {1} operations once its method calls are inlined: call fewer methods per term or split the model");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "SGD0026",
        "The generator failed",
        "SymbolicGd could not generate '{0}': {1}. This is a bug in SymbolicGd; please report it with the model");

    public static readonly DiagnosticDescriptor ParameterNeverRead = Warning(
        "SGD0027",
        "A [Param] the loss never reads",
        "The loss never reads the [Param] '{0}', so its derivative is always zero: use it in the loss or remove [Param]");

    public static readonly DiagnosticDescriptor ZeroDerivative = Warning(
        "SGD0028",
        "A derivative that is identically zero",
        "∂{0}/∂{1} is identically zero: '{1}' reaches the loss only through comparisons, Math.Sign or terms that cancel, so gradient descent will never change it");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
    {
        [ClassNotPartial.Id] = ClassNotPartial,
        [ContainingTypeNotPartial.Id] = ContainingTypeNotPartial,
        [UnsupportedClass.Id] = UnsupportedClass,
        [MissingLoss.Id] = MissingLoss,
        [DuplicateLoss.Id] = DuplicateLoss,
        [NoParameters.Id] = NoParameters,
        [InvalidParameterType.Id] = InvalidParameterType,
        [ParameterNotWritable.Id] = ParameterNotWritable,
        [InvalidLossMethod.Id] = InvalidLossMethod,
        [InvalidArgument.Id] = InvalidArgument,
        [LoopNotSupported.Id] = LoopNotSupported,
        [UnsupportedStatement.Id] = UnsupportedStatement,
        [UnsupportedCall.Id] = UnsupportedCall,
        [NonDoubleType.Id] = NonDoubleType,
        [RefNotSupported.Id] = RefNotSupported,
        [LambdaNotSupported.Id] = LambdaNotSupported,
        [MemberWrite.Id] = MemberWrite,
        [Recursion.Id] = Recursion,
        [UnsupportedOperator.Id] = UnsupportedOperator,
        [UnsupportedExpression.Id] = UnsupportedExpression,
        [UnsupportedMember.Id] = UnsupportedMember,
        [UnsupportedHelper.Id] = UnsupportedHelper,
        [ReservedName.Id] = ReservedName,
        [LanguageVersionTooLow.Id] = LanguageVersionTooLow,
        [ModelTooLarge.Id] = ModelTooLarge,
        [InternalError.Id] = InternalError,
        [ParameterNeverRead.Id] = ParameterNeverRead,
        [ZeroDerivative.Id] = ZeroDerivative,
    };

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
