using System;

namespace SymbolicGd
{
    /// <summary>
    /// One fully connected layer of a <see cref="NetworkAttribute">[Network]</see>: z = W·a + b, then the activation
    /// a′ = g(z) element by element. W has <see cref="Units"/> rows and one column per output of the layer before
    /// (row-major, as <c>torch.nn.Linear.weight</c>); b has <see cref="Units"/> elements.
    /// </summary>
    /// <remarks>
    /// Layers are applied in the order their attributes appear on the class. The activation is one of
    /// <see cref="SymbolicGd.Activation"/>, or the name of a static <c>double → double</c> method of the class
    /// written in the language of a loss, such as <c>[Dense(32, nameof(Swish))]</c> with
    /// <c>static double Swish(double z) =&gt; z * Functions.Sigmoid(z);</c>: the generator derives its derivative.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : Attribute
    {
        /// <summary>A layer with a built-in activation.</summary>
        /// <param name="units">The number of outputs of the layer, at least 1.</param>
        /// <param name="activation">The activation; <see cref="Activation.Identity"/> (none) by default.</param>
        public DenseAttribute(int units, Activation activation = Activation.Identity)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>A layer whose activation is a static <c>double → double</c> method of the network class.</summary>
        /// <param name="units">The number of outputs of the layer, at least 1.</param>
        /// <param name="activation">The method's name: write <c>nameof(Method)</c>.</param>
        public DenseAttribute(int units, string activation)
        {
            Units = units;
            CustomActivation = activation;
        }

        /// <summary>The number of outputs of the layer.</summary>
        public int Units { get; }

        /// <summary>The built-in activation (<see cref="Activation.Identity"/> when the layer names a method).</summary>
        public Activation Activation { get; }

        /// <summary>The name of the user-written activation method, or <see langword="null"/> for a built-in one.</summary>
        public string? CustomActivation { get; }

        /// <summary>
        /// The slope of <see cref="Activation.LeakyRelu"/> for z &lt; 0: 0.01 by default, as
        /// <c>torch.nn.LeakyReLU</c>. Only a leaky-relu layer may set it.
        /// </summary>
        public double NegativeSlope { get; set; } = 0.01;
    }
}
