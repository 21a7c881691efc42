using System;

namespace SymbolicGd.Runtime.Tests;

/// <summary>The one way the runtime's tests count what a piece of work allocates.</summary>
internal static class Allocations
{
    /// <summary>
    /// The bytes this thread allocates in one run of <paramref name="work"/>, after a first run that is not counted:
    /// the fewest of <paramref name="rounds"/> runs.
    /// </summary>
    /// <remarks>
    /// The fewest, because the runtime allocates on the measuring thread now and then for reasons of its own: a
    /// method promoted by tiered compilation mid-run (5,544 B once in a CI run of a thousand optimizer steps), or
    /// <c>ArrayPool.Shared</c> trimmed by a gen-2 collection that tests running beside it caused. Such a cost comes once;
    /// an allocation of the code under test comes in every round, so the minimum keeps it and drops the noise.
    /// </remarks>
    public static long Fewest(Action work, int rounds = 3)
    {
        work();
        long fewest = long.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
