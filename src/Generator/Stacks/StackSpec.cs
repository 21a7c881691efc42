using SymbolicGd.Generator.Scalar;
using SymbolicGd.Generator.Shared;
using SymbolicGd.Generator.Symbolic;


namespace SymbolicGd.Generator.Stacks;

/// <summary>
/// Everything the generator needs to know about one [Network] class, as equatable data (no symbols, syntax or
/// locations), so that an edit that leaves the network as it was keeps the generation step cached.
/// </summary>
/// <param name="Key">The class's fully qualified name: joins findings to the locations in <see cref="ParseResult{TSpec}"/>.</param>
/// <param name="Namespace">The namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The types that contain the network, outermost first.</param>
/// <param name="Type">The network's own declaration.</param>
/// <param name="Inputs">The length of an input vector.</param>
/// <param name="Loss">The loss of one sample.</param>
/// <param name="Layers">The [Dense] layers in source order.</param>
/// <param name="Functions">The user-written activations and the methods they call, as parsed by the scalar front end;
/// a layer refers to its activation by index.</param>
/// <param name="MemberNames">Every member name of the class, so generated names never shadow one.</param>
/// <param name="Precision">The floating-point type the network computes in.</param>
internal sealed record StackSpec(
    string Key,
    string? Namespace,
    EquatableArray<TypeDeclarationSpec> ContainingTypes,
    TypeDeclarationSpec Type,
    int Inputs,
    StackLoss Loss,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<FunctionSpec> Functions,
    EquatableArray<string> MemberNames,
    StackPrecision Precision = StackPrecision.Double)
{
    /// <summary>The number of outputs of the last layer.</summary>
    public int Outputs => Layers[Layers.Count - 1].Units;
}

/// <summary>One [Dense] layer.</summary>
/// <param name="Units">The number of outputs.</param>
/// <param name="Activation">The activation.</param>
/// <param name="NegativeSlope">The slope of a leaky relu below 0.</param>
/// <param name="Function">For <see cref="LayerActivation.Custom"/>: the index of its method in <see cref="StackSpec.Functions"/>.</param>
/// <param name="FunctionName">For <see cref="LayerActivation.Custom"/>: the method's name.</param>
internal sealed record LayerSpec(int Units, LayerActivation Activation, double NegativeSlope, int Function = -1, string? FunctionName = null);

/// <summary>The activations, numbered as <c>SymbolicGd.Activation</c>, plus a user-written method.</summary>
internal enum LayerActivation
{
    Identity = 0,
    Tanh = 1,
    Sigmoid = 2,
    Relu = 3,
    LeakyRelu = 4,
    Softplus = 5,
    Softmax = 6,
    Gelu = 7,
    Elu = 8,
    Custom = 100,
}

/// <summary>The precisions, numbered as <c>SymbolicGd.Precision</c>.</summary>
internal enum StackPrecision
{
    Double = 0,
    Single = 1,
}

/// <summary>The losses, numbered as <c>SymbolicGd.NetworkLoss</c>; <see cref="LossTable"/> holds what each one means.</summary>
internal enum StackLoss
{
    SquaredError = 0,
    SoftmaxCrossEntropy = 1,
    BinaryCrossEntropy = 2,
}

