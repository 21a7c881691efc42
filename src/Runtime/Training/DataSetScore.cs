namespace SymbolicGd;

/// <summary>How a model does on a data set, from <see cref="Trainer.Score{TSample}(IDifferentiableLoss{TSample}, System.ReadOnlySpan{TSample})"/>.</summary>
/// <param name="Loss">The mean of the per-sample losses at the model's current parameters.</param>
/// <param name="Accuracy">
/// The fraction of samples classified right, for an <see cref="IClassifier{TSample}"/>; <see langword="null"/> for
/// other models.
/// </param>
/// <param name="Count">The number of samples.</param>
public readonly record struct DataSetScore(double Loss, double? Accuracy, int Count)
{
    /// <summary>The score in invariant text, such as <c>loss 0.125, accuracy 0.9 (50 samples)</c>.</summary>
    public override string ToString() =>
        $"loss {NumberText.Exact(Loss)}" + (Accuracy is double a ? $", accuracy {NumberText.Exact(a)}" : "") +
        $" ({NumberText.Int(Count)} sample{(Count == 1 ? "" : "s")})";
}
