using System;
using System.IO;
using System.Runtime.CompilerServices;
using SymbolicGd.Generator.Tests.Models;
using SymbolicGd.Generator.Tests.Stacks;

namespace SymbolicGd.Generator.Tests.Constructs;

/// <summary>
/// The static Summary of a generated model, like Keras's <c>model.summary()</c>: the exact text, for a scalar model
/// (its parameters, the operations of its loss and of Backward, and their ratio) and for a layer stack (a row per
/// layer and the total).
/// </summary>
public class SummaryTests
{
    [Fact]
    public void A_scalar_models_summary_gives_its_parameters_and_the_operations_of_its_loss_and_of_Backward()
    {
        // L = (a·b + c)·f: a·b, + c, ·f; Backward adds b·f and a·f (∂L/∂c = f and ∂L/∂f = a·b + c cost nothing more).
        Assert.Equal(
            "Micrograd (loss L)\n" +
            "Parameters: 4 (a, b, c, f)\n" +
            "Operations of L: 3\n" +
            "Operations of Backward: 5 (the loss's 3 included), 1.7× the loss",
            Micrograd.Summary);
    }

    [Fact]
    public void The_digits_networks_summary_has_a_row_per_layer_and_the_total()
    {
        // 64·32 + 32 = 2,080 and 32·10 + 10 = 330 weights and biases.
        Assert.Equal(
            "DigitsNet (64 inputs, loss softmax cross-entropy)\n" +
            "Layer    Units  Activation  Output shape  Parameters\n" +
            "dense 1     32  tanh        (32)               2,080\n" +
            "dense 2     10  identity    (10)                 330\n" +
            "Total parameters: 2,410",
            DigitsNet.Summary);
        Assert.Contains("`Console.WriteLine(DigitsNet.Summary)` prints one row per layer and the total, like Keras's `model.summary()`:\n\n```\n" + DigitsNet.Summary + "\n```", Readme(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_a_model_stays_the_name_of_its_type()
    {
        var model = new Micrograd();
        Assert.Equal(typeof(Micrograd).FullName, model.ToString());
        Assert.Equal(typeof(DigitsNet).FullName, new DigitsNet().ToString());
    }

    private static string Readme([CallerFilePath] string here = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(here)!); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SymbolicGd.sln")))
            {
                return File.ReadAllText(Path.Combine(folder.FullName, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }

        throw new InvalidOperationException("No SymbolicGd.sln above " + here);
    }
}
