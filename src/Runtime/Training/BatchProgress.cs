namespace SymbolicGd;

/// <summary>One completed step of <see cref="Trainer"/>, for <see cref="TrainingOptions.BatchCompleted"/>.</summary>
/// <param name="Epoch">The epoch, counting from 1.</param>
/// <param name="Batch">The batch within the epoch, counting from 1.</param>
/// <param name="BatchCount">The number of batches per epoch.</param>
/// <param name="Loss">The batch's mean loss, at the parameters before its step.</param>
/// <param name="LearningRate">The learning rate of the step.</param>
public readonly record struct BatchProgress(int Epoch, int Batch, int BatchCount, double Loss, double LearningRate);
