using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SymbolicGd.Generator.Shared;

/// <summary>
/// Every diagnostic the generator reports. Each message names the construct and says what is supported instead;
/// docs/diagnostics.md has an example and a fix for each.
/// </summary>
internal static class Diagnostics
{
    private const string Category = "SymbolicGd";

    public static readonly DiagnosticDescriptor ClassNotPartial = Error(
        "SGD0001",
        "A [Differentiable] or [Network] class must be partial",
        "The model class '{0}' must be partial so that the generator can add its gradient: declare it 'partial class {0}'");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "SGD0002",
        "A type that contains a [Differentiable] or [Network] class must be partial",
        "'{0}' contains the model class '{1}' and must be partial too: declare it 'partial'");

    public static readonly DiagnosticDescriptor UnsupportedClass = Error(
        "SGD0003",
        "This kind of class cannot be a SymbolicGd model",
        "The model class '{0}' cannot be {1}: a model is an ordinary (non-static) partial class or record, top-level or nested in partial types");

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
        "The [Param] '{0}' has type '{1}': parameters are double fields or properties, or double[] or double[,] fields of a length known at build time");

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
        "The argument '{0}' of '{1}' is {2}: the arguments of a [Loss] (its data) are doubles, double[] arrays and int indices, and those of the methods it calls are doubles, all passed by value");

    public static readonly DiagnosticDescriptor LoopNotSupported = Error(
        "SGD0011",
        "This loop form is not supported in a loss",
        "A '{0}' loop cannot be differentiated: a loss loops with 'for (int i = start; i < bound; i++)', start a constant and bound a constant, a const or an array's Length, or with 'foreach (double v in x)' over a double[] argument");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "SGD0012",
        "Unsupported statement in a loss",
        "A '{0}' statement is not supported in a loss: use double locals and local arrays, assignment (=, +=, -=, *=, /=), if/else, for and foreach loops (without break or continue), and return");

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

    // ---- Layer stacks: SGD0040–SGD0059 ---------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor NetworkWithoutLayers = Error(
        "SGD0040",
        "A [Network] class needs at least one [Dense] layer",
        "The [Network] class '{0}' has no [Dense] layer: declare its layers as [Dense(units, activation)] attributes on the class, from the input to the output, for example [Dense(32, Activation.Tanh)] then [Dense(10)]");

    public static readonly DiagnosticDescriptor InvalidUnits = Error(
        "SGD0041",
        "A [Dense] layer needs at least one unit",
        "Layer {0} has {1} units: a [Dense] layer has at least 1 unit (its number of outputs)");

    public static readonly DiagnosticDescriptor InvalidInputs = Error(
        "SGD0042",
        "A [Network] needs at least one input",
        "The [Network] '{0}' has Inputs = {1}: set Inputs to the length of one input vector, at least 1, for example [Network(Inputs = 64)]");

    public static readonly DiagnosticDescriptor LossDoesNotFitLastLayer = Error(
        "SGD0043",
        "The loss does not fit the last layer",
        "{0} does not fit the last layer of '{1}' ({2}): {3}");

    public static readonly DiagnosticDescriptor SoftmaxPlacement = Error(
        "SGD0044",
        "Softmax is supported on the last layer, over two or more outputs",
        "Activation.Softmax on layer {0} of '{1}' is not supported: {2}");

    public static readonly DiagnosticDescriptor UnknownActivation = Error(
        "SGD0045",
        "A custom activation names a method of the network class",
        "'{0}' is not a method of '{1}': a custom activation names a static double → double method of the network class, written [Dense(units, nameof(Method))]; the built-in ones are Activation.Identity, Tanh, Sigmoid, Relu, LeakyRelu, Softplus and Softmax");

    public static readonly DiagnosticDescriptor UnsupportedActivation = Error(
        "SGD0046",
        "A custom activation is a static double → double method",
        "The activation '{0}' {1}: a custom activation is a static, non-generic method of the network class with a body, taking one double by value and returning double, written in the language of a [Loss]");

    public static readonly DiagnosticDescriptor LayersSplitAcrossDeclarations = Error(
        "SGD0047",
        "The [Dense] layers of a network are declared on one declaration",
        "The [Dense] layers of '{0}' are split across partial declarations: the order of layers in different files is not defined; declare all of them, in order, on the declaration that has [Network]");

    public static readonly DiagnosticDescriptor NetworkMixedWithScalarModel = Error(
        "SGD0048",
        "A [Network] class is not also a scalar model",
        "'{0}' is a [Network] and also has {1}: a layer stack's parameters and loss come from its [Dense] layers; move the scalar model into a [Differentiable] class of its own");

    public static readonly DiagnosticDescriptor InvalidNegativeSlope = Error(
        "SGD0049",
        "NegativeSlope applies to a leaky relu and must be finite",
        "NegativeSlope = {0} on layer {1} is not supported: {2}");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
        "SGD0050",
        "Not a defined activation, loss or precision",
        "{0} is not a defined {1}: use one of {2}");

    public static readonly DiagnosticDescriptor DenseWithoutNetwork = Warning(
        "SGD0051",
        "[Dense] layers without [Network] do nothing",
        "'{0}' declares [Dense] layers but has no [Network] attribute, so nothing is generated: add [Network(Inputs = …, Loss = …)] to the class");

    public static readonly DiagnosticDescriptor ZeroActivationDerivative = Warning(
        "SGD0052",
        "An activation whose derivative is identically zero",
        "The derivative of the activation '{0}' is identically zero, so no gradient flows back through layer {1} and the layers before it never learn: use an activation that is not piecewise constant");

    public static readonly DiagnosticDescriptor ConstantOutsideSingle = Error(
        "SGD0053",
        "A float32 network's activation uses a constant that float cannot hold",
        "The activation '{0}' of layer {1} uses the constant {2}, which is {3} in float, and a Precision.Single network computes its activations in float: use a constant within float's range (magnitudes about 1.2e-38 to 3.4e38), or Precision.Double");

    // ---- Traps and costs of scalar models: SGD0029–SGD0039 --------------------------------------------------------

    public static readonly DiagnosticDescriptor MutableConstant = Info(
        "SGD0029",
        "The loss reads a mutable member that is not a [Param]",
        "The loss reads '{0}', which is not a [Param]: it is a constant of the gradient, whose derivative is never computed; mark it [Param] to train it, or make it readonly or const to say it is fixed");

    public static readonly DiagnosticDescriptor ParametersInSeveralFiles = Error(
        "SGD0030",
        "The [Param] members of a model are declared in more than one file",
        "The [Param] members of '{0}' are declared in more than one file ({1}): their order, which is the order of every gradient span, would depend on the order the files are compiled in; declare them all in one file");

    public static readonly DiagnosticDescriptor CostlyBackward = Info(
        "SGD0031",
        "Backward costs more than 4× the loss",
        "The Backward of '{0}' has {1} operations, {2}× the {3} of its loss, above reverse mode's usual bound of about 4×: functions with costly derivatives (Math.Pow with a variable exponent, Atan2, divisions) dominate it");

    public static readonly DiagnosticDescriptor TooManyLocals = Error(
        "SGD0032",
        "The loss is too long for one generated method",
        "The generated {1} of '{0}' would declare {2} locals, more than the 65,534 .NET allows in one method, even with generated temporaries sharing locals: each value the loss computes in sequence needs a local of its own: shorten the loss");

    public static readonly DiagnosticDescriptor SecondOrderTooLarge = Error(
        "SGD0034",
        "The second derivatives of the model are too large to generate",
        "The second derivatives of '{0}' would need {1}, past the limit of {2}: its Hessian, HessianVectorProduct and SecondDerivatives are not generated (the first-order code is); remove SecondOrder = true and train it with a first-order optimizer or L-BFGS, or give it fewer parameters");

    public static readonly DiagnosticDescriptor ConditionNotAComparison = Error(
        "SGD0033",
        "A condition must be a comparison",
        "The condition '{0}' is a {1}, not a comparison: a condition of 'if' or '?:' compares doubles ('<', '<=', '>', '>=', '==', '!='), or joins comparisons with '&&', '||' and '!'; write, for example, '{0} != 0'");

    // ---- Arrays and loops in a loss: SGD0060–SGD0069 ---------------------------------------------------------------

    public static readonly DiagnosticDescriptor ArrayLengthUnknown = Error(
        "SGD0060",
        "The length of an array of the loss must be known at build time",
        "The length of '{0}' is not known at build time: create it with 'new double[N]' or 'new double[N, M]' (N and M constants or consts), or with an initializer such as '{{ 0.1, -0.2 }}'");

    public static readonly DiagnosticDescriptor LoopShapeNotSupported = Error(
        "SGD0061",
        "Unsupported form of for loop",
        "'{0}': {1}; a loss loops with 'for (int i = start; i < bound; i++)', start a constant and bound a constant, a const or an array's Length");

    public static readonly DiagnosticDescriptor IndexNotSupported = Error(
        "SGD0062",
        "Unsupported array index",
        "'{0}' cannot index an array of the loss: an index is a loop counter, an int argument or a constant, or a sum, difference or product of them");

    public static readonly DiagnosticDescriptor IndexOutOfRange = Error(
        "SGD0063",
        "Array index out of range",
        "'{0}' reaches index {1} of '{2}', which has length {3}");

    public static readonly DiagnosticDescriptor ArrayUseNotSupported = Error(
        "SGD0064",
        "Unsupported use of an array in a loss",
        "'{0}' {1}: in a loss an array's elements are read and written (x[i]), its Length read, and a double[] argument iterated with foreach");

    public static readonly DiagnosticDescriptor SecondOrderWithLoops = Error(
        "SGD0066",
        "Second order is not generated for a loss with loops or arrays",
        "'{0}' has loops or arrays, and SecondOrder = true is supported for losses without them: its Hessian, HessianVectorProduct and SecondDerivatives are not generated (the first-order code is); remove SecondOrder = true and train it with a first-order optimizer or L-BFGS");

    public static readonly DiagnosticDescriptor ControlFlowWithLoops = Error(
        "SGD0065",
        "Unsupported combination of loops and control flow",
        "'{0}' {1}");

    // ---- Least squares ([Residual]): SGD0070–SGD0079 ----------------------------------------------------------------

    public static readonly DiagnosticDescriptor ResidualWithLoss = Error(
        "SGD0070",
        "A [Differentiable] class has a [Loss] or a [Residual], not both",
        "'{0}' is a [Residual] method of '{1}', which also has the [Loss] method '{2}': a least-squares model's loss is ½r² of its residual; remove [Loss], or remove [Residual] and write the loss yourself");

    public static readonly DiagnosticDescriptor DuplicateResidual = Error(
        "SGD0071",
        "A [Differentiable] class has exactly one [Residual] method",
        "'{0}' is a second [Residual] method of '{1}' (the first is '{2}'): a model has one residual per sample; for several observations per sample, make each a sample of its own");

    public static readonly DiagnosticDescriptor ResidualNotDouble = Error(
        "SGD0072",
        "A [Residual] method returns double",
        "The [Residual] method '{0}' returns '{1}': a residual is one double per sample (model minus observation); return double");

    public static readonly DiagnosticDescriptor ResidualWithoutData = Error(
        "SGD0073",
        "A [Residual] method takes the data of a sample",
        "The [Residual] method '{0}' has no arguments: a residual compares the model with the data of one sample (double R(double t, double y)); add its data as arguments, or mark a loss of the parameters alone with [Loss]");

    public static readonly DiagnosticDescriptor ResidualWithArrays = Error(
        "SGD0074",
        "A [Residual] computes with doubles, without arrays or loops",
        "The [Residual] method '{0}' uses arrays or loops, which least-squares models do not support yet: write the residual with double parameters and data, or write the loss ½r² yourself as a [Loss]");

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
        [TooManyLocals.Id] = TooManyLocals,
        [ConditionNotAComparison.Id] = ConditionNotAComparison,
        [SecondOrderTooLarge.Id] = SecondOrderTooLarge,
        [InternalError.Id] = InternalError,
        [ParameterNeverRead.Id] = ParameterNeverRead,
        [ZeroDerivative.Id] = ZeroDerivative,
        [NetworkWithoutLayers.Id] = NetworkWithoutLayers,
        [InvalidUnits.Id] = InvalidUnits,
        [InvalidInputs.Id] = InvalidInputs,
        [LossDoesNotFitLastLayer.Id] = LossDoesNotFitLastLayer,
        [SoftmaxPlacement.Id] = SoftmaxPlacement,
        [UnknownActivation.Id] = UnknownActivation,
        [UnsupportedActivation.Id] = UnsupportedActivation,
        [LayersSplitAcrossDeclarations.Id] = LayersSplitAcrossDeclarations,
        [NetworkMixedWithScalarModel.Id] = NetworkMixedWithScalarModel,
        [InvalidNegativeSlope.Id] = InvalidNegativeSlope,
        [UndefinedEnumValue.Id] = UndefinedEnumValue,
        [DenseWithoutNetwork.Id] = DenseWithoutNetwork,
        [ZeroActivationDerivative.Id] = ZeroActivationDerivative,
        [ConstantOutsideSingle.Id] = ConstantOutsideSingle,
        [MutableConstant.Id] = MutableConstant,
        [ParametersInSeveralFiles.Id] = ParametersInSeveralFiles,
        [CostlyBackward.Id] = CostlyBackward,
        [ArrayLengthUnknown.Id] = ArrayLengthUnknown,
        [LoopShapeNotSupported.Id] = LoopShapeNotSupported,
        [IndexNotSupported.Id] = IndexNotSupported,
        [IndexOutOfRange.Id] = IndexOutOfRange,
        [ArrayUseNotSupported.Id] = ArrayUseNotSupported,
        [ControlFlowWithLoops.Id] = ControlFlowWithLoops,
        [SecondOrderWithLoops.Id] = SecondOrderWithLoops,
        [ResidualWithLoss.Id] = ResidualWithLoss,
        [DuplicateResidual.Id] = DuplicateResidual,
        [ResidualNotDouble.Id] = ResidualNotDouble,
        [ResidualWithoutData.Id] = ResidualWithoutData,
        [ResidualWithArrays.Id] = ResidualWithArrays,
    };

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    /// <summary>
    /// The help link of a diagnostic: its section of docs/diagnostics.md (a heading <c>### SGDnnnn</c>), in the
    /// repository of this version's sources (RepositoryUrl in Directory.Build.props).
    /// </summary>
    public static string HelpLink(string id) =>
        ThisVersion.RepositoryUrl + "/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant();

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
