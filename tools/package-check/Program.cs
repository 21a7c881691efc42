// A new user's first program, built against the SymbolicGd package alone (see run.sh): the README's seed model,
// and a small layer stack trained on XOR. Exits with 1 unless every number is the hand-derived one and the network
// learns; prints what it checks.
using System;
using System.Collections.Generic;
using System.Globalization;
using SymbolicGd;

namespace PackageUser
{
    [Differentiable]
    public partial class Micrograd
    {
        [Param] public double a = 2, b = -3, c = 10, f = -2;

        [Loss] public double L() => (a * b + c) * f;
    }

    [Network(Inputs = 2, Loss = NetworkLoss.SoftmaxCrossEntropy)]
    [Dense(8, Activation.Tanh)]
    [Dense(2)]
    public partial class XorNet
    {
    }

    public static class Program
    {
        private static int s_failures;

        private static void Check(string what, bool ok)
        {
            Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
            if (!ok)
            {
                s_failures++;
            }
        }

        public static int Main()
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Console.OutputEncoding = System.Text.Encoding.UTF8;

            var m = new Micrograd();
            var (value, grad) = m.ValueAndGradient();
            Console.WriteLine($"L = {value}; ∂L/∂a = {grad.a}, ∂L/∂b = {grad.b}, ∂L/∂c = {grad.c}, ∂L/∂f = {grad.f}");
            Check("L = −8", value == -8);
            Check("gradient (6, −4, −2, 4)", grad.a == 6 && grad.b == -4 && grad.c == -2 && grad.f == 4);
            var formulas = new List<string>();
            foreach (var d in Micrograd.Derivatives)
            {
                Console.WriteLine(d);
                formulas.Add(d.ToString());
            }

            Check("formulas", string.Join("; ", formulas) == "∂L/∂a = b·f; ∂L/∂b = a·f; ∂L/∂c = f; ∂L/∂f = a·b + c");

            var data = new[]
            {
                new XorNet.Sample(new[] { 0.0, 0.0 }, 0),
                new XorNet.Sample(new[] { 0.0, 1.0 }, 1),
                new XorNet.Sample(new[] { 1.0, 0.0 }, 1),
                new XorNet.Sample(new[] { 1.0, 1.0 }, 0),
            };
            var network = new XorNet();
            network.Initialize(seed: 7);
            double before = 0;
            foreach (var sample in data)
            {
                before += network.Loss(in sample) / data.Length;
            }

            var result = Trainer.Fit(network, data, new Adam(learningRate: 0.05), new TrainingOptions { MaxEpochs = 500, Seed = 1 });
            Console.WriteLine($"XorNet ({network.ParameterCount} parameters): mean loss {before:G4} → {result.FinalLoss:G4} after {result.Epochs} epochs ({result.StopReason})");
            int correct = 0;
            foreach (var sample in data)
            {
                correct += network.IsCorrect(in sample) ? 1 : 0;
            }

            Check("the network learns XOR (4 of 4, loss below 0.05)", correct == 4 && result.FinalLoss < 0.05 && result.FinalLoss < before);
            Console.WriteLine(s_failures == 0 ? "all checks passed" : $"{s_failures} checks failed");
            return s_failures == 0 ? 0 : 1;
        }
    }
}
